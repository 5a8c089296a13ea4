"""How the review statistics are written on the session's synthesis.

A session of a hundred dossiers shows a thousand averages and medians, all drawn from a few
dozen distinct values (means of 1-to-5 scores); formatting each one anew through `floatformat`
was a large share of the page's time.
"""

from functools import lru_cache

from django import template
from django.template.defaultfilters import floatformat
from django.utils.translation import get_language

register = template.Library()


@register.filter
def one_decimal(value):
    """`value|floatformat:1`, remembered per value and language."""
    return _one_decimal(value, get_language())


@lru_cache(maxsize=1024)
def _one_decimal(value, language: str):
    return floatformat(value, 1)

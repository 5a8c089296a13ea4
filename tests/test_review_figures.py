"""The session synthesis writes its averages as `floatformat:1` would, however often asked."""

import pytest
from django.template.defaultfilters import floatformat

from taskforce.templatetags.review_figures import one_decimal

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value", [1, 2.5, 3.25, 3.35, 4.0, 4.666666, 5])
def test_one_decimal_writes_what_floatformat_1_writes(value):
    assert one_decimal(value) == floatformat(value, 1)
    assert one_decimal(value) == floatformat(value, 1)  # the remembered answer is the same


def test_one_decimal_uses_the_french_decimal_comma():
    assert one_decimal(3.25) == "3,3"

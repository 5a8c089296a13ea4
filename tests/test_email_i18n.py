"""The email_i18n tags give exactly what Django's i18n tags give, while looking up once."""

import datetime

import pytest
from django.template import TemplateSyntaxError, engines
from django.template.loader import get_template
from django.utils import translation

from pmi_aqt.mailing import kinds
from pmi_aqt.mailing.services import _EmailRenderer

pytestmark = pytest.mark.django_db

ENGINE = engines["django"]


def both(source: str, context: dict) -> tuple[str, str]:
    """The template rendered with Django's i18n tags, then with the email ones."""
    stock = ENGINE.from_string("{% load i18n %}" + source).render(context)
    ours = ENGINE.from_string("{% load email_i18n %}" + source).render(context)
    return stock, ours


CASES = [
    '{% translate "Bonjour," %}',
    "{% translate 'Monday' %}",
    '{% translate "100 % garanti" %}',
    '{% translate "Bonjour" noop %}',
    "{% translate word %}",
    '{% translate "May" context "month name" %}',
    '{% translate "Bonjour" as hello %}[{{ hello }}]',
    "{% blocktranslate trimmed %}\n  Bonjour {{ name }},\n  à bientôt{% endblocktranslate %}",
    "{% blocktranslate %}Le programme {{ name }} à 100 %{% endblocktranslate %}",
    "{% blocktranslate count days=n %}{{ days }} jour{% plural %}{{ days }} jours"
    "{% endblocktranslate %}",
    '{% blocktranslate with d=day|date:"j F Y" count days=n %}le {{ d }}, {{ days }} jour'
    "{% plural %}le {{ d }}, {{ days }} jours{% endblocktranslate %}",
    "{% blocktranslate %}Absent : {{ missing }}{% endblocktranslate %}",
    "{% blocktranslate asvar said %}Bonjour {{ name }}{% endblocktranslate %}[{{ said }}]",
    '{% blocktranslate context "greeting" %}Bonjour {{ name }}{% endblocktranslate %}',
    "{% autoescape off %}{% blocktranslate %}<b>{{ name }}</b>{% endblocktranslate %}"
    "{% endautoescape %}",
    "{% blocktranslate %}{{ n }} dossiers, {{ big }} euros, {{ yes }}{% endblocktranslate %}",
    '{{ day|date:"l j F Y" }} {{ day|date:"d/m/Y" }} {{ day|date }}',
    '{{ day|date:"SHORT_DATE_FORMAT" }}',
    '{{ moment|date:"j F Y H:i" }} {{ nothing|date:"d/m/Y" }} {{ word|date:"d/m/Y" }}',
]


@pytest.mark.parametrize("source", CASES)
@pytest.mark.parametrize("count", [1, 3])
def test_each_tag_renders_as_django_s_own(source, count):
    context = {
        "name": "<Forges & Cie>",
        "n": count,
        "word": "Monday",
        "day": datetime.date(2026, 3, 9),
    }
    for _ in range(2):  # the second time from what was looked up the first
        stock, ours = both(source, context)
        assert ours == stock


def test_a_looked_up_text_follows_the_active_language():
    template = ENGINE.from_string('{% load email_i18n %}{% translate "Monday" %}')

    with translation.override("fr"):
        assert template.render({}) == "lundi"
    with translation.override("en"):
        assert template.render({}) == "Monday"
    with translation.override("fr"):
        assert template.render({}) == "lundi"


@pytest.mark.parametrize("language", ["fr", "en"])
def test_counts_and_dates_follow_the_active_language(language):
    source = (
        '{{ day|date:"l j F" }} — {% blocktranslate count days=n %}{{ days }} day'
        "{% plural %}{{ days }} days{% endblocktranslate %}"
    )
    for n in (0, 1, 2, 1, 0):
        with translation.override(language):
            stock, ours = both(source, {"n": n, "day": datetime.date(2026, 3, 9)})
        assert ours == stock
        assert ("lundi" in ours) is (language == "fr")


def test_a_count_that_is_not_a_number_is_refused_as_by_django():
    source = (
        "{% blocktranslate count days=n %}{{ days }} jour{% plural %}{{ days }} jours"
        "{% endblocktranslate %}"
    )
    for library in ("i18n", "email_i18n"):
        with pytest.raises(TemplateSyntaxError):
            ENGINE.from_string("{% load " + library + " %}" + source).render({"n": "trois"})


def test_the_digest_lists_read_as_they_did_with_django_s_tags():
    # The one template the scans render by the thousand: the lists of the officers' digest
    # (the other scanned emails are their kind's text, with no template).
    kind = kinds.get("officer_digest")
    renderer = _EmailRenderer()
    context = {**renderer.base_context, **kind.sample_context(), "unsubscribe_url": "https://x/u"}
    name = "projects/emails/officer_digest_details.txt"
    source = get_template(name).template.source
    assert "{% load email_i18n %}" in source
    stock = ENGINE.from_string(source.replace("{% load email_i18n %}", "{% load i18n %}"))
    assert get_template(name).render(context) == stock.render(context), name

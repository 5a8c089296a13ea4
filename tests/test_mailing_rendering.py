"""How an email's text becomes its HTML and its text: as Django's |urlize would link it, and
without the lines whose placeholders are all empty."""

import pytest
from django.template.defaultfilters import urlize

from pmi_aqt.mailing import kinds
from pmi_aqt.mailing.kinds import EmailKind
from pmi_aqt.mailing.services import _EmailRenderer
from pmi_aqt.mailing.texts import Placeholder, linked, lookup, render_text

pytestmark = pytest.mark.django_db

TEXTS = [
    "Bonjour,\n\nVotre lien : https://portail.example/suivi/abc:def_12/ (valable).",
    "Écrivez à julien.mendiboure@pmi-aqt.example. Merci.",
    "Fin de phrase. Deux points : suite ; et fin!",
    "www.pmi-aqt.fr et pmi-aqt.org, puis (https://x.example/a).",
    "<script>alert('x')</script> & « guillemets » \"doubles\"",
    '<a href="https://pirate.example">clic</a>',
    '{{ settings.SECRET_KEY }} {% include "base.html" %}',
    "http:; mailto:x@y.fr, [https://a.example/b]. &amp; &lt;b&gt;",
    "a.) b.; c:: d!! e... https://a.example/x.).",
    # Plain web addresses, linked without |urlize's code, and their near misses.
    "https://a.example http://a-b.example:8000/x/y_z~.html https://a.example/x/",
    "https://a.example/x/. https://a.example/x/, HTTPS://A.example/ xhttps://a.example/",
    "https://a.example/%41 https://a.example/x?y=1&z=2 https://a.example/#f https://é.example/",
    "https://-a.example/ https://a.example/x&y https://a.example/x:y https://[::1]/ https://",
    # The same words twice: the second time they are remembered.
    "S.A. Forges S.A. — voir www.pmi-aqt.fr. et www.pmi-aqt.fr.",
    "",
]


@pytest.mark.filterwarnings("ignore::django.utils.deprecation.RemovedInDjango2028Warning")
@pytest.mark.parametrize("text", TEXTS)
def test_links_are_made_as_django_s_urlize_makes_them(text):
    assert linked(text) == urlize(text)


@pytest.mark.filterwarnings("ignore::django.utils.deprecation.RemovedInDjango2028Warning")
@pytest.mark.parametrize("code", sorted(kinds.REGISTRY))
def test_each_kind_s_email_is_linked_as_django_s_urlize_would(code):
    kind = kinds.get(code)
    rendered = _EmailRenderer().render(
        kind=kind, context=kind.sample_context(), to="a@b.example", email_text=None
    )
    assert linked(rendered.body_text) == urlize(rendered.body_text)


KIND = EmailKind(
    code="test_lines",
    label="Test",
    subject="Objet {vide}",
    body="Bonjour {nom},\nDémarrage : {vide}\nDeux : {vide} {nom}\n{vide}\n\nFin {inconnue}",
    placeholders=(
        Placeholder("nom", "Nom", lookup("name")),
        Placeholder("vide", "Vide", lookup("nothing")),
    ),
    sample_context=dict,
)


def test_a_line_whose_placeholders_are_all_empty_is_left_out():
    subject, body_text, body_html = render_text(
        subject=str(KIND.subject),
        body=str(KIND.body),
        placeholders=KIND.by_name,
        context={"name": "Inès"},
    )
    # The subject stays, whatever its values; a line keeps any value it has; an unknown
    # placeholder is text, not an empty value.
    assert subject == "Objet"
    assert body_text == "Bonjour Inès,\nDeux :  Inès\n\nFin {inconnue}\n"
    assert "Démarrage" not in body_html

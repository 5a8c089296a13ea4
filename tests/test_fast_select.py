"""FastSelect writes a <select> in Python: the same HTML as Django's template-rendered Select."""

import pytest
from django import forms

from pmi_aqt.forms import FastSelect

pytestmark = pytest.mark.django_db

CHOICES = [
    ("", "Toutes et tous"),
    ("aucun", "Sans chargé·e de mission"),
    (1, "Ève L'Hôte"),
    (2, '<b>Bob</b> & "Co"'),
    ("Groupe", [(3, "Dans un groupe"), (4, "Autre")]),
]


@pytest.mark.parametrize("value", [None, "", "aucun", 2, "4", "inconnu"])
def test_fast_select_writes_the_same_html_as_django_select(value):
    attrs = {"id": "id_charge", "class": "form-select", "required": True, "disabled": False}
    expected = forms.Select(choices=CHOICES).render("charge", value, attrs=attrs)

    assert FastSelect(choices=CHOICES).render("charge", value, attrs=attrs) == expected


@pytest.mark.parametrize("value", [None, "", "aucun", 2, "1", "inconnu"])
def test_fast_select_without_groups_writes_the_same_html_as_django_select(value):
    flat = [choice for choice in CHOICES if not isinstance(choice[1], list)] + [(None, "Aucun")]
    attrs = {"id": "id_charge", "class": "form-select"}
    expected = forms.Select(choices=flat).render("charge", value, attrs=attrs)

    assert FastSelect(choices=flat).render("charge", value, attrs=attrs) == expected


def test_fast_select_escapes_labels_values_and_attributes():
    html = FastSelect(choices=[('"><script>', "<script>x</script>")]).render(
        "a<b", None, attrs={"title": '"quoted"'}
    )

    assert "<script>" not in html
    assert 'name="a&lt;b"' in html
    assert 'title="&quot;quoted&quot;"' in html

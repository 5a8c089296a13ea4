"""The one summary of a form's errors that every staff form page includes."""

import pytest
from django import forms
from django.template.loader import render_to_string

# The cache each test starts from is in the database on SQLite.
pytestmark = pytest.mark.django_db


class ExampleForm(forms.Form):
    name = forms.CharField(label="Nom")
    axes = forms.MultipleChoiceField(
        label="Axes", choices=[("a", "A"), ("b", "B")], widget=forms.CheckboxSelectMultiple
    )
    kind = forms.ChoiceField(label="Type", choices=[("x", "X")], widget=forms.RadioSelect)

    def clean(self):
        raise forms.ValidationError("Une erreur sur tout le formulaire.")


def render(form, **context) -> str:
    return render_to_string("includes/form_errors.html", {"form": form, **context})


def test_a_valid_or_unbound_form_shows_no_summary():
    assert render(ExampleForm()).strip() == ""


def test_each_error_links_to_its_field_and_a_group_to_its_first_box():
    form = ExampleForm(data={})
    form.is_valid()

    html = render(form)

    assert "Le formulaire contient des erreurs" in html
    assert "Une erreur sur tout le formulaire." in html
    assert 'href="#id_name">Nom : Ce champ est obligatoire.' in html
    assert 'href="#id_axes_0">Axes : Ce champ est obligatoire.' in html
    assert 'href="#id_kind_0">Type : Ce champ est obligatoire.' in html
    assert 'role="alert"' in html


def test_the_summary_takes_an_id_to_receive_the_focus_only_when_asked():
    form = ExampleForm(data={})
    form.is_valid()

    assert 'id="resume-erreurs" tabindex="-1"' in render(form, summary_id="resume-erreurs")
    assert "resume-erreurs" not in render(form)

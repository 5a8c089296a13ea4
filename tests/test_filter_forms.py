"""The lists' filter forms: Bootstrap's classes, selects written in Python, errors shown."""

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from companies.filters import CompanyFilter
from pmi_aqt.forms import FastSelect
from projects.filters import ProjectFilter
from projects.forms.directory import PartnerOrganisationFilter, SupportSchemeFilter

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "filterset", [ProjectFilter, CompanyFilter, PartnerOrganisationFilter, SupportSchemeFilter]
)
def test_every_list_filter_has_bootstrap_widgets_and_python_written_selects(filterset):
    form = filterset(data={}).form

    for name, field in form.fields.items():
        if field.widget.input_type == "select":
            assert isinstance(field.widget, FastSelect), name
            assert field.widget.attrs["class"] == "form-select", name
        else:
            assert field.widget.attrs["class"] == "form-control", name


def test_a_select_of_model_choices_reads_them_in_one_query():
    form = ProjectFilter(data={}).form

    with CaptureQueriesContext(connection) as queries:
        html = str(form["axe"])

    assert len(queries) == 1
    assert '<option value="digital">Transformation numérique</option>' in html


def test_the_fields_are_labelled_described_and_show_their_errors():
    form = CompanyFilter(data={"departement": "99", "q": "Usinage"}).form
    form.is_valid()

    html = render_to_string("includes/filter_fields.html", {"form": form, "columns": "col-md-4"})

    assert '<label for="id_q" class="form-label">Rechercher</label>' in html
    assert 'aria-describedby="id_q_helptext"' in html
    assert '<div id="id_q_helptext" class="form-text">' in html
    assert 'value="Usinage"' in html
    # The error sits where the select's aria-describedby points.
    assert 'aria-invalid="true" aria-describedby="id_departement_error"' in html
    assert 'id="id_departement_error">Sélectionnez un choix valide.' in html
    assert html.count('<div class="col-md-4">') == len(form.fields)


def test_the_project_list_keeps_the_chosen_filters_selected(client, officer):
    client.force_login(officer)

    html = client.get(reverse("projects:list"), {"etape": "diagnosis", "axe": "digital"}).text

    assert '<option value="diagnosis" selected>Diagnostic</option>' in html
    assert '<option value="digital" selected>Transformation numérique</option>' in html

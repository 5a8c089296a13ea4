"""A project's resources to mobilise: suggestions retained, free resources, their status."""

import datetime
import re

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from freezegun import freeze_time

from companies.models import Department, HeadcountBand
from projects.models import InterventionAxis, Need, Resource
from projects.services.directory import resource_add, resource_confirm, resource_update
from projects.views.directory import directory_context

from .conftest import NON_STAFF_FIXTURES
from .factories import CompanyFactory, ProjectFactory
from .test_directory_helpers import (
    HTML_NAME,
    HTML_NAME_ESCAPED,
    LONG_TEXT,
    SupportSchemeFactory,
    assert_sent_to_login,
    field_errors,
    typed_value,
)

pytestmark = pytest.mark.django_db

EDITORS = ["officer", "manager"]
NOT_EDITORS = ["finance_officer", *NON_STAFF_FIXTURES]


@pytest.fixture
def project():
    company = CompanyFactory(
        headcount_band=HeadcountBand.SMALL, department=Department.LANDES, postcode="40100"
    )
    project = ProjectFactory(company=company, axis_codes=["digital", "process"])
    project.primary_axis = InterventionAxis.objects.get(code="digital")
    project.save()
    Need.objects.create(
        project=project,
        axis=InterventionAxis.objects.get(code="process"),
        title="Réduire les rebuts",
        priority=Need.Priority.HIGH,
    )
    return project


@pytest.fixture
def scheme():
    return SupportSchemeFactory(
        name="Usine du futur",
        organisation__name="ADI Nouvelle-Aquitaine",
        axis_codes=["digital"],
    )


def confirm_url(project) -> str:
    return reverse("projects:resource_confirm", args=[project.pk])


def add_url(project) -> str:
    return reverse("projects:resource_add", args=[project.pk])


def edit_url(resource) -> str:
    return reverse("projects:resource_edit", args=[resource.project_id, resource.pk])


def resources_url(project) -> str:
    return f"{project.get_absolute_url()}#ressources"


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def render_section(project, user) -> str:
    """The section as the project page includes it, with the context it merges in."""
    request = RequestFactory().get(project.get_absolute_url())
    request.user = user
    context = {"project": project, "user": user, **directory_context(project, user)}
    return render_to_string("projects/partials/resources.html", context, request=request)


# --- The services


def test_confirming_a_scheme_makes_it_a_suggested_resource(project, scheme, officer):
    resource = resource_confirm(project=project, scheme=scheme, by=officer)
    assert resource.project == project
    assert resource.scheme == scheme
    assert resource.status == Resource.Status.SUGGESTED
    assert resource.added_by == officer


def test_confirming_a_scheme_twice_keeps_one_resource(project, scheme, officer, manager):
    first = resource_confirm(project=project, scheme=scheme, by=officer)
    second = resource_confirm(project=project, scheme=scheme, by=manager)
    assert second.pk == first.pk
    assert Resource.objects.filter(project=project).count() == 1
    assert Resource.objects.get().added_by == officer


def test_a_status_change_is_dated_today(project, officer):
    with freeze_time("2026-01-10"):
        resource = resource_add(project=project, label="Stagiaire IUT", by=officer)
    with freeze_time("2026-02-03"):
        resource_update(
            resource=resource,
            status=Resource.Status.CONTACTED,
            next_action_on=datetime.date(2026, 2, 17),
            notes="Appel à l'IUT.",
        )
    resource.refresh_from_db()
    assert resource.status == Resource.Status.CONTACTED
    assert resource.status_changed_on == datetime.date(2026, 2, 3)
    assert resource.next_action_on == datetime.date(2026, 2, 17)
    assert resource.notes == "Appel à l'IUT."


def test_the_status_date_stays_when_the_status_does_not_change(project, officer):
    with freeze_time("2026-01-10"):
        resource = resource_add(project=project, label="Stagiaire IUT", by=officer)
    with freeze_time("2026-02-03"):
        resource_update(
            resource=resource, status=Resource.Status.SUGGESTED, next_action_on=None, notes="Vu."
        )
    resource.refresh_from_db()
    assert resource.status_changed_on == datetime.date(2026, 1, 10)
    assert resource.notes == "Vu."


def test_a_scheme_resource_keeps_the_scheme_s_name(project, scheme, officer):
    resource = resource_confirm(project=project, scheme=scheme, by=officer)
    resource_update(
        resource=resource,
        status=Resource.Status.ENGAGED,
        next_action_on=None,
        notes="",
        label="Autre chose",
    )
    resource.refresh_from_db()
    assert resource.label == ""
    assert str(resource) == "Usine du futur (ADI Nouvelle-Aquitaine)"


# --- "Retenir": confirming a suggestion from the project page


@pytest.mark.parametrize("fixture_name", EDITORS)
def test_officer_and_manager_retain_a_suggested_scheme(
    client, as_user, fixture_name, project, scheme
):
    user = as_user(fixture_name)
    response = client.post(confirm_url(project), {"scheme": scheme.pk})
    assert response.status_code == 302
    assert response.url == resources_url(project)
    resource = Resource.objects.get()
    assert (resource.project, resource.scheme, resource.added_by) == (project, scheme, user)
    assert resource.status == Resource.Status.SUGGESTED
    assert messages_of(response) == ["« Usine du futur » fait partie des ressources à mobiliser."]


def test_retaining_the_same_scheme_twice_keeps_one_resource(client, officer, project, scheme):
    client.force_login(officer)
    client.post(confirm_url(project), {"scheme": scheme.pk})
    response = client.post(confirm_url(project), {"scheme": scheme.pk})
    assert response.status_code == 302
    assert Resource.objects.count() == 1


@pytest.mark.parametrize("fixture_name", NOT_EDITORS)
def test_other_roles_cannot_retain_a_scheme(client, as_user, fixture_name, project, scheme):
    as_user(fixture_name)
    assert client.post(confirm_url(project), {"scheme": scheme.pk}).status_code == 403
    assert not Resource.objects.exists()


def test_anonymous_visitor_cannot_retain_a_scheme(client, project, scheme):
    assert_sent_to_login(client.post(confirm_url(project), {"scheme": scheme.pk}))
    assert not Resource.objects.exists()


def test_retaining_a_scheme_only_accepts_post(client, officer, project, scheme):
    client.force_login(officer)
    assert client.get(confirm_url(project), {"scheme": scheme.pk}).status_code == 405
    assert not Resource.objects.exists()


def test_retaining_for_an_unknown_project_is_a_404(client, officer, scheme):
    client.force_login(officer)
    url = reverse("projects:resource_confirm", args=[999999])
    assert client.post(url, {"scheme": scheme.pk}).status_code == 404


@pytest.mark.parametrize("value", ["", "999999", "abc", "1\x00", LONG_TEXT])
def test_retaining_an_unknown_scheme_says_so_without_a_server_error(
    client, officer, project, value
):
    client.force_login(officer)
    response = client.post(confirm_url(project), {"scheme": value})
    assert response.status_code == 302
    assert response.url == resources_url(project)
    assert len(messages_of(response)) == 1
    assert not Resource.objects.exists()


def test_a_deactivated_scheme_cannot_be_retained(client, officer, project, scheme):
    scheme.is_active = False
    scheme.save()
    client.force_login(officer)
    response = client.post(confirm_url(project), {"scheme": scheme.pk})
    assert messages_of(response) == ["Ce dispositif n'existe pas ou n'est plus proposé."]
    assert not Resource.objects.exists()


# --- A resource from outside the directory


@pytest.mark.parametrize("fixture_name", EDITORS)
def test_officer_and_manager_add_a_free_resource(client, as_user, fixture_name, project):
    user = as_user(fixture_name)
    assert client.get(add_url(project)).status_code == 200
    response = client.post(add_url(project), {"ressource-label": "Stagiaire de l'IUT"})
    assert response.status_code == 302
    assert response.url == resources_url(project)
    resource = Resource.objects.get()
    assert (resource.label, resource.scheme, resource.added_by) == (
        "Stagiaire de l'IUT",
        None,
        user,
    )
    assert resource.status == Resource.Status.SUGGESTED


@pytest.mark.parametrize("fixture_name", NOT_EDITORS)
def test_other_roles_cannot_add_a_resource(client, as_user, fixture_name, project):
    as_user(fixture_name)
    assert client.get(add_url(project)).status_code == 403
    assert client.post(add_url(project), {"ressource-label": "Stagiaire"}).status_code == 403
    assert not Resource.objects.exists()


def test_anonymous_visitor_cannot_add_a_resource(client, project):
    assert_sent_to_login(client.post(add_url(project), {"ressource-label": "Stagiaire"}))


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "Décrivez la ressource à mobiliser."),
        ("   ", "Décrivez la ressource à mobiliser."),
        ("Stagiaire\x00", "Le caractère nul n’est pas autorisé."),
        (LONG_TEXT, "au plus 200 caractères"),
    ],
)
def test_a_bad_label_is_refused_next_to_its_field(client, officer, project, value, message):
    client.force_login(officer)
    response = client.post(add_url(project), {"ressource-label": value})
    assert response.status_code == 200
    errors = field_errors(response, "label")
    assert any(message in error for error in errors), errors
    assert 'href="#id_ressource-label"' in response.text
    assert not Resource.objects.exists()


def test_a_refused_label_is_shown_again_escaped(client, officer, project):
    client.force_login(officer)
    value = HTML_NAME + "x" * 200
    response = client.post(add_url(project), {"ressource-label": value})
    assert response.status_code == 200
    assert HTML_NAME not in response.text
    assert typed_value(response, "ressource-label").startswith(HTML_NAME_ESCAPED)


# --- Following a resource: status, next follow-up, notes


@pytest.fixture
def resource(project, officer):
    with freeze_time("2026-01-10"):
        return resource_add(project=project, label="Stagiaire de l'IUT", by=officer)


def update_data(**overrides) -> dict:
    data = {
        "ressource-label": "Stagiaire de l'IUT",
        "ressource-status": Resource.Status.CONTACTED,
        "ressource-next_action_on": "2026-02-17",
        "ressource-notes": "Appel au responsable des stages.",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("fixture_name", EDITORS)
def test_officer_and_manager_update_a_resource_s_status(client, as_user, fixture_name, resource):
    as_user(fixture_name)
    assert client.get(edit_url(resource)).status_code == 200
    with freeze_time("2026-02-03"):
        response = client.post(edit_url(resource), update_data())
    assert response.status_code == 302
    assert response.url == resources_url(resource.project)
    resource.refresh_from_db()
    assert resource.status == Resource.Status.CONTACTED
    assert resource.status_changed_on == datetime.date(2026, 2, 3)
    assert resource.next_action_on == datetime.date(2026, 2, 17)
    assert resource.notes == "Appel au responsable des stages."


def test_the_update_form_starts_from_what_the_resource_says(client, officer, resource):
    resource.notes = "Déjà vu."
    resource.save()
    client.force_login(officer)
    response = client.get(edit_url(resource))
    assert typed_value(response, "ressource-label") == "Stagiaire de l&#x27;IUT"
    assert "Déjà vu." in response.text
    assert "Statut actuel : Suggéré depuis le 10/01/2026." in response.text


def test_a_scheme_resource_offers_no_label_to_change(client, officer, project, scheme):
    resource = resource_confirm(project=project, scheme=scheme, by=officer)
    client.force_login(officer)
    response = client.get(edit_url(resource))
    assert 'name="ressource-label"' not in response.text
    data = update_data(**{"ressource-status": "engaged"})
    del data["ressource-label"]
    assert client.post(edit_url(resource), data).status_code == 302
    resource.refresh_from_db()
    assert resource.status == Resource.Status.ENGAGED


@pytest.mark.parametrize("fixture_name", NOT_EDITORS)
def test_other_roles_cannot_update_a_resource(client, as_user, fixture_name, resource):
    as_user(fixture_name)
    assert client.get(edit_url(resource)).status_code == 403
    assert client.post(edit_url(resource), update_data()).status_code == 403
    resource.refresh_from_db()
    assert resource.status == Resource.Status.SUGGESTED


def test_anonymous_visitor_cannot_update_a_resource(client, resource):
    assert_sent_to_login(client.post(edit_url(resource), update_data()))


def test_a_resource_is_reached_only_through_its_own_project(client, officer, resource):
    other_project = ProjectFactory()
    client.force_login(officer)
    url = reverse("projects:resource_edit", args=[other_project.pk, resource.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, update_data()).status_code == 404


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("status", "won", "Sélectionnez un choix valide."),
        ("status", "", "Ce champ est obligatoire."),
        ("status", "\x00", "Sélectionnez un choix valide."),
        ("next_action_on", "31/02/2026", "Saisissez une date valide"),
        ("next_action_on", "\x00", "Saisissez une date valide"),
        ("notes", LONG_TEXT, "au plus 3000 caractères"),
        ("notes", "a\x00b", "Le caractère nul n’est pas autorisé."),
        ("label", "", "Ce champ est obligatoire."),
        ("label", LONG_TEXT, "au plus 200 caractères"),
    ],
)
def test_bad_input_on_a_resource_is_refused_next_to_its_field(
    client, officer, resource, field, value, message
):
    client.force_login(officer)
    response = client.post(
        edit_url(resource),
        update_data(**{f"ressource-{field}": value, "ressource-label": "Nouveau nom"})
        if field != "label"
        else update_data(**{"ressource-label": value}),
    )
    assert response.status_code == 200
    errors = field_errors(response, field)
    assert any(message in error for error in errors), errors
    resource.refresh_from_db()
    assert resource.status == Resource.Status.SUGGESTED
    assert resource.label == "Stagiaire de l'IUT"


def test_typed_values_are_kept_when_a_resource_update_is_refused(client, officer, resource):
    client.force_login(officer)
    response = client.post(
        edit_url(resource),
        update_data(**{"ressource-label": HTML_NAME, "ressource-next_action_on": "bientôt"}),
    )
    assert response.status_code == 200
    assert typed_value(response, "ressource-next_action_on") == "bientôt"
    assert typed_value(response, "ressource-label") == HTML_NAME_ESCAPED
    assert HTML_NAME not in response.text


# --- The section of the project page


def test_section_lists_retained_resources_with_status_date_and_next_step(project, scheme, officer):
    with freeze_time("2026-01-10"):
        retained = resource_confirm(project=project, scheme=scheme, by=officer)
        free = resource_add(project=project, label="Stagiaire de l'IUT", by=officer)
    with freeze_time("2026-02-03"):
        resource_update(
            resource=retained,
            status=Resource.Status.ENGAGED,
            next_action_on=datetime.date(2026, 3, 1),
            notes="Dossier déposé.",
        )
    page = render_section(project, officer)
    assert "Ressources à mobiliser" in page
    assert "Usine du futur" in page and "ADI Nouvelle-Aquitaine" in page
    assert "Engagé depuis le 03/02/2026" in page
    assert "01/03/2026" in page
    assert "Dossier déposé." in page
    assert "Stagiaire de l&#x27;IUT" in page
    assert "Suggéré depuis le 10/01/2026" in page
    assert edit_url(free) in page


def test_section_ranks_suggestions_and_says_why(project, officer):
    SupportSchemeFactory(name="Usine du futur", axis_codes=["digital", "process"])
    SupportSchemeFactory(name="Lean PME", axis_codes=["process"])
    SupportSchemeFactory(name="Export", axis_codes=["marketing"])
    context = directory_context(project, officer)
    assert [s.scheme.name for s in context["scheme_suggestions"]] == ["Usine du futur", "Lean PME"]

    page = render_section(project, officer)
    assert page.index("Usine du futur") < page.index("Lean PME")
    assert "Export" not in page
    assert "pertinence : 7 points" in page
    assert (
        "Pourquoi : sert l&#x27;axe principal « Transformation numérique » ; sert l&#x27;axe "
        "« Optimisation économique et technologique des procédés » ; répond au besoin "
        "« Réduire les rebuts »." in page
    )


def test_a_retained_scheme_leaves_the_suggestions(project, scheme, officer):
    resource_confirm(project=project, scheme=scheme, by=officer)
    context = directory_context(project, officer)
    assert context["scheme_suggestions"] == []
    assert [r.scheme for r in context["retained_resources"]] == [scheme]


@pytest.mark.parametrize("fixture_name", EDITORS)
def test_editors_get_the_buttons_to_retain_add_and_update(
    request, fixture_name, project, scheme, officer
):
    user = request.getfixturevalue(fixture_name)
    resource = resource_add(project=project, label="Stagiaire", by=officer)
    page = render_section(project, user)
    assert f'action="{confirm_url(project)}"' in page
    assert f'value="{scheme.pk}"' in page
    assert f'action="{add_url(project)}"' in page
    assert edit_url(resource) in page


def test_finance_officer_reads_the_section_without_buttons(
    project, scheme, officer, finance_officer
):
    resource = resource_add(project=project, label="Stagiaire", by=officer)
    page = render_section(project, finance_officer)
    assert "Usine du futur" in page and "Stagiaire" in page
    assert confirm_url(project) not in page
    assert add_url(project) not in page
    assert edit_url(resource) not in page


def test_section_escapes_what_people_typed(project, officer):
    SupportSchemeFactory(name=HTML_NAME, organisation__name=HTML_NAME, axis_codes=["digital"])
    resource_add(project=project, label=HTML_NAME, by=officer)
    page = render_section(project, officer)
    assert HTML_NAME not in page
    assert HTML_NAME_ESCAPED in page


def test_section_says_when_nothing_is_retained_or_suggested(project, officer):
    page = render_section(project, officer)
    assert "Aucune ressource retenue pour l'instant." in page
    assert "Aucun dispositif de l'annuaire ne correspond pour l'instant" in page


def test_section_has_accessible_tables_and_headings(project, scheme, officer):
    resource_add(project=project, label="Stagiaire", by=officer)
    page = render_section(project, officer)
    assert "<caption>" in page
    assert '<th scope="col">' in page and '<th scope="row">' in page
    assert page.index("<h2") < page.index("<h3") < page.index("<h4")
    assert re.search(r'<label\s+for="id_ressource-label"', page)


def test_section_takes_a_fixed_number_of_queries(project, officer):
    def count_queries() -> int:
        fresh = type(project).objects.select_related("company").get(pk=project.pk)
        with CaptureQueriesContext(connection) as queries:
            render_section(fresh, officer)
        return len(queries)

    def grow(count: int) -> None:
        for _ in range(count):
            scheme = SupportSchemeFactory(axis_codes=["digital", "process"])
            resource_confirm(project=project, scheme=scheme, by=officer)
            SupportSchemeFactory(axis_codes=["digital"], headcount_bands=["10-49"])
            resource_add(project=project, label="Ressource libre", by=officer)

    grow(1)
    count_queries()  # Warm-up: a person's roles are read once, then kept, as in a request.
    few = count_queries()
    grow(12)
    # The first ranking after a write to the directory reads it again (four queries: schemes,
    # axes, calls, terms); the next ones read it from memory.
    assert count_queries() == few + 4
    assert count_queries() == few
    # Resources, then the project's axes and needs, and the matching's six: the directory's
    # version, the project's dismissals and retained schemes, the history of similar projects
    # (none here), and the schemes shown.
    assert few <= 9


def test_project_page_shows_the_section(client, officer, project, scheme):
    client.force_login(officer)
    response = client.get(project.get_absolute_url())
    assert response.status_code == 200
    assert "Ressources à mobiliser" in response.text
    assert "Dispositifs suggérés" in response.text
    assert f'value="{scheme.pk}"' in response.text

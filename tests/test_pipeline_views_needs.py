"""The needs found in the diagnosis: add, edit, delete (projects:need_*)."""

import pytest
from django.urls import reverse

from projects.models import InterventionAxis, Need

from .conftest import NON_STAFF_FIXTURES
from .factories import ProjectFactory

pytestmark = pytest.mark.django_db


def create_url(project) -> str:
    return reverse("projects:need_create", args=[project.pk])


def edit_url(need) -> str:
    return reverse("projects:need_edit", args=[need.project_id, need.pk])


def delete_url(need) -> str:
    return reverse("projects:need_delete", args=[need.project_id, need.pk])


def axis(code: str) -> InterventionAxis:
    return InterventionAxis.objects.get(code=code)


def need_data(**overrides) -> dict:
    data = {
        "axis": axis("digital").pk,
        "title": "Connecter les presses",
        "rationale": "Les arrêts ne sont pas mesurés.",
        "priority": "high",
    }
    data.update(overrides)
    return data


def field_errors(response, field: str) -> list[str]:
    return response.context["form"].errors.get(field, [])


@pytest.fixture
def project(officer):
    return ProjectFactory(officer=officer)


@pytest.fixture
def need(project):
    return Need.objects.create(project=project, axis=axis("digital"), title="Former l'équipe")


# --- Adding


@pytest.mark.parametrize("fixture_name", ["officer", "manager"])
def test_officers_and_the_manager_add_a_need(client, as_user, fixture_name, project):
    as_user(fixture_name)
    assert client.get(create_url(project)).status_code == 200

    response = client.post(create_url(project), need_data())

    assert response.status_code == 302
    assert response.url == project.get_absolute_url() + "#besoins"
    need = project.needs.get()
    assert need.axis.code == "digital"
    assert (need.title, need.priority) == ("Connecter les presses", "high")


def test_the_new_need_shows_on_the_project_page(client, officer, project):
    client.force_login(officer)
    response = client.post(create_url(project), need_data(), follow=True)
    assert "Le besoin a été ajouté." in response.text
    assert "Connecter les presses" in response.text


def test_the_finance_officer_may_not_add_a_need(client, finance_officer, project):
    client.force_login(finance_officer)
    assert client.get(create_url(project)).status_code == 403
    assert client.post(create_url(project), need_data()).status_code == 403
    assert not project.needs.exists()


@pytest.mark.parametrize("fixture_name", NON_STAFF_FIXTURES)
def test_other_roles_may_not_add_a_need(client, as_user, fixture_name, project):
    as_user(fixture_name)
    assert client.post(create_url(project), need_data()).status_code == 403
    assert not project.needs.exists()


def test_an_anonymous_visitor_is_sent_to_login(client, project):
    response = client.post(create_url(project), need_data())
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    assert not project.needs.exists()


def test_a_need_for_an_unknown_project_is_a_404(client, officer):
    client.force_login(officer)
    url = reverse("projects:need_create", args=[999999])
    assert client.post(url, need_data()).status_code == 404


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"title": "Capteurs\x00"}, "title"),
        ({"rationale": "Pourquoi\x00"}, "rationale"),
        ({"axis": ""}, "axis"),
        ({"axis": "999999"}, "axis"),
        ({"priority": "urgent"}, "priority"),
    ],
)
def test_bad_input_is_refused_in_french_and_kept(client, officer, project, overrides, field):
    client.force_login(officer)

    response = client.post(create_url(project), need_data(**overrides))

    assert response.status_code == 200
    assert field_errors(response, field)
    assert "Le formulaire contient des erreurs" in response.text
    if field != "rationale":
        assert "Les arrêts ne sont pas mesurés." in response.text
    assert not project.needs.exists()


def test_a_nul_byte_is_refused_with_a_french_message(client, officer, project):
    client.force_login(officer)
    response = client.post(create_url(project), need_data(title="A\x00"))
    assert field_errors(response, "title") == ["Le caractère nul n’est pas autorisé."]


def test_what_was_typed_is_escaped(client, officer, project):
    client.force_login(officer)
    response = client.post(create_url(project), need_data(title="<b>gras</b>"), follow=True)
    assert "<b>gras</b>" not in response.text
    assert "&lt;b&gt;gras&lt;/b&gt;" in response.text


# --- Editing


def test_an_officer_edits_a_need(client, officer, need):
    client.force_login(officer)
    assert client.get(edit_url(need)).status_code == 200
    response = client.post(edit_url(need), need_data(title="Former deux techniciens"))
    assert response.status_code == 302
    need.refresh_from_db()
    assert need.title == "Former deux techniciens"


def test_a_refused_edit_keeps_the_saved_title_in_the_heading(client, officer, need):
    client.force_login(officer)
    response = client.post(edit_url(need), need_data(title=""))
    assert response.status_code == 200
    assert "Modifier le besoin « Former l&#x27;équipe »" in response.text
    need.refresh_from_db()
    assert need.title == "Former l'équipe"


def test_the_finance_officer_may_not_edit_a_need(client, finance_officer, need):
    client.force_login(finance_officer)
    assert client.post(edit_url(need), need_data(title="Autre")).status_code == 403
    need.refresh_from_db()
    assert need.title == "Former l'équipe"


def test_a_need_is_edited_only_through_its_own_project(client, officer, need):
    other_project = ProjectFactory()
    client.force_login(officer)
    url = reverse("projects:need_edit", args=[other_project.pk, need.pk])
    assert client.post(url, need_data(title="Détourné")).status_code == 404
    need.refresh_from_db()
    assert need.title == "Former l'équipe"


# --- Deleting


@pytest.mark.parametrize("fixture_name", ["officer", "manager"])
def test_officers_and_the_manager_delete_a_need(client, as_user, fixture_name, need):
    as_user(fixture_name)
    response = client.post(delete_url(need))
    assert response.status_code == 302
    assert response.url == need.project.get_absolute_url() + "#besoins"
    assert not Need.objects.filter(pk=need.pk).exists()


def test_deleting_is_only_posted(client, officer, need):
    client.force_login(officer)
    assert client.get(delete_url(need)).status_code == 405
    assert Need.objects.filter(pk=need.pk).exists()


@pytest.mark.parametrize("fixture_name", ["finance_officer", *NON_STAFF_FIXTURES])
def test_other_people_may_not_delete_a_need(client, as_user, fixture_name, need):
    as_user(fixture_name)
    assert client.post(delete_url(need)).status_code == 403
    assert Need.objects.filter(pk=need.pk).exists()


def test_an_anonymous_visitor_cannot_delete_a_need(client, need):
    response = client.post(delete_url(need))
    assert response.status_code == 302
    assert Need.objects.filter(pk=need.pk).exists()


def test_a_need_is_deleted_only_through_its_own_project(client, officer, need):
    client.force_login(officer)
    url = reverse("projects:need_delete", args=[ProjectFactory().pk, need.pk])
    assert client.post(url).status_code == 404
    assert Need.objects.filter(pk=need.pk).exists()


def test_deleting_twice_is_a_404_the_second_time(client, officer, need):
    client.force_login(officer)
    assert client.post(delete_url(need)).status_code == 302
    assert client.post(delete_url(need)).status_code == 404

"""Internal notes on a project (projects:note_create)."""

import pytest
from django.urls import reverse

from projects.models import ProjectNote

from .conftest import NON_STAFF_FIXTURES, STAFF_FIXTURES
from .factories import ProjectFactory

pytestmark = pytest.mark.django_db


def note_url(project) -> str:
    return reverse("projects:note_create", args=[project.pk])


@pytest.fixture
def project(officer):
    return ProjectFactory(officer=officer)


@pytest.mark.parametrize("fixture_name", STAFF_FIXTURES)
def test_the_programme_team_writes_notes_signed_with_their_name(
    client, as_user, fixture_name, project
):
    user = as_user(fixture_name)

    response = client.post(note_url(project), {"text": "Dirigeant très motivé."})

    assert response.status_code == 302
    assert response.url == project.get_absolute_url() + "#notes"
    note = ProjectNote.objects.get()
    assert (note.project, note.author, note.text) == (project, user, "Dirigeant très motivé.")


def test_the_note_shows_in_the_notes_and_on_the_timeline(client, officer, project):
    client.force_login(officer)

    html = client.post(note_url(project), {"text": "Rappeler en mars."}, follow=True).text

    assert "La note a été ajoutée." in html
    note = ProjectNote.objects.get()
    assert html.count("Rappeler en mars.") == 2
    assert f'id="historique-note-{note.pk}"' in html


@pytest.mark.parametrize("fixture_name", NON_STAFF_FIXTURES)
def test_other_roles_may_not_write_notes(client, as_user, fixture_name, project):
    as_user(fixture_name)
    assert client.post(note_url(project), {"text": "Intrusion"}).status_code == 403
    assert not ProjectNote.objects.exists()


def test_an_anonymous_visitor_is_sent_to_login(client, project):
    response = client.post(note_url(project), {"text": "Intrusion"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    assert not ProjectNote.objects.exists()


def test_a_note_is_only_posted(client, officer, project):
    client.force_login(officer)
    assert client.get(note_url(project)).status_code == 405


def test_a_note_on_an_unknown_project_is_a_404(client, officer):
    client.force_login(officer)
    url = reverse("projects:note_create", args=[999999])
    assert client.post(url, {"text": "Perdue"}).status_code == 404


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Ce champ est obligatoire."),
        ("Rappeler\x00", "Le caractère nul n’est pas autorisé."),
        ("x" * 10001, "Assurez-vous que cette valeur comporte au plus 10000 caractères"),
    ],
)
def test_a_bad_note_is_refused_in_french_on_the_project_page(
    client, officer, project, text, message
):
    client.force_login(officer)

    response = client.post(note_url(project), {"text": text})

    assert response.status_code == 200
    assert message in response.context["note_form"].errors["text"][0]
    assert "La note n'a pas été ajoutée." in response.text
    assert 'href="#id_text"' in response.text
    assert not ProjectNote.objects.exists()


def test_a_refused_note_keeps_what_was_typed(client, officer, project):
    client.force_login(officer)
    text = "Long compte rendu. " * 600
    response = client.post(note_url(project), {"text": text})
    assert response.status_code == 200
    assert text.strip() in response.text


def test_a_note_is_escaped_on_the_page(client, officer, project):
    client.force_login(officer)
    html = client.post(
        note_url(project), {"text": "<img src=x onerror=alert(1)>"}, follow=True
    ).text
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from pmi_aqt.accounts.models import Role, User

pytestmark = pytest.mark.django_db


def test_every_role_is_seeded_as_a_group():
    assert set(Group.objects.values_list("name", flat=True)) >= set(Role.values)


def test_a_person_logs_in_with_their_email(client, officer):
    response = client.post(
        reverse("accounts:login"),
        {"username": "officer@pmi-aqt.test", "password": "motdepasse-de-test"},
    )
    assert response.status_code == 302
    assert response.wsgi_request.user == officer


def test_a_wrong_password_gets_a_french_message_and_keeps_the_email(client, officer):
    response = client.post(
        reverse("accounts:login"), {"username": "officer@pmi-aqt.test", "password": "faux"}
    )
    assert response.status_code == 200
    assert "Adresse e-mail ou mot de passe incorrect" in response.text
    assert 'value="officer@pmi-aqt.test"' in response.text


def test_the_login_page_is_in_french_with_a_skip_link_and_landmarks(client):
    response = client.get(reverse("accounts:login"))
    assert '<html lang="fr">' in response.text
    assert 'href="#contenu"' in response.text
    assert '<main id="contenu"' in response.text
    assert "<nav" in response.text and "<footer" in response.text


@pytest.mark.parametrize(
    ("fixture_name", "landing"),
    [
        ("officer", "projects:portfolio"),
        ("finance_officer", "projects:financing_workspace"),
        ("manager", "projects:team"),
        ("member", "taskforce:workspace"),
        ("company_user", "projects:company_home"),
        ("no_role_user", "accounts:no_role"),
    ],
)
def test_each_role_lands_on_its_own_page_after_login(client, request, fixture_name, landing):
    client.force_login(request.getfixturevalue(fixture_name))
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url == reverse(landing)


def test_anonymous_visitors_are_sent_to_login_from_home(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_an_inactive_account_has_no_role(db):
    user = User.objects.create_user("gone@pmi-aqt.test", "x", is_active=False)
    user.groups.add(Group.objects.get(name=Role.OFFICER))
    assert not user.is_programme_staff


def test_logout_only_accepts_post(client, officer):
    client.force_login(officer)
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302


def test_password_reset_sends_a_french_email_with_a_working_link(
    client, officer, mailoutbox, django_capture_on_commit_callbacks
):
    # Through the outbox: it leaves once the request's transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:password_reset"), {"email": officer.email})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert "nouveau mot de passe" in message.subject
    link = next(line for line in message.body.splitlines() if "/mot-de-passe/nouveau/" in line)
    path = link.split("testserver", 1)[1]
    response = client.get(path, follow=True)
    assert "Choisissez un nouveau mot de passe" in response.text


def test_password_reset_does_not_reveal_unknown_addresses(client, mailoutbox):
    response = client.post(reverse("accounts:password_reset"), {"email": "inconnu@example.org"})
    assert response.status_code == 302
    assert mailoutbox == []


def test_a_company_contact_sees_links_to_their_own_projects_only(client, company_user):
    from projects.access import read_company_link

    from .factories import ProjectFactory

    contact = company_user.company_contact
    own = ProjectFactory(company=contact.company, title="Robotiser la découpe")
    other = ProjectFactory(title="Projet d'une autre entreprise")
    client.force_login(company_user)
    response = client.get(reverse("projects:company_home"))
    assert response.status_code == 200
    assert own.title in response.text
    assert other.title not in response.text
    link = response.context["projects"][0][1]
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert read_company_link(token) == (contact.pk, own.pk)
    assert client.get(link).status_code == 200


@pytest.mark.parametrize("fixture_name", ["officer", "member", "no_role_user"])
def test_the_company_space_is_for_company_contacts_only(client, request, fixture_name):
    client.force_login(request.getfixturevalue(fixture_name))
    assert client.get(reverse("projects:company_home")).status_code == 403


def test_the_company_space_sends_anonymous_visitors_to_login(client):
    response = client.get(reverse("projects:company_home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))

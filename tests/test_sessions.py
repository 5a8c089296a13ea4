"""Staff are logged out after idling; anyone with the security page can end their other
sessions."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from .conftest import STAFF_FIXTURES

pytestmark = pytest.mark.django_db

PORTFOLIO = reverse("projects:portfolio")
LOGIN = reverse("accounts:login")


@pytest.mark.parametrize("fixture_name", STAFF_FIXTURES)
def test_staff_idle_longer_than_the_limit_are_logged_out(client, as_user, fixture_name, settings):
    settings.STAFF_IDLE_TIMEOUT_MINUTES = 30
    start = timezone.now()
    with freeze_time(start):
        as_user(fixture_name)
        assert client.get(reverse("home"), follow=True).status_code == 200
    with freeze_time(start + timedelta(minutes=31)):
        response = client.get(reverse("companies:list"))
        assert response.status_code == 302 and response.url.startswith(LOGIN)
        page = client.get(response.url)
        assert "après 30 minutes sans activité" in page.text


def test_each_request_keeps_an_active_staff_session_alive(client, officer, settings):
    settings.STAFF_IDLE_TIMEOUT_MINUTES = 30
    start = timezone.now()
    client.force_login(officer)
    for minutes in (0, 20, 40, 60, 80):
        with freeze_time(start + timedelta(minutes=minutes)):
            assert client.get(PORTFOLIO).status_code == 200, minutes
    # The session itself dies in the database soon after the limit, whatever happens.
    assert 30 * 60 < client.session.get_expiry_age() <= 2 * 30 * 60


def test_the_idle_limit_leaves_other_roles_alone(client, member, settings):
    settings.STAFF_IDLE_TIMEOUT_MINUTES = 30
    start = timezone.now()
    with freeze_time(start):
        client.force_login(member)
        assert client.get(reverse("taskforce:workspace")).status_code == 200
    with freeze_time(start + timedelta(hours=3)):
        assert client.get(reverse("taskforce:workspace")).status_code == 200


def test_logging_out_of_other_sessions_keeps_this_one(officer):
    here, elsewhere = Client(), Client()
    here.force_login(officer)
    elsewhere.force_login(officer)
    assert elsewhere.get(PORTFOLIO).status_code == 200

    response = here.post(reverse("accounts:sessions_end_others"))

    assert response.status_code == 302 and response.url == reverse("accounts:security")
    assert "Vos autres sessions sont fermées" in here.get(response.url).text
    assert here.get(PORTFOLIO).status_code == 200
    gone = elsewhere.get(PORTFOLIO)
    assert gone.status_code == 302 and gone.url.startswith(LOGIN)


def test_a_new_login_after_ending_other_sessions_works(client, officer):
    other = Client()
    other.force_login(officer)
    other.post(reverse("accounts:sessions_end_others"))
    response = client.post(LOGIN, {"username": officer.email, "password": "motdepasse-de-test"})
    assert response.status_code == 302
    assert client.get(PORTFOLIO).status_code == 200


def test_ending_other_sessions_is_a_post(client, officer):
    client.force_login(officer)
    assert client.get(reverse("accounts:sessions_end_others")).status_code == 405


def test_the_security_page_offers_the_button(client, officer):
    client.force_login(officer)
    page = client.get(reverse("accounts:security")).text
    assert f'action="{reverse("accounts:sessions_end_others")}"' in page
    assert "Me déconnecter de mes autres sessions" in page

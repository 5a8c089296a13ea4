"""Login throttling: too many failed passwords for an address, or from a client, and we stop."""

import re
from unittest import mock

import pytest
from django.urls import reverse
from freezegun import freeze_time

pytestmark = pytest.mark.django_db

LOGIN_URL = reverse("accounts:login")
PASSWORD = "motdepasse-de-test"
WRONG_PASSWORD = "mauvais"
THROTTLED = "Trop de tentatives de connexion ont échoué"


def attempt(client, email: str, password: str = WRONG_PASSWORD, ip: str = "203.0.113.7"):
    return client.post(LOGIN_URL, {"username": email, "password": password}, REMOTE_ADDR=ip)


def test_five_failures_for_an_address_refuse_the_next_attempt_even_with_the_right_password(
    client, officer
):
    for _attempt in range(5):
        response = attempt(client, officer.email)
        assert response.status_code == 200
        assert THROTTLED not in response.text

    response = attempt(client, officer.email, PASSWORD)

    assert response.status_code == 429
    assert THROTTLED in response.text
    assert "_auth_user_id" not in client.session


def test_the_refusal_is_the_same_whether_the_account_exists_or_not(client, officer):
    answers = []
    for email in [officer.email, "personne@inconnu.test"]:
        for _attempt in range(5):
            attempt(client, email, ip=f"198.51.100.{len(answers) + 1}")
        response = attempt(client, email, ip=f"198.51.100.{len(answers) + 1}")
        page = re.sub(r'name="csrfmiddlewaretoken" value="\w+"', "", response.text)
        answers.append((response.status_code, page.replace(email, "EMAIL")))
    assert answers[0][0] == answers[1][0] == 429
    assert answers[0][1] == answers[1][1]


def test_the_address_is_counted_whatever_its_case_and_spaces(client, officer):
    for typed in ["Officer@pmi-aqt.test", " officer@PMI-AQT.test ", "OFFICER@pmi-aqt.test"] * 2:
        attempt(client, typed, ip="192.0.2.1" if len(typed) % 2 else "192.0.2.2")
    assert attempt(client, officer.email, PASSWORD, ip="192.0.2.3").status_code == 429


def test_failures_on_one_address_do_not_block_another_person(client, officer, manager):
    for _attempt in range(5):
        attempt(client, officer.email)
    response = attempt(client, manager.email, PASSWORD, ip="203.0.113.50")
    assert response.status_code == 302


def test_one_client_trying_many_addresses_is_stopped(client, officer, settings):
    settings.LOGIN_FAILURE_LIMIT_PER_IP = "3/15m"
    for index in range(3):
        attempt(client, f"essai{index}@exemple.test")

    response = attempt(client, officer.email, PASSWORD)

    assert response.status_code == 429
    # From another client, the officer logs in.
    assert attempt(client, officer.email, PASSWORD, ip="203.0.113.8").status_code == 302


def test_a_successful_login_does_not_wipe_the_count(client, officer):
    for _attempt in range(4):
        attempt(client, officer.email)
    assert attempt(client, officer.email, PASSWORD).status_code == 302
    client.post(reverse("accounts:logout"))

    attempt(client, officer.email)

    assert attempt(client, officer.email, PASSWORD).status_code == 429


def test_successful_logins_are_never_counted(client, officer):
    for _login in range(8):
        assert attempt(client, officer.email, PASSWORD).status_code == 302
        client.post(reverse("accounts:logout"))


def test_the_block_lifts_once_the_window_has_passed(client, officer):
    with freeze_time("2026-03-02 10:00:00") as frozen:
        for _attempt in range(5):
            attempt(client, officer.email)
        assert attempt(client, officer.email, PASSWORD).status_code == 429
        frozen.tick(16 * 60)
        assert attempt(client, officer.email, PASSWORD).status_code == 302


def test_the_admin_login_is_throttled_too(client, officer):
    officer.is_staff = True
    officer.save()
    for _attempt in range(5):
        attempt(client, officer.email)
    response = client.post(
        reverse("admin:login"),
        {"username": officer.email, "password": PASSWORD},
        REMOTE_ADDR="203.0.113.9",
    )
    assert response.status_code == 200  # The admin's own "wrong credentials" page.
    assert "_auth_user_id" not in client.session


def test_the_refused_form_keeps_the_address_and_stays_accessible(client, officer):
    for _attempt in range(5):
        attempt(client, officer.email)
    response = attempt(client, officer.email)
    assert f'value="{officer.email}"' in response.text
    alert = re.search(
        r'<div class="alert alert-danger" role="alert">(.+?)</div>', response.text, re.S
    )
    assert THROTTLED in alert[1]


def test_an_unavailable_cache_does_not_lock_everyone_out(client, officer):
    with mock.patch(
        "pmi_aqt.accounts.throttling.get_usage", side_effect=ConnectionError("Redis is down")
    ):
        assert attempt(client, officer.email, PASSWORD).status_code == 302


def test_a_bad_rate_in_the_environment_stops_the_start(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from pmi_aqt.settings import env_rate

    monkeypatch.setenv("LOGIN_FAILURE_LIMIT_PER_IP", "beaucoup")
    with pytest.raises(ImproperlyConfigured):
        env_rate("LOGIN_FAILURE_LIMIT_PER_IP", "20/15m")
    monkeypatch.setenv("LOGIN_FAILURE_LIMIT_PER_IP", "50/h")
    assert env_rate("LOGIN_FAILURE_LIMIT_PER_IP", "20/15m") == "50/h"

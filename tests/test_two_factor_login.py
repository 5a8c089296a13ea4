"""Logging in with two-factor authentication: the password, then the code, enforced everywhere."""

import pytest
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from freezegun import freeze_time

from .factories import ProjectFactory
from .test_two_factor_setup import NOW, code_for, log_in_verified, turn_on

pytestmark = pytest.mark.django_db

LOGIN_URL = reverse("accounts:login")
VERIFY_URL = reverse("accounts:two_factor_verify")
PASSWORD = "motdepasse-de-test"


def log_in_with_password(client, user, next_url: str = ""):
    data = {"username": user.email, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post(LOGIN_URL, data)


@pytest.fixture
def frozen():
    with freeze_time(NOW) as frozen_time:
        yield frozen_time


@pytest.fixture
def officer_device(officer, frozen):
    device, codes = turn_on(officer)
    # The code typed at setup cannot be typed again: log in during the next time step.
    frozen.tick(30)
    return device, codes


def test_after_the_password_a_person_with_a_device_is_asked_for_the_code(
    client, officer, officer_device
):
    response = log_in_with_password(client, officer)

    assert response.status_code == 302
    assert response.url == f"{VERIFY_URL}?next=%2F"
    page = client.get(response.url)
    assert page.status_code == 200
    assert "Code de vérification" in page.text


@pytest.mark.parametrize(
    "url_name",
    ["home", "projects:portfolio", "companies:list", "mailing:list", "accounts:security"],
)
def test_no_page_opens_before_the_code(client, officer, officer_device, url_name):
    log_in_with_password(client, officer)
    url = reverse(url_name)
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(VERIFY_URL)
    assert "next=" in response.url


def test_posts_are_refused_before_the_code_too(client, officer, officer_device):
    project = ProjectFactory()
    log_in_with_password(client, officer)
    response = client.post(reverse("projects:detail", args=[project.pk]), {})
    assert response.status_code == 302 and response.url.startswith(VERIFY_URL)


def test_the_admin_asks_for_the_code_too(client, officer, officer_device):
    officer.is_staff = officer.is_superuser = True
    officer.save()
    log_in_with_password(client, officer)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and response.url.startswith(VERIFY_URL)


def test_before_the_code_public_pages_see_a_visitor_and_the_menu_is_empty(
    client, officer, officer_device
):
    log_in_with_password(client, officer)
    # Public pages treat the person as not logged in (some give staff more than visitors).
    privacy = client.get(reverse("privacy"))
    assert privacy.status_code == 200
    assert reverse("accounts:logout") not in privacy.text
    assert client.get(LOGIN_URL).status_code == 200
    verify_page = client.get(VERIFY_URL).text
    assert reverse("projects:portfolio") not in verify_page
    assert reverse("accounts:security") not in verify_page
    assert reverse("accounts:logout") in verify_page


def test_the_right_code_completes_the_login_and_opens_the_page_asked_for(
    client, officer, officer_device
):
    device, _codes = officer_device
    next_url = reverse("companies:list")
    step = log_in_with_password(client, officer, next_url)
    session_key = client.session.session_key

    response = client.post(step.url, {"code": code_for(device.key), "next": next_url})

    assert response.status_code == 302 and response.url == next_url
    assert client.get(next_url).status_code == 200
    # A new session key once fully logged in.
    assert client.session.session_key != session_key


def test_a_wrong_code_is_refused_with_a_french_message(client, officer, officer_device):
    device, _codes = officer_device
    log_in_with_password(client, officer)
    wrong = f"{(int(code_for(device.key)) + 1) % 1_000_000:06d}"

    response = client.post(VERIFY_URL, {"code": wrong})

    assert response.status_code == 200
    assert "Ce code n&#x27;est pas valable" in response.text
    assert "<title>Erreur" in response.text
    assert client.get(reverse("projects:portfolio")).status_code == 302


def test_wrong_codes_in_a_row_make_the_person_wait_before_any_code_is_checked(
    client, officer, officer_device, frozen
):
    device, _codes = officer_device
    log_in_with_password(client, officer)
    for wait in [1, 2, 0]:
        client.post(VERIFY_URL, {"code": "000000"})
        frozen.tick(wait)  # Each failure doubles the wait before the next code is checked.

    # After 3 failures django-otp refuses every code for 4 seconds, even the right one.
    response = client.post(VERIFY_URL, {"code": code_for(device.key)})
    assert response.status_code == 200
    assert "Trop de codes erronés à la suite : patientez 4 secondes" in response.text
    assert client.get(reverse("projects:portfolio")).status_code == 302

    frozen.tick(5)
    response = client.post(VERIFY_URL, {"code": code_for(device.key)})
    assert response.status_code == 302


def test_a_code_cannot_be_used_twice(client, officer, officer_device):
    device, _codes = officer_device
    code = code_for(device.key)
    log_in_with_password(client, officer)
    assert client.post(VERIFY_URL, {"code": code}).status_code == 302
    client.post(reverse("accounts:logout"))

    log_in_with_password(client, officer)
    response = client.post(VERIFY_URL, {"code": code})
    assert response.status_code == 200
    assert "Ce code n&#x27;est pas valable" in response.text


def test_a_backup_code_works_once_and_says_how_many_are_left(client, officer, officer_device):
    _device, codes = officer_device
    log_in_with_password(client, officer)

    response = client.post(VERIFY_URL, {"code": f"{codes[0][:5]} {codes[0][5:]}"}, follow=True)

    assert response.status_code == 200
    assert "il vous en reste 7" in response.text
    assert not StaticToken.objects.filter(token=codes[0]).exists()
    client.post(reverse("accounts:logout"))
    log_in_with_password(client, officer)
    assert client.post(VERIFY_URL, {"code": codes[0]}).status_code == 200


def test_logging_out_works_before_the_code(client, officer, officer_device):
    log_in_with_password(client, officer)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_the_code_page_sends_nobody_to_another_site(client, officer, officer_device):
    device, _codes = officer_device
    log_in_with_password(client, officer)
    response = client.post(
        VERIFY_URL, {"code": code_for(device.key), "next": "https://exemple.invalid/"}
    )
    assert response.status_code == 302
    assert response.url == reverse("home")


def test_a_member_who_turned_it_on_is_asked_for_the_code_too(client, member, frozen):
    device, _codes = turn_on(member)
    frozen.tick(30)
    log_in_with_password(client, member)
    assert client.get(reverse("taskforce:workspace")).url.startswith(VERIFY_URL)
    client.post(VERIFY_URL, {"code": code_for(device.key)})
    assert client.get(reverse("taskforce:workspace")).status_code == 200


def test_without_a_device_the_password_is_enough(client, officer):
    response = log_in_with_password(client, officer)
    assert response.status_code == 302 and response.url == reverse("home")
    assert client.get(reverse("projects:portfolio")).status_code == 200
    # Nothing to verify: the code page sends them on.
    assert client.get(VERIFY_URL).status_code == 302


def test_a_session_opened_before_the_device_was_added_must_give_the_code(client, officer):
    client.force_login(officer)
    assert client.get(reverse("projects:portfolio")).status_code == 200
    turn_on(officer)  # From another browser, say.
    response = client.get(reverse("projects:portfolio"))
    assert response.status_code == 302 and response.url.startswith(VERIFY_URL)


def test_the_code_page_field_is_labelled_for_one_time_codes(client, officer, officer_device):
    log_in_with_password(client, officer)
    html = client.get(VERIFY_URL).text
    assert 'for="id_code"' in html
    assert 'autocomplete="one-time-code"' in html
    assert 'inputmode="numeric"' in html
    assert "autofocus" in html


def test_a_verified_session_stays_verified(client, officer, officer_device):
    device, _codes = officer_device
    log_in_verified(client, officer, device)
    for url_name in ["projects:portfolio", "companies:list", "accounts:security"]:
        assert client.get(reverse(url_name)).status_code == 200

"""Turning two-factor authentication on and off from the "Sécurité du compte" page."""

import re
from base64 import b32decode
from binascii import unhexlify

import pytest
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from freezegun import freeze_time

from pmi_aqt.accounts.services import totp_key_new, two_factor_enable
from pmi_aqt.accounts.views import SETUP_KEY_SESSION_KEY

pytestmark = pytest.mark.django_db

SECURITY_URL = reverse("accounts:security")
SETUP_URL = reverse("accounts:two_factor_setup")
NOW = "2026-03-02 10:00:00"


def code_for(key_hex: str, drift: int = 0) -> str:
    return f"{totp(unhexlify(key_hex), drift=drift):06d}"


def turn_on(user) -> tuple[TOTPDevice, list[str]]:
    key = totp_key_new()
    return two_factor_enable(user=user, key=key, code=code_for(key))


def log_in_verified(client, user, device) -> None:
    """A session that has been through both steps: django-otp keeps the device in it."""
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def start_setup(client) -> str:
    response = client.get(SETUP_URL)
    assert response.status_code == 200
    return client.session[SETUP_KEY_SESSION_KEY]


@pytest.mark.parametrize("fixture_name", ["officer", "finance_officer", "manager", "member"])
def test_staff_and_members_find_two_factor_off_with_a_way_to_turn_it_on(
    as_user, client, fixture_name
):
    as_user(fixture_name)
    response = client.get(SECURITY_URL)
    assert response.status_code == 200
    assert "Désactivée" in response.text
    assert SETUP_URL in response.text


@pytest.mark.parametrize("fixture_name", ["company_user", "no_role_user"])
def test_company_contacts_and_people_without_role_cannot_use_the_security_pages(
    as_user, client, fixture_name
):
    as_user(fixture_name)
    for url in [SECURITY_URL, SETUP_URL, reverse("accounts:backup_codes")]:
        assert client.get(url).status_code == 403, url


def test_anonymous_visitors_are_sent_to_login_from_the_security_pages(client):
    for url in [SECURITY_URL, SETUP_URL, reverse("accounts:backup_codes")]:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))


def test_the_security_link_shows_for_staff_and_members_only(as_user, client):
    as_user("officer")
    assert f'href="{SECURITY_URL}"' in client.get(reverse("companies:list")).text
    client.logout()
    as_user("company_user")
    assert f'href="{SECURITY_URL}"' not in client.get(reverse("projects:company_home")).text


def test_setup_shows_the_qr_code_inline_and_the_secret_in_text(client, officer):
    client.force_login(officer)
    key = start_setup(client)
    response = client.get(SETUP_URL)
    # Inline SVG as a data URI: the content security policy allows img data: and nothing inline.
    assert re.search(
        r'<img src="data:image/svg\+xml[^"]+" width="\d+" height="\d+" alt="', response.text
    )
    secret = re.search(r'<code class="fs-5" translate="no">([A-Z2-7 ]+)</code>', response.text)[1]
    assert b32decode(secret.replace(" ", "")) == unhexlify(key)
    assert re.findall(r"<script(?![^>]*\bsrc=)", response.text) == []
    assert " style=" not in response.text
    assert "no-store" in response["Cache-Control"]


def test_setup_keeps_the_same_secret_when_the_page_is_reloaded(client, officer):
    client.force_login(officer)
    assert start_setup(client) == start_setup(client)
    assert not TOTPDevice.objects.exists()


@freeze_time(NOW)
def test_setup_with_the_right_code_turns_it_on_and_shows_eight_backup_codes_once(client, officer):
    client.force_login(officer)
    key = start_setup(client)

    response = client.post(SETUP_URL, {"code": code_for(key)})

    assert response.status_code == 302
    assert response.url == reverse("accounts:backup_codes")
    device = TOTPDevice.objects.get(user=officer)
    assert device.confirmed and device.key == key
    page = client.get(response.url)
    codes = re.findall(r"<li>(\d{5} \d{5})</li>", page.text)
    assert len(codes) == 8 and len(set(codes)) == 8
    stored = set(StaticToken.objects.filter(device__user=officer).values_list("token", flat=True))
    assert stored == {code.replace(" ", "") for code in codes}
    # Shown once: the next visit goes back to the security page.
    again = client.get(reverse("accounts:backup_codes"))
    assert again.status_code == 302 and again.url == SECURITY_URL
    # The session that set it up is verified: the portal opens at once.
    assert client.get(reverse("projects:portfolio")).status_code == 200
    assert "Activée" in client.get(SECURITY_URL).text


@freeze_time(NOW)
def test_setup_with_a_wrong_code_is_refused_in_french_and_saves_nothing(client, officer):
    client.force_login(officer)
    key = start_setup(client)
    wrong = f"{(int(code_for(key)) + 1) % 1_000_000:06d}"

    response = client.post(SETUP_URL, {"code": wrong})

    assert response.status_code == 200
    assert "Ce code ne correspond pas" in response.text
    assert "<title>Erreur" in response.text
    assert not TOTPDevice.objects.exists()
    assert client.session[SETUP_KEY_SESSION_KEY] == key


@pytest.mark.parametrize("typed", ["", "12345", "abcdef", "1234567890", "１２３４５６"])
def test_setup_accepts_only_six_digits(client, officer, typed):
    client.force_login(officer)
    start_setup(client)
    response = client.post(SETUP_URL, {"code": typed})
    assert response.status_code == 200
    assert not TOTPDevice.objects.exists()


@freeze_time(NOW)
def test_setup_accepts_the_code_typed_with_a_space(client, officer):
    client.force_login(officer)
    key = start_setup(client)
    code = code_for(key)
    response = client.post(SETUP_URL, {"code": f"{code[:3]} {code[3:]}"})
    assert response.status_code == 302
    assert TOTPDevice.objects.filter(user=officer, confirmed=True).exists()


@freeze_time(NOW)
def test_setup_sends_people_on_to_the_page_they_asked_for(client, officer):
    client.force_login(officer)
    key = start_setup(client)
    next_url = reverse("companies:list")
    response = client.post(SETUP_URL, {"code": code_for(key), "next": next_url})
    page = client.get(response.url)
    assert f'href="{next_url}"' in page.text


def test_someone_who_already_has_it_is_sent_back_from_setup(client, officer):
    device, _codes = turn_on(officer)
    log_in_verified(client, officer, device)
    response = client.get(SETUP_URL)
    assert response.status_code == 302 and response.url == SECURITY_URL


def test_the_security_page_counts_the_backup_codes_left(client, officer):
    device, codes = turn_on(officer)
    StaticToken.objects.filter(token=codes[0]).delete()
    log_in_verified(client, officer, device)
    response = client.get(SECURITY_URL)
    assert "Activée" in response.text
    assert "Il vous reste 7 codes de secours" in response.text


def test_turning_it_off_requires_a_current_code(client, officer):
    with freeze_time(NOW) as frozen:
        device, _codes = turn_on(officer)
        log_in_verified(client, officer, device)
        frozen.tick(30)

        no_code = client.post(reverse("accounts:two_factor_turn_off"), {"disable-code": ""})
        assert no_code.status_code == 200
        wrong = client.post(reverse("accounts:two_factor_turn_off"), {"disable-code": "000000"})
        assert wrong.status_code == 200
        assert "Ce code n&#x27;est pas valable" in wrong.text
        assert TOTPDevice.objects.filter(user=officer).exists()

        frozen.tick(30)  # django-otp makes the next try wait after a wrong code.
        device.refresh_from_db()
        response = client.post(
            reverse("accounts:two_factor_turn_off"), {"disable-code": code_for(device.key)}
        )

    assert response.status_code == 302 and response.url == SECURITY_URL
    assert not TOTPDevice.objects.filter(user=officer).exists()
    assert not StaticToken.objects.filter(device__user=officer).exists()


def test_a_backup_code_also_turns_it_off_for_someone_who_lost_their_phone(client, member):
    device, codes = turn_on(member)
    log_in_verified(client, member, device)
    response = client.post(reverse("accounts:two_factor_turn_off"), {"disable-code": codes[3]})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=member).exists()


def test_turning_off_only_accepts_post(client, officer):
    device, _codes = turn_on(officer)
    log_in_verified(client, officer, device)
    assert client.get(reverse("accounts:two_factor_turn_off")).status_code == 405


def test_renewing_backup_codes_requires_a_code_and_retires_the_old_ones(client, officer):
    with freeze_time(NOW) as frozen:
        device, old_codes = turn_on(officer)
        log_in_verified(client, officer, device)

        refused = client.post(
            reverse("accounts:backup_codes_renew"), {"regenerate-code": "0000000000"}
        )
        assert refused.status_code == 200
        assert "Ce code n&#x27;est pas valable" in refused.text
        assert set(StaticToken.objects.values_list("token", flat=True)) == set(old_codes)

        frozen.tick(2)  # django-otp makes the next try wait after a wrong code.
        response = client.post(
            reverse("accounts:backup_codes_renew"), {"regenerate-code": old_codes[0]}
        )
        assert response.status_code == 302 and response.url == reverse("accounts:backup_codes")
        new_codes = re.findall(r"<li>(\d{5} \d{5})</li>", client.get(response.url).text)

    assert len(new_codes) == 8
    stored = set(StaticToken.objects.values_list("token", flat=True))
    assert stored == {code.replace(" ", "") for code in new_codes}
    assert not stored & set(old_codes)


def test_the_code_fields_say_what_they_are_for_assistive_technologies(client, officer):
    client.force_login(officer)
    setup_page = client.get(SETUP_URL).text
    device, _codes = turn_on(officer)
    log_in_verified(client, officer, device)
    security_page = client.get(SECURITY_URL).text
    for html, field_id in [
        (setup_page, "id_code"),
        (security_page, "id_disable-code"),
        (security_page, "id_regenerate-code"),
    ]:
        assert re.search(rf'<label\s+for="{field_id}"', html)
        field = re.search(rf'<input [^>]*id="{field_id}"[^>]*>', html)[0]
        assert 'autocomplete="one-time-code"' in field
        assert 'inputmode="numeric"' in field
        assert "aria-describedby" in field  # The help text says which digits to type.
    assert security_page.count("<legend") == 2

"""Two-factor authentication in a real headless Chromium: keyboard login, setup, axe audits."""

from base64 import b32decode

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from pmi_aqt.accounts.models import SecurityPolicy

from .browser import blocking_violations
from .test_browser_staff import log_in_with_the_keyboard

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def current_code(secret: bytes) -> str:
    return f"{totp(secret):06d}"


def test_a_member_logs_in_with_a_code_typed_on_the_keyboard(live_server, page, member):
    device = TOTPDevice.objects.create(user=member, name="Téléphone", confirmed=True)

    log_in_with_the_keyboard(page, live_server, member.email)

    assert reverse("accounts:two_factor_verify") in page.url
    # The code field has the focus on arrival, and the page passes axe.
    assert page.evaluate("document.activeElement.name") == "code"
    assert blocking_violations(page) == []
    page.keyboard.type("000000")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("#id_code.is-invalid").count() == 1
    assert blocking_violations(page) == []

    page.wait_for_timeout(1100)  # django-otp's wait after one wrong code.
    page.fill("#id_code", current_code(device.bin_key))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(reverse("taskforce:workspace"))


def test_an_officer_required_to_use_two_factor_sets_it_up_in_the_browser(
    live_server, page, officer
):
    SecurityPolicy.objects.update_or_create(
        pk=1, defaults={"two_factor_roles": ["officer", "finance_officer", "manager"]}
    )

    log_in_with_the_keyboard(page, live_server, officer.email)

    assert reverse("accounts:two_factor_setup") in page.url
    assert page.locator("main img[src^='data:image/svg+xml']").is_visible()
    assert blocking_violations(page) == []
    secret = page.locator("main code").inner_text().replace(" ", "")
    page.fill("#id_code", current_code(b32decode(secret)))
    with page.expect_navigation():
        page.get_by_role("button", name="Activer").click()

    assert reverse("accounts:backup_codes") in page.url
    assert page.locator("main li").count() == 8
    assert blocking_violations(page) == []
    with page.expect_navigation():
        page.get_by_role("link", name="J'ai noté mes codes, continuer").click()
    assert page.url.endswith(reverse("home")) or "/projets/" in page.url

    page.goto(live_server.url + reverse("accounts:security"))
    assert page.get_by_text("Activée", exact=True).is_visible()
    assert blocking_violations(page) == []


def test_the_manager_policy_page_passes_axe(live_server, page, manager):
    log_in_with_the_keyboard(page, live_server, manager.email)
    page.goto(live_server.url + reverse("accounts:security"))
    assert blocking_violations(page) == []
    with page.expect_navigation():
        page.get_by_role("link", name="Exiger la double authentification").click()
    assert blocking_violations(page) == []
    page.get_by_label("Responsable du programme", exact=True).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Enregistrer").click()
    # The manager is staff too: the next page is the setup.
    assert reverse("accounts:two_factor_setup") in page.url

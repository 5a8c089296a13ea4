"""Busy states in a real headless Chromium: a button that starts slow work says it is working
and cannot be pressed twice; a download link comes back usable once its file has started.
"""

import pytest
from django.urls import reverse

from pmi_aqt.mailing.models import OutboundEmail

from .factories import CompanyFactory
from .test_browser_reflow import log_in_browser

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def failed_email(db):
    return OutboundEmail.objects.create(
        key="busy:failed",
        kind="company_link",
        to="dirigeante@fonderie.test",
        subject="Votre lien de suivi",
        body_text="Bonjour",
        status=OutboundEmail.Status.FAILED,
        attempts=3,
    )


def test_a_sending_button_says_it_is_working_and_cannot_be_pressed_twice(
    live_server, browser, officer, failed_email
):
    context = browser.new_context()
    page = context.new_page()
    log_in_browser(context, live_server, officer)
    page.goto(live_server.url + reverse("mailing:detail", args=[failed_email.pk]))
    # The page stays as it is while the work goes on: the last listener on the way keeps the
    # browser from leaving, and counts the submissions that got past the page's own guard.
    page.evaluate(
        """window.submissions = 0;
        window.addEventListener("submit", (event) => {
          if (!event.defaultPrevented) window.submissions++;
          event.preventDefault();
        });"""
    )

    button = page.get_by_role("button", name="Renvoyer cet e-mail")
    button.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('form[data-busy] button').disabled")

    busy = page.locator("form[data-busy] button")
    assert busy.inner_text().strip() == "Envoi en cours…"
    assert busy.get_attribute("aria-busy") == "true"
    assert busy.get_attribute("aria-disabled") == "true"
    assert busy.is_disabled()
    # Pressing again (or submitting by any other way) sends nothing more.
    page.keyboard.press("Enter")
    page.evaluate("document.querySelector('form[data-busy]').requestSubmit()")
    assert page.evaluate("window.submissions") == 1
    context.close()


def test_a_download_link_is_busy_until_its_file_has_started_then_usable_again(
    live_server, browser, officer
):
    CompanyFactory(name="Fonderie du Médoc")
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    log_in_browser(context, live_server, officer)
    page.goto(live_server.url + reverse("companies:list"))
    export = page.get_by_role("link", name="Exporter en CSV")
    export.evaluate("(link) => link.setAttribute('data-busy-reset', '1')")

    with page.expect_download() as download:
        export.click()
    assert download.value.suggested_filename.endswith(".csv")
    busy = page.locator("a[data-busy]")
    assert busy.inner_text().strip() == "Export en cours…"
    assert busy.get_attribute("aria-disabled") == "true"
    downloads = []
    page.on("download", lambda download: downloads.append(download))
    busy.dispatch_event("click")
    page.wait_for_timeout(300)
    assert downloads == []  # a second click starts no second export

    page.wait_for_function("() => !document.querySelector('a[data-busy]')", timeout=5000)
    assert export.inner_text().strip() == "Exporter en CSV"
    assert export.get_attribute("aria-disabled") is None
    context.close()

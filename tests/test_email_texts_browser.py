"""The manager edits an email text in a real headless Chromium: the pages pass axe, and the
preview frame shows the email with its own styles under the portal's content policy."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from pmi_aqt.mailing.models import EmailText

from .browser import blocking_violations
from .test_browser_staff import log_in_with_the_keyboard

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_manager_previews_then_saves_a_text(live_server, page, manager):
    problems = []
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    log_in_with_the_keyboard(page, live_server, manager.email)

    page.goto(live_server.url + reverse("mailing:text_list"))
    assert blocking_violations(page) == []
    page.get_by_role("link", name="Modifier — Lien de suivi envoyé à l'entreprise").click()
    # A click does not wait for the page it opens (nor does wait_for_load_state(), the old
    # page being loaded already): wait for something only the new page has.
    expect(page.get_by_label("Objet")).to_be_visible()
    assert page.locator("main#contenu h1").count() == 1
    assert blocking_violations(page) == []

    page.get_by_label("Objet").fill("Votre suivi, {prenom}")
    page.get_by_label("Texte du message").fill(
        "Bonjour {prenom},\n\n<script>document.title='INJECTE'</script>\n\n{lien}"
    )
    page.get_by_role("button", name="Prévisualiser").click()

    expect(page.get_by_role("heading", name="Aperçu, avec des valeurs d'exemple")).to_be_visible()
    assert "Votre suivi, Claire" in page.locator("main").inner_text()
    frame = page.frame_locator("iframe[title]")
    body = frame.locator("body")
    body.wait_for()
    assert "Bonjour Claire," in body.inner_text()
    assert "<script>document.title='INJECTE'</script>" in body.inner_text()
    # The email's inline styles apply inside its frame, and only there.
    header = frame.get_by_text("PMI en AQT", exact=True)
    assert header.evaluate("cell => getComputedStyle(cell).backgroundColor") == "rgb(11, 79, 138)"
    assert "INJECTE" not in page.title()
    assert blocking_violations(page) == []
    assert not EmailText.objects.exists()

    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url(f"**{reverse('mailing:text_list')}")
    assert EmailText.objects.get(kind="company_link").subject == ("Votre suivi, {prenom}")
    assert not [p for p in problems if "Content Security Policy" in p], problems

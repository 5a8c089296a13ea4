"""The intake form in a real headless Chromium: keyboard use and an axe-core audit."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from companies.models import Company
from pmi_aqt.mailing.models import OutboundEmail
from projects.models import Project, Stage

from .browser import blocking_violations
from .factories import NEW_COMPANY_SIRET

# live_server needs a transactional database; the serialized rollback puts back the axes and
# roles seeded by migrations, which the flush after another transactional test would remove.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def type_into(page, label: str, text: str) -> None:
    """Move the keyboard focus to a field by its label, then type like a person."""
    page.get_by_label(label, exact=True).focus()
    page.keyboard.type(text)


def test_a_company_fills_the_form_with_the_keyboard_and_gets_the_thanks(
    live_server, page, officer, mailoutbox
):
    page.goto(live_server.url + reverse("projects:intake"))

    type_into(page, "Numéro SIRET*", " ".join([NEW_COMPANY_SIRET[:9], NEW_COMPANY_SIRET[9:]]))
    page.keyboard.press("Tab")
    page.keyboard.type("Forges de Bayonne")
    page.keyboard.press("Tab")
    page.keyboard.type("4 rue des Forgerons")
    page.keyboard.press("Tab")
    page.keyboard.type("64100")
    page.keyboard.press("Tab")
    page.keyboard.type("Bayonne")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "headcount_band"
    page.get_by_label("Effectif*").select_option("10-49")
    page.keyboard.press("Tab")
    page.keyboard.type("Maïté")
    page.keyboard.press("Tab")
    page.keyboard.type("Etcheverry")
    page.keyboard.press("Tab")
    page.keyboard.type("Directrice industrielle")
    page.keyboard.press("Tab")
    page.keyboard.type("maite@forges-bayonne.example")
    page.keyboard.press("Tab")
    page.keyboard.type("05 59 00 00 00")
    page.keyboard.press("Tab")
    page.keyboard.type("Capteurs connectés sur la presse")
    page.keyboard.press("Tab")
    page.keyboard.type("Suivre l'usure des outils en temps réel.")
    page.keyboard.press("Tab")
    # The six axes are checkboxes in the tab order: tick the fourth (digital).
    for _ in range(3):
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_axes_3"
    page.keyboard.press("Space")
    page.get_by_label("Optimisation économique et technologique des procédés").focus()
    page.keyboard.press("Space")
    page.get_by_label("Dans les 6 mois").focus()
    page.keyboard.press("Space")
    page.locator("#id_data_consent").focus()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")  # the privacy link inside the consent label
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_contact_consent"
    page.keyboard.press("Tab")  # the honeypot is skipped: straight to the button
    assert page.evaluate("document.activeElement.type") == "submit"
    page.keyboard.press("Enter")

    page.wait_for_url(f"**{reverse('projects:intake_done')}")
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Merci, votre demande est bien reçue"
    )
    assert "maite@forges-bayonne.example" in page.content()
    project = Project.objects.get()
    assert project.stage == Stage.INTAKE
    assert set(project.axes.values_list("code", flat=True)) == {"digital", "process"}
    assert Company.objects.get().siret == NEW_COMPANY_SIRET
    # Delivered by Celery (eager, in the server thread) once the request's transaction committed.
    assert set(OutboundEmail.objects.values_list("kind", "to", "status")) == {
        (
            "intake_confirmation",
            "maite@forges-bayonne.example",
            OutboundEmail.Status.SENT,
        ),
        ("intake_notification", officer.email, OutboundEmail.Status.SENT),
    }
    assert sorted(message.to[0] for message in mailoutbox) == sorted(
        ["maite@forges-bayonne.example", officer.email]
    )


def test_the_form_page_has_no_serious_accessibility_violations(live_server, page):
    page.goto(live_server.url + reverse("projects:intake"))

    assert blocking_violations(page) == []


def test_the_form_with_errors_has_no_serious_violations_and_the_summary_links_work(
    live_server, page
):
    page.goto(live_server.url + reverse("projects:intake"))
    page.get_by_label("Raison sociale*").fill("Forges de Bayonne")
    page.get_by_role("button", name="Envoyer ma demande").press("Enter")

    # The press does not wait for the page it sends: expect() waits for the answer.
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("informations sont à corriger")
    # The summary takes the focus, so keyboard and screen reader users start from it.
    expect(page.locator("#resume-erreurs")).to_be_focused()
    expect(page.get_by_label("Raison sociale*")).to_have_value("Forges de Bayonne")
    assert blocking_violations(page) == []
    summary.get_by_role("link", name="Numéro SIRET : Ce champ est obligatoire.").press("Enter")
    expect(page).to_have_url(re.compile(r"#id_siret$"))
    assert not Project.objects.exists()


def test_the_thank_you_page_has_no_serious_accessibility_violations(live_server, page):
    page.goto(live_server.url + reverse("projects:intake_done"))

    assert blocking_violations(page) == []

"""A prospect list imported in a real headless Chromium, each step audited by axe-core."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from companies.models import Company

from .browser import blocking_violations
from .test_directory_browser import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_an_officer_imports_the_sample_list_and_every_step_passes_axe(
    live_server, page, client, officer
):
    log_in(page, client, live_server, officer)
    page.goto(live_server.url + reverse("companies:list"))
    page.get_by_role("link", name="Importer une liste de prospects").click()
    # Each click opens a page it does not wait for: what the test reads next waits for it.
    expect(
        page.get_by_role("heading", level=1, name="Importer une liste de prospects")
    ).to_be_visible()
    assert blocking_violations(page) == []

    # Sent without a file: the error is said, next to the field.
    page.get_by_role("button", name="Envoyer et choisir les colonnes").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert blocking_violations(page) == []

    page.get_by_label("Fichier CSV ou Excel (.xlsx)").set_input_files("docs/samples/prospects.csv")
    page.get_by_role("button", name="Envoyer et choisir les colonnes").click()
    expect(page.get_by_label("N° SIRET")).to_have_value("siret")
    assert blocking_violations(page) == []
    page.get_by_label("Les compléter", exact=False).check()
    page.get_by_role("button", name="Voir l’aperçu").click()

    expect(page.get_by_role("heading", level=1, name="3. Aperçu avant import")).to_be_visible()
    expect(page.get_by_text("Chaudronnerie du Bergeracois").first).to_be_visible()
    assert blocking_violations(page) == []
    assert not Company.objects.exists()
    page.get_by_role("button", name="Confirmer et importer").click()

    expect(page.get_by_text("est lancé", exact=False)).to_be_visible()
    expect(page.get_by_role("rowheader", name="prospects.csv")).to_be_visible()
    assert blocking_violations(page) == []
    assert Company.objects.count() == 4

"""The portal's search in a real headless Chromium, with the keyboard only: the header's box,
the grouped results (axe-core audit), then the project opened from them."""

import pytest
from django.urls import reverse

from .browser import blocking_violations
from .factories import CompanyFactory, ContactFactory, ProjectFactory
from .test_browser_staff import log_in_with_the_keyboard

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_an_officer_searches_from_the_header_and_opens_the_project_with_the_keyboard(
    live_server, page, officer
):
    company = CompanyFactory(name="Fonderie du Médoc")
    ContactFactory(company=company, first_name="Hélène", last_name="Dupré")
    project = ProjectFactory(title="Robotiser l'ébavurage", company=CompanyFactory())
    log_in_with_the_keyboard(page, live_server, officer.email)
    page.goto(live_server.url + reverse("companies:list"))

    # The header's box is reached by its label, typed into without accents, sent with Enter.
    box = page.get_by_label("Rechercher une entreprise, un contact, un projet, l'annuaire")
    box.focus()
    page.keyboard.type("EBAVURAGE")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert reverse("search:results") in page.url
    assert page.get_by_role("heading", name="Projets").count() == 1
    assert blocking_violations(page) == []

    # Tab through the page until the project's link has the focus, then follow it.
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent") == project.title:
            break
    else:
        pytest.fail("The project's link cannot be reached with the Tab key.")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(project.get_absolute_url())

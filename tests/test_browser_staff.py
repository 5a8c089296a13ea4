"""Staff pages in a real headless Chromium: logging in with the keyboard, axe-core audits."""

import pytest
from django.urls import reverse

from .browser import blocking_violations
from .factories import ContactFactory, InteractionFactory, ProjectFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def log_in_with_the_keyboard(page, live_server, email: str) -> None:
    page.goto(live_server.url + reverse("accounts:login"))
    # The email field has the focus on arrival (autofocus).
    assert page.evaluate("document.activeElement.name") == "username"
    page.keyboard.type(email)
    page.keyboard.press("Tab")
    page.keyboard.type("motdepasse-de-test")
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_an_officer_logs_in_and_every_staff_page_passes_axe(live_server, page, officer):
    project = ProjectFactory(axis_codes=["digital"])
    ContactFactory(company=project.company)
    InteractionFactory(company=project.company, officer=officer, next_step="Rappeler")

    assert (
        blocking_violations(page.goto(live_server.url + reverse("accounts:login")) and page) == []
    )
    log_in_with_the_keyboard(page, live_server, officer.email)
    assert (
        page.url.endswith(reverse("home")) or "/entreprises/" in page.url or "/projets/" in page.url
    )

    for url in [
        reverse("companies:list"),
        reverse("companies:detail", args=[project.company.pk]),
        reverse("companies:create"),
        reverse("mailing:list"),
    ]:
        response = page.goto(live_server.url + url)
        assert response.status == 200, url
        assert page.locator("main#contenu h1").count() == 1, url
        assert blocking_violations(page) == [], url


def test_the_public_pages_pass_axe(live_server, page):
    for url in [
        reverse("accounts:login"),
        reverse("privacy"),
        reverse("accessibility"),
        reverse("accounts:password_reset"),
    ]:
        page.goto(live_server.url + url)
        assert blocking_violations(page) == [], url

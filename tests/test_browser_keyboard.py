"""Keyboard-only journeys in a real headless Chromium: Tab, Shift+Tab, the arrows, Space, Enter
and typing, nothing else — no click, no focus set by the test.

- a company fills the intake form and sends it;
- an officer goes through the menu to the project list, searches, and opens a project;
- a task-force member opens a dossier from their workspace and starts their review.
"""

import pytest
from django.urls import reverse

from projects.models import Project

from .factories import NEW_COMPANY_SIRET
from .test_browser_reflow import log_in_browser, reflow_world  # noqa: F401 (a fixture)
from .test_permission_matrix import MEMBER, OFFICER

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def focused(page, attribute: str = "id") -> str:
    return page.evaluate(f"() => String(document.activeElement.{attribute} || '')")


def tab_to(page, wanted, *, attribute: str = "id", limit: int = 120) -> None:
    """Press Tab until the focus is on the element whose `attribute` is `wanted` (a value, or a
    test of the value), as a keyboard user would; fail if the Tab order never reaches it."""
    matches = wanted if callable(wanted) else (lambda value: value == wanted)
    for _ in range(limit):
        page.keyboard.press("Tab")
        if matches(focused(page, attribute)):
            return
    raise AssertionError(f"Tab never reaches {wanted!r} ({attribute})")


def tab_to_text(page, text: str) -> None:
    tab_to(page, lambda value: value.strip().startswith(text), attribute="textContent")


def type_in(page, field_id: str, text: str) -> None:
    tab_to(page, field_id)
    page.keyboard.type(text)


def test_a_company_fills_and_sends_the_intake_form_with_the_keyboard_only(
    live_server, page, officer
):
    page.goto(live_server.url + reverse("projects:intake"))

    type_in(page, "id_siret", NEW_COMPANY_SIRET)
    type_in(page, "id_company_name", "Forges de Bayonne")
    type_in(page, "id_address", "4 rue des Forgerons")
    type_in(page, "id_postcode", "64100")
    type_in(page, "id_city", "Bayonne")
    tab_to(page, "id_headcount_band")
    for _ in range(10):  # a closed list moves with the arrows
        if page.evaluate("() => document.activeElement.value") == "10-49":
            break
        page.keyboard.press("ArrowDown")
    type_in(page, "id_first_name", "Maïté")
    type_in(page, "id_last_name", "Etcheverry")
    type_in(page, "id_email", "maite@forges-bayonne.example")
    type_in(page, "id_phone", "05 59 00 00 00")
    type_in(page, "id_title", "Capteurs connectés sur la presse")
    type_in(page, "id_description", "Suivre l'usure des outils en temps réel.")
    digital = page.evaluate(
        "() => [...document.querySelectorAll('input[name=axes]')]"
        ".find((box) => box.labels[0].textContent.includes('Transformation numérique')).id"
    )
    tab_to(page, digital)
    page.keyboard.press("Space")
    # The timing is a group of radio buttons: Tab enters it, the arrows choose.
    wanted = page.evaluate(
        "() => [...document.querySelectorAll('input[type=radio]')]"
        ".find((radio) => radio.labels[0].textContent.includes('Dans les 6 mois')).id"
    )
    radio_name = page.evaluate(f"() => document.getElementById('{wanted}').name")
    tab_to(page, radio_name, attribute="name")
    for _ in range(6):
        if focused(page) == wanted:
            break
        page.keyboard.press("ArrowDown")
    assert page.evaluate(f"() => document.getElementById('{wanted}').checked")
    tab_to(page, "id_data_consent")
    page.keyboard.press("Space")
    tab_to(page, "submit", attribute="value")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    errors = page.locator("#resume-erreurs")
    assert not errors.count(), errors.inner_text()
    assert page.url.endswith(reverse("projects:intake_done"))
    project = Project.objects.get()
    assert project.title == "Capteurs connectés sur la presse"
    assert set(project.axes.values_list("code", flat=True)) == {"digital"}


def test_an_officer_searches_the_projects_and_opens_one_with_the_keyboard_only(
    live_server,
    browser,
    reflow_world,  # noqa: F811
):
    w = reflow_world
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    log_in_browser(context, live_server, w.users[OFFICER])
    page.goto(live_server.url + reverse("projects:portfolio"))

    # Through the menu: Projets, then "Tous les projets".
    tab_to(page, "menu-projets")
    page.keyboard.press("Enter")
    tab_to_text(page, "Tous les projets")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(reverse("projects:list"))

    # The search field, a few words of the title, Enter.
    type_in(page, "id_q", w.project.title.split()[0])
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "q=" in page.url

    # Down the results to the project, Enter.
    tab_to_text(page, w.project.title)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(reverse("projects:detail", args=[w.project.pk]))
    context.close()


def test_a_member_opens_a_dossier_and_starts_a_review_with_the_keyboard_only(
    live_server,
    browser,
    reflow_world,  # noqa: F811
):
    w = reflow_world
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    log_in_browser(context, live_server, w.users[MEMBER])
    page.goto(live_server.url + reverse("taskforce:workspace"))

    tab_to_text(page, w.item.project.title)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(reverse("taskforce:dossier", args=[w.item.pk]))

    tab_to(
        page,
        lambda href: href.endswith(reverse("taskforce:review", args=[w.item.pk])),
        attribute="href",
    )
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(reverse("taskforce:review", args=[w.item.pk]))
    # The review form is reached with the keyboard too: its first score.
    tab_to(page, "radio", attribute="type")
    context.close()

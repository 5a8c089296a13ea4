"""The navigation in a real headless Chromium: grouped by area, it holds on one line at 1280 px
for the widest role (the programme manager who also has the technical admin), with room left
for a search form; its menus open and are walked with the keyboard; at a phone's width it folds
behind a toggle.
"""

import pytest
from django.urls import reverse

from pmi_aqt.accounts.models import Role

from .browser import blocking_violations
from .factories import UserFactory
from .test_browser_reflow import log_in_browser

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# The top-level entries of the header: the brand, each area, the account menu.
TOP_LEVEL = "header .navbar-brand, [data-nav] > li, [data-nav-end] > *"

# What another helper's global search will put on the right of the header, at its width.
SEARCH_STAND_IN = """
() => {
  const form = document.createElement("form");
  form.setAttribute("role", "search");
  form.innerHTML = '<input class="form-control form-control-sm" type="search" '
    + 'aria-label="Rechercher" style="width: 14rem">';
  document.querySelector("[data-nav-end]").prepend(form);
}
"""


@pytest.fixture
def widest_user(db):
    """The programme manager with the technical admin: every menu entry there is."""
    return UserFactory(
        email="responsable.programme@pmi-aqt.test", roles=[Role.MANAGER], is_staff=True
    )


def _middles(page) -> dict[str, int]:
    """The vertical middle of each top-level entry: on one line, they are all level."""
    return page.evaluate(
        """(selector) => Object.fromEntries([...document.querySelectorAll(selector)].map((el) => {
              const box = el.getBoundingClientRect();
              const name = el.textContent.trim().split(/\\s+/).slice(0, 3).join(" ");
              return [name || el.tagName, Math.round((box.top + box.bottom) / 2)];
            }))""",
        TOP_LEVEL,
    )


def test_the_widest_navigation_holds_on_one_line_at_1280_px(live_server, browser, widest_user):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    log_in_browser(context, live_server, widest_user)
    page.goto(live_server.url + reverse("projects:team"))
    page.evaluate(SEARCH_STAND_IN)

    middles = _middles(page)
    assert len(middles) >= 8, middles  # brand, 5 areas, the search, the account
    assert max(middles.values()) - min(middles.values()) <= 4, f"it wraps: {middles}"
    assert page.locator("[data-nav] a, [data-nav] button").count() >= 5
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    context.close()


def test_a_menu_opens_with_the_keyboard_and_marks_the_current_page(
    live_server, browser, widest_user
):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    log_in_browser(context, live_server, widest_user)
    page.goto(live_server.url + reverse("projects:dashboard"))

    # The area of the current page is marked, and the page itself in its menu.
    steering = page.locator("#menu-pilotage")
    assert "active" in steering.get_attribute("class")
    current = page.locator("[data-nav] [aria-current=page]")
    assert current.count() == 1
    assert current.get_attribute("href") == reverse("projects:dashboard")

    # Tab from the skip link to the first menu, open it with Enter, walk it with the arrows.
    projects_menu = page.locator("#menu-projets")
    for _ in range(5):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "menu-projets":
            break
    assert page.evaluate("document.activeElement.id") == "menu-projets"
    assert projects_menu.get_attribute("aria-expanded") == "false"
    page.keyboard.press("Enter")
    assert projects_menu.get_attribute("aria-expanded") == "true"
    assert blocking_violations(page) == []  # the open menu, read by axe-core
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Mon portefeuille"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Tous les projets"
    page.keyboard.press("Escape")
    assert projects_menu.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.id") == "menu-projets"
    page.keyboard.press("Enter")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(reverse("projects:list"))
    context.close()


def test_at_a_phone_width_the_navigation_folds_behind_a_toggle(live_server, browser, widest_user):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    log_in_browser(context, live_server, widest_user)
    page.goto(live_server.url + reverse("projects:team"))

    toggle = page.locator(".navbar-toggler")
    assert toggle.is_visible()
    assert toggle.get_attribute("aria-expanded") == "false"
    assert not page.locator("#menu-projets").is_visible()
    toggle.focus()
    page.keyboard.press("Enter")
    page.locator("#menu-principal.show").wait_for()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert page.locator("#menu-projets").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert blocking_violations(page) == []
    context.close()

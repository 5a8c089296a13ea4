"""Reflow (WCAG 2.1, 1.4.10): every page, as every role, at 320 CSS pixels wide, in a real
headless Chromium, without the page itself scrolling sideways.

The pages are not listed here: they are the permission matrix's (`PAGES`, which must name every
URL of the project), opened with its fixture world, as each role that may open them. A new page
is therefore checked as soon as it is declared there. A wide data table may scroll inside its
own labelled container (`.table-responsive`): only the page's own width counts.
"""

from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse

from .test_permission_matrix import (
    ANONYMOUS,
    COMPANY,
    CONFLICTED,
    FINANCE,
    MANAGER,
    MEMBER,
    OFFICER,
    PAGES,
    ROLES,
    build_world,
    project_url_names,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WIDTH = 320
# The roles whose every page is opened; the others (a second company, a second member) see the
# same pages with other objects, so they open only the pages nobody above has opened.
MAIN_ROLES = (ANONYMOUS, COMPANY, MEMBER, CONFLICTED, OFFICER, FINANCE, MANAGER)
ADMIN = "admin (manager with the technical admin)"

# What overflows: the page's width, and the outermost elements sticking out on the right.
OVERFLOW_SCRIPT = """
() => {
  const root = document.documentElement;
  if (root.scrollWidth <= window.innerWidth) return null;
  const limit = window.innerWidth + 1;
  // Inside a scrolling container (a wide table's), unless positioned out of it.
  const clipped = (el) => {
    const position = getComputedStyle(el).position;
    if (position === "fixed") return false;
    const start = position === "absolute" ? el.offsetParent : el.parentElement;
    for (let up = start; up && up !== document.body; up = up.parentElement) {
      if (getComputedStyle(up).overflowX !== "visible") return true;
    }
    return false;
  };
  const visible = (el) => getComputedStyle(el).overflowX === "visible";
  const boxOut = (el) => el.getBoundingClientRect().right > limit && !clipped(el);
  // Its text overflows its box (a long word, a URL).
  const textOut = (el) => visible(el) && !clipped(el)
    && el.getBoundingClientRect().left + el.scrollWidth > limit;
  const positioned = (el) => ["absolute", "fixed"].includes(getComputedStyle(el).position);
  const all = [...document.body.querySelectorAll("*")];
  // The outermost boxes sticking out; failing those, the innermost texts overflowing.
  let culprits = all.filter((el) => boxOut(el)
    && (positioned(el) || el.parentElement === document.body || !boxOut(el.parentElement)));
  if (!culprits.length) {
    culprits = all.filter((el) => textOut(el) && ![...el.children].some(textOut));
  }
  const describe = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
    + (el.classList.length ? "." + [...el.classList].join(".") : "")
    + " (" + Math.round(Math.max(el.getBoundingClientRect().right,
                                 el.getBoundingClientRect().left + el.scrollWidth)) + " px)";
  return {width: root.scrollWidth, culprits: culprits.slice(0, 3).map(describe)};
}
"""


# The tables that scroll inside their container and are not a named, focusable region.
UNNAMED_SCROLLERS_SCRIPT = """
() => [...document.querySelectorAll(".table-responsive")]
  .filter((el) => el.scrollWidth > el.clientWidth + 1)
  .filter((el) => el.getAttribute("role") !== "region" || el.tabIndex !== 0
    || !(el.getAttribute("aria-label") || el.getAttribute("aria-labelledby") || "").trim())
  .map((el) => (el.querySelector("caption") || el).textContent.trim().slice(0, 60))
"""


def _pages_for(role: str, opened: set[str]) -> list[str]:
    names = project_url_names()
    return [
        name
        for name, page in PAGES.items()
        if name in names
        and role in page.allowed
        and page.method != "POST"
        and (role in MAIN_ROLES or name not in opened)
    ]


def log_in_browser(context, live_server, user) -> Client:
    """A Django test client logged in as `user`, whose session the browser shares."""
    client = Client()
    if user is not None:
        client.force_login(user)
        context.add_cookies(
            [
                {
                    "name": cookie.key,
                    "value": cookie.value,
                    "url": live_server.url,
                }
                for cookie in client.cookies.values()
            ]
        )
    return client


def _visit(page, url: str) -> dict | None:
    """The overflow of the HTML page at `url`, or None (no overflow, or not an HTML page)."""
    try:
        response = page.goto(url, wait_until="load")
    except Exception as error:  # a download (exports, PDF) is not a page to lay out
        if "Download is starting" in str(error):
            return None
        raise
    if response is None or "text/html" not in response.headers.get("content-type", ""):
        return None
    overflow = page.evaluate(OVERFLOW_SCRIPT)
    unnamed = page.evaluate(UNNAMED_SCROLLERS_SCRIPT)
    if unnamed:
        overflow = overflow or {"width": WIDTH, "culprits": []}
        overflow["culprits"] += [f"a scrolling table is no named region: {t}" for t in unnamed]
    return overflow


@pytest.fixture
def reflow_world(settings, tmp_path) -> SimpleNamespace:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private")},
        },
    }
    w = build_world(tmp_path)
    admin = w.users[MANAGER]
    admin.is_staff = True  # the manager who also has the technical admin
    admin.save(update_fields=["is_staff"])
    return w


def test_every_page_of_every_role_reflows_at_320_px(live_server, browser, reflow_world):
    w = reflow_world
    failures, opened = [], set()
    order = [*MAIN_ROLES, *(r for r in ROLES if r not in MAIN_ROLES)]
    assert set(order) == set(ROLES)
    for role in order:
        context = browser.new_context(viewport={"width": WIDTH, "height": 640})
        page = context.new_page()
        client = log_in_browser(context, live_server, w.users[role])
        for name in _pages_for(role, opened):
            declared = PAGES[name]
            if declared.prepare:
                declared.prepare(client, w)
            url = declared.url(w, role)
            overflow = _visit(page, live_server.url + url)
            opened.add(name)
            if overflow:
                failures.append(
                    f"{name} as {role} ({url}): {overflow['width']} px wide — "
                    + ", ".join(overflow["culprits"])
                )
        context.close()
    # The technical admin, opened by the manager who holds it.
    context = browser.new_context(viewport={"width": WIDTH, "height": 640})
    page = context.new_page()
    log_in_browser(context, live_server, w.users[MANAGER])
    overflow = _visit(page, live_server.url + reverse("admin:index"))
    if overflow:
        failures.append(f"admin:index as {ADMIN}: {overflow['width']} px wide")
    context.close()

    assert opened == {
        name for name in project_url_names() if PAGES[name].method != "POST" and PAGES[name].allowed
    }
    assert not failures, f"{len(failures)} page(s) scroll sideways at {WIDTH} px:\n" + "\n".join(
        failures
    )

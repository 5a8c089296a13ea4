"""What the browser tests share: the accessibility check, run on a page that has loaded."""

from axe_playwright_python.sync_playwright import Axe

BLOCKING_IMPACTS = {"serious", "critical"}


def blocking_violations(page) -> list[str]:
    """The serious and critical axe-core violations of the page.

    A click does not wait for the page it opens: the caller first waits for something of the
    new page (its heading, its message), or axe checks the old one or loses it mid-run. The
    load state waited for here covers the rest: a page already shown whose scripts and styles
    are still coming."""
    page.wait_for_load_state()
    results = Axe().run(page)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        + ", ".join(str(node["target"]) for node in violation["nodes"])
        for violation in results.response["violations"]
        if violation["impact"] in BLOCKING_IMPACTS
    ]

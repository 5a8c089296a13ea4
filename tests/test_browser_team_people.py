"""The project list's officer filter in a real headless Chromium: typed, a suggestion taken,
and the projects without an officer offered; axe-core finds nothing blocking on the form."""

import pytest
from django.urls import reverse

from pmi_aqt.accounts.models import Role

from .factories import ProjectFactory, UserFactory
from .test_browser_dashboard import log_in
from .test_browser_staff import blocking_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def listed(page) -> set[str]:
    return set(page.locator("main#contenu table tbody tr th a").all_inner_texts())


def filter_by_suggestion(page, typed: str, suggestion: str) -> None:
    """Type in the officer filter, take the suggestion the script offers (`suggestion`: an
    attribute selector of its option), and search."""
    field = page.get_by_label("Chargé·e de mission")
    field.fill(typed)
    offered = page.locator(f"#id_charge-suggestions option{suggestion}")
    offered.wait_for(state="attached")
    field.fill(offered.get_attribute("value"))
    with page.expect_navigation():
        page.get_by_role("search", name="Rechercher, filtrer et trier").get_by_role(
            "button", name="Rechercher"
        ).click()


def test_an_officer_filters_the_list_by_a_colleague_typed_then_by_no_officer(
    live_server, page, officer
):
    helene = UserFactory(first_name="Hélène", last_name="Lasserre", roles=[Role.OFFICER])
    ProjectFactory(title="Celui d'Hélène", officer=helene)
    ProjectFactory(title="Le mien", officer=officer)
    ProjectFactory(title="Sans personne", officer=None)
    log_in(page, live_server, officer)
    page.goto(live_server.url + reverse("projects:list"))

    filter_by_suggestion(page, "lasser", '[value$=" — Hélène Lasserre"]')

    assert "Celui d'Hélène" in listed(page)
    assert "Le mien" not in listed(page)
    assert (
        page.get_by_label("Chargé·e de mission").input_value() == f"{helene.pk} — Hélène Lasserre"
    )
    assert blocking_violations(page) == []

    filter_by_suggestion(page, "aucu", '[value^="aucun"]')

    assert "Sans personne" in listed(page)
    assert not {"Celui d'Hélène", "Le mien"} & listed(page)

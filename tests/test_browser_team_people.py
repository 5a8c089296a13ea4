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


def test_an_officer_filters_the_list_by_a_colleague_typed_then_by_no_officer(
    live_server, page, officer
):
    helene = UserFactory(first_name="Hélène", last_name="Lasserre", roles=[Role.OFFICER])
    ProjectFactory(title="Celui d'Hélène", officer=helene)
    ProjectFactory(title="Le mien", officer=officer)
    ProjectFactory(title="Sans personne", officer=None)
    log_in(page, live_server, officer)
    page.goto(live_server.url + reverse("projects:list"))

    field = page.get_by_label("Chargé·e de mission")
    field.fill("lasser")
    offered = page.locator('#id_charge-suggestions option[value$=" — Hélène Lasserre"]')
    offered.wait_for(state="attached")
    field.fill(offered.get_attribute("value"))
    with page.expect_navigation():
        page.get_by_role("search", name="Rechercher, filtrer et trier").get_by_role(
            "button", name="Rechercher"
        ).click()

    assert "Celui d'Hélène" in listed(page)
    assert "Le mien" not in listed(page)
    assert (
        page.get_by_label("Chargé·e de mission").input_value() == f"{helene.pk} — Hélène Lasserre"
    )
    assert blocking_violations(page) == []

    field = page.get_by_label("Chargé·e de mission")
    field.fill("aucu")
    offered = page.locator('#id_charge-suggestions option[value^="aucun"]')
    offered.wait_for(state="attached")
    field.fill(offered.get_attribute("value"))
    with page.expect_navigation():
        page.get_by_role("search", name="Rechercher, filtrer et trier").get_by_role(
            "button", name="Rechercher"
        ).click()

    assert "Sans personne" in listed(page)
    assert not {"Celui d'Hélène", "Le mien"} & listed(page)

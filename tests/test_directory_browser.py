"""The directory and the resources section in a real headless Chromium, audited by axe-core."""

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from companies.models import HeadcountBand
from projects.models import InterventionAxis, Resource

from .browser import blocking_violations
from .factories import CompanyFactory, ProjectFactory
from .test_directory_helpers import PartnerOrganisationFactory, SupportSchemeFactory

# live_server needs a transactional database; the serialized rollback puts back the axes and
# roles seeded by migrations, which the flush after another transactional test would remove.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def log_in(page, client, live_server, user) -> None:
    """Give the browser the session of a person logged in through the test client."""
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


@pytest.fixture
def project():
    company = CompanyFactory(headcount_band=HeadcountBand.SMALL)
    project = ProjectFactory(company=company, axis_codes=["digital"])
    project.primary_axis = InterventionAxis.objects.get(code="digital")
    project.save()
    return project


def test_manager_creates_a_scheme_with_the_keyboard_and_every_page_passes_axe(
    live_server, page, client, manager
):
    adi = PartnerOrganisationFactory(name="ADI Nouvelle-Aquitaine")
    log_in(page, client, live_server, manager)

    page.goto(live_server.url + reverse("projects:organisation_list"))
    assert blocking_violations(page) == []
    page.get_by_role("link", name="ADI Nouvelle-Aquitaine").click()
    # A click does not wait for the page it opens: wait for it before axe reads it.
    expect(page.get_by_role("heading", level=1, name="ADI Nouvelle-Aquitaine")).to_be_visible()
    assert blocking_violations(page) == []
    page.get_by_role("link", name="Ajouter un dispositif").click()
    funder = page.get_by_label("Organisation qui le propose*")
    expect(funder).to_have_value(f"{adi.pk} — ADI Nouvelle-Aquitaine")

    # Sent empty first: the error summary and the messages next to the fields.
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert blocking_violations(page) == []

    # The funder is typed: the script offers the organisations matching, the one taken is sent.
    funder.fill("nouvelle-aqui")
    offered = page.locator("#id_organisation-suggestions option").first
    offered.wait_for(state="attached")
    assert offered.get_attribute("value") == f"{adi.pk} — ADI Nouvelle-Aquitaine"
    funder.fill(offered.get_attribute("value"))
    page.get_by_label("Nom du dispositif*").fill("Usine du futur")
    page.get_by_label("Nature du dispositif*").select_option("funding")
    page.get_by_label("Transformation numérique").focus()
    page.keyboard.press("Space")
    page.get_by_label("10 à 49 salariés").check()
    page.get_by_role("button", name="Enregistrer").click()

    page.get_by_role("heading", name="Usine du futur", exact=True).wait_for()
    assert "10 à 49 salariés" in page.content()
    assert blocking_violations(page) == []
    page.goto(live_server.url + reverse("projects:scheme_list"))
    assert page.get_by_role("link", name="Usine du futur").is_visible()
    assert blocking_violations(page) == []


def test_officer_retains_a_suggested_scheme_from_the_project_page(
    live_server, page, client, officer, project
):
    scheme = SupportSchemeFactory(name="Usine du futur", axis_codes=["digital"])
    log_in(page, client, live_server, officer)

    page.goto(live_server.url + project.get_absolute_url())
    section = page.locator("section[aria-labelledby=ressources]")
    assert "Pourquoi : sert l'axe principal « Transformation numérique »" in section.inner_text()
    section.get_by_role("button", name="Retenir Usine du futur").click()

    page.get_by_text("« Usine du futur » fait partie des ressources à mobiliser.").wait_for()
    resource = Resource.objects.get(project=project, scheme=scheme)
    assert resource.status == Resource.Status.SUGGESTED
    page.get_by_role("link", name="Mettre à jour la ressource Usine du futur").click()
    page.get_by_label("Statut*").select_option("contacted")
    assert blocking_violations(page) == []
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("est à jour").wait_for()
    resource.refresh_from_db()
    assert resource.status == Resource.Status.CONTACTED


def test_officer_confirms_and_dismisses_suggestions_then_searches_the_directory(
    live_server, page, client, officer, project
):
    from projects.matching.index import index_schemes
    from projects.models import SchemeCall, SuggestionDismissal

    kept = SupportSchemeFactory(
        name="Usine du futur", axis_codes=["digital"], keywords="robot, automatisation"
    )
    dropped = SupportSchemeFactory(
        name="Prêt numérique", axis_codes=["digital"], headcount_bands=[HeadcountBand.SMALL]
    )
    SchemeCall.objects.create(
        scheme=dropped,
        opens_on=project.created_at.date(),
        closes_on=project.created_at.date().replace(year=project.created_at.year + 1),
    )
    index_schemes([kept.pk, dropped.pk])
    log_in(page, client, live_server, officer)

    page.goto(live_server.url + project.get_absolute_url())
    section = page.locator("section[aria-labelledby=ressources]")
    section.get_by_role("button", name="Retenir Usine du futur").click()
    page.get_by_text("« Usine du futur » fait partie des ressources à mobiliser.").wait_for()
    assert Resource.objects.filter(project=project, scheme=kept).exists()

    section = page.locator("section[aria-labelledby=ressources]")
    section.get_by_role("link", name="Écarter Prêt numérique").click()
    page.get_by_label("Pourquoi l'écarter ?").fill("L'entreprise a déjà un prêt en cours.")
    assert blocking_violations(page) == []
    page.get_by_role("button", name="Écarter ce dispositif").click()
    page.get_by_text("« Prêt numérique » est écarté des suggestions de ce projet.").wait_for()
    assert SuggestionDismissal.objects.get(project=project, scheme=dropped).reason == (
        "L'entreprise a déjà un prêt en cours."
    )

    # The directory search: words, size and open calls, sent with the keyboard.
    page.goto(live_server.url + reverse("projects:scheme_list"))
    search = page.get_by_role("search", name="Rechercher et filtrer les dispositifs")
    search.get_by_role("textbox", name="Rechercher").fill("automatisation des robots")
    page.get_by_label("Taille de l'entreprise").select_option(HeadcountBand.SMALL)
    page.get_by_label("Appels à candidatures").select_option("ouverts")
    search.get_by_role("textbox", name="Rechercher").press("Enter")
    page.get_by_text("1 dispositif trouvé").wait_for()
    results = page.get_by_role("table")
    assert results.get_by_role("link", name="Usine du futur").is_visible()
    assert "mots en commun : automatisation, robots" in results.inner_text()
    assert "Ouvert toute l'année." in results.inner_text()
    assert blocking_violations(page) == []

    search.get_by_role("textbox", name="Rechercher").fill("")
    search.get_by_role("button", name="Rechercher").click()
    page.get_by_text("2 dispositifs trouvés").wait_for()
    assert "Appel ouvert jusqu'au" in page.get_by_role("table").inner_text()

"""The team view, the portfolio, the dashboard's drill-down and the company's page in a real
headless Chromium: where the manager lands, the links between them, axe-core audits."""

import datetime
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from projects.access import company_link_token
from projects.models import DecisionOutcome, PartnerOrganisation, Stage, SupportAction

from .browser import blocking_violations
from .factories import ContactFactory, ProjectFactory
from .test_browser_dashboard import log_in
from .test_dashboard_stats import build_2016
from .test_portfolio import in_stage_for, overdue_step
from .test_taskforce_data import decide_in_session, make_session, put_on_agenda

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_manager_lands_on_the_team_and_opens_an_officers_portfolio(
    live_server, page, manager, officer
):
    diagnosis = in_stage_for(
        ProjectFactory(title="Diagnostic long", officer=officer), "diagnosis", 60
    )
    overdue_step(diagnosis.company, officer, "Rappeler le dirigeant")
    put_on_agenda(make_session(days_ahead=8, chair=officer), title="Dossier laser", officer=officer)
    ProjectFactory(title="Demande à attribuer")

    log_in(page, live_server, manager)

    assert page.url.endswith(reverse("projects:team"))
    assert page.locator("main#contenu h1").inner_text() == "L'équipe du programme"
    assert "Demande à attribuer" in page.locator("#nouvelles-demandes").locator("..").inner_text()
    assert blocking_violations(page) == []

    # The click does not wait for the portfolio: expect() waits for its address and heading.
    page.locator(f'tr[data-person="{officer.pk}"] th a').click()
    expect(page).to_have_url(re.compile(f"personne={officer.pk}"))
    expect(page.locator("main#contenu h1")).to_have_text(f"Portefeuille de {officer}")
    expect(page.locator("#etape-diagnosis")).to_contain_text("n'avance plus")
    agenda = page.locator("[data-portfolio=agenda]")
    expect(agenda.get_by_role("link", name="Dossier laser")).to_have_count(1)
    expect(page.get_by_text("Rappeler le dirigeant")).to_have_count(1)
    assert blocking_violations(page) == []


def test_a_dashboard_count_opens_its_list_with_its_criteria(live_server, page, officer):
    build_2016()
    log_in(page, live_server, officer)
    page.goto(live_server.url + reverse("projects:dashboard") + "?annee=2015&fin=2017")

    link = page.locator("[data-figure=decisions] [data-cell=count] a")
    figure = int(link.inner_text().split()[0])
    with page.expect_navigation():
        link.click()

    assert "decides=2015-2017" in page.url
    heading = page.locator("#resultats").inner_text()
    assert heading.startswith(f"{figure} projet")
    assert "Première décision en : 2015–2017" in page.locator("[data-criteria]").inner_text()
    assert blocking_violations(page) == []
    # The search form keeps the criterion.
    page.get_by_label("Étape").select_option("in_support")
    with page.expect_navigation():
        page.get_by_role("main").get_by_role("button", name="Rechercher").click()
    assert "decides=2015-2017" in page.url and "etape=in_support" in page.url


def test_the_company_reads_its_decision_and_support_plan_and_the_page_passes_axe(
    live_server, page, officer
):
    item = put_on_agenda(make_session(days_ahead=0, chair=officer), officer=officer)
    contact = ContactFactory(company=item.project.company)
    lab = PartnerOrganisation.objects.create(name="Laboratoire I2M", kind="lab")
    decide_in_session(
        item,
        outcome=DecisionOutcome.APPROVED_WITH_CONDITIONS,
        conditions="Signer l'accord de consortium.",
        rationale="",
        actions=[
            {
                "kind": SupportAction.Kind.EXPERTISE,
                "title": "Audit de la ligne",
                "provider": lab,
                "starts_on": datetime.date(2026, 3, 2),
            }
        ],
        by=officer,
    )
    assert item.project.__class__.objects.get(pk=item.project.pk).stage == Stage.DECIDED
    token = company_link_token(contact_id=contact.pk, project_id=item.project.pk)

    page.goto(live_server.url + reverse("projects:company_view", args=[token]))

    decision = page.locator("[data-company-decision]").inner_text()
    assert "sous certaines conditions" in decision
    assert "Signer l'accord de consortium." in decision
    assert "Audit de la ligne" in page.locator("[data-company-actions]").inner_text()
    assert blocking_violations(page) == []

"""The company's secure page after the task force: its decision, the support plan, the financing
obtained and the next follow-up questionnaire, and nothing that is not meant for the company."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from projects.access import company_link_token
from projects.models import (
    DecisionOutcome,
    FinancingLine,
    FollowUp,
    PartnerOrganisation,
    Stage,
    SupportAction,
)
from taskforce.models import AgendaItem
from taskforce.services import consultation_open, decision_record

from .factories import ContactFactory, UserFactory
from .test_taskforce_data import (
    OTHERS_COMMENT,
    OTHERS_COMPANY_COMMENT,
    SECRET_DESCRIPTION,
    SECRET_REQUEST,
    decide_in_session,
    make_member,
    make_session,
    put_on_agenda,
    submit_review,
)

pytestmark = pytest.mark.django_db

RATIONALE = "Motivation interne de la séance"


@pytest.fixture
def chair(db):
    return UserFactory(email="chair@pmi-aqt.test", roles=["officer"])


@pytest.fixture
def item(chair):
    session = make_session(chair=chair, days_ahead=0)
    return put_on_agenda(session, title="Découpe laser connectée", officer=chair)


@pytest.fixture
def contact(item):
    return ContactFactory(company=item.project.company, first_name="Inès")


@pytest.fixture
def lab(db):
    return PartnerOrganisation.objects.create(
        name="Laboratoire I2M", kind=PartnerOrganisation.Kind.LAB
    )


def page(client, contact, project) -> str:
    token = company_link_token(contact_id=contact.pk, project_id=project.pk)
    response = client.get(reverse("projects:company_view", args=[token]))
    assert response.status_code == 200
    return response.text


def decide(item, chair, outcome, *, conditions="", actions=()):
    return decide_in_session(
        item, by=chair, outcome=outcome, conditions=conditions, rationale=RATIONALE, actions=actions
    )


def section(html: str, marker: str) -> str:
    start = html.index(marker)
    return html[start : html.index("</section>", start)]


# --- The decision


def test_the_company_reads_a_conditional_approval_with_its_conditions(
    client, chair, item, contact, lab
):
    submit_review(item, make_member("reviewer@partner.test"))
    decide(
        item,
        chair,
        DecisionOutcome.APPROVED_WITH_CONDITIONS,
        conditions="Signer l'accord de consortium avec le laboratoire.",
        actions=[
            {
                "kind": SupportAction.Kind.EXPERTISE,
                "title": "Audit de la ligne de découpe",
                "provider": lab,
                "starts_on": datetime.date(2026, 3, 2),
                "ends_on": datetime.date(2026, 6, 30),
            }
        ],
    )

    html = page(client, contact, item.project)

    decision = section(html, "data-company-decision")
    assert "La décision de la task force" in decision
    assert "a décidé d&#x27;accompagner votre projet, sous certaines conditions" in decision
    assert "Les conditions de cet accord" in decision
    assert "Signer l&#x27;accord de consortium avec le laboratoire." in decision
    assert f"Séance du {timezone.localdate().day}" in decision
    for internal in (RATIONALE, OTHERS_COMMENT, OTHERS_COMPANY_COMMENT, "Accordé sous conditions"):
        assert internal not in html, internal
    for secret in (SECRET_DESCRIPTION, SECRET_REQUEST, "50000", "50 000", "150"):
        assert secret not in html, secret


def test_the_support_plan_shows_each_action_kind_provider_dates_and_status(
    client, chair, item, contact, lab
):
    decide(
        item,
        chair,
        DecisionOutcome.APPROVED,
        actions=[
            {
                "kind": SupportAction.Kind.EXPERTISE,
                "title": "Audit de la ligne de découpe",
                "provider": lab,
                "starts_on": datetime.date(2026, 3, 2),
                "ends_on": datetime.date(2026, 6, 30),
            },
            {"kind": SupportAction.Kind.TRAINING, "title": "Formation des régleurs"},
        ],
    )
    SupportAction.objects.filter(title="Formation des régleurs").update(
        status=SupportAction.Status.IN_PROGRESS, starts_on=datetime.date(2026, 9, 1)
    )

    html = page(client, contact, item.project)

    assert "La task force a décidé d&#x27;accompagner votre projet." in html
    plan = section(html, 'id="accompagnement"')
    rows = re.findall(r"<tr>\s*<th scope=\"row\">(.*?)</tr>", plan, re.S)
    assert len(rows) == 2
    audit, training = rows
    assert "Audit de la ligne de découpe" in audit
    assert "Expertise" in audit and "Laboratoire I2M" in audit
    assert "du 02/03/2026 au 30/06/2026" in audit and "Prévue" in audit
    assert "Formation des régleurs" in training and "Formation" in training
    assert "à partir du 01/09/2026" in training and "En cours" in training


def test_a_deferral_says_what_the_task_force_asks(client, chair, item, contact):
    decide(item, chair, DecisionOutcome.DEFERRED, conditions="Préciser le plan de financement.")

    html = page(client, contact, item.project)

    decision = section(html, "data-company-decision")
    assert "La task force a reporté sa décision" in decision
    assert "Ce que la task force demande" in decision
    assert "Préciser le plan de financement." in decision
    assert "Les conditions de cet accord" not in decision
    assert 'id="accompagnement"' not in html  # nothing granted


def test_a_rejection_is_told_plainly_without_the_internal_label(client, chair, item, contact):
    decide(item, chair, DecisionOutcome.REJECTED)

    html = page(client, contact, item.project)

    assert "n&#x27;a pas retenu d&#x27;accompagnement par le programme" in html
    assert "Refusé" not in html


def test_the_latest_decision_is_the_one_shown(client, chair, item, contact):
    decide(item, chair, DecisionOutcome.DEFERRED, conditions="Compléter le dossier.")
    project = item.project
    project.stage = Stage.ON_AGENDA
    project.save(update_fields=["stage"])
    later = make_session(chair=chair, days_ahead=0)
    later.agenda_items.create(project=project, position=1, presenter=chair)
    decide(
        later.agenda_items.get(),
        chair,
        DecisionOutcome.APPROVED,
        actions=[{"kind": SupportAction.Kind.EXPERTISE, "title": "Audit"}],
    )

    html = page(client, contact, project)

    assert "La task force a décidé d&#x27;accompagner votre projet." in html
    assert "reporté sa décision" not in html and "Compléter le dossier." not in html


def test_a_written_consultation_s_decision_is_dated_by_its_day_not_by_a_session(client, chair):
    session = make_session(chair=chair, days_ahead=12)
    item = put_on_agenda(session, title="Jumeau numérique", officer=chair)
    contact = ContactFactory(company=item.project.company, first_name="Inès")
    consultation_open(
        item=item, closes_on=timezone.localdate() + datetime.timedelta(days=3), by=chair
    )
    AgendaItem.objects.filter(pk=item.pk).update(
        consultation_closes_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    decision_record(
        item=item,
        outcome=DecisionOutcome.REJECTED,
        conditions="",
        rationale=RATIONALE,
        actions=[],
        no_review_reason="Aucun membre n'a répondu.",
        by=chair,
    )

    decision = section(page(client, contact, item.project), "data-company-decision")

    today = timezone.localdate()
    assert f"Décision prise par consultation écrite le {today.day}" in decision
    assert "Séance du" not in decision


def test_before_any_decision_nothing_is_said_of_one(client, item, contact):
    html = page(client, contact, item.project)

    assert "La décision de la task force" not in html
    assert 'id="accompagnement"' not in html
    assert "data-company-decision" not in html


def test_a_decision_on_another_project_of_the_company_stays_on_that_project(
    client, chair, item, contact
):
    decide(item, chair, DecisionOutcome.REJECTED)
    other = put_on_agenda(make_session(chair=chair), title="Autre dossier", position=2)
    other.project.company = contact.company
    other.project.save(update_fields=["company"])

    html = page(client, contact, other.project)

    assert "La décision de la task force" not in html


# --- Financing and follow-up


def test_only_the_financing_obtained_is_shown_with_the_amount_granted(client, chair, item, contact):
    project = item.project  # its dossier asked 50,000 € of the Région (put_on_agenda)
    FinancingLine.objects.create(
        project=project,
        source_label="Bpifrance",
        kind=FinancingLine.Kind.LOAN,
        amount_asked=Decimal("90000"),
        amount_obtained=Decimal("30000"),
        status=FinancingLine.Status.GRANTED,
    )
    FinancingLine.objects.create(
        project=project,
        source_label="Banque en attente",
        kind=FinancingLine.Kind.LOAN,
        amount_asked=Decimal("123456"),
        status=FinancingLine.Status.REQUESTED,
    )

    html = page(client, contact, project)

    financing = html[html.index("data-company-financing") :]
    financing = financing[: financing.index("</ul>")]
    assert "Bpifrance" in financing and "Prêt / avance remboursable" in financing
    assert re.search(r"30\s000 €", financing.replace("\xa0", " ").replace("\u202f", " "))
    for hidden in ("90000", "90 000", "90\xa0000", "123", "Banque en attente", "Région"):
        assert hidden not in html, hidden


def test_the_next_questionnaire_is_announced_with_its_date(client, item, contact):
    project = item.project
    due_on = timezone.localdate() + datetime.timedelta(days=40)
    FollowUp.objects.create(project=project, months=6, due_on=due_on)
    FollowUp.objects.create(
        project=project, months=3, due_on=timezone.localdate(), answered_at=timezone.now()
    )

    html = page(client, contact, project)

    survey = html[html.index("data-company-survey") :].split("</p>")[0]
    assert "6 mois après le début de l'accompagnement" in survey
    assert str(due_on.year) in survey
    assert "Répondre au questionnaire" not in survey and "href" not in survey


def test_a_questionnaire_due_links_to_its_survey(client, item, contact):
    project = item.project
    FollowUp.objects.create(
        project=project, months=3, due_on=timezone.localdate() - datetime.timedelta(days=2)
    )
    FollowUp.objects.create(
        project=project, months=6, due_on=timezone.localdate() + datetime.timedelta(days=90)
    )

    html = page(client, contact, project)

    survey = html[html.index("data-company-survey") :].split("</p>")[0]
    assert "Le questionnaire de suivi à 3 mois vous attend" in survey
    url = re.search(r'href="([^"]+)">Répondre au questionnaire', survey).group(1)
    answered = client.get(url)
    assert answered.status_code == 200
    assert "3 mois" in answered.text


def test_an_abandoned_project_announces_no_questionnaire(client, item, contact):
    project = item.project
    FollowUp.objects.create(project=project, months=3, due_on=timezone.localdate())
    project.stage = Stage.ABANDONED
    project.save(update_fields=["stage"])

    assert "data-company-survey" not in page(client, contact, project)


def test_the_section_left_for_placements_and_collective_actions_renders_nothing_empty():
    assert render_to_string("projects/company/_more_support.html", {}).strip() == ""


# --- Cost


def test_the_page_reads_a_fixed_number_of_queries_whatever_the_plan(
    client, chair, item, contact, lab
):
    decide(
        item,
        chair,
        DecisionOutcome.APPROVED,
        actions=[{"kind": SupportAction.Kind.EXPERTISE, "title": "Audit", "provider": lab}],
    )
    project = item.project
    token = company_link_token(contact_id=contact.pk, project_id=project.pk)
    url = reverse("projects:company_view", args=[token])
    with CaptureQueriesContext(connection) as few:
        client.get(url)

    for index in range(6):
        SupportAction.objects.create(
            project=project, kind="training", title=f"Formation {index}", provider=lab
        )
        FinancingLine.objects.create(
            project=project,
            source_label=f"Source {index}",
            kind="grant",
            amount_asked=1000,
            amount_obtained=1000,
            status=FinancingLine.Status.GRANTED,
        )
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)

    assert "Formation 5" in response.text and "Source 5" in response.text
    assert len(many) == len(few)

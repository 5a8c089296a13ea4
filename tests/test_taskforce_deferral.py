"""A deferred dossier is no dead end: back to preparation with the task force's requests, then
on a later session's agenda, decided again; its history keeps both passages."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from projects import workflow
from projects.models import DecisionOutcome, Stage, StageChange
from taskforce import services
from taskforce.models import AgendaItem, Session

from . import test_taskforce_data as data
from .test_taskforce_decision import decision_post

pytestmark = pytest.mark.django_db

colleague, conflicted_member, other_member = (
    data.colleague,
    data.conflicted_member,
    data.other_member,
)
session, other_session, item = data.session, data.other_session, data.item

REQUESTS = "Devis définitif du robot\n- Lettre d'engagement de la banque"


@pytest.fixture
def deferred(client, officer, member, colleague, item):
    """The dossier deferred a month ago, at its session held that day."""
    today = timezone.localdate()
    data.hold(item.session, present=[member, colleague], day=today - datetime.timedelta(days=30))
    client.force_login(officer)
    response = client.post(
        reverse("taskforce:decision", args=[item.pk]),
        decision_post(outcome="deferred", conditions=REQUESTS, rationale="Trop tôt"),
    )
    assert response.status_code == 302
    item.refresh_from_db()
    item.project.refresh_from_db()
    return item


def test_a_deferred_dossier_goes_back_to_preparation_with_the_requests_listed(
    client, officer, deferred
):
    project = deferred.project

    page = client.get(project.get_absolute_url()).text

    assert project.stage == Stage.DIAGNOSIS
    assert project.latest_decision == deferred
    assert deferred.requests == ["Devis définitif du robot", "Lettre d'engagement de la banque"]
    assert "ce qu'elle demande avant le prochain passage" in page
    assert "<li>Devis définitif du robot</li>" in page
    assert "<li>Lettre d&#x27;engagement de la banque</li>" in page
    moves = list(
        project.stage_changes.order_by("changed_at", "pk").values_list("from_stage", "to_stage")
    )
    assert moves == [(Stage.ON_AGENDA, Stage.DECIDED), (Stage.DECIDED, Stage.DIAGNOSIS)]
    back = project.stage_changes.get(to_stage=Stage.DIAGNOSIS)
    assert back.changed_by == officer and "Devis définitif du robot" in back.comment


def test_a_deferral_by_written_consultation_says_so_on_the_project_page(
    client, officer, member, item
):
    closes_on = timezone.localdate() - datetime.timedelta(days=1)
    AgendaItem.objects.filter(pk=item.pk).update(
        consultation_closes_on=closes_on, consultation_opened_at=timezone.now()
    )
    client.force_login(officer)
    client.post(
        reverse("taskforce:decision", args=[item.pk]),
        decision_post(outcome="deferred", conditions=REQUESTS, rationale="Trop tôt"),
    )

    page = client.get(item.project.get_absolute_url()).text

    box = page[page.index('id="demandes-task-force"') :]
    assert f"consultation écrite close le {closes_on:%d/%m/%Y}" in box
    assert "séance du" not in box[: box.index("</h3>")]


def test_a_deferred_dossier_is_not_offered_for_an_agenda_until_it_is_ready_again(
    client, officer, deferred
):
    later = data.make_session(status=Session.Status.DRAFT, chair=officer, days_ahead=20)
    project = deferred.project
    assert project not in services.agenda_candidates()

    client.post(reverse("projects:move", args=[project.pk]), {"target": Stage.DOSSIER_READY})

    project.refresh_from_db()
    assert project.stage == Stage.DOSSIER_READY
    assert project in services.agenda_candidates()
    # The session's "add a dossier" search offers it again.
    search = reverse("taskforce:agenda_candidates", args=[later.pk])
    offered = client.get(search, {"q": str(project.pk)}).json()["results"]
    assert [text.split(" — ")[0] for text in offered] == [str(project.pk)]


def test_the_round_trip_from_deferral_to_an_approval_at_a_later_session(
    client, officer, member, colleague, deferred, django_capture_on_commit_callbacks
):
    project = deferred.project
    # The officer completes the dossier and declares it ready again.
    client.post(reverse("projects:move", args=[project.pk]), {"target": Stage.DOSSIER_READY})
    # A later session: the dossier goes on its agenda, which is published.
    later = data.make_session(
        members=[member, colleague], status=Session.Status.DRAFT, chair=officer, days_ahead=0
    )
    response = client.post(
        reverse("taskforce:agenda_item_add", args=[later.pk]),
        {"project": project.pk, "presenter": officer.pk, "starts_at": "10:00"},
    )
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("taskforce:session_publish", args=[later.pk]))
    second = AgendaItem.objects.get(session=later, project=project)
    project.refresh_from_db()
    assert project.stage == Stage.ON_AGENDA
    # The task force, reviewing it again, reads what it asked the first time.
    data.submit_review(second, colleague)
    client.force_login(colleague)
    dossier = client.get(reverse("taskforce:dossier", args=[second.pk])).text
    assert "Passages précédents devant la task force" in dossier
    assert "Lettre d&#x27;engagement de la banque" in dossier
    # Held today; the chair approves, with conditions.
    data.hold(later, present=[member, colleague])
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("taskforce:decision", args=[second.pk]),
            decision_post(
                outcome="approved_conditions",
                conditions="Recruter un technicien méthodes",
                **{"actions-0-kind": "expertise", "actions-0-title": "Audit robotique"},
            ),
        )
    assert response.status_code == 302

    project.refresh_from_db()
    second.refresh_from_db()
    assert project.stage == Stage.DECIDED
    assert project.latest_decision == second
    assert project.is_approved and not project.is_deferred
    # Both passages stay: two agenda items, two decisions, every move.
    decisions = list(
        project.agenda_items.order_by("decided_at").values_list("session_id", "outcome")
    )
    assert decisions == [
        (deferred.session_id, DecisionOutcome.DEFERRED),
        (later.pk, DecisionOutcome.APPROVED_WITH_CONDITIONS),
    ]
    moves = list(
        StageChange.objects.filter(project=project)
        .order_by("changed_at", "pk")
        .values_list("from_stage", "to_stage")
    )
    assert moves == [
        (Stage.ON_AGENDA, Stage.DECIDED),
        (Stage.DECIDED, Stage.DIAGNOSIS),
        (Stage.DIAGNOSIS, Stage.DOSSIER_READY),
        (Stage.DOSSIER_READY, Stage.ON_AGENDA),
        (Stage.ON_AGENDA, Stage.DECIDED),
    ]
    page = client.get(project.get_absolute_url()).text
    assert f'id="passage-task-force-{deferred.pk}"' in page
    assert f'id="passage-task-force-{second.pk}"' in page
    assert "Ajourné" in page and "Accordé sous conditions" in page
    assert "ce qu'elle demande avant le prochain passage" not in page
    # Support may now start: the plan holds the action the approval granted.
    assert workflow.check_move(project, Stage.IN_SUPPORT, officer).allowed
    assert "Démarrer l&#x27;accompagnement</button>" in page


def test_the_project_page_reads_its_passages_in_a_fixed_number_of_queries(
    client, officer, deferred, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    project = deferred.project
    with CaptureQueriesContext(connection) as one_passage:
        client.get(project.get_absolute_url())
    for days_ago in (20, 10):
        past = data.make_session(chair=officer, days_ahead=-days_ago)
        AgendaItem.objects.create(
            session=past,
            project=project,
            outcome=DecisionOutcome.DEFERRED,
            conditions="Encore une pièce",
            rationale="Pas encore",
            decided_at=timezone.now() - datetime.timedelta(days=days_ago),
            decided_by=officer,
        )

    with django_assert_max_num_queries(len(one_passage)):
        page = client.get(project.get_absolute_url()).text

    assert page.count('id="passage-task-force-') == 3


def test_the_dossier_lists_its_other_passages_in_a_fixed_number_of_queries(
    client, officer, deferred, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    later = data.make_session(chair=officer, days_ahead=15)
    again = AgendaItem.objects.create(session=later, project=deferred.project, presenter=officer)
    url = reverse("taskforce:dossier", args=[again.pk])
    with CaptureQueriesContext(connection) as one_passage:
        client.get(url)
    for days_ago in (60, 45):
        past = data.make_session(chair=officer, days_ahead=-days_ago)
        AgendaItem.objects.create(
            session=past,
            project=deferred.project,
            outcome=DecisionOutcome.DEFERRED,
            conditions=f"Pièce demandée il y a {days_ago} jours",
            rationale="Pas encore",
            decided_at=timezone.now() - datetime.timedelta(days=days_ago),
        )

    with django_assert_max_num_queries(len(one_passage)):
        page = client.get(url).text

    assert "Pièce demandée il y a 60 jours" in page
    assert "Pièce demandée il y a 45 jours" in page
    assert "Lettre d&#x27;engagement de la banque" in page

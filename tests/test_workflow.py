"""Every stage move of the pipeline: who may make it, what it needs, what it records."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from freezegun import freeze_time

from projects import workflow
from projects.models import (
    DecisionOutcome,
    FinancingLine,
    FollowUp,
    InterventionAxis,
    Need,
    Stage,
    StageChange,
    SupportAction,
)

from .factories import ProjectFactory, record_decision

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(officer):
    return ProjectFactory(officer=officer, axis_codes=["digital"])


def complete_the_diagnosis(project):
    digital = InterventionAxis.objects.get(code="digital")
    project.primary_axis = digital
    project.budget = Decimal("120000")
    project.save()
    Need.objects.create(project=project, axis=digital, title="Connecter les machines")
    FinancingLine.objects.create(
        project=project,
        source_label="Région",
        kind=FinancingLine.Kind.GRANT,
        amount_asked=Decimal("40000"),
    )


def at_stage(project, stage, *, decision_outcome: str = ""):
    """The project at `stage`; with `decision_outcome`, after that decision of the task force
    (stored on an agenda item: the project reads its latest decision)."""
    project.stage = stage
    project.save()
    if decision_outcome:
        record_decision(project, decision_outcome)
    return project


def test_an_officer_qualifies_an_intake_request_and_the_move_is_recorded(project, officer):
    change = workflow.project_move(
        project=project, target=Stage.QUALIFIED, by=officer, comment="Appel fait"
    )
    project.refresh_from_db()
    assert project.stage == Stage.QUALIFIED
    assert (change.from_stage, change.to_stage) == (Stage.INTAKE, Stage.QUALIFIED)
    assert change.changed_by == officer
    assert change.comment == "Appel fait"


def test_the_manager_may_move_projects_too(project, manager):
    workflow.project_move(project=project, target=Stage.QUALIFIED, by=manager)
    project.refresh_from_db()
    assert project.stage == Stage.QUALIFIED


@pytest.mark.parametrize(
    "fixture_name", ["finance_officer", "member", "company_user", "no_role_user"]
)
def test_other_roles_cannot_move_a_project(project, request, fixture_name):
    with pytest.raises(PermissionDenied):
        workflow.project_move(
            project=project, target=Stage.QUALIFIED, by=request.getfixturevalue(fixture_name)
        )
    project.refresh_from_db()
    assert project.stage == Stage.INTAKE
    assert not StageChange.objects.exists()


def test_qualifying_needs_an_officer_in_charge(officer):
    project = ProjectFactory(officer=None)
    with pytest.raises(ValidationError) as refused:
        workflow.project_move(project=project, target=Stage.QUALIFIED, by=officer)
    assert "chargé·e de mission" in str(refused.value)


def test_a_stage_cannot_be_skipped(project, officer):
    with pytest.raises(ValidationError) as refused:
        workflow.project_move(project=project, target=Stage.DOSSIER_READY, by=officer)
    assert "ne peut pas passer" in str(refused.value)


def test_dossier_ready_lists_everything_still_missing(project, officer):
    at_stage(project, Stage.DIAGNOSIS)
    check = workflow.check_move(project, Stage.DOSSIER_READY, officer)
    assert not check.allowed
    assert check.reasons == [
        "Choisissez l'axe principal du projet.",
        "Notez au moins un besoin issu du diagnostic.",
        "Indiquez le budget du projet.",
        "Ajoutez au moins une ligne au plan de financement.",
    ]


def test_a_complete_diagnosis_makes_the_dossier_ready(project, officer):
    at_stage(project, Stage.DIAGNOSIS)
    complete_the_diagnosis(project)
    workflow.project_move(project=project, target=Stage.DOSSIER_READY, by=officer)
    project.refresh_from_db()
    assert project.stage == Stage.DOSSIER_READY


def test_a_ready_dossier_can_go_back_to_diagnosis(project, officer):
    at_stage(project, Stage.DOSSIER_READY)
    workflow.project_move(project=project, target=Stage.DIAGNOSIS, by=officer)
    project.refresh_from_db()
    assert project.stage == Stage.DIAGNOSIS


def test_the_agenda_is_only_reached_through_the_task_force(project, officer):
    at_stage(project, Stage.DOSSIER_READY)
    complete_the_diagnosis(project)
    with pytest.raises(ValidationError) as refused:
        workflow.project_move(project=project, target=Stage.ON_AGENDA, by=officer)
    assert "task force" in str(refused.value)
    workflow.project_move(project=project, target=Stage.ON_AGENDA, by=officer, by_taskforce=True)
    project.refresh_from_db()
    assert project.stage == Stage.ON_AGENDA


def test_no_agenda_without_a_complete_dossier_even_for_the_task_force(project, officer):
    at_stage(project, Stage.DOSSIER_READY)
    with pytest.raises(ValidationError):
        workflow.project_move(
            project=project, target=Stage.ON_AGENDA, by=officer, by_taskforce=True
        )


def test_the_decision_is_recorded_by_the_task_force_only(project, officer):
    at_stage(project, Stage.ON_AGENDA)
    assert not workflow.check_move(project, Stage.DECIDED, officer).allowed
    assert workflow.check_move(project, Stage.DECIDED, officer, by_taskforce=True).allowed


def test_a_deferred_dossier_goes_back_to_preparation_and_then_to_a_later_agenda(project, officer):
    at_stage(project, Stage.DECIDED, decision_outcome=DecisionOutcome.DEFERRED)
    complete_the_diagnosis(project)
    # Not straight from "decided": back to preparation first, by the task force's decision.
    assert not workflow.check_move(project, Stage.ON_AGENDA, officer, by_taskforce=True).allowed
    assert not workflow.check_move(project, Stage.DIAGNOSIS, officer).allowed
    workflow.project_move(project=project, target=Stage.DIAGNOSIS, by=officer, by_taskforce=True)
    workflow.project_move(project=project, target=Stage.DOSSIER_READY, by=officer)
    project.refresh_from_db()
    assert workflow.check_move(project, Stage.ON_AGENDA, officer, by_taskforce=True).allowed


@pytest.mark.parametrize(
    "outcome",
    [DecisionOutcome.APPROVED, DecisionOutcome.APPROVED_WITH_CONDITIONS, DecisionOutcome.REJECTED],
)
def test_only_a_deferred_dossier_goes_back_to_preparation(project, officer, outcome):
    at_stage(project, Stage.DECIDED, decision_outcome=outcome)
    check = workflow.check_move(project, Stage.DIAGNOSIS, officer, by_taskforce=True)
    assert not check.allowed
    assert check.reasons == ["Seul un dossier ajourné par la task force retourne en préparation."]


def test_the_latest_decision_is_the_one_that_counts(project, officer):
    at_stage(project, Stage.DECIDED)
    earlier = timezone.now() - datetime.timedelta(days=60)
    record_decision(project, DecisionOutcome.DEFERRED, decided_at=earlier)
    record_decision(project, DecisionOutcome.APPROVED)
    SupportAction.objects.create(project=project, kind="expertise", title="Audit")
    assert project.is_approved and not project.is_deferred
    assert workflow.check_move(project, Stage.IN_SUPPORT, officer).allowed


@pytest.mark.parametrize("outcome", [DecisionOutcome.DEFERRED, DecisionOutcome.REJECTED, ""])
def test_support_starts_only_after_an_approval(project, officer, outcome):
    at_stage(project, Stage.DECIDED, decision_outcome=outcome)
    SupportAction.objects.create(project=project, kind="expertise", title="Audit")
    check = workflow.check_move(project, Stage.IN_SUPPORT, officer)
    assert not check.allowed
    assert "accordé" in check.reasons[0]


def test_support_needs_a_support_plan(project, officer):
    at_stage(project, Stage.DECIDED, decision_outcome=DecisionOutcome.APPROVED)
    check = workflow.check_move(project, Stage.IN_SUPPORT, officer)
    assert check.reasons == ["Inscrivez au moins une action d'accompagnement au plan."]


@freeze_time("2026-03-10 09:00", tz_offset=0)
def test_entering_support_schedules_follow_ups_at_3_6_and_12_months(project, officer):
    at_stage(project, Stage.DECIDED, decision_outcome=DecisionOutcome.APPROVED_WITH_CONDITIONS)
    SupportAction.objects.create(project=project, kind="expertise", title="Audit")
    workflow.project_move(project=project, target=Stage.IN_SUPPORT, by=officer)
    project.refresh_from_db()
    assert project.support_started_on == datetime.date(2026, 3, 10)
    assert list(project.follow_ups.values_list("months", "due_on")) == [
        (3, datetime.date(2026, 6, 10)),
        (6, datetime.date(2026, 9, 10)),
        (12, datetime.date(2027, 3, 10)),
    ]


def test_scheduling_follow_ups_twice_adds_none(project):
    project.support_started_on = datetime.date(2026, 1, 31)
    workflow.schedule_follow_ups(project)
    workflow.schedule_follow_ups(project)
    assert FollowUp.objects.filter(project=project).count() == 3
    assert FollowUp.objects.get(project=project, months=3).due_on == datetime.date(2026, 4, 30)


def test_closing_as_completed_needs_every_action_finished(project, officer):
    at_stage(project, Stage.IN_SUPPORT)
    action = SupportAction.objects.create(project=project, kind="training", title="Formation")
    assert not workflow.check_move(project, Stage.COMPLETED, officer).allowed
    action.status = SupportAction.Status.DONE
    action.save()
    SupportAction.objects.create(
        project=project, kind="intern", title="Stage", status=SupportAction.Status.CANCELLED
    )
    workflow.project_move(project=project, target=Stage.COMPLETED, by=officer)
    project.refresh_from_db()
    assert project.stage == Stage.COMPLETED


@pytest.mark.parametrize(
    "stage", [s for s in Stage.values if s not in (Stage.COMPLETED, Stage.ABANDONED)]
)
def test_any_open_project_can_be_abandoned_with_a_reason(project, officer, stage):
    at_stage(project, stage)
    with pytest.raises(ValidationError) as refused:
        workflow.project_move(project=project, target=Stage.ABANDONED, by=officer)
    assert "Expliquez pourquoi" in str(refused.value)
    workflow.project_move(
        project=project, target=Stage.ABANDONED, by=officer, comment="L'entreprise renonce"
    )
    project.refresh_from_db()
    assert project.stage == Stage.ABANDONED


@pytest.mark.parametrize("closed", [Stage.COMPLETED, Stage.ABANDONED])
@pytest.mark.parametrize("target", Stage.values)
def test_a_closed_project_moves_nowhere(project, officer, closed, target):
    at_stage(project, closed)
    assert not workflow.check_move(project, target, officer, by_taskforce=True).allowed


def test_the_moves_offered_on_the_page_leave_out_the_task_force_ones(project, officer):
    at_stage(project, Stage.DOSSIER_READY)
    targets = [check.move.target for check in workflow.moves_for(project, officer)]
    assert targets == [Stage.DIAGNOSIS, Stage.ABANDONED]


def test_every_pair_of_stages_not_in_the_table_is_refused(project, officer):
    allowed_pairs = {(s, m.target) for m in workflow.MOVES for s in m.sources}
    for source in Stage.values:
        for target in Stage.values:
            if (source, target) in allowed_pairs:
                continue
            at_stage(project, source)
            assert workflow.find_move(source, target) is None
            assert not workflow.check_move(project, target, officer, by_taskforce=True).allowed

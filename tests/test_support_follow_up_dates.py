"""The 3, 6 and 12-month follow-ups are due from the start of the project's earliest support
action (its own or a collective one), from the move into support when no action has a start
date, and are dated again when that earliest start changes while none is answered."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from projects import workflow
from projects.models import (
    CollectiveAction,
    CollectiveParticipation,
    DecisionOutcome,
    FollowUp,
    Stage,
    SupportAction,
)

from .factories import decided_project

pytestmark = pytest.mark.django_db

MOVED_ON = datetime.date(2026, 1, 31)  # the day the projects below move into support


def due_dates(project) -> list[tuple[int, datetime.date]]:
    return list(project.follow_ups.order_by("months").values_list("months", "due_on"))


def from_(start: datetime.date) -> list[tuple[int, datetime.date]]:
    return workflow.follow_up_due_dates(start)


@pytest.fixture
def decided(officer):
    return decided_project(
        DecisionOutcome.APPROVED,
        officer=officer,
        stage=Stage.DECIDED,
    )


def enter_support(project, officer) -> None:
    with freeze_time("2026-01-31 10:00:00+01:00"):
        workflow.project_move(project=project, target=Stage.IN_SUPPORT, by=officer)
    project.refresh_from_db()


def action(project, starts_on=None, **fields) -> SupportAction:
    values = {"kind": "expertise", "title": "Audit", "starts_on": starts_on, **fields}
    return SupportAction.objects.create(project=project, **values)


def collective(starts_on, *projects, **fields) -> CollectiveAction:
    made = CollectiveAction.objects.create(
        kind="training", title="Formation lean", starts_on=starts_on, **fields
    )
    for project in projects:
        CollectiveParticipation.objects.create(
            action=made, project=project, company=project.company
        )
    return made


# --- When the project enters support


def test_follow_ups_are_due_from_the_earliest_action_start(decided, officer):
    action(decided, datetime.date(2026, 3, 16))
    action(decided, datetime.date(2026, 2, 20))
    action(decided)  # no date yet

    enter_support(decided, officer)

    assert due_dates(decided) == [
        (3, datetime.date(2026, 5, 20)),
        (6, datetime.date(2026, 8, 20)),
        (12, datetime.date(2027, 2, 20)),
    ]
    assert decided.support_started_on == MOVED_ON  # the programme's count is unchanged


def test_without_a_dated_action_the_follow_ups_are_due_from_the_move(decided, officer):
    action(decided)
    enter_support(decided, officer)
    assert due_dates(decided) == from_(MOVED_ON)


def test_a_cancelled_action_does_not_date_the_follow_ups(decided, officer):
    action(decided, datetime.date(2025, 11, 3), status=SupportAction.Status.CANCELLED)
    action(decided, datetime.date(2026, 2, 2))
    enter_support(decided, officer)
    assert due_dates(decided) == from_(datetime.date(2026, 2, 2))


def test_an_earlier_collective_action_dates_the_follow_ups(decided, officer):
    action(decided, datetime.date(2026, 3, 2))
    collective(datetime.date(2026, 2, 9), decided)
    enter_support(decided, officer)
    assert due_dates(decided) == from_(datetime.date(2026, 2, 9))


# --- When the earliest start changes


def test_moving_the_earliest_action_through_its_form_dates_the_follow_ups_again(
    client, decided, officer
):
    first = action(decided, datetime.date(2026, 2, 20))
    enter_support(decided, officer)
    client.force_login(officer)

    response = client.post(
        reverse("projects:support_action_edit", args=[decided.pk, first.pk]),
        {"kind": "expertise", "title": "Audit", "starts_on": "2026-04-01", "status": "planned"},
    )

    assert response.status_code == 302
    assert due_dates(decided) == from_(datetime.date(2026, 4, 1))


def test_adding_an_earlier_action_then_removing_it(client, decided, officer):
    action(decided, datetime.date(2026, 2, 20))
    enter_support(decided, officer)
    client.force_login(officer)

    client.post(
        reverse("projects:support_action_create", args=[decided.pk]),
        {"kind": "training", "title": "Formation", "starts_on": "2026-02-02", "status": "planned"},
    )
    assert due_dates(decided) == from_(datetime.date(2026, 2, 2))

    earliest = decided.support_actions.get(title="Formation")
    client.post(reverse("projects:support_action_delete", args=[decided.pk, earliest.pk]))
    assert due_dates(decided) == from_(datetime.date(2026, 2, 20))


def test_removing_every_dated_action_falls_back_to_the_move(client, decided, officer):
    only = action(decided, datetime.date(2026, 3, 2))
    enter_support(decided, officer)
    client.force_login(officer)

    client.post(reverse("projects:support_action_delete", args=[decided.pk, only.pk]))

    assert due_dates(decided) == from_(MOVED_ON)


def test_once_a_follow_up_is_answered_the_dates_stay(client, decided, officer):
    first = action(decided, datetime.date(2026, 2, 20))
    enter_support(decided, officer)
    before = due_dates(decided)
    FollowUp.objects.filter(project=decided, months=3).update(
        answered_at=timezone.now(), satisfaction=4
    )
    client.force_login(officer)

    client.post(
        reverse("projects:support_action_edit", args=[decided.pk, first.pk]),
        {"kind": "expertise", "title": "Audit", "starts_on": "2026-06-01", "status": "planned"},
    )

    assert due_dates(decided) == before


def test_moving_a_collective_action_dates_every_participant_s_follow_ups_again(
    client, officer, decided
):
    other = decided_project(
        DecisionOutcome.APPROVED,
        officer=officer,
        stage=Stage.DECIDED,
    )
    answered = decided_project(
        DecisionOutcome.APPROVED,
        officer=officer,
        stage=Stage.DECIDED,
    )
    training = collective(datetime.date(2026, 2, 9), decided, other, answered)
    for project in (decided, other, answered):
        enter_support(project, officer)
    FollowUp.objects.filter(project=answered, months=3).update(answered_at=timezone.now())
    answered_dates = due_dates(answered)
    action(other, datetime.date(2026, 3, 2))  # its own action, later than the new date below
    client.force_login(officer)

    response = client.post(
        reverse("projects:collective_action_edit", args=[training.pk]),
        {
            "kind": "training",
            "title": "Formation lean",
            "starts_on": "2026-05-04",
            "status": "planned",
        },
    )

    assert response.status_code == 302
    assert due_dates(decided) == from_(datetime.date(2026, 5, 4))
    assert due_dates(other) == from_(datetime.date(2026, 3, 2))
    assert due_dates(answered) == answered_dates


def test_joining_or_leaving_a_collective_action_dates_the_follow_ups_again(
    client, officer, decided
):
    action(decided, datetime.date(2026, 3, 2))
    enter_support(decided, officer)
    training = collective(datetime.date(2026, 2, 9))
    client.force_login(officer)

    client.post(
        reverse("projects:collective_participant_add", args=[training.pk]), {"project": decided.pk}
    )
    assert due_dates(decided) == from_(datetime.date(2026, 2, 9))

    participation = training.participations.get()
    client.post(
        reverse("projects:collective_participant_remove", args=[training.pk, participation.pk])
    )
    assert due_dates(decided) == from_(datetime.date(2026, 3, 2))


def test_cancelling_the_earliest_collective_action_dates_the_follow_ups_again(
    client, officer, decided
):
    action(decided, datetime.date(2026, 3, 2))
    training = collective(datetime.date(2026, 2, 9), decided)
    enter_support(decided, officer)
    client.force_login(officer)

    client.post(
        reverse("projects:collective_action_edit", args=[training.pk]),
        {
            "kind": "training",
            "title": "Formation lean",
            "starts_on": "2026-02-09",
            "status": "cancelled",
        },
    )

    assert due_dates(decided) == from_(datetime.date(2026, 3, 2))


def test_a_project_not_yet_in_support_gets_no_follow_ups_from_a_new_action(decided):
    action(decided, datetime.date(2026, 2, 2))
    assert workflow.follow_ups_redate([decided.pk]) == 0
    assert not decided.follow_ups.exists()


def test_dating_again_takes_the_same_queries_for_one_project_or_many(
    officer, django_assert_num_queries
):
    projects = []
    for n in range(12):
        project = decided_project(
            DecisionOutcome.APPROVED,
            officer=officer,
            stage=Stage.DECIDED,
        )
        action(project, datetime.date(2026, 2, 1 + n))
        enter_support(project, officer)
        projects.append(project)
    training = collective(datetime.date(2026, 1, 5), *projects)

    # Three reads (the follow-ups, the earliest own and collective starts) and one update.
    with django_assert_num_queries(4):
        assert workflow.follow_ups_redate([projects[0].pk]) == 3
    training.starts_on = datetime.date(2026, 1, 12)
    training.save()
    with django_assert_num_queries(4):
        assert workflow.follow_ups_redate([p.pk for p in projects]) == 36

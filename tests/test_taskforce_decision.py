"""The chair records the decision once the session is held: the project moves to "decided", an
approval grants actions, a deferral sends the dossier back to preparation."""

import pytest
from django.urls import reverse

from projects.models import DecisionOutcome, Stage, StageChange, SupportAction

from . import test_taskforce_data as data

pytestmark = pytest.mark.django_db

colleague, conflicted_member, other_member = (
    data.colleague,
    data.conflicted_member,
    data.other_member,
)
session, other_session, item, held_item = (
    data.session,
    data.other_session,
    data.item,
    data.held_item,
)

EMPTY_ACTIONS = {
    "actions-TOTAL_FORMS": "3",
    "actions-INITIAL_FORMS": "0",
    "actions-MIN_NUM_FORMS": "0",
    "actions-MAX_NUM_FORMS": "20",
}


def decision_post(outcome="approved", **fields):
    return {
        "outcome": outcome,
        "conditions": "",
        "rationale": "Dossier solide.",
        **EMPTY_ACTIONS,
        **fields,
    }


def test_the_chair_approves_and_grants_the_support_plan(client, officer, held_item):
    item = held_item
    client.force_login(officer)

    response = client.post(
        reverse("taskforce:decision", args=[item.pk]),
        decision_post(
            **{
                "actions-0-kind": "expertise",
                "actions-0-title": "Audit de la ligne de découpe",
                "actions-0-days": "5",
            }
        ),
    )

    assert response.status_code == 302
    item.refresh_from_db()
    item.project.refresh_from_db()
    assert item.outcome == DecisionOutcome.APPROVED
    assert item.decided_by == officer
    assert item.project.stage == Stage.DECIDED
    assert item.project.latest_decision == item
    change = StageChange.objects.get(project=item.project)
    assert (change.from_stage, change.to_stage) == (Stage.ON_AGENDA, Stage.DECIDED)
    action = SupportAction.objects.get(project=item.project)
    assert (action.kind, action.title) == ("expertise", "Audit de la ligne de découpe")


def test_an_approval_needs_at_least_one_support_action(client, officer, held_item):
    item = held_item
    client.force_login(officer)

    response = client.post(reverse("taskforce:decision", args=[item.pk]), decision_post())

    assert response.status_code == 200
    assert "au moins une action" in response.text
    item.project.refresh_from_db()
    assert item.project.stage == Stage.ON_AGENDA


def test_conditions_are_required_for_a_conditional_approval(client, officer, held_item):
    item = held_item
    client.force_login(officer)

    response = client.post(
        reverse("taskforce:decision", args=[item.pk]),
        decision_post(outcome="approved_conditions"),
    )

    assert response.status_code == 200
    assert "Précisez les conditions" in response.text


def test_a_deferral_grants_nothing_and_sends_the_dossier_back_to_preparation(
    client, officer, held_item
):
    item = held_item
    client.force_login(officer)

    client.post(
        reverse("taskforce:decision", args=[item.pk]),
        decision_post(outcome="deferred", conditions="Devis définitif du robot"),
    )

    item.project.refresh_from_db()
    assert item.project.stage == Stage.DIAGNOSIS
    assert item.project.latest_decision.outcome == DecisionOutcome.DEFERRED
    assert not SupportAction.objects.exists()


def test_a_deferral_says_what_the_task_force_asks(client, officer, held_item):
    client.force_login(officer)

    response = client.post(
        reverse("taskforce:decision", args=[held_item.pk]), decision_post(outcome="deferred")
    )

    assert response.status_code == 200
    assert "Précisez ce que la task force demande avant un nouveau passage" in response.text
    held_item.refresh_from_db()
    assert not held_item.is_decided


@pytest.mark.parametrize(
    "role",
    ["member", "colleague", "conflicted_member", "other_member", "company_user", "other_officer"],
)
def test_only_the_chair_or_the_manager_decides(client, request, held_item, role):
    item = held_item
    client.force_login(request.getfixturevalue(role))

    get = client.get(reverse("taskforce:decision", args=[item.pk]))
    post = client.post(
        reverse("taskforce:decision", args=[item.pk]), decision_post(outcome="rejected")
    )

    assert get.status_code == post.status_code == 403
    assert data.OTHERS_COMMENT not in get.content.decode()
    item.project.refresh_from_db()
    assert item.project.stage == Stage.ON_AGENDA


def test_the_manager_may_decide_too(client, manager, held_item):
    item = held_item
    client.force_login(manager)

    response = client.get(reverse("taskforce:decision", args=[item.pk]))

    assert response.status_code == 200
    assert "Médiane" in response.text


def test_a_conflicted_member_sees_nothing_of_the_decision(
    client, officer, conflicted_member, held_item
):
    item = held_item
    client.force_login(officer)
    client.post(
        reverse("taskforce:decision", args=[item.pk]),
        decision_post(outcome="rejected", rationale="Motivation très confidentielle"),
    )
    client.force_login(conflicted_member)

    dossier = client.get(reverse("taskforce:dossier", args=[item.pk])).text
    agenda = client.get(reverse("taskforce:session_detail", args=[item.session.pk])).text

    for html in (dossier, agenda):
        assert "Motivation très confidentielle" not in html
        assert "Refusé" not in html

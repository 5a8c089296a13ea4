"""The support plan: its actions, and the answers to its follow-ups (who may:
projects/permissions.py).

Changing an action's dates may move the project's follow-ups, which are dated from the start
of its earliest action (projects/workflow.py): every write to the plan goes through here.
"""

from django.db import transaction
from django.utils import timezone

from ..models import FollowUp, SupportAction
from ..workflow import follow_ups_redate


@transaction.atomic
def support_action_save(*, action: SupportAction) -> SupportAction:
    """Record a new or changed action, and date the project's follow-ups again."""
    action.save()
    follow_ups_redate([action.project_id])
    return action


@transaction.atomic
def support_action_delete(*, action: SupportAction) -> None:
    project_id = action.project_id
    action.delete()
    follow_ups_redate([project_id])


def follow_up_record_answers(*, follow_up: FollowUp, answers: dict) -> FollowUp:
    """Store the answers the team gathered; the first recording dates the answer."""
    for name, value in answers.items():
        setattr(follow_up, name, value)
    if follow_up.answered_at is None:
        follow_up.answered_at = timezone.now()
    follow_up.save(update_fields=[*answers, "answered_at"])
    return follow_up

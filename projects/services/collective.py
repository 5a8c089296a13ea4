"""Collective actions and their participants (who may: projects/permissions.py).

A collective action's start date and status count in the follow-up dates of every project
taking part (projects/workflow.py), so each write here dates them again.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ..models import CollectiveAction, CollectiveParticipation
from ..workflow import follow_ups_redate


def _participant_ids(action: CollectiveAction) -> list[int]:
    return list(action.participations.values_list("project_id", flat=True))


@transaction.atomic
def collective_action_save(*, action: CollectiveAction, by=None) -> CollectiveAction:
    """Record a new or changed action; its participants' follow-ups follow its start date."""
    if action._state.adding and by is not None:
        action.created_by = by
    action.save()
    follow_ups_redate(_participant_ids(action))
    return action


def collective_participant_add(
    *, action: CollectiveAction, participation: CollectiveParticipation, by=None
) -> CollectiveParticipation:
    """Add a company to the action through one of its projects, or raise ValidationError (in
    French) when the company already takes part, even through another project."""
    participation.action = action
    participation.company_id = participation.project.company_id
    participation.added_by = by
    try:
        with transaction.atomic():
            participation.save()
            follow_ups_redate([participation.project_id])
    except IntegrityError as error:
        # Two people adding the same company at the same moment: the database says no.
        raise ValidationError(
            _("Cette entreprise participe déjà à cette action."), code="duplicate"
        ) from error
    return participation


@transaction.atomic
def collective_participant_update(
    *, participation: CollectiveParticipation
) -> CollectiveParticipation:
    """Record a participant's days and cost share (the project and company do not change)."""
    participation.save(update_fields=["days", "cost_share"])
    return participation


@transaction.atomic
def collective_participant_remove(*, participation: CollectiveParticipation) -> None:
    project_id = participation.project_id
    participation.delete()
    follow_ups_redate([project_id])

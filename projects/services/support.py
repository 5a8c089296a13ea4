"""The support plan: who may change it, and recording the answers to a follow-up."""

from django.utils import timezone

from pmi_aqt.accounts.models import Role

from ..models import FollowUp

# Officers run the support plan and the manager oversees it; the finance officer only reads it.
SUPPORT_EDITORS = frozenset({Role.OFFICER, Role.MANAGER})


def may_edit_support(user) -> bool:
    return bool(user and user.is_authenticated and user.roles & SUPPORT_EDITORS)


def follow_up_record_answers(*, follow_up: FollowUp, answers: dict) -> FollowUp:
    """Store the answers the team gathered; the first recording dates the answer."""
    for name, value in answers.items():
        setattr(follow_up, name, value)
    if follow_up.answered_at is None:
        follow_up.answered_at = timezone.now()
    follow_up.save(update_fields=[*answers, "answered_at"])
    return follow_up

"""The support plan: recording the answers to a follow-up (who may: projects/permissions.py)."""

from django.utils import timezone

from ..models import FollowUp


def follow_up_record_answers(*, follow_up: FollowUp, answers: dict) -> FollowUp:
    """Store the answers the team gathered; the first recording dates the answer."""
    for name, value in answers.items():
        setattr(follow_up, name, value)
    if follow_up.answered_at is None:
        follow_up.answered_at = timezone.now()
    follow_up.save(update_fields=[*answers, "answered_at"])
    return follow_up

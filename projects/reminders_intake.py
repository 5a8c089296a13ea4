"""The reminder to a company that saved an intake request and never sent it (Celery beat, daily).

One query finds every draft due, whatever their number; each is then claimed with a conditional
UPDATE of `reminded_at` before its email is queued under the key
"intake-draft-reminder:<draft>", so a scan that runs twice, or two workers that race, send one
reminder per draft, ever.
"""

import logging

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from pmi_aqt.mailing.models import OutboundEmail
from pmi_aqt.mailing.services import email_queue

from .models import IntakeDraft, Project
from .services.intake_drafts import draft_email_context

logger = logging.getLogger(__name__)


def intake_draft_reminder_key(draft_id: int) -> str:
    return f"intake-draft-reminder:{draft_id}"


def intake_drafts_to_remind(*, now=None) -> list[IntakeDraft]:
    """Drafts unfinished, never reminded, left alone for two days and not expired — minus those
    whose author has sent a request from the same address since starting it (they began
    again rather than follow the link: nothing is left to finish). One query."""
    now = now or timezone.now()
    sent_since = Project.objects.filter(
        submitted_by__email__iexact=OuterRef("email"), created_at__gte=OuterRef("created_at")
    )
    return list(
        IntakeDraft.objects.due_for_reminder(now)
        .exclude(Exists(sent_since))
        .order_by("updated_at", "id")
    )


def intake_draft_reminders_send(*, now=None) -> int:
    """Queue the reminder of each draft due; the number queued.

    An address that unsubscribed from non-essential emails gets nothing (the email is recorded
    as suppressed by `email_queue`).
    """
    now = now or timezone.now()
    queued = 0
    for draft in intake_drafts_to_remind(now=now):
        with transaction.atomic():
            claimed = IntakeDraft.objects.filter(
                pk=draft.pk, reminded_at__isnull=True, completed_at__isnull=True
            ).update(reminded_at=now)
            if not claimed:
                continue  # another scan got there first, or it was sent a moment ago
            email_queue(
                key=intake_draft_reminder_key(draft.pk),
                kind=OutboundEmail.Kind.INTAKE_DRAFT_REMINDER,
                to=draft.email,
                template="intake_draft_reminder",
                context=draft_email_context(draft),
            )
        queued += 1
    if queued:
        logger.info("Queued %s intake draft reminders", queued)
    return queued

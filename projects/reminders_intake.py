"""The reminder to a company that saved an intake request and never sent it (Celery beat, daily).

One query finds every draft due, whatever their number; they are then claimed in chunks of
REMINDER_CHUNK, each in one transaction: the chunk's drafts still due are locked (FOR UPDATE
SKIP LOCKED where the database has it, so a scan racing this one passes over them), marked
reminded in one UPDATE, and their emails queued at once under the key
"intake-draft-reminder:<draft>". A scan that runs twice, or two workers that race, send one
reminder per draft, ever — at a fixed number of queries per chunk.
"""

import logging
from itertools import batched

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from pmi_aqt.mailing.services import QueuedEmail, email_queue_many

from .email_kinds import INTAKE_DRAFT_REMINDER
from .models import IntakeDraft, Project
from .services.intake_drafts import draft_email_context

logger = logging.getLogger(__name__)

# Drafts claimed, and emails rendered and recorded, per transaction: bounds the memory a large
# scan holds and the rows one transaction keeps locked.
REMINDER_CHUNK = 500


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


def intake_drafts_claim(draft_ids: list[int], *, now) -> list[IntakeDraft]:
    """Mark reminded those of `draft_ids` still due and not claimed by anyone else; the drafts
    won. Two queries, inside the caller's transaction.

    On PostgreSQL the rows are locked (FOR UPDATE SKIP LOCKED, in primary-key order) until the
    transaction ends, so a concurrent claim skips them, and one that comes after sees them
    reminded; SQLite serialises the whole transaction.
    """
    due = IntakeDraft.objects.due_for_reminder(now).filter(pk__in=draft_ids).order_by("pk")
    if transaction.get_connection().features.has_select_for_update_skip_locked:
        due = due.select_for_update(skip_locked=True)
    drafts = list(due)
    if drafts:
        claimed = (
            IntakeDraft.objects.due_for_reminder(now)
            .filter(pk__in=[draft.pk for draft in drafts])
            .update(reminded_at=now)
        )
        if claimed != len(drafts):  # cannot happen with the rows locked; never remind twice
            raise RuntimeError(f"claimed {claimed} of {len(drafts)} locked intake drafts")
    return drafts


def intake_draft_reminders_send(*, now=None) -> int:
    """Queue the reminder of each draft due; the number queued.

    An address that unsubscribed from non-essential emails gets nothing (the email is recorded
    as suppressed by `email_queue_many`).
    """
    now = now or timezone.now()
    queued = 0
    for chunk in batched(intake_drafts_to_remind(now=now), REMINDER_CHUNK):
        with transaction.atomic():
            drafts = intake_drafts_claim([draft.pk for draft in chunk], now=now)
            email_queue_many(
                QueuedEmail(
                    key=intake_draft_reminder_key(draft.pk),
                    kind=INTAKE_DRAFT_REMINDER.code,
                    to=draft.email,
                    context=draft_email_context(draft),
                )
                for draft in drafts
            )
        queued += len(drafts)
    if queued:
        logger.info("Queued %s intake draft reminders", queued)
    return queued

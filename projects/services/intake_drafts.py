"""Intake requests saved half-way: saving, the secret link that reopens them, finishing them.

The link's random token is the only permission to read a draft, so it only ever travels by
email, to the address the draft names: once when the draft is saved (an essential email: the
person asked for it, and without it they cannot come back), and once more as a reminder when the
draft was left alone (see projects/reminders_intake.py).
"""

import hashlib
import logging
import re

from django.db import transaction
from django.utils import timezone

from pmi_aqt.mailing.services import email_queue

from ..email_kinds import INTAKE_DRAFT_SAVED
from ..models import IntakeDraft, Project
from ..models.intake_draft import DRAFT_LIFETIME, DRAFT_REMINDER_AFTER
from .intake import intake_submit

logger = logging.getLogger(__name__)

# What secrets.token_urlsafe() produces; anything else is refused before touching the database.
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{32,64}")


class InvalidDraftLink(Exception):
    """The link names no draft: mistyped, altered, or deleted after it expired."""


class ExpiredDraftLink(InvalidDraftLink):
    """The draft exists but was last saved more than DRAFT_LIFETIME ago."""


def intake_draft_for_token(token: str, *, now=None) -> IntakeDraft:
    """The draft a resume link opens (finished ones included), or an exception."""
    if not TOKEN_PATTERN.fullmatch(token):
        raise InvalidDraftLink("Not a draft token.")
    draft = IntakeDraft.objects.filter(token=token).first()
    if draft is None:
        raise InvalidDraftLink("No draft has this token.")
    if draft.is_expired(now):
        raise ExpiredDraftLink(f"Draft {draft.pk} expired on {draft.expires_at:%Y-%m-%d}.")
    return draft


def draft_email_context(draft: IntakeDraft) -> dict:
    """What the draft emails may say: the link, its end, and the person's own words."""
    return {
        "first_name": draft.data.get("first_name", ""),
        "title": draft.data.get("title", ""),
        "link": draft.resume_url,
        "saved_on": timezone.localdate(draft.updated_at),
        "expires_on": timezone.localdate(draft.expires_at),
        "lifetime_days": DRAFT_LIFETIME.days,
        "reminder_days": DRAFT_REMINDER_AFTER.days,
    }


def intake_draft_saved_key(*, draft_id: int, email: str) -> str:
    # One "here is your link" per draft and address: a draft saved again to the same address
    # sends nothing more; a new address gets the link it now needs.
    digest = hashlib.sha256(email.lower().encode()).hexdigest()[:32]
    return f"intake-draft-saved:{draft_id}:{digest}"


def intake_draft_save(
    *, draft: IntakeDraft | None, email: str, data: dict, ip: str | None = None
) -> IntakeDraft | None:
    """Create a draft (draft=None) or update one reopened by its link, and email its link.

    Returns None when the draft was sent or expired meanwhile: nothing is changed then.
    """
    now = timezone.now()
    with transaction.atomic():
        if draft is None:
            draft = IntakeDraft.objects.create(
                email=email, data=data, created_at=now, updated_at=now
            )
        else:
            updated = (
                IntakeDraft.objects.unfinished()
                .alive(now)
                .filter(pk=draft.pk)
                .update(email=email, data=data, updated_at=now)
            )
            if not updated:
                return None
            draft.email, draft.data, draft.updated_at = email, data, now
        email_queue(
            key=intake_draft_saved_key(draft_id=draft.pk, email=email),
            kind=INTAKE_DRAFT_SAVED.code,
            to=email,
            context=draft_email_context(draft),
        )
    logger.info("Intake draft %s saved from %s", draft.pk, ip or "unknown address")
    return draft


def intake_draft_complete(
    *, draft: IntakeDraft, submission: dict, ip: str | None = None
) -> Project | None:
    """Send the request a draft became, and close the draft; None if it was already sent.

    The draft is claimed with a conditional UPDATE, so two submissions racing create one
    project; its saved values are dropped, since the project now holds them.
    """
    now = timezone.now()
    with transaction.atomic():
        claimed = (
            IntakeDraft.objects.unfinished()
            .alive(now)
            .filter(pk=draft.pk)
            .update(completed_at=now, updated_at=now, data={})
        )
        if not claimed:
            return None
        project = intake_submit(**submission, ip=ip)
        IntakeDraft.objects.filter(pk=draft.pk).update(project=project)
    draft.completed_at, draft.updated_at, draft.data, draft.project = now, now, {}, project
    return project


def intake_drafts_purge(*, now=None) -> int:
    """Delete the drafts nobody touched for DRAFT_LIFETIME, finished or not; the number deleted."""
    deleted, _ = IntakeDraft.objects.expired(now).delete()
    if deleted:
        logger.info("Deleted %s expired intake drafts", deleted)
    return deleted

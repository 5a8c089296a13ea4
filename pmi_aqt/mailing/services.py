"""Sending email, as the apps call it: record first, deliver through Celery after the
transaction commits (queue.py), one task for all the emails of a transaction (delivery.py
sends them). The wording of each kind is registered by the app that sends it (kinds.py).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from . import kinds
from .kinds import EmailKind
from .models import EmailText, OutboundEmail, Unsubscription
from .queue import schedule_delivery
from .texts import render_text
from .unsubscribe import UnsubscribeLinks

# Who previews are addressed to: only its unsubscribe link shows it.
PREVIEW_ADDRESS = "destinataire@exemple.fr"


def unsubscribe(*, address: str) -> None:
    Unsubscription.objects.get_or_create(email=address.lower())


class RenderedEmail(NamedTuple):
    subject: str
    body_text: str
    body_html: str


def email_render(
    *, kind: str, context: dict, to: str, email_text: EmailText | None = None
) -> RenderedEmail:
    """Subject, plain text and HTML of an email: the manager's text when given, else the
    kind's default wording. Non-essential kinds end with the unsubscribe link in both
    versions."""
    return _EmailRenderer().render(
        kind=kinds.get(kind), context=context, to=to, email_text=email_text
    )


class _EmailRenderer:
    """Renders emails, doing once what they all share (the context every email reads, the
    unsubscribe URL's reverse()), so that a batch pays it once, not per email."""

    def __init__(self) -> None:
        self.base_context = {
            "programme_name": settings.PROGRAMME_NAME,
            "site_url": settings.SITE_URL,
            "privacy_url": settings.SITE_URL + reverse("privacy"),
        }
        self.unsubscribe_url = UnsubscribeLinks()

    def render(
        self, *, kind: EmailKind, context: dict, to: str, email_text: EmailText | None
    ) -> RenderedEmail:
        context = {**self.base_context, **context}
        if not kind.essential:
            context["unsubscribe_url"] = self.unsubscribe_url(to)
        if email_text is not None and kind.editable:
            subject, body = email_text.subject, email_text.body
        else:
            subject, body = str(kind.subject), str(kind.body)
        subject, body_text, body_html = render_text(
            subject=subject, body=body, placeholders=kind.by_name, context=context
        )
        if not kind.essential:
            body_text += "\n" + _("Pour ne plus recevoir ce type d'e-mails : %(url)s") % {
                "url": context["unsubscribe_url"]
            }
        return RenderedEmail(subject, body_text, body_html)


@dataclass(frozen=True)
class Attachment:
    """A text file sent with an email (a calendar invitation, say): `params` go into its
    Content-Type (`{"method": "REQUEST"}` for an invitation)."""

    filename: str
    content: str
    mimetype: str = "text/plain"
    params: dict = field(default_factory=dict)

    def as_json(self) -> dict:
        return {
            "filename": self.filename,
            "mimetype": self.mimetype,
            "content": self.content,
            "params": dict(self.params),
        }


@dataclass(frozen=True)
class QueuedEmail:
    """One email to record: `kind` is the code of a registered kind (kinds.py), whose wording
    is used unless the programme manager rewrote it (EmailText); `context` holds the values
    its placeholders read; `regarding` is what the email is about (a project, say)."""

    key: str
    kind: str
    to: str
    context: dict
    regarding: models.Model | None = None
    recipient_user: object = None
    attachments: tuple[Attachment, ...] = ()


def email_queue(
    *,
    key: str,
    kind: str,
    to: str,
    context: dict,
    regarding: models.Model | None = None,
    recipient_user=None,
    attachments: tuple[Attachment, ...] = (),
) -> OutboundEmail:
    """Record an email and schedule its delivery once the current transaction commits.

    The texts are rendered now and stored: a later edit changes no recorded email.
    Queuing the same `key` twice returns the first record and sends nothing more.
    """
    queued = QueuedEmail(key, kind, to, context, regarding, recipient_user, tuple(attachments))
    return email_queue_many([queued])[0]


def email_queue_many(queued: Iterable[QueuedEmail]) -> list[OutboundEmail]:
    """Record several emails at a fixed number of queries, whatever their number: the
    manager's texts, the unsubscriptions and the keys already used are read once, the new
    emails inserted at once (and the types of what they regard, the first time a process
    meets them). Returns each email's record, in the order given; a key already queued
    (before, or earlier in the list) keeps its first record and sends nothing more.
    """
    queued = list(queued)
    if not queued:
        return []
    kind_of = {item.kind: kinds.get(item.kind) for item in queued}
    editable = [code for code, kind in kind_of.items() if kind.editable]
    overrides = (
        {text.kind: text for text in EmailText.objects.filter(kind__in=editable)}
        if editable
        else {}
    )
    addresses = {item.to.lower() for item in queued if not kind_of[item.kind].essential}
    opted_out = (
        set(Unsubscription.objects.filter(email__in=addresses).values_list("email", flat=True))
        if addresses
        else set()
    )
    keys = {item.key for item in queued}
    existing = {email.key: email for email in OutboundEmail.objects.filter(key__in=keys)}
    types = ContentType.objects.get_for_models(
        *{type(item.regarding) for item in queued if item.regarding is not None}
    )
    new: dict[str, OutboundEmail] = {}
    renderer = _EmailRenderer()
    for item in queued:
        if item.key in existing or item.key in new:
            continue
        kind = kind_of[item.kind]
        subject, body_text, body_html = renderer.render(
            kind=kind, context=item.context, to=item.to, email_text=overrides.get(item.kind)
        )
        suppressed = not kind.essential and item.to.lower() in opted_out
        new[item.key] = OutboundEmail(
            key=item.key,
            kind=item.kind,
            to=item.to,
            subject=subject[:255],
            body_text=body_text,
            body_html=body_html,
            status=OutboundEmail.Status.SUPPRESSED if suppressed else OutboundEmail.Status.PENDING,
            regarding_type=types[type(item.regarding)] if item.regarding is not None else None,
            regarding_id=item.regarding.pk if item.regarding is not None else None,
            recipient_user=item.recipient_user,
            attachments=[attachment.as_json() for attachment in item.attachments],
        )
    if new:
        created = list(new.values())
        try:
            with transaction.atomic():
                OutboundEmail.objects.bulk_create(created)
        except IntegrityError:
            # A parallel request recorded one of these keys since we looked: one at a time,
            # each keeping whichever record is there first.
            created = []
            for key, email in list(new.items()):
                new[key], was_created = _record_one(email)
                if was_created:
                    created.append(new[key])
        for email in created:
            if email.status == OutboundEmail.Status.PENDING:
                schedule_delivery(email.pk)
    return [existing.get(item.key) or new[item.key] for item in queued]


def _record_one(email: OutboundEmail) -> tuple[OutboundEmail, bool]:
    fields = {
        field.name: getattr(email, field.name)
        for field in OutboundEmail._meta.concrete_fields
        if not field.primary_key and field.name != "key"
    }
    return OutboundEmail.objects.get_or_create(key=email.key, defaults=fields)


def email_retry(*, email: OutboundEmail) -> bool:
    """Put a failed email back in the queue (staff action); False if it was not failed."""
    retried = OutboundEmail.objects.filter(pk=email.pk, status=OutboundEmail.Status.FAILED).update(
        status=OutboundEmail.Status.PENDING
    )
    if retried:
        schedule_delivery(email.pk)
    return bool(retried)


def email_text_save(*, kind: str, subject: str, body: str, user) -> EmailText:
    """Record the programme manager's version of a kind of email; the next ones use it."""
    email_text, _created = EmailText.objects.update_or_create(
        kind=kind, defaults={"subject": subject, "body": body, "updated_by": user}
    )
    return email_text


def email_text_reset(*, kind: str) -> bool:
    """Go back to the default text of a kind of email; False if it was not rewritten."""
    deleted, _details = EmailText.objects.filter(kind=kind).delete()
    return bool(deleted)


def email_text_preview(*, kind: str, subject: str, body: str) -> RenderedEmail:
    """The email a text would give, with the kind's sample values; nothing is saved."""
    return email_render(
        kind=kind,
        context=kinds.get(kind).sample_context(),
        to=PREVIEW_ADDRESS,
        email_text=EmailText(kind=kind, subject=subject, body=body),
    )


def email_default_preview(*, kind: str) -> RenderedEmail:
    """The email the kind's default wording gives, with its sample values."""
    return email_render(kind=kind, context=kinds.get(kind).sample_context(), to=PREVIEW_ADDRESS)

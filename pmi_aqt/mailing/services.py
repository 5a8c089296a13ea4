"""Sending email: record first, deliver through Celery after the transaction commits.

Delivery works in batches: the emails queued in one transaction go to Celery as one task,
which claims them in one transaction, sends them over one or a few SMTP connections, marks
them sent as the server accepts them and records the failures at the end.
"""

import email.policy
import hashlib
import logging
import re
import threading
from collections import defaultdict
from collections.abc import Iterable
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from email.headerregistry import HeaderRegistry
from email.utils import parseaddr
from smtplib import SMTPRecipientsRefused, SMTPResponseException
from typing import NamedTuple

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives, mailers
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import NON_ESSENTIAL_KINDS, EmailText, OutboundEmail, Unsubscription
from .text_kinds import kind_texts
from .texts import render_custom

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "mailing.unsubscribe"
# The most emails one delivery task takes.
DELIVERY_BATCH_SIZE = 200
# While a batch goes over parallel connections, how often what the server accepted is marked
# sent: a worker dying mid-batch sends again only what was accepted since (see _Accepted).
MARK_SENT_EVERY_SECONDS = 0.02
# A batch is split over parallel connections only in slices of at least this many emails: a
# connection's setup costs about as much as sending a few messages.
EMAILS_PER_CONNECTION = 25
# Who previews are addressed to: only its unsubscribe link shows it.
PREVIEW_ADDRESS = "destinataire@exemple.fr"


def unsubscribe_url(address: str) -> str:
    token = signing.Signer(salt=UNSUBSCRIBE_SALT).sign(address.lower())
    return settings.SITE_URL + reverse("mailing:unsubscribe", args=[token])


def read_unsubscribe_token(token: str) -> str | None:
    """The address a signed unsubscribe token names, or None when it was tampered with."""
    try:
        return signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token)
    except signing.BadSignature:
        return None


def unsubscribe(*, address: str) -> None:
    Unsubscription.objects.get_or_create(email=address.lower())


class RenderedEmail(NamedTuple):
    subject: str
    body_text: str
    body_html: str


def email_render(
    *, kind: str, template: str, context: dict, to: str, email_text: EmailText | None = None
) -> RenderedEmail:
    """Subject, plain text and HTML of an email: the manager's text when given, else the
    default templates/emails/<template>/ files. Non-essential kinds end with the unsubscribe
    link in both versions."""
    return _EmailRenderer().render(
        kind=kind, template=template, context=context, to=to, email_text=email_text
    )


# Stands for the token in an unsubscribe URL reversed once; tokens made only of these
# characters go in as they are (reverse() would not quote them either).
_UNSUBSCRIBE_MARK = "0unsubscribemark0"
_PLAIN_TOKEN = re.compile(r"[A-Za-z0-9_.@+:-]+")


class _EmailRenderer:
    """Renders emails, doing once what they all share (the context every email template
    reads, the unsubscribe URL's reverse()), so that a batch pays it once, not per email."""

    def __init__(self) -> None:
        self.base_context = {
            "programme_name": settings.PROGRAMME_NAME,
            "site_url": settings.SITE_URL,
            "privacy_url": settings.SITE_URL + reverse("privacy"),
        }
        self.signer = signing.Signer(salt=UNSUBSCRIBE_SALT)
        self.unsubscribe_pattern = settings.SITE_URL + reverse(
            "mailing:unsubscribe", args=[_UNSUBSCRIBE_MARK]
        )

    def unsubscribe_url(self, address: str) -> str:
        """The same as unsubscribe_url(address)."""
        token = self.signer.sign(address.lower())
        if not _PLAIN_TOKEN.fullmatch(token):
            return unsubscribe_url(address)
        return self.unsubscribe_pattern.replace(_UNSUBSCRIBE_MARK, token)

    def render(
        self, *, kind: str, template: str, context: dict, to: str, email_text: EmailText | None
    ) -> RenderedEmail:
        context = {**self.base_context, **context}
        non_essential = kind in NON_ESSENTIAL_KINDS
        if non_essential:
            context["unsubscribe_url"] = self.unsubscribe_url(to)
        spec = kind_texts(kind)
        if email_text is not None and spec is not None:
            subject, body_text, body_html = render_custom(
                subject=email_text.subject, body=email_text.body, spec=spec, context=context
            )
        else:
            subject = " ".join(render_to_string(f"emails/{template}/subject.txt", context).split())
            body_text = render_to_string(f"emails/{template}/body.txt", context)
            body_html = render_to_string(f"emails/{template}/body.html", context)
        if non_essential:
            body_text += "\n" + _("Pour ne plus recevoir ce type d'e-mails : %(url)s") % {
                "url": context["unsubscribe_url"]
            }
        return RenderedEmail(subject, body_text, body_html)


@dataclass(frozen=True)
class DeliveryResult:
    delivered: bool
    reason: str


@dataclass(frozen=True)
class QueuedEmail:
    """One email to record: `template` names a folder under templates/emails/ holding
    subject.txt, body.txt and body.html, used unless the programme manager rewrote this kind
    of email (EmailText)."""

    key: str
    kind: str
    to: str
    template: str
    context: dict
    company: object = None
    project: object = None
    recipient_user: object = None


def email_queue(
    *,
    key: str,
    kind: str,
    to: str,
    template: str,
    context: dict,
    company=None,
    project=None,
    recipient_user=None,
) -> OutboundEmail:
    """Record an email and schedule its delivery once the current transaction commits.

    The texts are rendered now and stored: a later edit changes no recorded email.
    Queuing the same `key` twice returns the first record and sends nothing more.
    """
    queued = QueuedEmail(key, kind, to, template, context, company, project, recipient_user)
    return email_queue_many([queued])[0]


def email_queue_many(queued: Iterable[QueuedEmail]) -> list[OutboundEmail]:
    """Record several emails at a fixed number of queries, whatever their number: the
    manager's texts, the unsubscriptions and the keys already used are read once, the new
    emails inserted at once. Returns each email's record, in the order given; a key already
    queued (before, or earlier in the list) keeps its first record and sends nothing more.
    """
    queued = list(queued)
    if not queued:
        return []
    kinds = {item.kind for item in queued if kind_texts(item.kind)}
    overrides = {text.kind: text for text in EmailText.objects.filter(kind__in=kinds)}
    addresses = {item.to.lower() for item in queued if item.kind in NON_ESSENTIAL_KINDS}
    opted_out = (
        set(Unsubscription.objects.filter(email__in=addresses).values_list("email", flat=True))
        if addresses
        else set()
    )
    keys = {item.key for item in queued}
    existing = {email.key: email for email in OutboundEmail.objects.filter(key__in=keys)}
    new: dict[str, OutboundEmail] = {}
    renderer = _EmailRenderer()
    for item in queued:
        if item.key in existing or item.key in new:
            continue
        subject, body_text, body_html = renderer.render(
            kind=item.kind,
            template=item.template,
            context=item.context,
            to=item.to,
            email_text=overrides.get(item.kind),
        )
        suppressed = item.kind in NON_ESSENTIAL_KINDS and item.to.lower() in opted_out
        new[item.key] = OutboundEmail(
            key=item.key,
            kind=item.kind,
            to=item.to,
            subject=subject[:255],
            body_text=body_text,
            body_html=body_html,
            status=OutboundEmail.Status.SUPPRESSED if suppressed else OutboundEmail.Status.PENDING,
            company=item.company,
            project=item.project,
            recipient_user=item.recipient_user,
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
                _schedule_delivery(email.pk)
    return [existing.get(item.key) or new[item.key] for item in queued]


def _record_one(email: OutboundEmail) -> tuple[OutboundEmail, bool]:
    fields = {
        field.name: getattr(email, field.name)
        for field in OutboundEmail._meta.concrete_fields
        if not field.primary_key and field.name != "key"
    }
    return OutboundEmail.objects.get_or_create(key=email.key, defaults=fields)


# --- Handing emails to Celery: one task for all the emails of a transaction


class _DeliveryBatch:
    """The ids of the emails committed together, handed to Celery as one task."""

    def __init__(self) -> None:
        self.email_ids: list[int] = []
        self.flushed = False

    def flush(self) -> None:
        self.flushed = True
        _enqueue_delivery(self.email_ids)


class _QueuedEmail:
    """The on-commit callback of one queued email: it joins its batch, and the batch's last
    callback to run hands the whole batch to Celery.

    Django runs on-commit callbacks in order, taking each off `connection.run_on_commit`
    (pytest-django's capture runs them in place): a callback with no later one of its batch
    still listed is the last. Callbacks of a rolled-back savepoint are removed from that list,
    so they are neither sent nor waited for.
    """

    def __init__(self, batch: _DeliveryBatch, email_id: int) -> None:
        self.batch = batch
        self.email_id = email_id

    def __call__(self) -> None:
        if self.batch.flushed:  # run after its batch left (only under a test's capture)
            _enqueue_delivery([self.email_id])
            return
        self.batch.email_ids.append(self.email_id)
        if not self._later_ones_of_the_batch_pending():
            self.batch.flush()

    def _later_ones_of_the_batch_pending(self) -> bool:
        callbacks = [
            callback for _sids, callback, _robust in transaction.get_connection().run_on_commit
        ]
        position = next((i for i, cb in enumerate(callbacks) if cb is self), -1)
        return any(
            getattr(callback, "batch", None) is self.batch for callback in callbacks[position + 1 :]
        )


_current = threading.local()


def _schedule_delivery(email_id: int) -> None:
    """Deliver this email after the current transaction commits, in the same Celery task as
    the other emails committed with it (at once, outside a transaction)."""
    batch = getattr(_current, "batch", None)
    if batch is None or batch.flushed:
        batch = _current.batch = _DeliveryBatch()
    transaction.on_commit(_QueuedEmail(batch, email_id))


def _enqueue_delivery(email_ids: list[int]) -> None:
    from .tasks import deliver_email, deliver_emails

    try:
        if len(email_ids) == 1:
            # One email: the single-email task, the message older workers also understand.
            deliver_email.delay(email_ids[0])
            return
        for start in range(0, len(email_ids), DELIVERY_BATCH_SIZE):
            deliver_emails.delay(email_ids[start : start + DELIVERY_BATCH_SIZE])
    except Exception:  # noqa: BLE001 - broker down: the periodic sweep delivers them later.
        logger.warning(
            "Broker unavailable, emails %s left pending for the sweep", email_ids, exc_info=True
        )


# --- Delivering: claim, send over one connection, record the outcome


@dataclass
class BatchDelivery:
    """What one delivery of a batch did, by email id."""

    sent: list[int] = field(default_factory=list)
    failed: dict[int, Exception] = field(default_factory=dict)
    skipped: list[int] = field(default_factory=list)  # not pending: claimed, sent, suppressed…


def email_claim_many(email_ids: Iterable[int]) -> list[OutboundEmail]:
    """Claim the pending emails among `email_ids` for this worker, in one transaction.

    Each email can be won by one worker only: on PostgreSQL the pending rows are locked
    (FOR UPDATE SKIP LOCKED, in primary-key order) so a concurrent claim passes over them
    instead of waiting; SQLite serialises the whole transaction. The same id given twice is
    claimed once.
    """
    ids = sorted(set(email_ids))
    if not ids:
        return []
    with transaction.atomic():
        pending = (
            OutboundEmail.objects.filter(pk__in=ids, status=OutboundEmail.Status.PENDING)
            .only("pk", "key", "kind", "to", "subject", "body_text", "body_html")
            .order_by("pk")
        )
        if transaction.get_connection().features.has_select_for_update_skip_locked:
            pending = pending.select_for_update(skip_locked=True)
        emails = list(pending)
        if emails:
            claimed = OutboundEmail.objects.filter(
                pk__in=[email.pk for email in emails], status=OutboundEmail.Status.PENDING
            ).update(
                status=OutboundEmail.Status.SENDING,
                claimed_at=timezone.now(),
                attempts=F("attempts") + 1,
            )
            if claimed != len(emails):  # cannot happen with the rows locked; never send twice
                raise RuntimeError(f"claimed {claimed} of {len(emails)} locked emails")
    return emails


class _CachedHeaderRegistry(HeaderRegistry):
    """The standard header classes, each built once: CPython's registry creates a new class
    for every header of every message, a millisecond per email at delivery rates."""

    def __init__(self) -> None:
        super().__init__()
        self._classes: dict[str, type] = {}

    def __getitem__(self, name: str) -> type:
        key = name.lower()
        if key not in self._classes:
            self._classes[key] = super().__getitem__(name)
        return self._classes[key]


_FAST_POLICIES = {
    id(policy): policy.clone(header_factory=_CachedHeaderRegistry())
    for policy in (email.policy.default, email.policy.SMTP)
}


class _Message(EmailMultiAlternatives):
    """Django's message, built with the same email policy whose header classes are cached."""

    def message(self, *, policy=email.policy.default):
        return super().message(policy=_FAST_POLICIES.get(id(policy), policy))


def _message_id(email: OutboundEmail) -> str:
    """The same Message-ID on every attempt at one recorded email: sent again (a worker killed
    between the server's acceptance and the "sent" mark), it is recognisably the same message,
    which mail servers and clients that deduplicate on Message-ID show once."""
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{email.key}".encode()).hexdigest()[:20]
    return f"<{email.pk}.{digest}@{domain}>"


def _message(email: OutboundEmail) -> EmailMultiAlternatives:
    message = _Message(
        subject=email.subject,
        body=email.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.to],
    )
    message.extra_headers["Message-ID"] = _message_id(email)
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    if not email.is_essential:
        # RFC 8058 one-click unsubscribe, which mail clients show as a button.
        message.extra_headers["List-Unsubscribe"] = f"<{unsubscribe_url(email.to)}>"
        message.extra_headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    return message


def _close_quietly(mailer) -> None:
    try:
        mailer.close()
    except Exception:  # noqa: BLE001 - a connection already broken has nothing left to close.
        logger.debug("Closing the mail connection failed", exc_info=True)


class _Accepted:
    """The emails the mail server accepted, marked sent as the batch goes rather than at its
    end: a worker killed mid-batch leaves unmarked only what was accepted since the last mark
    (one email on one connection, a few milliseconds' worth on parallel ones), which the sweep
    sends again. At least once, and twice only for those few."""

    def __init__(self) -> None:
        self._ids: list[int] = []
        self._marked = 0
        self._lock = threading.Lock()

    def add(self, email_id: int) -> None:
        """From any sending thread."""
        with self._lock:
            self._ids.append(email_id)

    def mark_sent(self) -> None:
        """Mark sent what was accepted since the last call: from the thread that owns the
        database connection (the task's), never from a sending thread."""
        with self._lock:
            new = self._ids[self._marked :]
            self._marked = len(self._ids)
        if new:
            OutboundEmail.objects.filter(pk__in=new).update(
                status=OutboundEmail.Status.SENT, sent_at=timezone.now(), last_error=""
            )


def _send_over_one_connection(
    emails: list[OutboundEmail], batch: BatchDelivery, on_accepted
) -> None:
    """Send each email on one connection to the mail server, noting which went and which
    failed; `on_accepted(email_id)` is told of each as soon as the server accepted it. A
    message the server refused leaves the connection usable; any other error (the connection
    dropped) opens a new one for the messages after it."""
    mailer = mailers.default
    try:
        mailer.open()
    except Exception as error:  # noqa: BLE001 - server unreachable: every email waits a retry.
        _close_quietly(mailer)
        batch.failed.update(dict.fromkeys((email.pk for email in emails), error))
        return
    try:
        for index, email in enumerate(emails):
            try:
                mailer.send_messages([_message(email)])
            except Exception as error:  # noqa: BLE001 - recorded on the email, retried by the task
                batch.failed[email.pk] = error
                if isinstance(error, SMTPResponseException | SMTPRecipientsRefused):
                    continue
                _close_quietly(mailer)
                try:
                    mailer.open()
                except Exception as reopen_error:  # noqa: BLE001 - the rest waits a retry too
                    for rest in emails[index + 1 :]:
                        batch.failed[rest.pk] = reopen_error
                    return
            else:
                batch.sent.append(email.pk)
                on_accepted(email.pk)
    finally:
        _close_quietly(mailer)


def _send_over_parallel_connections(
    emails: list[OutboundEmail], batch: BatchDelivery, accepted: _Accepted
) -> None:
    """Send a batch over up to EMAIL_DELIVERY_CONNECTIONS connections at once, a slice each:
    while one connection waits for the server's replies, another builds its next message."""
    per_connection = max(
        EMAILS_PER_CONNECTION, -(-len(emails) // settings.EMAIL_DELIVERY_CONNECTIONS)
    )
    slices = [
        emails[start : start + per_connection] for start in range(0, len(emails), per_connection)
    ]
    if len(slices) == 1:

        def mark_at_once(email_id: int) -> None:
            accepted.add(email_id)
            accepted.mark_sent()

        _send_over_one_connection(emails, batch, mark_at_once)
        return
    outcomes = [BatchDelivery() for _slice in slices]
    with ThreadPoolExecutor(max_workers=len(slices), thread_name_prefix="smtp") as pool:
        sending = {
            pool.submit(_send_over_one_connection, part, outcome, accepted.add)
            for part, outcome in zip(slices, outcomes, strict=True)
        }
        # This thread marks what the connections' threads report, as they go.
        while sending:
            done, sending = wait(sending, MARK_SENT_EVERY_SECONDS, return_when=FIRST_EXCEPTION)
            accepted.mark_sent()
            for future in done:
                future.result()  # raises what a thread raised
    for outcome in outcomes:
        batch.sent.extend(outcome.sent)
        batch.failed.update(outcome.failed)


def email_deliver_many(email_ids: Iterable[int], *, last_attempt: bool = False) -> BatchDelivery:
    """Send the recorded emails among `email_ids` that nobody else has claimed or sent: safe
    to call twice, or in parallel with overlapping ids.

    The sent ones are marked sent as the server accepts them (`_Accepted`). The failed ones go
    back to pending with their error, for the caller (the Celery task) to retry — or to failed
    when `last_attempt`.
    """
    ids = list(email_ids)
    emails = email_claim_many(ids)
    claimed = {email.pk for email in emails}
    batch = BatchDelivery(skipped=sorted(set(ids) - claimed))
    if not emails:
        return batch
    accepted = _Accepted()
    try:
        _send_over_parallel_connections(emails, batch, accepted)
    finally:
        accepted.mark_sent()  # what was accepted before an error, too
    after_failure = OutboundEmail.Status.FAILED if last_attempt else OutboundEmail.Status.PENDING
    by_error = defaultdict(list)
    for pk, error in batch.failed.items():
        by_error[str(error)[:2000]].append(pk)
    with transaction.atomic():
        for error, failed_ids in by_error.items():
            # Only while still ours: a claim freed by the sweep may be another worker's now.
            OutboundEmail.objects.filter(
                pk__in=failed_ids, status=OutboundEmail.Status.SENDING
            ).update(status=after_failure, last_error=error)
    return batch


def email_deliver(email_id: int) -> DeliveryResult:
    """Send one recorded email if nobody else has: safe to call twice or in parallel.

    Raises the transport's error after putting the email back to pending, so the caller
    can retry it.
    """
    batch = email_deliver_many([email_id])
    if email_id in batch.failed:
        raise batch.failed[email_id]
    if batch.sent:
        return DeliveryResult(True, "sent")
    return DeliveryResult(False, "already claimed or sent")


def email_retry(*, email: OutboundEmail) -> bool:
    """Put a failed email back in the queue (staff action); False if it was not failed."""
    retried = OutboundEmail.objects.filter(pk=email.pk, status=OutboundEmail.Status.FAILED).update(
        status=OutboundEmail.Status.PENDING
    )
    if retried:
        _schedule_delivery(email.pk)
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
    spec = kind_texts(kind)
    return email_render(
        kind=kind,
        template=spec.template,
        context=spec.sample_context(),
        to=PREVIEW_ADDRESS,
        email_text=EmailText(kind=kind, subject=subject, body=body),
    )


def email_default_preview(*, kind: str) -> RenderedEmail:
    """The email the default templates give today, with the kind's sample values."""
    spec = kind_texts(kind)
    return email_render(
        kind=kind, template=spec.template, context=spec.sample_context(), to=PREVIEW_ADDRESS
    )

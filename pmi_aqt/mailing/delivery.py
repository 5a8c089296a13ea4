"""Delivering recorded emails: claim them, send them over one or a few SMTP connections, mark
each sent as the server accepts it and record the failures at the end. The Celery tasks
(tasks.py) call this; nothing here knows how the work was handed over."""

import email.policy
import hashlib
import logging
import threading
from collections import defaultdict
from collections.abc import Iterable
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from email.header import Header
from email.headerregistry import HeaderRegistry
from email.message import MIMEPart
from email.utils import parseaddr
from smtplib import SMTPRecipientsRefused, SMTPResponseException

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .models import OutboundEmail
from .unsubscribe import unsubscribe_url

logger = logging.getLogger(__name__)

# The most emails one delivery task takes.
DELIVERY_BATCH_SIZE = 200
# While a batch goes over parallel connections, how often what the server accepted is marked
# sent: a worker dying mid-batch sends again only what was accepted since (see _Accepted).
MARK_SENT_EVERY_SECONDS = 0.02
# A batch is split over parallel connections only in slices of at least this many emails: a
# connection's setup costs about as much as sending a few messages.
EMAILS_PER_CONNECTION = 25


@dataclass(frozen=True)
class DeliveryResult:
    delivered: bool
    reason: str


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
            .only("pk", "key", "kind", "to", "subject", "body_text", "body_html", "attachments")
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


class _SpacesKeptInEncodedWords:
    """A header whose non-ASCII value is written as encoded words that hold their spaces.

    CPython's folder (email._header_value_parser, 3.12.1 here) may encode two neighbouring
    words separately and put the space between them at the line fold, outside both encoded
    words: RFC 2047 tells readers to drop whitespace between encoded words, so mail clients
    showed "AdourMécanique Générale" and "Ajourné— PMI en AQT". The older `Header` encoder
    splits the whole value into encoded words on character boundaries, spaces inside them."""

    def fold(self, *, policy) -> str:
        value = str(self)
        if value.isascii() or policy.utf8:
            return super().fold(policy=policy)
        encoded = Header(value, "utf-8", header_name=self.name).encode(linesep=policy.linesep)
        return f"{self.name}: {encoded}{policy.linesep}"


# Free text that reaches readers with its accents and spaces.
_FREE_TEXT_HEADERS = frozenset({"subject"})


class _CachedHeaderRegistry(HeaderRegistry):
    """The standard header classes, each built once: CPython's registry creates a new class
    for every header of every message, a millisecond per email at delivery rates. The
    subject's keeps its spaces when encoded (`_SpacesKeptInEncodedWords`)."""

    def __init__(self) -> None:
        super().__init__()
        self._classes: dict[str, type] = {}

    def __getitem__(self, name: str) -> type:
        key = name.lower()
        if key not in self._classes:
            cls = super().__getitem__(name)
            if key in _FREE_TEXT_HEADERS:
                cls = type(cls.__name__, (_SpacesKeptInEncodedWords, cls), {})
            self._classes[key] = cls
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


def _attachment_part(attachment: dict) -> MIMEPart:
    """A recorded text attachment as a MIME part, with the parameters of its Content-Type
    (Django's attach() takes a bare mimetype only)."""
    maintype, subtype = attachment["mimetype"].split("/", 1)
    if maintype != "text":
        raise ValueError(f"Only text attachments are recorded, not {attachment['mimetype']}")
    part = MIMEPart()
    part.set_content(
        attachment["content"],
        subtype=subtype,
        charset="utf-8",
        disposition="attachment",
        filename=attachment["filename"],
        params=attachment.get("params") or {},
    )
    return part


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
    for attachment in email.attachments:
        message.attach(_attachment_part(attachment))
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

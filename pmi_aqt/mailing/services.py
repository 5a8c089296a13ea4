"""Sending email: record first, deliver through Celery after the transaction commits."""

from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone

from .models import OutboundEmail


@dataclass(frozen=True)
class DeliveryResult:
    delivered: bool
    reason: str


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

    `template` names a folder under templates/emails/ holding subject.txt, body.txt and
    body.html. Queuing the same `key` twice returns the first record and sends nothing more.
    """
    context = {"programme_name": settings.PROGRAMME_NAME, "site_url": settings.SITE_URL, **context}
    subject = " ".join(render_to_string(f"emails/{template}/subject.txt", context).split())
    email, created = OutboundEmail.objects.get_or_create(
        key=key,
        defaults={
            "kind": kind,
            "to": to,
            "subject": subject[:255],
            "body_text": render_to_string(f"emails/{template}/body.txt", context),
            "body_html": render_to_string(f"emails/{template}/body.html", context),
            "company": company,
            "project": project,
            "recipient_user": recipient_user,
        },
    )
    if created:
        transaction.on_commit(lambda: _enqueue_delivery(email.pk))
    return email


def _enqueue_delivery(email_id: int) -> None:
    from .tasks import deliver_email

    try:
        deliver_email.delay(email_id)
    except Exception:  # noqa: BLE001 - broker down: the periodic sweep delivers it later.
        import logging

        logging.getLogger(__name__).warning(
            "Broker unavailable, email %s left pending for the sweep", email_id, exc_info=True
        )


def email_claim(email_id: int) -> bool:
    """Claim a pending email for delivery. Only one worker can win the claim."""
    claimed = OutboundEmail.objects.filter(
        pk=email_id, status__in=[OutboundEmail.Status.PENDING]
    ).update(
        status=OutboundEmail.Status.SENDING,
        claimed_at=timezone.now(),
        attempts=F("attempts") + 1,
    )
    return claimed == 1


def email_deliver(email_id: int) -> DeliveryResult:
    """Send one recorded email if nobody else has: safe to call twice or in parallel.

    Raises the transport's error after putting the email back to pending, so the caller
    (the Celery task) can retry it.
    """
    if not email_claim(email_id):
        return DeliveryResult(False, "already claimed or sent")
    email = OutboundEmail.objects.get(pk=email_id)
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.to],
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    try:
        message.send()
    except Exception as error:
        OutboundEmail.objects.filter(pk=email_id).update(
            status=OutboundEmail.Status.PENDING, last_error=str(error)[:2000]
        )
        raise
    OutboundEmail.objects.filter(pk=email_id).update(
        status=OutboundEmail.Status.SENT, sent_at=timezone.now(), last_error=""
    )
    return DeliveryResult(True, "sent")


def email_retry(*, email: OutboundEmail) -> bool:
    """Put a failed email back in the queue (staff action); False if it was not failed."""
    retried = OutboundEmail.objects.filter(pk=email.pk, status=OutboundEmail.Status.FAILED).update(
        status=OutboundEmail.Status.PENDING
    )
    if retried:
        transaction.on_commit(lambda: _enqueue_delivery(email.pk))
    return bool(retried)


def email_mark_failed(email_id: int, error: str) -> None:
    OutboundEmail.objects.filter(pk=email_id).exclude(status=OutboundEmail.Status.SENT).update(
        status=OutboundEmail.Status.FAILED, last_error=error[:2000]
    )

import logging
from datetime import timedelta

from celery import shared_task
from celery.utils.time import get_exponential_backoff_interval
from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.utils import timezone

from pmi_aqt.queries import delete_in_batches

from . import delivery
from .models import OutboundEmail

logger = logging.getLogger(__name__)

MAX_RETRIES = 5
RETRY_BACKOFF_MAX = 600


def stale_claim_after() -> timedelta:
    """How long an email may stay "sending" before its worker is taken for dead.

    settings.EMAIL_STALE_CLAIM_SECONDS (default 15 minutes), read at call time.
    """
    return timedelta(seconds=getattr(settings, "EMAIL_STALE_CLAIM_SECONDS", 900))


def _deliver(task, email_ids: list[int], *, retry_as_list: bool) -> delivery.BatchDelivery:
    """Deliver a batch; retry only its failed emails, with exponential backoff, and mark them
    failed on the last try."""
    last_attempt = task.request.retries >= MAX_RETRIES
    batch = delivery.email_deliver_many(email_ids, last_attempt=last_attempt)
    if not batch.failed:
        return batch
    failed_ids = sorted(batch.failed)
    first_error = batch.failed[failed_ids[0]]
    if last_attempt:
        logger.error("Emails %s failed after %s retries: %s", failed_ids, MAX_RETRIES, first_error)
        return batch
    countdown = get_exponential_backoff_interval(
        factor=settings.EMAIL_RETRY_BACKOFF,
        retries=task.request.retries,
        maximum=RETRY_BACKOFF_MAX,
        full_jitter=True,
    )
    retry_args = [failed_ids] if retry_as_list else [failed_ids[0]]
    raise task.retry(args=retry_args, countdown=countdown, exc=first_error)


@shared_task(bind=True, acks_late=True, max_retries=MAX_RETRIES)
def deliver_emails(self, email_ids: list[int]) -> dict:
    """Deliver a batch of recorded emails over one SMTP connection (see email_deliver_many)."""
    batch = _deliver(self, email_ids, retry_as_list=True)
    return {"sent": len(batch.sent), "failed": len(batch.failed), "skipped": len(batch.skipped)}


@shared_task(bind=True, acks_late=True, max_retries=MAX_RETRIES)
def deliver_email(self, email_id: int) -> str:
    """One email: the batch path with one id (also the message queued before batches)."""
    batch = _deliver(self, [email_id], retry_as_list=False)
    if batch.failed:
        return "failed"
    return "sent" if batch.sent else "already claimed or sent"


@shared_task
def deliver_pending_emails() -> int:
    """Periodic sweep: send what was queued while the broker was down, free stale claims."""
    OutboundEmail.objects.filter(
        status=OutboundEmail.Status.SENDING, claimed_at__lt=timezone.now() - stale_claim_after()
    ).update(status=OutboundEmail.Status.PENDING)
    pending = list(
        OutboundEmail.objects.filter(
            status=OutboundEmail.Status.PENDING,
            created_at__lt=timezone.now() - timedelta(minutes=1),
        )
        .order_by("pk")
        .values_list("pk", flat=True)[:1000]
    )
    for start in range(0, len(pending), delivery.DELIVERY_BATCH_SIZE):
        deliver_emails.delay(pending[start : start + delivery.DELIVERY_BATCH_SIZE])
    return len(pending)


@shared_task
def purge_old_emails() -> int:
    """The weekly purge of recorded emails past HISTORY_RETENTION_YEARS; returns how many."""
    cutoff = timezone.now() - relativedelta(years=settings.HISTORY_RETENTION_YEARS)
    return delete_in_batches(OutboundEmail.objects.settled_before(cutoff))

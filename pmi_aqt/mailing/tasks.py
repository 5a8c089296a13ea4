import logging
from datetime import timedelta
from smtplib import SMTPException

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from . import services
from .models import OutboundEmail

logger = logging.getLogger(__name__)

MAX_RETRIES = 5


def stale_claim_after() -> timedelta:
    """How long an email may stay "sending" before its worker is taken for dead.

    settings.EMAIL_STALE_CLAIM_SECONDS (default 15 minutes), read at call time.
    """
    return timedelta(seconds=getattr(settings, "EMAIL_STALE_CLAIM_SECONDS", 900))


@shared_task(
    bind=True,
    acks_late=True,
    autoretry_for=(SMTPException, OSError),
    retry_backoff=settings.EMAIL_RETRY_BACKOFF,
    retry_backoff_max=600,
    max_retries=MAX_RETRIES,
)
def deliver_email(self, email_id: int) -> str:
    try:
        return services.email_deliver(email_id).reason
    except (SMTPException, OSError) as error:
        if self.request.retries >= MAX_RETRIES:
            services.email_mark_failed(email_id, str(error))
            logger.error("Email %s failed after %s retries: %s", email_id, MAX_RETRIES, error)
            return "failed"
        raise


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
        ).values_list("pk", flat=True)[:1000]
    )
    for email_id in pending:
        deliver_email.delay(email_id)
    return len(pending)

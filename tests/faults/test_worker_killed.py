"""A Celery worker is killed (SIGKILL) in the middle of delivering an email.

The email must be delivered once: not zero times (its claim would otherwise stay "sending"
for ever), not twice. The SMTP sink holds the DATA phase open, so the kill happens while the
message is being transferred, before the server accepted it; a new worker's sweep then frees
the stale claim (EMAIL_STALE_CLAIM_SECONDS=2 here, 15 minutes by default) and delivers it.

The remaining at-least-once window, which this test does not (and cannot) close: if a worker
dies after the SMTP server answered 250 to DATA but before the email is marked "sent" (the
next statement on one connection, within MARK_SENT_EVERY_SECONDS on parallel ones), the sweep
will send it again — a duplicate, never a loss. Every attempt carries the same Message-ID
(derived from the email's key), so a receiving server or client that deduplicates on it shows
the email once.
"""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from pmi_aqt.mailing.models import OutboundEmail

from .helpers import PrivateRedis, celery_call, smtp_sink, start_worker, time_limit, wait_for

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]

STALE_SECONDS = 2


def status_of(email: OutboundEmail) -> str:
    return OutboundEmail.objects.values_list("status", flat=True).get(pk=email.pk)


def test_a_worker_killed_mid_delivery_leaves_the_email_delivered_exactly_once(tmp_path):
    email = OutboundEmail.objects.create(
        key="faults:worker-killed",
        kind="intake_confirmation",
        to="dirigeante@forges-adour.example",
        subject="PMI en AQT : votre demande est bien reçue",
        body_text="Bonjour Claire,\nVotre demande est enregistrée.",
    )
    # The sweep only takes emails pending for more than a minute.
    OutboundEmail.objects.filter(pk=email.pk).update(
        created_at=timezone.now() - timedelta(minutes=5)
    )
    redis = PrivateRedis(tmp_path)
    redis.start()
    first = second = None
    with time_limit(180, "the killed-worker test"), smtp_sink(slow_seconds=120) as smtp:
        try:
            env = {
                "REDIS_URL": redis.url,
                "EMAIL_HOST": "127.0.0.1",
                "EMAIL_PORT": str(smtp.port),
                "EMAIL_RETRY_BACKOFF": "1",
                "EMAIL_STALE_CLAIM_SECONDS": str(STALE_SECONDS),
            }
            first = start_worker(tmp_path, "to-be-killed", **env)
            celery_call("pmi_aqt.mailing.tasks.deliver_email", args=f"[{email.pk}]", **env)

            # The first worker has claimed the email and is in the middle of DATA.
            assert smtp.handler.data_started.wait(timeout=45), first.tail()
            assert status_of(email) == OutboundEmail.Status.SENDING
            first.kill()
            assert wait_for(lambda: smtp.handler.aborted == 1, timeout=15), (
                "the SMTP server did not see the connection drop during DATA"
            )
            assert smtp.handler.received == []
            assert status_of(email) == OutboundEmail.Status.SENDING  # its claim is orphaned

            smtp.handler.slow_seconds = 0
            second = start_worker(tmp_path, "replacement", **env)
            # Beat's sweep frees the stale claim; the new worker delivers the email.
            claimed_at = OutboundEmail.objects.get(pk=email.pk).claimed_at
            wait_for(lambda: timezone.now() > claimed_at + timedelta(seconds=STALE_SECONDS + 1))
            celery_call("pmi_aqt.mailing.tasks.deliver_pending_emails", **env)
            celery_call("pmi_aqt.mailing.tasks.deliver_pending_emails", **env)

            assert wait_for(lambda: len(smtp.handler.received) == 1, timeout=60), second.tail()
            assert wait_for(lambda: status_of(email) == OutboundEmail.Status.SENT, timeout=30)
            time.sleep(3)  # would a second copy still arrive?
            assert len(smtp.handler.received) == 1
            assert smtp.handler.received[0]["To"] == "dirigeante@forges-adour.example"
            email.refresh_from_db()
            assert email.attempts == 2  # the killed attempt and the one that went through
        finally:
            for process in (first, second):
                if process is not None:
                    process.stop()
            redis.stop()

"""Emails per second delivered by one Celery worker to a local SMTP sink.

A real `celery worker` process (concurrency 1, the broker of the settings: Redis) delivers N
recorded emails, enqueued at once, to an aiosmtpd server in a thread of this process; the time
runs from the first enqueue until the database says all N are sent.
"""

import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

from django.db import close_old_connections

from pmi_aqt.mailing.models import OutboundEmail

from .measure import children, free_port, proc_peak_rss_mb


class Sink:
    """An SMTP server that accepts and counts every message."""

    def __init__(self):
        self.count = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        with self.lock:
            self.count += 1
        return "250 OK"


def _start_sink():
    from aiosmtpd.controller import Controller

    sink = Sink()
    # A fixed server name: without it aiosmtpd looks up the FQDN on every connection.
    controller = Controller(
        sink, hostname="127.0.0.1", port=free_port(), server_hostname="bench.invalid"
    )
    controller.start()
    return sink, controller


def _start_worker(port: int) -> subprocess.Popen:
    celery = Path(sys.executable).with_name("celery")
    env = {
        **os.environ,
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(port),
        "EMAIL_USE_TLS": "false",
        "EMAIL_USE_SSL": "false",
    }
    return subprocess.Popen(
        [str(celery), "-A", "pmi_aqt", "worker", "--concurrency=1", "--loglevel=warning",
         "--without-gossip", "--without-mingle", "--without-heartbeat",
         "--hostname", f"bench-{uuid.uuid4().hex[:8]}@%h"],
        env=env,
        start_new_session=True,
    )  # fmt: skip


def _record(count: int, run: str) -> list[int]:
    emails = OutboundEmail.objects.bulk_create(
        OutboundEmail(
            key=f"bench-throughput:{run}:{n}",
            kind=OutboundEmail.Kind.INTAKE_CONFIRMATION,
            to=f"destinataire{n}@entreprise.example",
            subject="Votre demande a bien été reçue",
            body_text="Bonjour,\n\nNous avons bien reçu votre demande.\n" * 8,
            body_html="<p>Bonjour,</p><p>Nous avons bien reçu votre demande.</p>" * 8,
        )
        for n in range(count)
    )
    return [email.pk for email in emails]


def _wait_sent(ids: list[int], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        close_old_connections()
        sent = OutboundEmail.objects.filter(pk__in=ids, status=OutboundEmail.Status.SENT).count()
        if sent == len(ids):
            return True
        time.sleep(0.1)
    return False


def measure_delivery_in_process(*, count: int) -> dict:
    """The delivery function alone (claim, SMTP, mark sent) in this process, no Celery: what
    the worker's own overhead is compared against."""
    from django.test import override_settings

    from pmi_aqt.mailing.services import email_deliver

    sink, controller = _start_sink()
    run = uuid.uuid4().hex[:8]
    mailers = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": controller.port, "timeout": 10},
        }
    }
    try:
        ids = _record(count, run)
        with override_settings(MAILERS=mailers):
            started = time.perf_counter()
            for pk in ids:
                email_deliver(pk)
            seconds = time.perf_counter() - started
        return {
            "emails": count,
            "seconds": round(seconds, 2),
            "emails_per_second": round(count / seconds, 1),
            "sink_received": sink.count,
        }
    finally:
        controller.stop()
        OutboundEmail.objects.filter(key__startswith=f"bench-throughput:{run}").delete()


def measure_email_throughput(*, count: int, timeout: float = 300) -> dict:
    from pmi_aqt.mailing.tasks import deliver_email

    sink, controller = _start_sink()
    worker = _start_worker(controller.port)
    run = uuid.uuid4().hex[:8]
    try:
        warmup = _record(5, run + "w")
        for pk in warmup:
            deliver_email.delay(pk)
        if not _wait_sent(warmup, 60):
            return {"error": "the worker sent nothing within 60 s"}
        ids = _record(count, run)
        started = time.perf_counter()
        for pk in ids:
            deliver_email.delay(pk)
        enqueued = time.perf_counter() - started
        done = _wait_sent(ids, timeout)
        seconds = time.perf_counter() - started
        pids = [worker.pid, *children(worker.pid)]
        memory = {pid: proc_peak_rss_mb(pid) for pid in pids}
        return {
            "emails": count,
            "all_sent": done,
            "seconds": round(seconds, 2),
            "enqueue_seconds": round(enqueued, 2),
            "emails_per_second": round(count / seconds, 1) if done else None,
            "sink_received": sink.count,
            "in_process": measure_delivery_in_process(count=min(count, 300)),
            "celery_worker_peak_rss_mb": max((m for m in memory.values() if m), default=None),
            "celery_processes_peak_rss_mb": list(memory.values()),
        }
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
        controller.stop()
        OutboundEmail.objects.filter(key__startswith=f"bench-throughput:{run}").delete()

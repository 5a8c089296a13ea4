"""Emails per second delivered by one Celery worker to a local SMTP sink.

A real `celery worker` (its processes: `--email-concurrency`, by default one per core as Celery's
own default; the broker of the settings: Redis) delivers N
recorded emails, enqueued at once as production does (`deliver_emails` tasks of up to
BATCH_SIZE ids, as the sweep and a transaction queuing many emails send them), to an aiosmtpd
server in a thread of this process; the time runs from the first enqueue until the database
says all N are sent.
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

from pmi_aqt.celery import app
from pmi_aqt.mailing.delivery import DELIVERY_BATCH_SIZE as BATCH_SIZE
from pmi_aqt.mailing.models import OutboundEmail
from projects.email_kinds import INTAKE_CONFIRMATION

from .measure import children, free_port, proc_peak_rss_mb


def _cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time the processes used so far, from /proc: the worker's cost per
    email, which CPU contention from other processes does not inflate as it does wall time."""
    ticks = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
        except (OSError, IndexError, ValueError):
            pass
    return ticks / os.sysconf("SC_CLK_TCK")


def _batches(ids: list[int]) -> list[list[int]]:
    return [ids[start : start + BATCH_SIZE] for start in range(0, len(ids), BATCH_SIZE)]


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


def _start_worker(port: int, concurrency: int) -> subprocess.Popen:
    celery = Path(sys.executable).with_name("celery")
    env = {
        **os.environ,
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(port),
        "EMAIL_USE_TLS": "false",
        "EMAIL_USE_SSL": "false",
    }
    return subprocess.Popen(
        [str(celery), "-A", "pmi_aqt", "worker", f"--concurrency={concurrency}",
         "--loglevel=warning", "--without-gossip", "--without-mingle", "--without-heartbeat",
         "--hostname", f"bench-{uuid.uuid4().hex[:8]}@%h"],
        env=env,
        start_new_session=True,
    )  # fmt: skip


def _record(count: int, run: str) -> list[int]:
    emails = OutboundEmail.objects.bulk_create(
        OutboundEmail(
            key=f"bench-throughput:{run}:{n}",
            kind=INTAKE_CONFIRMATION.code,
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
    """The delivery function alone (claim, SMTP, mark sent, by batches) in this process, no
    Celery: what the worker's own overhead is compared against."""
    from django.test import override_settings

    from pmi_aqt.mailing.delivery import email_deliver_many

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
            for batch in _batches(ids):
                email_deliver_many(batch)
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


def measure_email_throughput(*, count: int, concurrency: int, timeout: float = 300) -> dict:
    from pmi_aqt.mailing.tasks import deliver_emails

    # Tasks left in the broker by the earlier steps (the dashboard's refresh after a write)
    # would otherwise take the worker's time during the measure.
    app.control.purge()
    sink, controller = _start_sink()
    worker = _start_worker(controller.port, concurrency)
    run = uuid.uuid4().hex[:8]
    try:
        warmup = _record(5, run + "w")
        deliver_emails.delay(warmup)
        if not _wait_sent(warmup, 60):
            return {"error": "the worker sent nothing within 60 s"}
        ids = _record(count, run)
        pids = [worker.pid, *children(worker.pid)]
        cpu_before = _cpu_seconds(pids)
        started = time.perf_counter()
        for batch in _batches(ids):
            deliver_emails.delay(batch)
        enqueued = time.perf_counter() - started
        done = _wait_sent(ids, timeout)
        seconds = time.perf_counter() - started
        worker_cpu = _cpu_seconds(pids) - cpu_before
        memory = {pid: proc_peak_rss_mb(pid) for pid in pids}
        return {
            "emails": count,
            "worker_concurrency": concurrency,
            "batch_size": BATCH_SIZE,
            "all_sent": done,
            "seconds": round(seconds, 2),
            "enqueue_seconds": round(enqueued, 2),
            "emails_per_second": round(count / seconds, 1) if done else None,
            "sink_received": sink.count,
            "worker_cpu_seconds": round(worker_cpu, 2),
            "emails_per_worker_cpu_second": round(count / worker_cpu, 1) if worker_cpu else None,
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

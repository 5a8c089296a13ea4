"""A real Celery worker process delivers recorded emails to a real SMTP server on 127.0.0.1.

Runs against whatever broker the settings use: the filesystem broker of the embedded mode
(SQLite run) or Redis when REDIS_URL is set (PostgreSQL run in CI).
"""

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from datetime import timedelta
from email import message_from_bytes
from email.header import decode_header, make_header
from pathlib import Path
from unittest import mock

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from kombu.exceptions import OperationalError

from pmi_aqt.celery import app as celery_app
from pmi_aqt.mailing import services, tasks
from pmi_aqt.mailing.models import OutboundEmail

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parent.parent


class RecordingHandler:
    """An SMTP server that keeps what it receives, and can refuse the first deliveries."""

    def __init__(self, refuse_first: int = 0):
        self.refuse_first = refuse_first
        self.received: list = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        with self.lock:
            if self.refuse_first > 0:
                self.refuse_first -= 1
                return "451 4.3.0 Service momentanément indisponible, réessayez"
            self.received.append(message_from_bytes(envelope.content))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url() -> str:
    params = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{params['NAME']}"
    user = params["USER"] or "postgres"
    host = params["HOST"] or "127.0.0.1"
    return f"postgres://{user}@{host}:{params['PORT'] or 5432}/{params['NAME']}"


@pytest.fixture
def smtp_server(request):
    handler = RecordingHandler(refuse_first=getattr(request, "param", 0))
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller
    controller.stop()


@pytest.fixture
def celery_worker_process(smtp_server, tmp_path):
    """Start `celery worker` as its own process, on the test database and the test broker."""
    env = {
        **os.environ,
        "PMI_TESTING": "true",
        "DATABASE_URL": database_url(),
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_server.port),
        "EMAIL_RETRY_BACKOFF": "1",
        "PYTHONUNBUFFERED": "1",
    }
    if not settings.REDIS_URL:
        env["CELERY_FS_DIR"] = settings.FILESYSTEM_BROKER_DIR
    log_path = tmp_path / "worker.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "pmi_aqt",
                "worker",
                "--pool=solo",
                "--loglevel=info",
                "--without-heartbeat",
                "--without-gossip",
                "--without-mingle",
                f"--hostname=test-{os.getpid()}@%h",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 60
    while "ready." not in log_path.read_text():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"The Celery worker did not start:\n{log_path.read_text()}")
        time.sleep(0.2)
    celery_app.conf.task_always_eager = False
    yield process
    celery_app.conf.task_always_eager = True
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


def wait_for(predicate, timeout: float = 45.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def record_email(key: str) -> OutboundEmail:
    return OutboundEmail.objects.create(
        key=key,
        kind="intake_confirmation",
        to="dirigeante@forges-adour.example",
        subject="PMI en AQT : votre demande est bien reçue",
        body_text="Bonjour Claire,\nVotre projet « Robotisation de l'ébavurage » est enregistré.",
        body_html="<p>Bonjour Claire,</p>",
    )


def subject_of(message) -> str:
    return str(make_header(decode_header(message["Subject"])))


def test_a_real_worker_delivers_the_email_to_the_smtp_server(smtp_server, celery_worker_process):
    email = record_email("worker:delivered")

    tasks.deliver_email.delay(email.pk)

    received = smtp_server.handler.received
    assert wait_for(lambda: len(received) == 1), "no message reached the SMTP server"
    message = received[0]
    assert message["To"] == "dirigeante@forges-adour.example"
    assert subject_of(message) == "PMI en AQT : votre demande est bien reçue"
    text = next(
        part.get_payload(decode=True).decode()
        for part in message.walk()
        if part.get_content_type() == "text/plain"
    )
    assert "Robotisation de l'ébavurage" in text
    assert wait_for(
        lambda: OutboundEmail.objects.get(pk=email.pk).status == OutboundEmail.Status.SENT
    )


@pytest.mark.parametrize("smtp_server", [2], indirect=True)
def test_a_refusing_smtp_server_gets_the_email_on_a_later_retry(smtp_server, celery_worker_process):
    email = record_email("worker:retried")

    tasks.deliver_email.delay(email.pk)

    assert wait_for(lambda: len(smtp_server.handler.received) == 1, timeout=60)
    assert wait_for(
        lambda: OutboundEmail.objects.get(pk=email.pk).status == OutboundEmail.Status.SENT
    )
    email.refresh_from_db()
    assert email.attempts == 3
    time.sleep(1)
    assert len(smtp_server.handler.received) == 1


def test_the_same_email_enqueued_twice_reaches_the_server_once(smtp_server, celery_worker_process):
    email = record_email("worker:twice")

    tasks.deliver_email.delay(email.pk)
    tasks.deliver_email.delay(email.pk)

    assert wait_for(lambda: len(smtp_server.handler.received) == 1)
    time.sleep(2)
    assert len(smtp_server.handler.received) == 1


def test_the_broker_is_the_one_the_settings_name():
    # Guards the CI matrix: with REDIS_URL the worker tests above ran through Redis.
    expected = settings.REDIS_URL or "filesystem://"
    assert celery_app.conf.broker_url == expected


def test_an_email_queued_while_the_broker_was_down_goes_out_once_it_is_back(
    smtp_server, celery_worker_process
):
    # The request commits while the broker refuses connections: the email stays recorded.
    with (
        mock.patch.object(
            tasks.deliver_email, "delay", side_effect=OperationalError("Connection refused")
        ),
        transaction.atomic(),
    ):
        email = services.email_queue(
            key="worker:broker-down",
            kind="intake_confirmation",
            to="dirigeante@forges-adour.example",
            context={"contact_first_name": "Claire", "project_title": "Robotisation"},
        )
    assert OutboundEmail.objects.get(pk=email.pk).status == OutboundEmail.Status.PENDING
    OutboundEmail.objects.filter(pk=email.pk).update(
        created_at=timezone.now() - timedelta(minutes=5)
    )

    # The broker is back: beat's periodic sweep hands it to the worker, which sends it once.
    tasks.deliver_pending_emails.delay()
    tasks.deliver_pending_emails.delay()

    assert wait_for(lambda: len(smtp_server.handler.received) == 1)
    assert wait_for(
        lambda: OutboundEmail.objects.get(pk=email.pk).status == OutboundEmail.Status.SENT
    )
    time.sleep(2)
    assert len(smtp_server.handler.received) == 1

"""Real processes for the load and fault tests: gunicorn, Celery workers, a private Redis,
an SMTP sink, and HTTP clients that browse like people do (cookies, CSRF, real login form).

Every wait here is bounded; every process started here is stopped by the code that started it.
"""

import asyncio
import http.cookiejar
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
IN_CI = os.environ.get("CI", "").lower() == "true"
FAULT_TESTS = os.environ.get("FAULT_TESTS", "") == "1"
PASSWORD = "motdepasse-de-test"  # tests.factories.UserFactory's password


# --- Where these tests may run


def environment_problem(*, private_redis: bool = False) -> str | None:
    """Why this machine cannot run the load and fault tests, or None when it can."""
    if connection.vendor != "postgresql":
        return "needs PostgreSQL (DATABASE_URL=postgres://...), not " + connection.vendor
    if not settings.REDIS_URL:
        return "needs Redis (REDIS_URL=redis://...)"
    try:
        import redis

        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2).ping()
    except Exception as error:  # noqa: BLE001 - any failure means "no usable Redis"
        return f"Redis at {settings.REDIS_URL} does not answer: {error}"
    if shutil.which("gunicorn", path=str(Path(sys.executable).parent)) is None:
        return "gunicorn is not installed in the virtualenv"
    if private_redis and shutil.which("redis-server") is None:
        return "the redis-server binary is needed to start a private Redis"
    return None


def require_environment(**kwargs) -> None:
    """Skip with the reason, except in CI with FAULT_TESTS=1, where a missing service fails."""
    problem = environment_problem(**kwargs)
    if problem is None:
        return
    if IN_CI and FAULT_TESTS:
        pytest.fail(f"CI=true and FAULT_TESTS=1 but these tests cannot run: {problem}")
    pytest.skip(problem)


@contextmanager
def time_limit(seconds: int, what: str):
    """Fail (never hang) when the block takes longer than `seconds`."""

    def expired(signum, frame):
        raise TimeoutError(f"{what} took longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def wait_for(predicate, timeout: float = 45.0, interval: float = 0.2) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return False


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url() -> str:
    params = connection.settings_dict
    user = params["USER"] or "postgres"
    host = params["HOST"] or "127.0.0.1"
    return f"postgres://{user}@{host}:{params['PORT'] or 5432}/{params['NAME']}"


def base_env(**overrides: str) -> dict[str, str]:
    """The environment of a web or worker process on the test database."""
    env = {
        **os.environ,
        "PMI_TESTING": "true",
        "DEBUG": "false",
        "DATABASE_URL": database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "PYTHONUNBUFFERED": "1",
        "LOG_LEVEL": "WARNING",
    }
    env.update(overrides)
    return env


class Process:
    """A child process with its log file; stop() is bounded and idempotent."""

    def __init__(self, args: list[str], env: dict, log_path: Path, name: str):
        self.name = name
        self.log_path = log_path
        with log_path.open("w") as log:
            self.popen = subprocess.Popen(
                args, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
            )

    @property
    def pid(self) -> int:
        return self.popen.pid

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return ""

    def tail(self, lines: int = 60) -> str:
        return f"--- last lines of {self.name} ({self.log_path}):\n" + "\n".join(
            self.log().splitlines()[-lines:]
        )

    def alive(self) -> bool:
        return self.popen.poll() is None

    def kill(self) -> None:
        """SIGKILL: the process dies at once, with no chance to clean up."""
        if self.alive():
            self.popen.send_signal(signal.SIGKILL)
        self.popen.wait(timeout=10)

    def stop(self, timeout: float = 20) -> None:
        if not self.alive():
            return
        self.popen.send_signal(signal.SIGTERM)
        try:
            self.popen.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.popen.kill()
            self.popen.wait(timeout=10)


# --- A private Redis, to stop and start without touching the shared one


class PrivateRedis:
    def __init__(self, tmp_path: Path):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.dir = tmp_path / "redis"
        self.dir.mkdir(exist_ok=True)
        self.process: Process | None = None

    def start(self) -> None:
        self.process = Process(
            [
                "redis-server",
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.dir),
            ],
            os.environ.copy(),
            self.dir / f"redis-{time.monotonic_ns()}.log",
            f"redis-server :{self.port}",
        )
        if not wait_for(self.answers, timeout=15):
            self.process.stop()
            pytest.fail(f"The private Redis did not start\n{self.process.tail()}")

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        if self.process is not None:
            self.process.stop()
            self.process = None
        assert wait_for(lambda: not self.answers(), timeout=10)


# --- The web: gunicorn on the test database


def start_gunicorn(tmp_path: Path, *, workers: int = 2, **env: str) -> tuple[Process, str]:
    port = free_port()
    process = Process(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "pmi_aqt.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--timeout",
            "60",
            "--graceful-timeout",
            "5",
        ],
        base_env(**env),
        tmp_path / f"gunicorn-{port}.log",
        f"gunicorn :{port}",
    )
    base_url = f"http://127.0.0.1:{port}"

    def ready() -> bool:
        try:
            url = base_url + "/compte/connexion/"
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - 127.0.0.1
                return response.status == 200
        except (OSError, urllib.error.URLError):
            return False

    if not wait_for(ready, timeout=60, interval=0.3):
        process.stop()
        pytest.fail(f"gunicorn did not start\n{process.tail()}")
    return process, base_url


# --- Celery workers


def start_worker(tmp_path: Path, name: str, **env: str) -> Process:
    process = Process(
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
            f"--hostname={name}-{os.getpid()}@%h",
        ],
        base_env(LOG_LEVEL="INFO", **env),
        tmp_path / f"worker-{name}.log",
        f"celery worker {name}",
    )
    if not wait_for(lambda: "ready." in process.log() or not process.alive(), timeout=60):
        process.stop()
        pytest.fail(f"The Celery worker {name} did not start\n{process.tail()}")
    if not process.alive():
        pytest.fail(f"The Celery worker {name} died at start\n{process.tail()}")
    return process


def celery_call(task: str, *, args: str = "[]", **env: str) -> None:
    """Send one task from a separate process (the test process's own Celery app runs tasks
    eagerly and is bound to the settings' broker)."""
    result = subprocess.run(
        [sys.executable, "-m", "celery", "-A", "pmi_aqt", "call", task, f"--args={args}"],
        cwd=ROOT,
        env=base_env(**env),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, f"celery call {task} failed:\n{result.stdout}\n{result.stderr}"


# --- An SMTP sink


class SinkHandler:
    """Keeps each message it accepts. With `slow_seconds`, the DATA phase of each message
    waits that long before answering; if the client goes away meanwhile (its worker was
    killed), aiosmtpd cancels the handler and the message is never accepted."""

    def __init__(self, slow_seconds: float = 0.0):
        self.slow_seconds = slow_seconds
        self.received: list = []
        self.data_started = threading.Event()
        self.aborted = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook
        self.data_started.set()
        if self.slow_seconds:
            try:
                await asyncio.sleep(self.slow_seconds)
            except asyncio.CancelledError:
                with self.lock:
                    self.aborted += 1
                raise
        with self.lock:
            self.received.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


@contextmanager
def smtp_sink(slow_seconds: float = 0.0):
    from aiosmtpd.controller import Controller

    handler = SinkHandler(slow_seconds)
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield controller
    finally:
        controller.stop()


# --- People browsing


class HttpError(Exception):
    pass


class Browser:
    """One person: a cookie jar, the real login form, and a record of what went wrong."""

    CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

    def __init__(self, base_url: str, timeout: float = 30):
        self.base_url = base_url
        self.timeout = timeout
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def request(self, path: str, data: dict | None = None) -> tuple[int, str, str]:
        """(status, final url, body); 4xx/5xx are returned, connection errors raised."""
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data, doseq=True).encode()
        request = urllib.request.Request(self.base_url + path, data=body)  # noqa: S310
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                return response.status, response.url, response.read().decode(errors="replace")
        except urllib.error.HTTPError as error:
            return error.code, error.url, error.read().decode(errors="replace")

    def csrf_token(self, html: str) -> str:
        match = self.CSRF_RE.search(html)
        if match is None:
            raise HttpError("no CSRF token in the page")
        return match.group(1)

    def post_form(self, path: str, data: dict) -> tuple[int, str, str]:
        status, _url, html = self.request(path)
        if status != 200:
            return status, _url, html
        return self.request(path, {**data, "csrfmiddlewaretoken": self.csrf_token(html)})

    def post_from(self, page: str, action: str, data: dict | None = None):
        """Open `page`, then post its CSRF token (and `data`) to `action`, as its button does."""
        status, url, html = self.request(page)
        if status != 200:
            return status, url, html
        return self.request(action, {**(data or {}), "csrfmiddlewaretoken": self.csrf_token(html)})

    def login(self, email: str, password: str = PASSWORD) -> None:
        status, url, html = self.post_form(
            "/compte/connexion/", {"username": email, "password": password}
        )
        if status != 200 or "/compte/connexion/" in url:
            raise HttpError(f"login of {email} failed: {status} {url}\n{html[:500]}")

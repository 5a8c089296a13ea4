"""Load: people on the main journeys at the same time, for a fixed time, with zero errors.

gunicorn (3 workers) serves the test database, where the data was committed first; one thread
per virtual user, each with its own cookie jar, logging in through the real login form:
anonymous visitors sending the intake form (unique SIRETs), officers going portfolio → project
list → project page → company search, task-force members going workspace → session page.
Every answer must be a 200 (the intake ending on its thank-you page): no 5xx, no connection
error. Prints throughput and latency per step. LOAD_SECONDS (default 20) sets the duration.

Runs only with FAULT_TESTS=1, on PostgreSQL + Redis (see tests/faults/conftest.py).
"""

import itertools
import os
import random
import statistics
import threading
import time
from collections import defaultdict

import pytest

from pmi_aqt.accounts.models import Role

from . import test_taskforce_data as taskforce_data
from .factories import ProjectFactory, UserFactory, intake_form_data, make_siret
from .faults.helpers import (
    Browser,
    PrivateRedis,
    require_environment,
    start_gunicorn,
    time_limit,
)

pytestmark = [pytest.mark.load, pytest.mark.django_db(transaction=True)]

DURATION = float(os.environ.get("LOAD_SECONDS", "20"))
OFFICERS, MEMBERS, VISITORS = 2, 2, 3
PROJECTS_PER_OFFICER = 5


class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.latencies: dict[str, list[float]] = defaultdict(list)
        self.errors: list[str] = []

    def call(self, step: str, function, *args, expect_url: str | None = None):
        started = time.perf_counter()
        try:
            status, url, html = function(*args)
        except OSError as error:  # connection refused/reset, timeout
            with self.lock:
                self.errors.append(f"{step}: connection error {error!r}")
            return None
        elapsed = time.perf_counter() - started
        with self.lock:
            self.latencies[step].append(elapsed)
            if status != 200:
                self.errors.append(f"{step}: HTTP {status} at {url}")
            elif expect_url and not url.endswith(expect_url):
                self.errors.append(f"{step}: ended at {url}, not {expect_url}")
        return html

    def report(self, seconds: float) -> str:
        total = sum(len(values) for values in self.latencies.values())
        lines = [
            f"{total} requests in {seconds:.1f} s = {total / seconds:.1f} req/s, "
            f"{len(self.errors)} errors",
            f"{'step':<22}{'count':>7}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}",
        ]
        for step, values in sorted(self.latencies.items()):
            ordered = sorted(values)
            p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
            lines.append(
                f"{step:<22}{len(values):>7}{statistics.median(values) * 1000:>9.0f}"
                f"{p95 * 1000:>9.0f}{ordered[-1] * 1000:>9.0f}"
            )
        return "\n".join(lines)


def test_concurrent_users_on_the_main_journeys_get_no_error(tmp_path):
    require_environment(private_redis=True)
    officers = [
        UserFactory(email=f"officier.charge{n}@pmi-aqt.test", roles=[Role.OFFICER])
        for n in range(OFFICERS)
    ]
    projects = {
        officer.email: [ProjectFactory(officer=officer).pk for _ in range(PROJECTS_PER_OFFICER)]
        for officer in officers
    }
    members = [taskforce_data.make_member(f"membre{n}@partenaire.test") for n in range(MEMBERS)]
    session = taskforce_data.make_session(members=members)
    for position in range(1, 4):
        taskforce_data.put_on_agenda(session, officer=officers[0], position=position)
    intake_base = intake_form_data()  # the axes' primary keys, read once here
    sirets = itertools.count(900000)

    redis = PrivateRedis(tmp_path)
    redis.start()
    web = None
    recorder = Recorder()
    with time_limit(int(DURATION) + 150, "the load test"):
        try:
            web, base_url = start_gunicorn(
                tmp_path, workers=3, REDIS_URL=redis.url, INTAKE_RATE_LIMIT="100000/h"
            )
            deadline_holder: dict[str, float] = {}
            # Once everyone is logged in, the clock starts (the action runs before any release).
            ready = threading.Barrier(
                OFFICERS + MEMBERS + VISITORS + 1,
                action=lambda: deadline_holder.update(end=time.monotonic() + DURATION),
            )

            def guarded(journey):
                def run(*args):
                    try:
                        journey(*args)
                    except Exception as error:  # noqa: BLE001 - counted as an error below
                        with recorder.lock:
                            recorder.errors.append(f"{journey.__name__}: {error!r}")
                        ready.abort()

                return run

            def officer_journey(email: str):
                browser = Browser(base_url)
                browser.login(email)
                ready.wait(timeout=60)
                while time.monotonic() < deadline_holder["end"]:
                    recorder.call("officer portfolio", browser.request, "/projets/portefeuille/")
                    recorder.call("officer project list", browser.request, "/projets/?page=1")
                    pk = random.choice(projects[email])
                    recorder.call("officer project page", browser.request, f"/projets/{pk}/")
                    recorder.call(
                        "officer company search", browser.request, "/entreprises/?q=Usinage"
                    )

            def member_journey(email: str):
                browser = Browser(base_url)
                browser.login(email)
                ready.wait(timeout=60)
                while time.monotonic() < deadline_holder["end"]:
                    recorder.call("member workspace", browser.request, "/task-force/")
                    recorder.call(
                        "member session page", browser.request, f"/task-force/seances/{session.pk}/"
                    )

            def visitor_journey():
                ready.wait(timeout=60)
                while time.monotonic() < deadline_holder["end"]:
                    browser = Browser(base_url)  # each request from a new visitor
                    html = recorder.call("intake GET", browser.request, "/projets/demande/")
                    if html is None:
                        continue
                    n = next(sirets)
                    data = {
                        **intake_base,
                        "siret": make_siret(n),
                        "company_name": f"Mécanique de charge {n}",
                        "email": f"dirigeant{n}@charge.example",
                        "csrfmiddlewaretoken": browser.csrf_token(html),
                    }
                    recorder.call(
                        "intake POST",
                        browser.request,
                        "/projets/demande/",
                        data,
                        expect_url="/projets/demande/merci/",
                    )

            threads = [
                threading.Thread(
                    target=guarded(officer_journey), args=(officer.email,), daemon=True
                )
                for officer in officers
            ]
            threads += [
                threading.Thread(target=guarded(member_journey), args=(member.email,), daemon=True)
                for member in members
            ]
            threads += [
                threading.Thread(target=guarded(visitor_journey), daemon=True)
                for _ in range(VISITORS)
            ]
            for thread in threads:
                thread.start()
            try:
                ready.wait(timeout=60)  # everyone logged in
            except threading.BrokenBarrierError:
                pytest.fail("a virtual user could not start:\n" + "\n".join(recorder.errors))
            started = time.monotonic()
            for thread in threads:
                thread.join(timeout=DURATION + 60)
            elapsed = time.monotonic() - started
            assert not any(thread.is_alive() for thread in threads), "a virtual user hung"
            print(f"\nLoad: {len(threads)} virtual users, gunicorn 3 workers\n")
            print(recorder.report(elapsed))
            assert not recorder.errors, "\n".join(recorder.errors[:20]) + "\n" + web.tail(60)
            assert recorder.latencies["intake POST"], "no intake request went through"
            assert recorder.latencies["member session page"]
            assert recorder.latencies["officer company search"]
        finally:
            if web is not None:
                web.stop()
            redis.stop()

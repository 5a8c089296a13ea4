"""PostgreSQL restarts under a running portal: the portal recovers without being restarted.

gunicorn keeps its database connections between requests (CONN_MAX_AGE > 0); a restart breaks
them all. With conn_health_checks=True each worker notices the dead connection at the start of
its next request and opens a new one, so once PostgreSQL accepts connections again every
request succeeds. This restarts the shared PostgreSQL server: only here, bounded in time.
"""

import os
import subprocess
import threading
import time

import pytest
from django.db import connection

from pmi_aqt.accounts.models import Role

from ..factories import ProjectFactory, UserFactory, intake_form_data, make_siret
from .helpers import Browser, PrivateRedis, start_gunicorn, time_limit, wait_for

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]

OFFICER_EMAIL = "officier.redemarrage@pmi-aqt.test"


def postgres_accepts_connections() -> bool:
    return subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1"], timeout=10).returncode == 0


def restart_postgres() -> None:
    versions = os.listdir("/etc/postgresql")
    assert len(versions) == 1, f"one PostgreSQL cluster expected, found {versions}"
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", versions[0], "main", "restart"],
        check=True,
        timeout=90,
    )


def test_the_portal_recovers_from_a_database_restart_without_being_restarted(tmp_path):
    if not os.path.isdir("/etc/postgresql"):
        pytest.skip("restarting PostgreSQL needs a local Debian cluster (pg_ctlcluster)")
    officer = UserFactory(email=OFFICER_EMAIL, roles=[Role.OFFICER])
    projects = [ProjectFactory(officer=officer) for _ in range(3)]
    pages = [
        "/projets/portefeuille/",
        "/projets/",
        "/entreprises/?q=Usinage",
        *[f"/projets/{project.pk}/" for project in projects],
    ]
    redis = PrivateRedis(tmp_path)
    redis.start()
    web = None
    with time_limit(240, "the database restart test"):
        try:
            web, base_url = start_gunicorn(
                tmp_path,
                workers=2,
                REDIS_URL=redis.url,
                DB_CONN_MAX_AGE="600",
                INTAKE_RATE_LIMIT="100000/h",
            )
            browser = Browser(base_url, timeout=20)
            browser.login(OFFICER_EMAIL)
            # Enough requests that both workers hold a persistent connection.
            before = [browser.request(page)[0] for page in pages * 3]
            assert set(before) == {200}, before

            during: list = []
            stop = threading.Event()

            def keep_browsing():
                other = Browser(base_url, timeout=10)
                other.jar = browser.jar
                other.opener = browser.opener
                while not stop.is_set():
                    try:
                        during.append(other.request(pages[0])[0])
                    except OSError as error:
                        during.append(repr(error))
                    time.sleep(0.1)

            thread = threading.Thread(target=keep_browsing, daemon=True)
            thread.start()
            started = time.monotonic()
            try:
                restart_postgres()
                assert wait_for(postgres_accepts_connections, timeout=60)
            finally:
                stop.set()
                thread.join(timeout=30)
            print(
                f"\nPostgreSQL restarted in {time.monotonic() - started:.1f} s; "
                f"{len(during)} requests meanwhile: "
                f"{sum(1 for s in during if s == 200)} ok, "
                f"others: {sorted({str(s) for s in during if s != 200})}"
            )
            connection.close()  # this test's own connection died with the server

            # Back: every request succeeds, on the same gunicorn workers.
            after = [browser.request(page)[0] for page in pages * 3]
            assert set(after) == {200}, f"{after}\n{web.tail(60)}"
            data = intake_form_data(
                siret=make_siret(820000), email="apres.redemarrage@entreprise.example"
            )
            status, url, _html = Browser(base_url).post_form("/projets/demande/", data)
            assert (status, url.endswith("/projets/demande/merci/")) == (200, True), web.tail(60)
            fresh = Browser(base_url)
            fresh.login(OFFICER_EMAIL)
            assert fresh.request("/projets/portefeuille/")[0] == 200
            assert web.alive(), "gunicorn must not have been restarted"
        finally:
            if web is not None:
                web.stop()
            redis.stop()
            if not postgres_accepts_connections():
                wait_for(postgres_accepts_connections, timeout=60)

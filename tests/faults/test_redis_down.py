"""Redis (broker and cache) stops while people use the portal, then comes back.

Pages keep working while it is down, emails are recorded as pending meanwhile, and once Redis
is back the sweep gets each of them delivered exactly once. Real processes throughout: gunicorn
and a Celery worker on a private redis-server (never the shared one), an aiosmtpd sink.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from pmi_aqt.accounts.models import Role
from pmi_aqt.mailing.models import OutboundEmail

from ..factories import ContactFactory, ProjectFactory, UserFactory, intake_form_data, make_siret
from .helpers import (
    Browser,
    PrivateRedis,
    Process,
    celery_call,
    smtp_sink,
    start_gunicorn,
    start_worker,
    time_limit,
    wait_for,
)

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]

OFFICER_EMAIL = "officier.panne@pmi-aqt.test"
MERCI = "/projets/demande/merci/"


@dataclass
class Portal:
    base_url: str
    web: Process
    worker: Process
    redis: PrivateRedis
    smtp: object
    env: dict


@pytest.fixture
def portal(tmp_path):
    """gunicorn + a Celery worker, broker and cache on a private Redis, emails to a sink."""
    redis = PrivateRedis(tmp_path)
    redis.start()
    web = worker = None
    with time_limit(240, "the Redis outage test"), smtp_sink() as smtp:
        try:
            env = {
                "REDIS_URL": redis.url,
                "INTAKE_RATE_LIMIT": "100000/h",
                "EMAIL_HOST": "127.0.0.1",
                "EMAIL_PORT": str(smtp.port),
                "EMAIL_RETRY_BACKOFF": "1",
            }
            web, base_url = start_gunicorn(tmp_path, workers=2, **env)
            worker = start_worker(tmp_path, "redis-outage", **env)
            yield Portal(base_url, web, worker, redis, smtp, env)
        finally:
            for process in (web, worker):
                if process is not None:
                    process.stop()
            redis.stop()


def squeezed(subject: str) -> str:
    # Python's header encoding can drop the space between two encoded words ("» —" arrives
    # as "»—"): compare subjects without their whitespace.
    return "".join(subject.split())


def submit_intake(browser: Browser, n: int) -> tuple[int, str]:
    data = intake_form_data(
        siret=make_siret(810000 + n),
        company_name=f"Chaudronnerie de la panne {n}",
        email=f"dirigeant{n}@panne-redis.example",
    )
    status, url, _html = browser.post_form("/projets/demande/", data)
    return status, url


def all_sent() -> bool:
    return not OutboundEmail.objects.exclude(status=OutboundEmail.Status.SENT).exists()


def deliver_after_outage(portal: Portal, queued: list, delivered_before: int) -> None:
    """Redis is back: the sweep gets each email queued during the outage out exactly once."""
    smtp = portal.smtp
    portal.redis.start()
    # The sweep sends what is pending for more than a minute: age them instead of waiting.
    OutboundEmail.objects.filter(pk__in=[pk for pk, *_ in queued]).update(
        created_at=timezone.now() - timedelta(minutes=5)
    )
    # Beat's periodic sweep, run twice (a sweep overlapping the next one is harmless).
    celery_call("pmi_aqt.mailing.tasks.deliver_pending_emails", **portal.env)
    celery_call("pmi_aqt.mailing.tasks.deliver_pending_emails", **portal.env)

    expected = delivered_before + len(queued)
    assert wait_for(lambda: len(smtp.handler.received) >= expected, timeout=90), (
        f"{len(smtp.handler.received)} of {expected} emails arrived\n{portal.worker.tail()}"
    )
    assert wait_for(all_sent, timeout=30), portal.worker.tail()
    wait_for(lambda: False, timeout=3)  # would a duplicate still arrive?
    received = Counter(
        (str(message["To"]), squeezed(str(message["Subject"])))
        for message in smtp.handler.received[delivered_before:]
    )
    recorded = Counter((to, squeezed(subject)) for _pk, _status, to, subject in queued)
    # Exactly once: every recorded email arrived, and nothing arrived twice.
    assert received == recorded
    assert len(smtp.handler.received) == expected


def recorded_since(moment) -> list:
    return list(
        OutboundEmail.objects.filter(created_at__gte=moment).values_list(
            "pk", "status", "to", "subject"
        )
    )


def test_staff_keep_working_without_redis_and_emails_go_out_once_it_is_back(portal):
    officer = UserFactory(email=OFFICER_EMAIL, roles=[Role.OFFICER])
    projects = [ProjectFactory(officer=officer) for _ in range(3)]
    for n, project in enumerate(projects):
        ContactFactory(company=project.company, email=f"contact{n}@panne-redis.example")
    smtp = portal.smtp

    # Someone was already working, and an email already went out, when Redis went away.
    officer_browser = Browser(portal.base_url)
    officer_browser.login(OFFICER_EMAIL)
    assert submit_intake(Browser(portal.base_url), 0)[1].endswith(MERCI)
    # Its confirmation to the company, and its notice to the officer: a task of its own that
    # records the notice a moment later. Both are out before the outage starts.
    assert wait_for(lambda: len(smtp.handler.received) >= 2), portal.worker.tail()
    assert wait_for(all_sent, timeout=30)
    assert OutboundEmail.objects.filter(to=OFFICER_EMAIL).count() == 1
    delivered_before = len(smtp.handler.received)

    portal.redis.stop()
    outage_started = timezone.now()

    failures = []
    pages = ["/projets/demande/", "/projets/portefeuille/", "/projets/", "/entreprises/?q=Usinage"]
    for path in pages + [f"/projets/{project.pk}/" for project in projects]:
        status, url, _html = officer_browser.request(path)
        if status != 200:
            failures.append(f"GET {path}: {status} at {url}")
    for project in projects:
        # The officer emails the company its follow-up link: an email queued during the outage.
        page = f"/projets/{project.pk}/"
        status, url, html = officer_browser.post_from(
            page, f"/projets/{project.pk}/lien-entreprise/envoyer/"
        )
        if status != 200 or "Le lien de suivi a été envoyé" not in html:
            failures.append(f"send the company link of project {project.pk}: {status} at {url}")
    late_browser = Browser(portal.base_url)
    try:
        late_browser.login(OFFICER_EMAIL)
        status, _url, _html = late_browser.request("/projets/portefeuille/")
        if status != 200:
            failures.append(f"portfolio after a login during the outage: {status}")
    except Exception as error:  # noqa: BLE001 - reported below with the server log
        failures.append(f"login during the outage: {error}")
    assert not failures, "\n".join(failures) + "\n" + portal.web.tail(80)

    queued = recorded_since(outage_started)
    assert len(queued) == len(projects)
    assert {status for _pk, status, _to, _subject in queued} == {OutboundEmail.Status.PENDING}
    assert len(smtp.handler.received) == delivered_before, "nothing can go out without Redis"

    deliver_after_outage(portal, queued, delivered_before)


def test_the_public_intake_form_works_without_redis_and_its_emails_go_out_once_it_is_back(
    portal,
):
    UserFactory(email=OFFICER_EMAIL, roles=[Role.OFFICER])  # told of each new request
    portal.redis.stop()
    outage_started = timezone.now()

    failures = []
    for n in range(1, 4):
        status, url = submit_intake(Browser(portal.base_url), n)
        if status >= 500 or not url.endswith(MERCI):
            failures.append(f"intake POST #{n}: {status} at {url}")
    assert not failures, "\n".join(failures) + "\n" + portal.web.tail(30)

    queued = recorded_since(outage_started)
    assert len(queued) >= 3, "each request records at least its confirmation"
    assert {status for _pk, status, _to, _subject in queued} == {OutboundEmail.Status.PENDING}

    deliver_after_outage(portal, queued, delivered_before=0)


@pytest.fixture
def limited_portal(tmp_path):
    """gunicorn with the production limits, its caches on a private Redis."""
    redis = PrivateRedis(tmp_path)
    redis.start()
    web = None
    with time_limit(180, "the abuse limits outage test"):
        try:
            env = {
                "REDIS_URL": redis.url,
                "INTAKE_RATE_LIMIT": "10/h",
                "LOGIN_FAILURE_LIMIT_PER_ACCOUNT": "5/15m",
            }
            web, base_url = start_gunicorn(tmp_path, workers=2, **env)
            yield Portal(base_url, web, None, redis, None, env)
        finally:
            if web is not None:
                web.stop()
            redis.stop()


def test_abuse_limits_keep_counting_while_redis_is_down(limited_portal):
    officer = UserFactory(email=OFFICER_EMAIL, roles=[Role.OFFICER])
    limited_portal.redis.stop()

    # The 11th intake request from one address is refused.
    statuses = [submit_intake(Browser(limited_portal.base_url), n)[0] for n in range(1, 12)]
    assert statuses[:10] == [200] * 10, limited_portal.web.tail(30)
    assert statuses[10] == 429

    # Five wrong passwords lock the account: the sixth attempt, right password, is refused.
    browser = Browser(limited_portal.base_url)
    for _attempt in range(5):
        browser.post_form("/compte/connexion/", {"username": officer.email, "password": "faux"})
    status, url, _html = browser.post_form(
        "/compte/connexion/", {"username": officer.email, "password": "motdepasse-de-test"}
    )
    assert status == 429, (status, url)

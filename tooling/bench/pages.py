"""Every page the crawler finds (crawl.py, admin_crawl.py), timed in-process as the person who
uses it.

Each page is requested through django.test.Client (the whole middleware stack, DEBUG off, the
cached template loader): warm-up requests, one with the queries counted, then up to `repeat`
timed ones (fewer when a page would take more than `budget_seconds` in all: a whole-list export
is timed once or twice, to its last byte). Two states no GET reaches are added: the intake
form's POST (in a transaction rolled back, so the data set is the same after the bench and no
email is delivered) and the dashboard right after a write.
"""

import datetime as dt
import gc
import time
from collections.abc import Callable
from contextlib import nullcontext

from django.test import Client, override_settings
from django.urls import reverse

from companies.models import HeadcountBand
from pmi_aqt.accounts.models import User
from projects.models import InterventionAxis
from projects.reminders import is_working_day
from projects.stats.cache import forget_figures

from .admin_crawl import admin_person, admin_targets
from .crawl import Crawler, Target, read
from .generate.tables import make_siret
from .measure import count_queries, rolled_back, summary_ms
from .searches import search_targets
from .subjects import SubjectSet, pick_subjects, searched_word
from .urls import TRIVIAL_NAME, TRIVIAL_PATH

BENCH_URLCONF = "tooling.bench.urls"


def extra_targets(subjects: dict[str, SubjectSet]) -> list[Target]:
    """What a crawl of GETs cannot reach: the public form sent, the figures just changed; and
    the searches people type without accents (searches.py)."""
    people = subjects["typical"].people
    return [
        *search_targets(subjects),
        Target(
            "projects:intake [POST]",
            "projects:intake",
            reverse("projects:intake"),
            "anonymous",
            variant="POST",
            method="post",
            data=intake_data(),
            expect=302,
        ),
        Target(
            "projects:dashboard [after a write]",
            "projects:dashboard",
            reverse("projects:dashboard"),
            "manager",
            people["manager"],
            variant="after a write",
            expect=200,
            before=forget_figures,
        ),
    ]


def intake_data() -> dict:
    """A complete, valid request from a company the data set does not hold."""
    siret = make_siret(50_000_000)
    axes = list(InterventionAxis.objects.order_by("position").values_list("pk", flat=True)[:2])
    return {
        "siret": siret,
        "company_name": "Forges de Bayonne",
        "address": "4 rue des Forgerons",
        "postcode": "64100",
        "city": "Bayonne",
        "headcount_band": HeadcountBand.SMALL,
        "first_name": "Maïté",
        "last_name": "Etcheverry",
        "job_title": "Directrice industrielle",
        "email": "maite.etcheverry@forges-bayonne.example",
        "phone": "05 59 00 00 00",
        "title": "Capteurs connectés sur la presse",
        "description": "Suivre l'usure des outils en temps réel pour réduire les arrêts.",
        "axes": [str(pk) for pk in axes],
        "timing": "6m",
        "data_consent": "on",
    }


def _request(client: Client, target: Target):
    if target.before is not None:
        target.before()
    if target.method == "post":
        with rolled_back():
            response = client.post(target.path, target.data)
    else:
        response = client.get(target.path)
    response.body = read(response)
    return response


def _measure(client: Client, target: Target, *, repeat: int, warmup: int, budget: float) -> dict:
    if repeat == warmup == 0 and target.crawled is not None:
        # Counted only (the small crawl of the tests): the crawl's own request says it all.
        status, queries, size, seconds = target.crawled
        return _row(target, status, queries, size, [seconds])
    started = time.perf_counter()
    for _n in range(warmup):
        _request(client, target)
        if time.perf_counter() - started > budget / 2:
            break
    begun = time.perf_counter()
    queries, response = count_queries(lambda: _request(client, target))
    counted = time.perf_counter() - begun
    times: list[float] = []
    while len(times) < repeat:
        begun = time.perf_counter()
        response = _request(client, target)
        times.append(time.perf_counter() - begun)
        if sum(times) > budget and len(times) >= 3:
            break
    return _row(target, response.status_code, queries, len(response.body), times or [counted])


def _row(target: Target, status: int, queries: int, size: int, times: list[float]) -> dict:
    expect = target.expect or status
    return {
        "page": target.key,
        "url_name": target.name,
        "subject": target.subject,
        "variant": target.variant,
        "kind": target.kind,
        "as": target.who,
        "path": target.path,
        "status": status,
        "ok": status == expect and status < 500,
        "queries": queries,
        "bytes": size,
        "largest_select": target.largest_select,
        **summary_ms(times),
    }


def crawl_targets(
    subjects: dict[str, SubjectSet],
    *,
    only: Callable[[str], bool] | None = None,
    admin: bool = True,
    admin_user: User | None = None,
):
    """The crawl (targets, POST-only actions, problems) of the current URL configuration."""

    def wanted(name: str) -> bool:
        return name != TRIVIAL_NAME and (only is None or only(name))

    crawler = Crawler(subjects, search_word=searched_word(), only=wanted)
    crawl = crawler.run()
    if admin and admin_user is not None:
        admin_targets(crawler, admin_user)
    for target in crawl.targets:
        if target.expect is None:
            target.expect = 200 if target.kind in ("page", "download", "admin") else None
    return crawler, crawl


def measure_pages(
    subjects: dict[str, SubjectSet] | None = None,
    *,
    repeat: int,
    warmup: int = 2,
    budget_seconds: float = 10.0,
    only: Callable[[str], bool] | None = None,
    admin: bool = True,
    extras: bool = True,
    urlconf: str = BENCH_URLCONF,
) -> dict:
    """Crawl, then time every target; rows sorted worst first, the trivial view first of all.

    `urlconf` must mount the bench's trivial view (tooling/bench/urls.py). Returns
    {"pages": rows, "actions": POST-only patterns, "not_measured": problems, "subjects": …}."""
    with override_settings(ROOT_URLCONF=urlconf, INTAKE_RATE_LIMIT="1000000/h"):
        return _measure_pages(subjects or pick_subjects(), repeat, warmup, budget_seconds,
                              only, admin, extras)  # fmt: skip


def _measure_pages(subjects, repeat, warmup, budget_seconds, only, admin, extras) -> dict:
    with admin_person() if admin else nullcontext() as superuser:
        crawler, crawl = crawl_targets(subjects, only=only, admin=admin, admin_user=superuser)
        if extras:
            crawl.targets.extend(extra_targets(subjects))
        trivial_client = crawler.client_for(subjects["typical"].people["officer"])
        trivial = Target("trivial view", TRIVIAL_NAME, TRIVIAL_PATH, "officer", expect=200)
        # What the bench holds (the crawl's pages, the subjects, hundreds of MB) is not a web
        # worker's: Python's full collections over it paused one request in ten for 250-400 ms
        # and set many pages' p95. Frozen, the timed requests collect only their own objects.
        crawler.forget_bodies()
        gc.collect()
        gc.freeze()
        try:
            rows = [_measure(trivial_client, trivial, repeat=repeat, warmup=warmup, budget=60)]
            for target in crawl.targets:
                client = crawler.client_for(target.user)
                rows.append(
                    _measure(client, target, repeat=repeat, warmup=warmup, budget=budget_seconds)
                )
        finally:
            gc.unfreeze()
    yardstick = rows[0]["median_ms"] or 0.001
    for row in rows:
        row["x_trivial"] = round(row["median_ms"] / yardstick, 1)
    rows[1:] = sorted(rows[1:], key=lambda row: (-row["median_ms"], row["page"]))
    return {
        "pages": rows,
        "actions": crawl.actions,
        "not_measured": [problem.__dict__ for problem in crawl.problems],
        "subjects": {name: subject.notes for name, subject in subjects.items()},
    }


def session_cookie(user: User) -> str:
    """A session for the load test (gunicorn reads the same database)."""
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def load_paths(subjects: dict[str, SubjectSet]) -> dict[str, tuple[str, str]]:
    """The load test's journeys: (path, persona) each, on the typical set."""
    typical = subjects["typical"].objects
    return {
        "officer portfolio": (reverse("projects:portfolio"), "officer"),
        "project list": (reverse("projects:list"), "officer"),
        "project page": (reverse("projects:detail", args=[typical.project.pk]), "officer"),
        "company search": (reverse("companies:list") + "?q=lafitte", "officer"),
        "member workspace": (reverse("taskforce:workspace"), "member"),
        "intake form GET": (reverse("projects:intake"), "anonymous"),
    }


def working_day(day: dt.date) -> dt.date:
    while not is_working_day(day):
        day -= dt.timedelta(days=1)
    return day

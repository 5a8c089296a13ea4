"""`manage.py bench_background_jobs`: what long work costs the request, and the job itself.

On a generated data set (`generate_scale_data`), for each whole-list export and PDF that leaves
the request: the GET that offers it and the POST that starts it (timed in-process with Django's
test client, as the programme manager, `--repeat` times each: median and p95), then one run of
the job in this process (its time, its rows, the writes of its progress). The jobs it records
are deleted at the end with their files; messages go to the configured broker (point
CELERY_FS_DIR at a scratch folder, or run no worker, so nothing runs them twice).
"""

import statistics
import time

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from pmi_aqt.accounts.models import Role, User
from pmi_aqt.jobs import services
from pmi_aqt.jobs.models import Job
from taskforce.models import Session

TRIVIAL = "accessibility"


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


class Command(BaseCommand):
    help = "Mesure le démarrage des exports en arrière-plan et la durée de leurs tâches."

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=20)
        parser.add_argument("--skip-runs", action="store_true", help="time the requests only")

    def handle(self, *args, repeat: int, skip_runs: bool, **options):
        manager = User.objects.with_role(Role.MANAGER).order_by("pk").first()
        session = Session.objects.order_by("-date", "pk").first()
        client = Client(SERVER_NAME="localhost")
        client.force_login(manager)
        year = timezone.localdate().year
        pages = {
            "projects CSV": reverse("projects:export_csv"),
            "projects Excel": reverse("projects:export_xlsx"),
            "companies CSV": reverse("companies:export_csv"),
            "companies Excel": reverse("companies:export_xlsx"),
            "financing CSV": reverse("projects:financing_export_csv"),
            "supported this year, Excel": reverse("projects:supported_export_xlsx")
            + f"?annee={year}",
            "yearly report PDF": reverse("projects:report_pdf") + f"?annee={year}",
        }
        if session:
            pages["session minutes PDF"] = reverse("taskforce:minutes_pdf", args=[session.pk])
        trivial = self._timed(lambda: client.get(reverse(TRIVIAL)), repeat)
        self.stdout.write(f"trivial view: median {statistics.median(trivial):.1f} ms")
        self.stdout.write(
            "| work | offer GET median / p95 | start POST median / p95 | queries | job run | "
            "rows | progress writes |"
        )
        self.stdout.write("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
        first_job = Job.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        try:
            for name, url in pages.items():
                self._measure(client, name, url, repeat, skip_runs)
        finally:
            for job in Job.objects.filter(pk__gt=first_job):
                if job.file:
                    default_storage.delete(job.file.name)
                job.delete()

    def _timed(self, call, repeat: int) -> list[float]:
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            response = call()
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code < 400, response.status_code
        return times

    def _measure(self, client: Client, name: str, url: str, repeat: int, skip_runs: bool):
        join = "&" if "?" in url else "?"
        offer = self._timed(lambda: client.get(url), repeat)
        counter = iter(range(repeat * 2))
        # Each start a distinct request (a parameter the lists ignore): no job given back.
        starts = self._timed(lambda: client.post(f"{url}{join}bench={next(counter)}"), repeat)
        with CaptureQueriesContext(connection) as queries:
            response = client.post(f"{url}{join}bench=counted")
        job = Job.objects.get(pk=int(response.url.rstrip("/").rsplit("/", 1)[-1]))
        run = rows = writes = "—"
        if not skip_runs:
            with CaptureQueriesContext(connection) as run_queries:
                started = time.perf_counter()
                outcome = services.job_run(job_id=job.pk)
                run = f"{time.perf_counter() - started:.1f} s ({outcome})"
            job.refresh_from_db()
            rows = f"{job.done:,}"
            writes = sum(
                1
                for query in run_queries.captured_queries
                if query["sql"].startswith("UPDATE") and "jobs_job" in query["sql"]
            )
        self.stdout.write(
            f"| {name} | {statistics.median(offer):.1f} / {_percentile(offer, 0.95):.1f} ms "
            f"| {statistics.median(starts):.1f} / {_percentile(starts, 0.95):.1f} ms "
            f"| {len(queries.captured_queries)} | {run} | {rows} | {writes} |"
        )

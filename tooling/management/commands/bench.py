"""`manage.py bench`: measure the portal on the generated data set (see tooling/bench)."""

import json
import os
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from projects.models import Project
from tooling.bench.load import measure_exports, measure_load
from tooling.bench.mail import measure_email_throughput
from tooling.bench.measure import own_peak_rss_mb
from tooling.bench.pages import (
    load_paths,
    measure_pages,
    pick_subjects,
    session_cookie,
    working_day,
)
from tooling.bench.report import TARGETS, machine, table
from tooling.bench.scans import measure_scans

LOAD_JOURNEYS = {
    "officer portfolio": "officer",
    "project list": "officer",
    "project page": "officer",
    "company search": "officer",
    "member workspace": "member",
    "intake form GET": "",
}
# The whole lists, as an officer downloads them (no filter), and this year's report.
EXPORTS = {
    "projects CSV": "/projets/export/csv/",
    "projects Excel": "/projets/export/excel/",
    "companies CSV": "/entreprises/export/csv/",
    "companies Excel": "/entreprises/export/excel/",
    "supported companies CSV": "/projets/tableau-de-bord/entreprises-accompagnees.csv",
    "supported companies Excel": "/projets/tableau-de-bord/entreprises-accompagnees.xlsx",
    "yearly report PDF": "/projets/rapport-annuel.pdf",
}


class Command(BaseCommand):
    help = "Mesure les pages clés, la charge, les exports, les relances, les e-mails et la mémoire."

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=30, help="timed requests per page")
        parser.add_argument("--load-seconds", type=int, default=10, help="per journey")
        parser.add_argument("--connections", type=int, default=8)
        parser.add_argument("--emails", type=int, default=1000)
        # The processes of the one Celery worker: Celery's own default, one per core.
        parser.add_argument("--email-concurrency", type=int, default=os.cpu_count() or 1)
        parser.add_argument("--skip", action="append", default=[],
                            choices=["pages", "scans", "load", "exports", "email"])  # fmt: skip
        parser.add_argument("--output", default=str(settings.VAR_DIR / "bench" / "latest.json"))

    def handle(
        self,
        *args,
        repeat,
        load_seconds,
        connections,
        emails,
        email_concurrency,
        skip,
        output,
        **options,
    ):
        if settings.DEBUG:
            raise CommandError("Run the bench with DEBUG=false (as in production).")
        if not Project.objects.exists():
            raise CommandError("No data: run `manage.py generate_scale_data` first.")
        started = time.perf_counter()
        summary = {"when": timezone.now().isoformat(timespec="seconds"), "machine": machine()}
        summary["targets"] = TARGETS
        subjects = pick_subjects()
        summary["subjects"] = subjects.notes
        summary["pages_repeat"] = repeat
        self._step("pages")
        summary["pages"] = [] if "pages" in skip else measure_pages(subjects, repeat=repeat)
        self._step("reminder scans")
        today = working_day(timezone.localdate())
        summary["scans"] = [] if "scans" in skip else measure_scans(today=today)
        if "load" not in skip:
            self._step("load")
            paths = load_paths(subjects)
            cookies = {who: session_cookie(user) for who, user in subjects.users.items()}
            journeys = {
                name: (paths[name], cookies[who] if who else "")
                for name, who in LOAD_JOURNEYS.items()
            }
            summary["load"] = measure_load(journeys, seconds=load_seconds, connections=connections)
        if "exports" not in skip:
            self._step("exports")
            summary["exports"] = measure_exports(EXPORTS, session_cookie(subjects.users["officer"]))
        if "email" not in skip:
            self._step("email")
            summary["email"] = measure_email_throughput(count=emails, concurrency=email_concurrency)
        summary["bench_process_peak_rss_mb"] = own_peak_rss_mb()
        summary["bench_seconds"] = round(time.perf_counter() - started, 1)
        summary["verdict"] = verdict(summary)
        path = Path(output)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(summary, indent=2, ensure_ascii=False))
        self.stdout.write(table(summary))
        self.stdout.write(json.dumps(summary, ensure_ascii=False))

    def _step(self, name: str) -> None:
        self.stderr.write(f"[bench] {name}…")


def verdict(summary: dict) -> dict:
    pages = [row for row in summary["pages"] if row["page"] != "trivial view"]
    load = summary.get("load") or {}
    mail = summary.get("email") or {}
    return {
        "pages_under_100ms_p95": [r["page"] for r in pages if r["p95_ms"] <= 100 and r["ok"]],
        "pages_over_100ms_p95": [r["page"] for r in pages if r["p95_ms"] > 100 or not r["ok"]],
        "scans_over_10s": [r["scan"] for r in summary["scans"] if r["seconds"] > 10],
        "emails_per_second_ok": (mail.get("emails_per_second") or 0) >= 200,
        "web_worker_under_150mb": (load.get("web_worker_peak_rss_mb") or 1e9) < 150,
        "load_errors": sum(r["errors"] for r in load.get("journeys", [])),
        "exports_web_worker_under_150mb": all(
            (row["web_worker_peak_rss_mb"] or 1e9) < 150 and row["status"] == 200
            for row in summary.get("exports", [])
        ),
    }

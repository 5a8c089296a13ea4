"""`manage.py bench`: measure the portal on the generated data set (see tooling/bench)."""

import json
import os
import re
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from projects.models import Project
from tooling.bench.audit import audit_lines, measure_audit
from tooling.bench.load import measure_exports, measure_load
from tooling.bench.mail import measure_email_throughput
from tooling.bench.measure import own_peak_rss_mb
from tooling.bench.pages import load_paths, measure_pages, session_cookie, working_day
from tooling.bench.report import TARGETS, machine, table
from tooling.bench.scans import measure_scans
from tooling.bench.subjects import pick_subjects

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
        parser.add_argument(
            "--page-budget",
            type=float,
            default=10.0,
            help="seconds of timed requests per page at most (at least 3 requests)",
        )
        parser.add_argument(
            "--pages-matching",
            default="",
            help="only the URL names this regular expression finds (re.search)",
        )
        parser.add_argument("--load-seconds", type=int, default=10, help="per journey")
        parser.add_argument("--connections", type=int, default=8)
        parser.add_argument("--emails", type=int, default=1000)
        # The processes of the one Celery worker: Celery's own default, one per core.
        parser.add_argument("--email-concurrency", type=int, default=os.cpu_count() or 1)
        parser.add_argument(
            "--skip",
            action="append",
            default=[],
            choices=["pages", "scans", "load", "exports", "email", "audit"],
        )
        parser.add_argument("--output", default=str(settings.VAR_DIR / "bench" / "latest.json"))

    def handle(
        self,
        *args,
        repeat,
        page_budget,
        pages_matching,
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
        self._step("subjects")
        subjects = pick_subjects()
        summary["subjects"] = {name: subject.notes for name, subject in subjects.items()}
        summary["pages_repeat"] = repeat
        summary["pages"], summary["actions"], summary["not_measured"] = [], [], []
        if "pages" not in skip:
            self._step("pages (crawl, then timing)")
            crawled = measure_pages(
                subjects,
                repeat=repeat,
                budget_seconds=page_budget,
                only=(lambda name: re.search(pages_matching, name)) if pages_matching else None,
            )
            for part in ("pages", "actions", "not_measured"):
                summary[part] = crawled[part]
        self._step("reminder scans")
        today = working_day(timezone.localdate())
        summary["scans"] = [] if "scans" in skip else measure_scans(today=today)
        if "load" not in skip:
            self._step("load")
            people = subjects["typical"].people
            journeys = {
                name: (path, session_cookie(people[who]) if people.get(who) else "")
                for name, (path, who) in load_paths(subjects).items()
            }
            summary["load"] = measure_load(journeys, seconds=load_seconds, connections=connections)
        if "exports" not in skip:
            self._step("exports")
            officer = subjects["typical"].people["officer"]
            summary["exports"] = measure_exports(EXPORTS, session_cookie(officer))
        if "email" not in skip:
            self._step("email")
            summary["email"] = measure_email_throughput(count=emails, concurrency=email_concurrency)
        if "audit" not in skip:
            self._step("history of changes")
            summary["audit"] = measure_audit()
        summary["bench_process_peak_rss_mb"] = own_peak_rss_mb()
        summary["bench_seconds"] = round(time.perf_counter() - started, 1)
        summary["verdict"] = verdict(summary)
        path = Path(output)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(summary, indent=2, ensure_ascii=False))
        self.stdout.write(table(summary))
        if summary.get("audit"):
            self.stdout.write("\n".join(audit_lines(summary["audit"])))
        self.stdout.write(json.dumps(summary, ensure_ascii=False))

    def _step(self, name: str) -> None:
        self.stderr.write(f"[bench] {name}…")


def verdict(summary: dict) -> dict:
    pages = [row for row in summary["pages"] if row["page"] != "trivial view"]
    load = summary.get("load") or {}
    mail = summary.get("email") or {}
    return {
        "pages_measured": len(pages),
        "pages_missing_targets": [r["page"] for r in pages if not meets_target(r)],
        "pages_not_measured": [row["key"] for row in summary.get("not_measured", [])],
        "scans_over_10s": [r["scan"] for r in summary["scans"] if r["seconds"] > 10],
        "emails_per_second_ok": (mail.get("emails_per_second") or 0) >= 200,
        "web_worker_under_150mb": (load.get("web_worker_peak_rss_mb") or 1e9) < 150,
        "load_errors": sum(r["errors"] for r in load.get("journeys", [])),
        "exports_web_worker_under_150mb": all(
            (row["web_worker_peak_rss_mb"] or 1e9) < 150 and row["status"] == 200
            for row in summary.get("exports", [])
        ),
    }


def meets_target(row: dict) -> bool:
    """The expected status; p95 under 100 ms and a median within 25 times the trivial view's
    for a page, p95 under 300 ms for the admin. Downloads are whole files: their target is the
    exports' (a job in the background above a few thousand rows), not a page's."""
    if not row["ok"]:
        return False
    if row["kind"] == "download":
        return True
    if row["kind"] == "admin":
        return row["p95_ms"] <= TARGETS["admin_p95_ms"]
    return row["p95_ms"] <= TARGETS["page_p95_ms"] and row["x_trivial"] <= TARGETS["page_x_trivial"]

"""`manage.py bench_matching`: time the suggestions for one project at 5,000 schemes.

Writes the demo directory and the scale generator's (tooling/bench/generate/directory.py: 5,000
schemes at scale 1, the demo's words and conditions), then ranks each labelled case of
docs/matching_cases.csv as a project, and prints the time and the queries per project — for
the suggestions alone (what the project page shows) and with the schemes ruled out (what the
officer opens on demand) — and of the officer's directory search, each case's title typed.
Everything is written in a transaction rolled back at the end: run it on an empty, migrated
database (SQLite will do).

`--existing N` writes nothing: it ranks N projects of the database (a copy of the scale data:
its directory and its history), project 95, 1 and others drawn with `--seed`, as the project
page does, and prints the time and queries of the first ranking after the history's cache was
emptied (the similar projects' history counted) and of the next ones (read from the cache).
"""

import random
import statistics
import time
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from projects.management.commands.evaluate_matching import Command as EvaluateMatching
from projects.management.commands.evaluate_matching import case_project
from projects.matching import history
from projects.matching.ranking import match_project
from projects.models import Project, SupportScheme
from tooling.bench.generate.directory import DirectorySteps
from tooling.demo.directory import load_directory


class _Directory(DirectorySteps):
    members: list = []


class Command(BaseCommand):
    help = "Mesure le temps des suggestions pour un projet sur un annuaire de 5 000 dispositifs."

    def add_arguments(self, parser):
        parser.add_argument("--cases", default="docs/matching_cases.csv")
        parser.add_argument("--scale", type=float, default=1.0)
        parser.add_argument("--repeat", type=int, default=5, help="rankings timed per case")
        parser.add_argument(
            "--existing",
            type=int,
            default=0,
            help="rank this many projects of the database instead (writes nothing)",
        )
        parser.add_argument("--seed", type=int, default=11)

    def handle(self, *args, cases: str, scale: float, repeat: int, existing: int, **options):
        if existing:
            self._existing(existing, repeat, options["seed"])
            return
        with transaction.atomic():
            started = time.perf_counter()
            load_directory()  # the cases name the demo's schemes
            _Directory(scale=scale).directory()
            self.stdout.write(
                f"{SupportScheme.objects.count()} schemes written in "
                f"{time.perf_counter() - started:.1f} s ({connection.vendor})"
            )
            if connection.vendor == "postgresql":
                # Statistics of what this transaction wrote (ANALYZE counts its own rows): the
                # planner would otherwise plan for the empty tables it last saw.
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")
            reader = EvaluateMatching()
            read = reader._read(Path(cases), reader._scheme_names())
            projects = [case_project(case, number) for number, case in enumerate(read, 1)]
            for label, excluded_limit in (("suggestions", 0), ("with ruled out", 20)):
                times, queries = [], set()
                for project in projects:
                    match_project(project, excluded_limit=excluded_limit)  # warm the caches
                    for _run in range(repeat):
                        with CaptureQueriesContext(connection) as captured:
                            tick = time.perf_counter()
                            match_project(project, excluded_limit=excluded_limit)
                            times.append((time.perf_counter() - tick) * 1000)
                        queries.add(len(captured))
                times.sort()
                p95 = times[int(len(times) * 0.95) - 1]
                self.stdout.write(
                    f"{label}: {len(projects)} projects × {repeat}: median "
                    f"{statistics.median(times):.1f} ms, p95 {p95:.1f} ms, max {times[-1]:.1f} ms, "
                    f"queries {sorted(queries)}"
                )
            self._search(read, repeat)
            transaction.set_rollback(True)

    def _existing(self, count: int, repeat: int, seed: int) -> None:
        """Rank `count` committed projects, as the project page does (10 suggestions, 20 ruled
        out): first with the history's cache emptied, then `repeat` times from it."""
        ids = sorted(Project.objects.values_list("pk", flat=True))
        chosen = [pk for pk in (95, 1) if pk in set(ids)]
        chosen += random.Random(seed).sample(ids, max(0, count - len(chosen)))
        projects = [
            Project.objects.select_related("company", "primary_axis").get(pk=pk)
            for pk in chosen[:count]
        ]
        for project in projects:
            match_project(project)  # the process's directory, read once
        results = {"first (history counted)": ([], set()), "cached": ([], set())}
        evidence_times = {"first (history counted)": [], "cached": []}
        counted = history.evidence

        def timed_evidence(*args, **kwargs):
            tick = time.perf_counter()
            try:
                return counted(*args, **kwargs)
            finally:
                evidence_times[label].append((time.perf_counter() - tick) * 1000)

        history.evidence = timed_evidence
        try:
            for project in projects:
                for run in range(1 + repeat):
                    if run == 0:
                        getattr(history, "forget_history", lambda: None)()  # (before: none)
                    label = "cached" if run else "first (history counted)"
                    with CaptureQueriesContext(connection) as captured:
                        tick = time.perf_counter()
                        match_project(project)
                        results[label][0].append((time.perf_counter() - tick) * 1000)
                    results[label][1].add(len(captured))
        finally:
            history.evidence = counted
        for label, (times, queries) in results.items():
            times.sort()
            spent = sorted(evidence_times[label])
            self.stdout.write(
                f"{label}: {len(projects)} projects: median {statistics.median(times):.1f} ms, "
                f"p95 {times[max(0, int(len(times) * 0.95) - 1)]:.1f} ms, max {times[-1]:.1f} ms;"
                f" of which the history median {statistics.median(spent):.1f} ms, "
                f"p95 {spent[max(0, int(len(spent) * 0.95) - 1)]:.1f} ms; "
                f"queries {sorted(queries)}"
            )

    def _search(self, cases, repeat: int) -> None:
        """The officer's directory search (what the scheme list does before rendering): each
        case's title as the words typed, with its company's size and département, then with
        open calls only; the count, the first page and its reasons."""
        from django.core.paginator import Paginator
        from django.utils import timezone

        from projects.matching import search
        from projects.views.directory import DIRECTORY_PER_PAGE, _schemes_with_axes

        times, queries = [], set()
        for case in cases:
            for open_calls in (False, True):
                criteria = search.Criteria(
                    typed=case.title,
                    headcount_band=case.headcount_band,
                    department=case.department,
                    open_calls=open_calls,
                    today=timezone.localdate(),
                )
                for _run in range(repeat):
                    with CaptureQueriesContext(connection) as captured:
                        tick = time.perf_counter()
                        schemes = search.restrict(
                            _schemes_with_axes().prefetch_related("calls"), criteria
                        )
                        page = Paginator(schemes, DIRECTORY_PER_PAGE).get_page(1)
                        page.object_list = list(page.object_list)
                        search.explain(page.object_list, criteria)
                        times.append((time.perf_counter() - tick) * 1000)
                    queries.add(len(captured))
        times.sort()
        p95 = times[int(len(times) * 0.95) - 1]
        self.stdout.write(
            f"directory search: {len(cases)} cases × 2 × {repeat}: median "
            f"{statistics.median(times):.1f} ms, p95 {p95:.1f} ms, max {times[-1]:.1f} ms, "
            f"queries {sorted(queries)}"
        )

"""Rebuild the dashboard's summary (its counters per year) from the rows."""

import time

from django.core.management.base import BaseCommand

from projects.stats.cache import forget_figures
from projects.stats.summary import rebuild_summary


class Command(BaseCommand):
    help = (
        "Recompute the dashboard's counters from every project and company: after writes that "
        "send no signal (COPY, bulk_create, QuerySet.update) or to check them."
    )

    def handle(self, *args, **options) -> None:
        started = time.perf_counter()
        built = rebuild_summary()
        forget_figures()
        self.stdout.write(
            self.style.SUCCESS(
                f"Summary rebuilt in {time.perf_counter() - started:.1f} s: "
                f"{built['projects']} projects, {built['companies']} companies, "
                f"{built['counters']} counters."
            )
        )

"""`manage.py generate_scale_data --scale 0.01`: the benchmark's data set (see tooling/bench)."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from tooling.bench.generate.generator import ScaleDataGenerator
from tooling.bench.generate.reset import existing_counts, reset_data
from tooling.bench.generate.tables import FULL_SCALE, volumes

# Above this scale SQLite would take long and measure nothing useful: PostgreSQL is the target.
SQLITE_MAX_SCALE = 0.01


class Command(BaseCommand):
    help = (
        "Remplit la base avec un programme à l'échelle nationale (--scale 1 : 100 000 "
        "entreprises, 250 000 projets, 1 000 000 d'échanges, 5 000 séances, 50 000 avis)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=0.01, help="fraction of full scale")
        parser.add_argument("--seed", type=int, default=20150101)
        parser.add_argument("--reset", action="store_true", help="empty the generated tables first")
        parser.add_argument(
            "--reuse",
            action="store_true",
            help="do nothing when a data set of this scale is already there",
        )

    def handle(self, *args, scale: float, seed: int, reset: bool, reuse: bool, **options):
        if not 0 < scale <= 10:
            raise CommandError("--scale must be above 0 and at most 10.")
        if connection.vendor == "sqlite" and scale > SQLITE_MAX_SCALE:
            raise CommandError(
                f"SQLite is for tiny data sets (--scale {SQLITE_MAX_SCALE} at most): set "
                "DATABASE_URL to a PostgreSQL database."
            )
        wanted = volumes(scale)
        present = existing_counts()
        if reuse and all(present[name] == wanted[name] for name in ("companies", "projects")):
            self.stdout.write(f"Data set at scale {scale} already there: reused ({present}).")
            return
        if any(present.values()):
            if not reset:
                raise CommandError(
                    f"The database already holds data ({present}); add --reset to replace it "
                    "(it empties these tables)."
                )
            reset_data()
            self.stdout.write("Existing data removed.")
        self.stdout.write(
            f"Generating scale {scale} on {connection.vendor}: "
            + ", ".join(f"{wanted[name]:,} {name}" for name in FULL_SCALE)
        )
        result = ScaleDataGenerator(scale=scale, seed=seed).run()
        width = max(len(name) for name in result.counts)
        for name, count in result.counts.items():
            self.stdout.write(
                f"  {name:<{width}} {count:>10,}  {result.seconds.get(name, 0):6.2f} s"
            )
        if "analyze" in result.seconds:
            self.stdout.write(
                f"  {'VACUUM ANALYZE':<{width}} {'':>10}  {result.seconds['analyze']:6.2f} s"
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"{sum(result.counts.values()):,} rows in {result.seconds['total']:.1f} s"
            )
        )

"""`manage.py bench_imports`: time the import of a prospect list (tooling/bench/imports.py)."""

from django.core.management.base import BaseCommand

from tooling.bench.imports import ImportBench


class Command(BaseCommand):
    help = "Mesure l'import d'une liste de 10 000 prospects (CSV et Excel), sans rien garder."

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=10_000)

    def handle(self, *args, rows: int, **options):
        ImportBench(self.stdout).run(rows)

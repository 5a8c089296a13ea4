"""`manage.py index_directory`: rewrite every scheme's matching terms (and on PostgreSQL its
search vector), after a bulk write that did not index what it wrote."""

from django.core.management.base import BaseCommand

from projects.matching.index import index_schemes
from projects.models import SupportScheme

CHUNK = 500


class Command(BaseCommand):
    help = "Réindexe les mots de tous les dispositifs de l'annuaire pour les suggestions."

    def handle(self, *args, **options) -> None:
        ids = list(SupportScheme.objects.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), CHUNK):
            index_schemes(ids[start : start + CHUNK])
        self.stdout.write(f"{len(ids)} dispositifs indexés.")

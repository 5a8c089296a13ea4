"""`manage.py load_demo`: fill the portal with a believable, fictional programme.

The loading lives in tooling/demo/loader.py; the command checks that it may run and calls it.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tooling.demo.loader import DemoLoader


class Command(BaseCommand):
    help = (
        "Charge un programme de démonstration fictif, en cours depuis mars 2015 (comptes, "
        "annuaire des partenaires et de leurs dispositifs, entreprises, contacts, échanges, "
        "projets et leur avancement, objectifs annuels, task force). Peut être relancée sans "
        "rien dupliquer ; n'envoie aucun e-mail."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Charger même hors mode DEBUG (crée des comptes au mot de passe public).",
        )

    def handle(self, *args, **options):
        if not (settings.DEBUG or getattr(settings, "TESTING", False) or options["force"]):
            raise CommandError(
                "Les données de démonstration créent des comptes au mot de passe connu de tous. "
                "Lancez la commande avec DEBUG=true, ou ajoutez --force si c'est voulu."
            )
        DemoLoader(self.stdout, self.style).run()

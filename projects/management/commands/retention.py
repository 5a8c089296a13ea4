from django.conf import settings
from django.core.management.base import BaseCommand

from projects.services.retention import retention_apply, retention_due


class Command(BaseCommand):
    help = (
        "Anonymise the contacts of companies inactive for RETENTION_YEARS years "
        "(--dry-run: list them, change nothing)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would be anonymised; change nothing."
        )

    def handle(self, *args, dry_run: bool = False, **options):
        due = retention_due() if dry_run else retention_apply()
        verb = "would anonymise" if dry_run else "anonymised"
        for item in due:
            self.stdout.write(
                f"{verb} contact #{item.contact_id} of {item.company_name} "
                f"(company #{item.company_id}, last activity {item.last_activity:%Y-%m-%d})"
            )
        self.stdout.write(
            f"{len(due)} contact(s) {verb}; retention {settings.RETENTION_YEARS} year(s)."
        )

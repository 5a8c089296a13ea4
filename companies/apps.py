from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompaniesConfig(AppConfig):
    name = "companies"
    verbose_name = _("Entreprises")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from pmi_aqt.audit.registry import audit, scope_company

        from .background import register_kinds
        from .models import Company, Contact, Interaction

        audit(Company, scope=lambda company: {"company": company.pk})
        audit(Contact, scope=scope_company)
        audit(Interaction, scope=scope_company)
        register_kinds()

        from pmi_aqt.imports.registry import register

        from .imports import ProspectImporter

        register(ProspectImporter())
        post_migrate.connect(
            _reinstall_sqlite_search_triggers, sender=self, dispatch_uid="companies:sqlite-triggers"
        )


def _reinstall_sqlite_search_triggers(sender, using, **kwargs) -> None:
    """SQLite drops a table's triggers when a migration rebuilds the table: put the search
    columns' triggers back after every migrate (companies/search_columns.py)."""
    from django.db import connections

    from .search_columns import install_triggers

    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        columns = connection.introspection.get_table_description(cursor, "companies_contact")
    if "search_text" in {column.name for column in columns}:  # migrated that far
        install_triggers(connection)

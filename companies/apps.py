from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from pmi_aqt.search import reinstall_sqlite_triggers


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
            reinstall_sqlite_triggers(
                table="companies_contact", install="companies.search_columns.install_triggers"
            ),
            sender=self,
            dispatch_uid="companies:sqlite-triggers",
            weak=False,
        )

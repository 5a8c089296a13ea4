from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompaniesConfig(AppConfig):
    name = "companies"
    verbose_name = _("Entreprises")

    def ready(self) -> None:
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

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TaskforceConfig(AppConfig):
    name = "taskforce"
    verbose_name = _("Task force")

    def ready(self) -> None:
        from pmi_aqt.mailing import kinds

        from . import email_kinds

        kinds.register(email_kinds.KINDS)

        from pmi_aqt.audit.registry import audit, scope_project

        from .models import AgendaItem

        # The task force's decisions, with who recorded them.
        audit(AgendaItem, scope=scope_project)

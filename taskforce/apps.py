from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TaskforceConfig(AppConfig):
    name = "taskforce"
    verbose_name = _("Task force")

    def ready(self) -> None:
        from pmi_aqt.mailing import kinds

        from . import background, email_kinds

        kinds.register(email_kinds.KINDS)
        background.register_kinds()

        from pmi_aqt.audit.registry import audit, scope_project

        from .models import AgendaItem, TaskforceMembership

        # The task force's decisions, with who recorded them; who sits on it, for whom.
        audit(AgendaItem, scope=scope_project)
        audit(TaskforceMembership)

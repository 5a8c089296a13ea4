from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "pmi_aqt.jobs"
    label = "jobs"
    verbose_name = _("Exports en arrière-plan")

    def ready(self) -> None:
        # Registers the tasks in every process: services queue them by name.
        from . import tasks  # noqa: F401

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "pmi_aqt.imports"
    label = "imports"
    verbose_name = _("Imports de fichiers")

    def ready(self) -> None:
        # Registers the task in every process: the confirmation queues it by name.
        from . import tasks  # noqa: F401

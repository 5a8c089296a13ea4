from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Projets d'innovation")

    def ready(self) -> None:
        from .stats import watch_figure_sources

        watch_figure_sources()

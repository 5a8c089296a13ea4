from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Projets d'innovation")

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed

        from pmi_aqt.mailing import kinds

        # Registers the tasks in every process, not only in the workers: services queue them
        # by name (projects/jobs.py).
        from . import (
            email_kinds,
            tasks,  # noqa: F401
        )
        from .models.project import Project, keep_primary_axis_among_axes
        from .stats.cache import watch_figure_sources

        kinds.register(email_kinds.KINDS)
        watch_figure_sources()
        m2m_changed.connect(
            keep_primary_axis_among_axes,
            sender=Project.axes.through,
            dispatch_uid="projects:primary-axis-among-axes",
        )

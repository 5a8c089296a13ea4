from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from pmi_aqt.search import reinstall_sqlite_triggers


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Projets d'innovation")

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed, post_migrate

        from pmi_aqt.mailing import kinds

        # Registers the tasks in every process, not only in the workers: services queue them
        # by name (projects/jobs.py).
        from . import (
            background,
            email_kinds,
            tasks,  # noqa: F401
        )
        from .matching.history import watch_history_sources
        from .matching.snapshot import watch_directory_sources
        from .models.project import Project, keep_primary_axis_among_axes
        from .stats.cache import watch_figure_sources
        from .stats.summary import watch_summary_sources

        kinds.register(email_kinds.KINDS)
        background.register_kinds()
        _register_importers()
        _keep_history()
        # The summary's counters first: the figures' cache is told of the write after them.
        watch_summary_sources()
        watch_figure_sources()
        # The suggestions' directory, held by each process, is read again after a write.
        watch_directory_sources()
        # The suggestions' history of similar projects, cached per similarity key.
        watch_history_sources()
        post_migrate.connect(
            reinstall_sqlite_triggers(
                table="projects_project", install="projects.search_columns.install_triggers"
            ),
            sender=self,
            dispatch_uid="projects:sqlite-triggers",
            weak=False,
        )
        m2m_changed.connect(
            keep_primary_axis_among_axes,
            sender=Project.axes.through,
            dispatch_uid="projects:primary-axis-among-axes",
        )


def _keep_history() -> None:
    """The projects' rows whose every change is kept, with who made it (pmi_aqt/audit)."""
    from pmi_aqt.audit.registry import audit, scope_project

    from . import models

    audit(models.Project, scope=lambda project: {"project": project.pk}, m2m=["axes"])
    for child in (
        models.Need,
        models.Resource,
        models.FinancingLine,
        models.Document,
        models.SupportAction,
        models.StudentPlacement,
        models.CollectiveParticipation,
    ):
        audit(child, scope=scope_project)
    audit(models.CollectiveAction)
    # The directory's history: an organisation's page shows its own and its schemes' changes,
    # a scheme's page its own and its calls'.
    audit(models.PartnerOrganisation, scope=lambda organisation: {"organisation": organisation.pk})
    audit(
        models.SupportScheme,
        scope=lambda scheme: {"scheme": scheme.pk, "organisation": scheme.organisation_id},
        m2m=["axes"],
        exclude=["search_vector"],
    )
    audit(models.SchemeCall, scope=lambda call: {"scheme": call.scheme_id})
    audit(models.YearlyTarget)


def _register_importers() -> None:
    from pmi_aqt.imports.registry import register

    from .services.directory_io import DirectoryImporter

    register(DirectoryImporter())

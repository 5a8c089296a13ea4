"""Celery tasks of projects: the periodic reminders (see CELERY_BEAT_SCHEDULE), thin around
projects/reminders.py, and the work services hand over by name (projects/jobs.py). Tasks take
ids and plain values, and sit above the services they call: nothing below imports this module."""

from datetime import date

from celery import shared_task
from django.utils import translation

from . import jobs, reminders
from .reminders_intake import intake_draft_reminders_send
from .services.intake import intake_notify_team
from .services.intake_drafts import intake_drafts_purge
from .services.retention import retention_apply
from .stats.cache import programme_figures_refresh
from .stats.period import Period


@shared_task
def send_officer_digests() -> int:
    """The officers' daily digest, on working days; returns the number of emails queued."""
    return reminders.officer_digests_send()


@shared_task
def apply_retention() -> int:
    """Anonymise the people of companies inactive for RETENTION_YEARS; returns how many."""
    return len(retention_apply())


@shared_task
def send_follow_up_surveys() -> int:
    """The 3, 6 and 12-month follow-up surveys now due; returns the number of emails queued."""
    return reminders.follow_up_surveys_send()


@shared_task
def send_intake_draft_reminders() -> int:
    """Delete the intake drafts past their life, then remind the authors of those left alone;
    returns the number of reminders queued."""
    intake_drafts_purge()
    return intake_draft_reminders_send()


@shared_task(name=jobs.NOTIFY_TEAM_OF_INTAKE)
def notify_team_of_intake(*, project_id: int, company_created: bool) -> int:
    """The team's notices of a new intake request; returns how many (queued once each)."""
    return intake_notify_team(project_id=project_id, company_created=company_created)


@shared_task(name=jobs.REFRESH_PROGRAMME_FIGURES)
def refresh_programme_figures(
    *, first_year: int, last_year: int, today: str, supported_limit: int | None, language: str
) -> bool:
    """Compute and cache a period's figures, in the language they are shown in, unless the
    current ones are cached already; returns whether they were computed."""
    with translation.override(language or None):
        return programme_figures_refresh(
            Period(first_year, last_year), date.fromisoformat(today), supported_limit
        )

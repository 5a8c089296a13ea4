"""Celery tasks of projects: the periodic reminders (see CELERY_BEAT_SCHEDULE), thin around
projects/reminders.py, and the team's notice of a new intake request."""

from celery import shared_task

from . import reminders


@shared_task
def send_officer_digests() -> int:
    """The officers' daily digest, on working days; returns the number of emails queued."""
    return reminders.officer_digests_send()


@shared_task
def send_follow_up_surveys() -> int:
    """The 3, 6 and 12-month follow-up surveys now due; returns the number of emails queued."""
    return reminders.follow_up_surveys_send()


@shared_task
def send_intake_draft_reminders() -> int:
    """Delete the intake drafts past their life, then remind the authors of those left alone;
    returns the number of reminders queued."""
    from .reminders_intake import intake_draft_reminders_send
    from .services.intake_drafts import intake_drafts_purge

    intake_drafts_purge()
    return intake_draft_reminders_send()


@shared_task
def notify_team_of_intake(*, project_id: int, company_created: bool, submitted: dict) -> int:
    """The team's notices of a new intake request; returns how many (queued once each)."""
    from .services.intake import intake_notify_team

    return intake_notify_team(
        project_id=project_id, company_created=company_created, submitted=submitted
    )


@shared_task
def refresh_programme_figures(
    *, first_year: int, last_year: int, today: str, supported_limit: int | None, language: str
) -> bool:
    """Compute and cache a period's figures, in the language they are shown in, unless the
    current ones are cached already; returns whether they were computed."""
    from datetime import date

    from django.utils import translation

    from .stats import Period, programme_figures_refresh

    with translation.override(language or None):
        return programme_figures_refresh(
            Period(first_year, last_year), date.fromisoformat(today), supported_limit
        )

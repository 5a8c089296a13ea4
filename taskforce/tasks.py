"""Periodic task-force jobs (see CELERY_BEAT_SCHEDULE): thin tasks around taskforce/reminders.py."""

from celery import shared_task

from . import reminders


@shared_task
def send_review_reminders() -> int:
    """Remind members of the dossiers they have not reviewed, 7 and 2 days before a session."""
    return reminders.review_reminders_send()

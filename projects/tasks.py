"""Periodic reminders (see CELERY_BEAT_SCHEDULE): thin tasks around projects/reminders.py."""

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

from celery import shared_task

from .throttling import expired_counters_purge


@shared_task
def purge_expired_counters() -> int:
    """The hourly purge of abuse counters kept in the database past their window."""
    return expired_counters_purge()

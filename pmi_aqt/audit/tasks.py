from celery import shared_task

from .services import history_purge


@shared_task
def purge_history() -> int:
    """The weekly purge of history entries past their retention; returns how many."""
    return history_purge()

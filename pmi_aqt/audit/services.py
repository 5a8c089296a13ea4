"""How long the history of changes is kept (the privacy page states it)."""

import datetime

from auditlog.models import LogEntry
from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.utils import timezone

from pmi_aqt.queries import delete_in_batches


def history_cutoff(now: datetime.datetime | None = None) -> datetime.datetime:
    return (now or timezone.now()) - relativedelta(years=settings.HISTORY_RETENTION_YEARS)


def history_purge(now: datetime.datetime | None = None) -> int:
    """Delete the history entries older than HISTORY_RETENTION_YEARS; the number deleted."""
    return delete_in_batches(LogEntry.objects.filter(timestamp__lt=history_cutoff(now)))

"""Handing recorded emails to Celery once their transaction commits: the emails one
transaction queued go as one task (in slices of DELIVERY_BATCH_SIZE)."""

import logging
import weakref

from django.db import transaction

from . import tasks
from .delivery import DELIVERY_BATCH_SIZE

logger = logging.getLogger(__name__)


class _Batch:
    """The emails queued in one transaction.

    Each email registers the batch's `hand_over` with transaction.on_commit: the first of
    those callbacks to run after the commit hands the whole batch to Celery, the others find
    it gone. Django drops the callbacks of a rolled-back savepoint, not the others, so an
    email of a rolled-back savepoint never holds the batch back; its id may go along, but no
    such row was committed and the task skips it (it claims only pending emails).

    Only those callbacks hold the batch: when the transaction rolls back, Django drops them
    and the batch with them, so the next transaction starts a batch of its own.
    """

    def __init__(self) -> None:
        self.email_ids: list[int] = []
        self.handed_over = False

    def hand_over(self) -> None:
        if self.handed_over:
            return
        self.handed_over = True
        enqueue(list(dict.fromkeys(self.email_ids)))


# The open batch of each database connection (Django gives each thread its own), weakly:
# see _Batch.
_batches: "weakref.WeakKeyDictionary[object, weakref.ref[_Batch]]" = weakref.WeakKeyDictionary()


def schedule_delivery(email_id: int) -> None:
    """Deliver this email after the current transaction commits, in the same Celery task as
    the other emails committed with it (at once, outside a transaction)."""
    connection = transaction.get_connection()
    reference = _batches.get(connection)
    batch = reference() if reference is not None else None
    if batch is None or batch.handed_over:
        batch = _Batch()
        _batches[connection] = weakref.ref(batch)
    batch.email_ids.append(email_id)
    transaction.on_commit(batch.hand_over)


def enqueue(email_ids: list[int]) -> None:
    """Hand these emails to Celery now; with the broker down they stay pending, and the
    periodic sweep (tasks.deliver_pending_emails) sends them later."""
    try:
        if len(email_ids) == 1:
            # One email: the single-email task, the message older workers also understand.
            tasks.deliver_email.delay(email_ids[0])
            return
        for start in range(0, len(email_ids), DELIVERY_BATCH_SIZE):
            tasks.deliver_emails.delay(email_ids[start : start + DELIVERY_BATCH_SIZE])
    except Exception:  # noqa: BLE001 - broker down: the periodic sweep delivers them later.
        logger.warning(
            "Broker unavailable, emails %s left pending for the sweep", email_ids, exc_info=True
        )

"""Handing recorded emails to Celery once their transaction commits: the emails one
transaction queued go as one task (in slices of DELIVERY_BATCH_SIZE).

Each email registers its own callback with transaction.on_commit; Django runs them in order
after the commit, and drops those of a rolled-back savepoint. A callback adds its email to
the batch, and the last of the batch's callbacks hands the batch to Celery. Which one is last
is read from the callbacks themselves: the batch holds them weakly, so a callback Django
dropped is gone, and one still held but not yet run is still to come.
"""

import logging
import weakref

from django.db import transaction

from . import tasks
from .delivery import DELIVERY_BATCH_SIZE

logger = logging.getLogger(__name__)


class _Batch:
    """The emails queued on one connection since its last batch left for Celery."""

    def __init__(self) -> None:
        self.callbacks: list[weakref.ref[_Deliver]] = []
        self.ready: list[int] = []
        self.closed = False

    def add(self, email_id: int) -> "_Deliver":
        callback = _Deliver(self, email_id, position=len(self.callbacks))
        self.callbacks.append(weakref.ref(callback))
        return callback

    def later_ones_pending(self, position: int) -> bool:
        """Whether a callback registered after this position is still to run (from the
        end: the last one is almost always the answer)."""
        for index in range(len(self.callbacks) - 1, position, -1):
            callback = self.callbacks[index]()
            if callback is not None and not callback.ran:
                return True
        return False

    def hand_over(self) -> None:
        self.closed = True
        email_ids, self.ready = list(dict.fromkeys(self.ready)), []
        enqueue(email_ids)


class _Deliver:
    """The on-commit callback of one queued email."""

    def __init__(self, batch: _Batch, email_id: int, *, position: int) -> None:
        self.batch = batch
        self.email_id = email_id
        self.position = position
        self.ran = False

    def __call__(self) -> None:
        if self.ran:
            return
        self.ran = True
        self.batch.ready.append(self.email_id)
        if not self.batch.later_ones_pending(self.position):
            self.batch.hand_over()


# The open batch of each database connection (Django gives each thread its own), held weakly:
# only its emails' callbacks keep it, so a transaction rolled back takes its batch along.
_batches: "weakref.WeakKeyDictionary[object, weakref.ref[_Batch]]" = weakref.WeakKeyDictionary()


def schedule_delivery(email_id: int) -> None:
    """Deliver this email after the current transaction commits, in the same Celery task as
    the other emails committed with it (at once, outside a transaction)."""
    connection = transaction.get_connection()
    reference = _batches.get(connection)
    batch = reference() if reference is not None else None
    if batch is None or batch.closed:
        batch = _Batch()
        _batches[connection] = weakref.ref(batch)
    transaction.on_commit(batch.add(email_id))


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

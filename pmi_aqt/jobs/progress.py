"""How a running job tells how far it got: a few writes in all, never one per row."""

from collections.abc import Iterable, Iterator
from typing import TypeVar

from django.conf import settings

from .models import Job

T = TypeVar("T")

# A job writes its progress at most this many times (plus its first and last write).
WRITES_PER_JOB = 100


class Progress:
    def __init__(self, job: Job) -> None:
        self.job_id = job.pk
        self.done = 0
        self.total: int | None = None
        self.written = 0
        self.batch = settings.JOB_PROGRESS_BATCH

    def start(self, total: int) -> None:
        """The number of steps (rows, pages) the job will take."""
        self.total = total
        self.done = 0
        self.batch = max(settings.JOB_PROGRESS_BATCH, total // WRITES_PER_JOB)
        self._write()

    def advance(self, steps: int = 1) -> None:
        self.done += steps
        if self.total is not None and self.done > self.total:
            # More rows than counted (written since): the count grows with them.
            self.total = self.done
        if self.done - self.written >= self.batch:
            self._write()

    def rows(self, rows: Iterable[T]) -> Iterator[T]:
        """The rows as they come, counted."""
        for row in rows:
            yield row
            self.advance()

    def _write(self) -> None:
        self.written = self.done
        Job.objects.filter(pk=self.job_id, status=Job.Status.RUNNING).update(
            done=self.done, total=self.total
        )

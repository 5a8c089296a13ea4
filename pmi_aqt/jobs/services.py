"""Starting a job, running it once, and removing its file when it has expired."""

import hashlib
import json
import logging
from datetime import timedelta
from functools import partial

from celery import current_app
from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation

from . import registry
from .models import Job
from .progress import Progress

logger = logging.getLogger(__name__)

RUN_JOB = "pmi_aqt.jobs.tasks.run_job"
ACTIVE = (Job.Status.PENDING, Job.Status.RUNNING)


def _fingerprint(kind: str, parameters: dict) -> str:
    text = json.dumps([kind, parameters], sort_keys=True, ensure_ascii=True)
    return hashlib.sha256(text.encode()).hexdigest()


def enqueue(job_id: int) -> None:
    """Hand the job to Celery; with the broker down it stays pending for the sweep."""
    try:
        current_app.tasks[RUN_JOB].delay(job_id)
    except Exception:  # noqa: BLE001 - broker down: jobs_sweep() queues it again later.
        logger.warning("Broker unavailable, job %s left pending for the sweep", job_id)


def job_start(*, kind: str, by, parameters: dict) -> Job:
    """Record the job and queue it once the transaction commits. The same request by the same
    person while the first is still pending or running gives the first one back."""
    job_kind = registry.get(kind)
    fingerprint = _fingerprint(kind, parameters)
    for _attempt in range(2):
        try:
            with transaction.atomic():
                job = Job.objects.create(
                    kind=kind,
                    title=str(job_kind.title),
                    requested_by=by,
                    parameters=parameters,
                    fingerprint=fingerprint,
                )
        except IntegrityError:
            running = Job.objects.filter(
                requested_by=by, fingerprint=fingerprint, status__in=ACTIVE
            ).first()
            if running is not None:
                return running
            continue  # it ended between the two statements: record a new one
        transaction.on_commit(partial(enqueue, job.pk))
        return job
    raise RuntimeError("A job kept being started and ended meanwhile.")


def stale_after() -> timedelta:
    return timedelta(seconds=settings.JOB_STALE_SECONDS)


def job_run(*, job_id: int) -> str:
    """Run the job if nobody runs it: claimed by a conditional UPDATE, so a task delivered twice
    produces one file. A run whose worker died (running for longer than JOB_STALE_SECONDS) is
    taken over."""
    now = timezone.now()
    free = Q(status=Job.Status.PENDING) | Q(
        status=Job.Status.RUNNING, started_at__lt=now - stale_after()
    )
    claimed = Job.objects.filter(free, pk=job_id).update(
        status=Job.Status.RUNNING, started_at=now, done=0
    )
    if not claimed:
        return "already claimed or finished"
    job = Job.objects.select_related("requested_by").get(pk=job_id)
    ours = Job.objects.filter(pk=job_id, status=Job.Status.RUNNING, started_at=now)
    try:
        # The worker has no request: the files speak the portal's language.
        with translation.override(settings.LANGUAGE_CODE):
            progress = Progress(job)
            output = registry.get(job.kind).run(job, progress)
    except Exception:
        logger.exception("Job %s (%s) failed", job_id, job.kind)
        ours.update(status=Job.Status.FAILED, finished_at=timezone.now())
        return "failed"
    with output.file:
        path = job_file_path_for(job, output.filename)
        # A run taken over from a dead worker may have left its file: replaced, not doubled.
        default_storage.delete(path)
        stored = default_storage.save(path, File(output.file))
    finished = timezone.now()
    saved = ours.update(
        status=Job.Status.DONE,
        file=stored,
        filename=output.filename,
        content_type=output.content_type,
        done=progress.done,
        total=max(progress.total or 0, progress.done),
        finished_at=finished,
        expires_at=finished + timedelta(hours=settings.JOB_FILE_HOURS),
    )
    if not saved:
        # Another worker took the job over meanwhile: its file is the one kept.
        default_storage.delete(stored)
        return "taken over"
    return "done"


def job_file_path_for(job: Job, filename: str) -> str:
    return Job._meta.get_field("file").generate_filename(job, filename)


def jobs_sweep() -> dict[str, int]:
    """Periodic: delete the files whose time is up, queue again the jobs the broker lost or
    whose worker died."""
    now = timezone.now()
    expired = list(
        Job.objects.filter(status=Job.Status.DONE, expires_at__lte=now).values_list("pk", "file")
    )
    for pk, name in expired:
        if name:
            default_storage.delete(name)
        Job.objects.filter(pk=pk, status=Job.Status.DONE).update(status=Job.Status.EXPIRED, file="")
    lost = list(
        Job.objects.filter(
            Q(status=Job.Status.PENDING, created_at__lt=now - timedelta(minutes=5))
            | Q(status=Job.Status.RUNNING, started_at__lt=now - stale_after())
        ).values_list("pk", flat=True)
    )
    for pk in lost:
        enqueue(pk)
    return {"expired": len(expired), "queued_again": len(lost)}

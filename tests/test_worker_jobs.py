"""A real Celery worker process (the embedded filesystem broker of `make run`, or Redis when
REDIS_URL is set) prepares a background export once, however often it is queued."""

import time

import pytest
from django.core.files.storage import default_storage

from pmi_aqt.jobs import services
from pmi_aqt.jobs.models import Job

from .factories import ProjectFactory
from .test_worker_integration import (  # noqa: F401 - fixtures
    celery_worker_process,
    smtp_server,
    wait_for,
)

pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("celery_worker_process"),
]


def test_a_real_worker_prepares_the_export_once_when_queued_twice(manager):
    ProjectFactory.create_batch(3, title="Presse plieuse numérique")
    job = Job.objects.create(
        kind="projects.list_csv",
        title="Export des projets (CSV)",
        requested_by=manager,
        fingerprint="worker",
    )
    folder = f"jobs/{job.pk}"
    try:
        services.enqueue(job.pk)
        services.enqueue(job.pk)

        assert wait_for(lambda: Job.objects.get(pk=job.pk).status == Job.Status.DONE)
        time.sleep(2)  # the second message, handled after the first
        job.refresh_from_db()
        assert (job.done, job.total) == (3, 3)
        assert default_storage.listdir(folder)[1] == [job.filename]
        with job.file.open("rb") as file:
            assert file.read().decode("utf-8-sig").count("Presse plieuse numérique") == 3
    finally:
        for name in default_storage.listdir(folder)[1] if default_storage.exists(folder) else []:
            default_storage.delete(f"{folder}/{name}")

"""Helpers for tests of pages whose file is prepared by a background job (pmi_aqt/jobs)."""

from urllib.parse import urlencode

import pytest
from django.http import HttpResponse
from django.test import TestCase
from django.urls import reverse

from pmi_aqt.jobs.models import Job


@pytest.fixture
def job_storage(settings, tmp_path):
    """Files written in the default storage (the jobs' exports, the scale data's documents) go
    to this test's own temporary folder, never to var/private, where tests running beside
    would write the same names."""
    location = tmp_path / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(location)},
        },
    }
    return location


def start_job(client, url: str, data: dict | None = None):
    """Accept the page's offer (its POST, with the page's query string): the job is recorded,
    and run at the commit (Celery is eager in tests). Returns the answer to the POST."""
    query = "?" + urlencode(data, doseq=True) if data else ""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(url + query)


def fetch_in_background(client, url: str, data: dict | None = None) -> HttpResponse:
    """What a person gets by starting the job, following it to its page and downloading its
    file: the file as a plain response (headers kept), to read like the direct one."""
    started = start_job(client, url, data)
    assert started.status_code == 302, started.status_code
    job = Job.objects.get(pk=int(started.url.rstrip("/").split("/")[-1]))
    assert started.url == job.get_absolute_url()
    assert job.status == Job.Status.DONE, job.status
    download = client.get(reverse("jobs:download", args=[job.pk]))
    assert download.status_code == 200
    response = HttpResponse(b"".join(download.streaming_content), status=200)
    for header in ("Content-Type", "Content-Disposition", "Cache-Control"):
        response[header] = download[header]
    return response

"""A background export in a real headless Chromium: the manager starts it, follows its
progress and downloads the file; a running job's bar and the script that follows it."""

import csv
import io
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from pmi_aqt.jobs.models import Job

from .background import job_storage  # noqa: F401 - a fixture
from .browser import blocking_violations
from .factories import ProjectFactory
from .test_browser_dashboard import log_in, reference_data  # noqa: F401 - a fixture

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("job_storage"),
]


def test_the_manager_starts_a_background_export_and_downloads_it(
    live_server, page, manager, settings, tmp_path
):
    settings.JOB_DIRECT_EXPORT_MAX_ROWS = 2
    ProjectFactory.create_batch(3, title="Ligne de peinture robotisée")
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, live_server, manager)
    page.goto(live_server.url + reverse("projects:list"))

    with page.expect_navigation():
        page.get_by_role("link", name="Exporter en CSV").click()
    assert page.get_by_role("heading", name="Export des projets (CSV)").is_visible()
    with page.expect_navigation():
        page.get_by_role("button", name="Préparer le fichier").click()

    job = Job.objects.get()
    assert page.url == live_server.url + job.get_absolute_url()
    bar = page.get_by_role("progressbar", name="Avancement")
    assert bar.evaluate("element => element.tagName") == "PROGRESS"
    # Celery is eager here: the job ended with the request that started it.
    assert bar.get_attribute("value") == "100"
    assert "Prêt." in page.get_by_role("status").inner_text()
    link = page.get_by_role("link", name=f"Télécharger {job.filename}")
    assert link.is_visible()
    assert blocking_violations(page) == []
    with page.expect_download() as download_info:
        link.click()
    path = tmp_path / "export.csv"
    download_info.value.save_as(path)
    rows = list(csv.reader(io.StringIO(path.read_text("utf-8-sig")), delimiter=";"))
    assert [row[4] for row in rows[1:]] == ["Ligne de peinture robotisée"] * 3

    # "Mes exports" lists it (its page already said it was ready: no notice to come).
    page.goto(live_server.url + reverse("jobs:list"))
    assert page.get_by_role("link", name="Export des projets (CSV)").is_visible()
    assert errors == []


def test_a_running_job_shows_its_bar_and_the_page_follows_it_to_the_download(
    live_server, page, manager
):
    job = Job.objects.create(
        kind="projects.list_csv",
        title="Export des projets (CSV)",
        requested_by=manager,
        fingerprint="browser",
        status=Job.Status.RUNNING,
        started_at=timezone.now(),
        done=40,
        total=100,
    )
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, live_server, manager)
    page.goto(live_server.url + job.get_absolute_url())

    bar = page.get_by_role("progressbar", name="Avancement")
    assert bar.get_attribute("value") == "40"
    assert page.evaluate("document.getElementById('job-progress').position") == 0.4
    status = page.get_by_role("status")
    assert status.inner_text() == "En cours : 40 sur 100 (40 %)."
    assert status.get_attribute("aria-live") == "polite"
    assert page.get_by_role("link", name="Actualiser l'avancement").is_visible()
    assert not page.locator("#job-download").is_visible()
    assert blocking_violations(page) == []

    # The worker moves on: the page follows without being reloaded.
    Job.objects.filter(pk=job.pk).update(done=75)
    expect(status).to_have_text("En cours : 75 sur 100 (75 %).")
    expect(bar).to_have_attribute("value", "75")

    job.file.save("projets.csv", ContentFile(b"Projet\r\n"), save=False)
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.DONE,
        done=100,
        file=job.file.name,
        filename="projets.csv",
        content_type="text/csv",
        finished_at=timezone.now(),
        expires_at=timezone.now() + timedelta(hours=24),
    )
    page.get_by_role("link", name="Télécharger projets.csv").wait_for(state="visible")
    assert bar.evaluate("element => element.value") == 100
    assert "Prêt." in status.inner_text()
    assert not page.get_by_role("link", name="Actualiser l'avancement").is_visible()
    assert errors == []

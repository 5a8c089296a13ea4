"""Long work leaves the request: whole-list exports above a threshold, the yearly report and
the session minutes are prepared by a Celery job the person follows on its page, then
downloads for a set time (pmi_aqt/jobs)."""

import csv
import html
import io
from datetime import timedelta

import openpyxl
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from pmi_aqt.jobs import services
from pmi_aqt.jobs.models import Job
from pmi_aqt.jobs.registry import JobKind, JobOutput, register

from .background import fetch_in_background, job_storage, start_job  # noqa: F401 - a fixture
from .factories import CompanyFactory, ProjectFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("job_storage")]

PROJECTS_CSV = reverse("projects:export_csv")
PROJECTS_XLSX = reverse("projects:export_xlsx")
COMPANIES_CSV = reverse("companies:export_csv")
FINANCING_CSV = reverse("projects:financing_export_csv")
SUPPORTED_XLSX = reverse("projects:supported_export_xlsx")


@pytest.fixture
def small_threshold(settings):
    """Lists of more than 2 rows leave the request."""
    settings.JOB_DIRECT_EXPORT_MAX_ROWS = 2
    settings.JOB_PROGRESS_BATCH = 2


def csv_lines(response) -> list[list[str]]:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    text = content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def make_job(person, **fields) -> Job:
    values = {
        "kind": "projects.list_csv",
        "title": "Export des projets (CSV)",
        "requested_by": person,
        "fingerprint": f"test-{Job.objects.count()}",
        **fields,
    }
    return Job.objects.create(**values)


def ready_job(person, *, hours_left: float = 24) -> Job:
    job = make_job(
        person,
        status=Job.Status.DONE,
        done=3,
        total=3,
        filename="projets.csv",
        content_type="text/csv; charset=utf-8",
        finished_at=timezone.now(),
        expires_at=timezone.now() + timedelta(hours=hours_left),
    )
    job.file.save("projets.csv", ContentFile(b"Projet\r\nUn\r\n"))
    return job


# --- Small lists stay direct; long ones leave the request


def test_a_small_list_is_still_exported_in_the_request(client, officer, small_threshold):
    ProjectFactory.create_batch(2)
    client.force_login(officer)

    response = client.get(PROJECTS_CSV)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert not Job.objects.exists()


def test_a_long_list_is_offered_as_a_background_job_and_the_get_starts_nothing(
    client, officer, small_threshold
):
    ProjectFactory.create_batch(3)
    client.force_login(officer)

    response = client.get(PROJECTS_CSV, {"tri": "title"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Préparer le fichier" in page
    assert f'action="{PROJECTS_CSV}?tri=title"' in page
    assert not Job.objects.exists()


def test_the_offer_starts_a_job_that_produces_the_same_rows_as_the_direct_export(
    client, officer, settings
):
    ProjectFactory.create_batch(3)
    client.force_login(officer)
    direct = csv_lines(client.get(PROJECTS_CSV))
    settings.JOB_DIRECT_EXPORT_MAX_ROWS = 2

    response = fetch_in_background(client, PROJECTS_CSV)

    assert csv_lines(response) == direct
    assert response["Content-Disposition"].startswith('attachment; filename="projets-')
    job = Job.objects.get()
    assert (job.status, job.done, job.total, job.requested_by) == (
        Job.Status.DONE,
        3,
        3,
        officer,
    )
    assert job.expires_at == job.finished_at + timedelta(hours=settings.JOB_FILE_HOURS)


def test_the_job_keeps_the_lists_filters(client, officer, small_threshold):
    ProjectFactory.create_batch(3, title="Robot de soudure")
    ProjectFactory(title="Four connecté")
    client.force_login(officer)

    response = fetch_in_background(client, PROJECTS_CSV, {"q": "Robot", "page": "4"})

    titles = [row[4] for row in csv_lines(response)[1:]]
    assert titles == ["Robot de soudure"] * 3
    assert Job.objects.get().parameters == {"q": ["Robot"]}


def test_the_excel_export_of_projects_runs_in_the_background(client, officer, small_threshold):
    ProjectFactory.create_batch(3)
    client.force_login(officer)

    response = fetch_in_background(client, PROJECTS_XLSX)

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 4


def test_the_company_list_export_runs_in_the_background(client, officer, small_threshold):
    CompanyFactory.create_batch(3)
    client.force_login(officer)

    rows = csv_lines(fetch_in_background(client, COMPANIES_CSV))

    assert rows[0][0] == "Raison sociale"
    assert len(rows) == 4


def test_the_financing_export_runs_in_the_background(client, finance_officer, small_threshold):
    client.force_login(finance_officer)

    rows = csv_lines(fetch_in_background(client, FINANCING_CSV))

    assert len(rows) == 1  # the header: the worker ran the same filters on no line


def test_the_supported_companies_export_runs_in_the_background(client, officer, small_threshold):
    client.force_login(officer)

    response = fetch_in_background(client, SUPPORTED_XLSX, {"annee": "2016"})

    assert response["Content-Disposition"].endswith('entreprises-accompagnees-2016.xlsx"')
    assert Job.objects.get().parameters == {"first": 2016, "last": 2016}


def test_asking_twice_while_the_first_runs_gives_the_first_job(client, officer, small_threshold):
    ProjectFactory.create_batch(3)
    client.force_login(officer)

    first = client.post(PROJECTS_CSV)  # not committed: the job stays pending
    second = client.post(PROJECTS_CSV)

    assert first.url == second.url
    assert Job.objects.count() == 1


def test_those_who_may_not_export_start_no_job(client, member, small_threshold):
    client.force_login(member)

    assert start_job(client, PROJECTS_CSV).status_code == 403
    assert not Job.objects.exists()


def test_the_request_that_starts_a_job_does_a_fixed_handful_of_queries(
    client, officer, small_threshold
):
    client.force_login(officer)
    ProjectFactory.create_batch(3)
    client.post(PROJECTS_CSV, QUERY_STRING="q=first")  # the session now lists a job
    with CaptureQueriesContext(connection) as few:
        client.post(PROJECTS_CSV, QUERY_STRING="q=a")
    ProjectFactory.create_batch(30)
    with CaptureQueriesContext(connection) as many:
        client.post(PROJECTS_CSV, QUERY_STRING="q=b")

    assert len(many.captured_queries) == len(few.captured_queries)


# --- Run once, whatever the deliveries


def test_a_task_delivered_twice_produces_one_file(officer, small_threshold):
    ProjectFactory.create_batch(3)
    job = make_job(officer)

    assert services.job_run(job_id=job.pk) == "done"
    assert services.job_run(job_id=job.pk) == "already claimed or finished"

    job.refresh_from_db()
    assert default_storage.listdir(f"jobs/{job.pk}")[1] == [job.filename]


def test_a_job_whose_worker_died_is_taken_over_and_keeps_one_file(officer, settings):
    ProjectFactory.create_batch(3)
    job = make_job(officer)
    services.job_run(job_id=job.pk)
    # As if the worker had died after writing its file, an hour and more ago.
    long_ago = timezone.now() - timedelta(seconds=settings.JOB_STALE_SECONDS + 1)
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, started_at=long_ago)

    assert services.job_run(job_id=job.pk) == "done"

    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    assert default_storage.listdir(f"jobs/{job.pk}")[1] == [job.filename]


def test_a_running_job_is_not_run_again_by_a_second_delivery(officer):
    job = make_job(officer, status=Job.Status.RUNNING, started_at=timezone.now())

    assert services.job_run(job_id=job.pk) == "already claimed or finished"


def test_a_job_that_fails_says_so_on_its_page(client, officer):
    def broken(job, progress):
        raise RuntimeError("disque plein")

    register(JobKind("tests.broken", "Export cassé", broken))
    job = make_job(officer, kind="tests.broken")

    assert services.job_run(job_id=job.pk) == "failed"

    client.force_login(officer)
    page = html.unescape(client.get(job.get_absolute_url()).content.decode())
    assert "n'a pas pu être préparé" in page
    assert "disque plein" not in page


def test_a_worker_rechecks_the_rights_of_the_person_who_asked(officer):
    job = make_job(officer)
    officer.is_active = False
    officer.save()

    assert services.job_run(job_id=job.pk) == "failed"
    assert not Job.objects.get(pk=job.pk).file


def test_progress_is_written_in_batches_not_per_row(officer, settings):
    settings.JOB_PROGRESS_BATCH = 10
    writes = []

    def counting(job, progress):
        progress.start(95)
        for _row in progress.rows(range(95)):
            pass
        writes.append(Job.objects.get(pk=job.pk).done)
        return JobOutput(io.BytesIO(b"x"), "x.csv", "text/csv")

    register(JobKind("tests.counting", "Export compté", counting))
    job = make_job(officer, kind="tests.counting")
    with CaptureQueriesContext(connection) as queries:
        services.job_run(job_id=job.pk)

    updates = [q for q in queries.captured_queries if q["sql"].startswith("UPDATE")]
    # The claim, the first write, nine batches of ten, the end.
    assert len(updates) == 12
    assert writes == [90]
    job.refresh_from_db()
    assert (job.done, job.total) == (95, 95)


# --- The job's page, its status and its file


def test_a_running_job_shows_an_accessible_progress_bar_at_its_percentage(client, officer):
    job = make_job(officer, status=Job.Status.RUNNING, done=40, total=100)
    client.force_login(officer)

    page = html.unescape(client.get(job.get_absolute_url()).content.decode())

    assert '<label id="job-progress-label" for="job-progress"' in page
    assert 'id="job-progress" class="d-block w-100" max="100" value="40">40 %</progress>' in page
    assert 'role="status" aria-live="polite">En cours : 40 sur 100 (40 %).</p>' in page
    assert 'id="job-download" hidden' in page
    # Without script, a link reloads the page; with it, a static file polls the status.
    assert f'<a href="{job.get_absolute_url()}">Actualiser l\'avancement</a>' in page
    assert "js/job-progress.js" in page
    assert "<script>" not in page and "http-equiv" not in page


def test_a_pending_job_shows_an_indeterminate_bar(client, officer):
    job = make_job(officer)
    client.force_login(officer)

    page = client.get(job.get_absolute_url()).content.decode()

    assert 'max="100"></progress>' in page
    assert "En attente" in page


def test_a_ready_job_shows_its_download_link_and_until_when(client, officer):
    job = ready_job(officer)
    client.force_login(officer)

    page = html.unescape(client.get(job.get_absolute_url()).content.decode())

    assert f'href="{reverse("jobs:download", args=[job.pk])}"' in page
    assert 'id="job-download" hidden' not in page
    assert "Prêt. Le fichier reste disponible jusqu'au" in page
    assert "Actualiser" not in page


def test_the_status_answers_what_the_script_shows(client, officer):
    job = make_job(officer, status=Job.Status.RUNNING, done=40, total=100)
    client.force_login(officer)

    status = client.get(reverse("jobs:status", args=[job.pk])).json()

    assert status == {
        "status": "running",
        "finished": False,
        "done": 40,
        "total": 100,
        "percent": 40,
        "text": "En cours : 40 sur 100 (40 %).",
        "download_url": None,
        "download_label": "Télécharger le fichier",
    }


def test_the_status_of_a_ready_job_gives_its_file(client, officer):
    job = ready_job(officer)
    client.force_login(officer)

    status = client.get(reverse("jobs:status", args=[job.pk])).json()

    assert status["finished"] is True and status["percent"] == 100
    assert status["download_url"] == reverse("jobs:download", args=[job.pk])


def test_the_file_is_downloaded_privately(client, officer):
    job = ready_job(officer)
    client.force_login(officer)

    response = client.get(reverse("jobs:download", args=[job.pk]))

    assert b"".join(response.streaming_content) == b"Projet\r\nUn\r\n"
    assert response["Content-Disposition"] == 'attachment; filename="projets.csv"'
    assert response["Cache-Control"] == "private, no-store"


def test_a_file_not_ready_yet_is_not_found(client, officer):
    job = make_job(officer, status=Job.Status.RUNNING)
    client.force_login(officer)

    assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 404


@pytest.mark.parametrize("fixture_name", ["other_officer", "manager", "member"])
def test_nobody_else_sees_the_job_or_its_file(client, officer, request, fixture_name):
    job = ready_job(officer)
    client.force_login(request.getfixturevalue(fixture_name))

    for name in ("jobs:detail", "jobs:status", "jobs:download"):
        response = client.get(reverse(name, args=[job.pk]))
        assert response.status_code == 403, name
        assert b"Projet\r\nUn" not in response.content


def test_an_anonymous_visitor_is_sent_to_login(client, officer):
    job = ready_job(officer)

    response = client.get(reverse("jobs:download", args=[job.pk]))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_the_job_pages_refuse_post(client, officer):
    job = ready_job(officer)
    client.force_login(officer)

    for name in ("jobs:detail", "jobs:status", "jobs:download"):
        assert client.post(reverse(name, args=[job.pk])).status_code == 405


# --- Kept for a set time


def test_the_sweep_deletes_expired_files_and_keeps_the_others(officer):
    old = ready_job(officer, hours_left=-1)
    fresh = ready_job(officer)
    old_name = old.file.name

    assert services.jobs_sweep() == {"expired": 1, "queued_again": 0}

    old.refresh_from_db()
    fresh.refresh_from_db()
    assert old.status == Job.Status.EXPIRED and not old.file
    assert not default_storage.exists(old_name)
    assert fresh.status == Job.Status.DONE and default_storage.exists(fresh.file.name)


def test_an_expired_file_is_no_longer_downloaded(client, officer):
    job = ready_job(officer, hours_left=-1)
    client.force_login(officer)

    response = client.get(reverse("jobs:download", args=[job.pk]), follow=True)

    assert response.redirect_chain[-1][0] == job.get_absolute_url()
    assert "relancez l'export" in html.unescape(response.content.decode())


def test_a_file_gone_from_the_disk_is_said_on_the_jobs_page_not_a_server_error(client, officer):
    job = ready_job(officer)
    default_storage.delete(job.file.name)
    client.force_login(officer)

    response = client.get(reverse("jobs:download", args=[job.pk]), follow=True)

    assert response.redirect_chain[-1][0] == job.get_absolute_url()
    assert "n'est plus disponible : relancez l'export" in html.unescape(response.content.decode())


def test_the_sweep_queues_again_a_job_the_broker_lost(officer, small_threshold):
    ProjectFactory.create_batch(3)
    job = make_job(officer, created_at=timezone.now() - timedelta(minutes=10))

    assert services.jobs_sweep()["queued_again"] == 1

    assert Job.objects.get(pk=job.pk).status == Job.Status.DONE


# --- The notice when ready, and "my exports"


def test_the_next_page_says_the_job_is_ready_once_and_links_to_it(client, officer, small_threshold):
    ProjectFactory.create_batch(3)
    client.force_login(officer)
    start_job(client, PROJECTS_CSV)
    job = Job.objects.get()

    first = client.get(reverse("projects:portfolio")).content.decode()
    second = client.get(reverse("projects:portfolio")).content.decode()

    assert "« Export des projets (CSV) » est prêt" in first
    assert f'<a href="{job.get_absolute_url()}">Ouvrir</a>' in first
    assert "est prêt" not in second


def test_no_notice_while_the_job_runs(client, officer, small_threshold):
    ProjectFactory.create_batch(3)
    client.force_login(officer)
    client.post(PROJECTS_CSV)  # recorded, not run (no commit in the test)

    assert "est prêt" not in client.get(reverse("projects:portfolio")).content.decode()


def test_no_notice_for_a_job_already_seen_on_its_page(client, officer, small_threshold):
    ProjectFactory.create_batch(3)
    client.force_login(officer)
    started = start_job(client, PROJECTS_CSV)
    client.get(started.url)

    assert "est prêt" not in client.get(reverse("projects:portfolio")).content.decode()


def test_my_exports_lists_my_jobs_only_with_their_state(client, officer, other_officer):
    mine = ready_job(officer)
    make_job(officer, status=Job.Status.RUNNING, done=1, total=4)
    theirs = ready_job(other_officer)
    client.force_login(officer)

    page = client.get(reverse("jobs:list")).content.decode()

    assert mine.get_absolute_url() in page
    assert theirs.get_absolute_url() not in page
    assert "En cours : 1 sur 4 (25 %)." in page


def test_my_exports_reads_a_fixed_number_of_queries(client, officer):
    client.force_login(officer)
    ready_job(officer)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("jobs:list"))
    for _ in range(10):
        ready_job(officer)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("jobs:list"))

    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_menu_leads_to_my_exports(client, officer):
    client.force_login(officer)

    page = client.get(reverse("projects:portfolio")).content.decode()

    assert f'href="{reverse("jobs:list")}"' in page


def test_a_person_without_role_has_an_empty_list(client):
    client.force_login(UserFactory())

    response = client.get(reverse("jobs:list"))

    assert response.status_code == 200
    assert "Vous n'avez demandé aucun export" in html.unescape(response.content.decode())


def test_the_next_page_says_when_a_job_failed(client, officer):
    def broken(job, progress):
        raise RuntimeError("disque plein")

    register(JobKind("tests.broken_notice", "Export cassé", broken))
    job = make_job(officer, kind="tests.broken_notice")
    client.force_login(officer)
    session = client.session
    session["jobs_to_announce"] = [job.pk]
    session.save()
    services.job_run(job_id=job.pk)

    page = html.unescape(client.get(reverse("projects:portfolio")).content.decode())

    assert (
        '<div class="alert alert-danger" role="alert">« Export des projets (CSV) » '
        f'n\'a pas pu être préparé. <a href="{job.get_absolute_url()}">Ouvrir</a></div>'
    ) in page

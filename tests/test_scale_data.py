"""The benchmark's data generator, at a tiny scale on the test database."""

import pytest
from auditlog.models import LogEntry
from django.core.management import CommandError, call_command
from django.db.models.functions import Lower

from companies.models import Company, Contact, Interaction
from companies.validators import validate_siret
from pmi_aqt.accounts.models import Role, User
from pmi_aqt.search import fold
from projects.models import FollowUp, Project, Stage
from taskforce.models import AgendaItem, Review, Session
from tooling.bench.generate.tables import MIN_SESSIONS, make_siret, volumes

from .background import job_storage  # noqa: F401 - a fixture

# The generator writes its files under fixed names: each test in its own folder.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("job_storage")]

SCALE = 0.0002


def generate(**options):
    call_command("generate_scale_data", scale=SCALE, **options)


def test_it_writes_the_volumes_of_its_scale():
    generate()

    wanted = volumes(SCALE)
    assert Company.objects.count() == wanted["companies"] == 20
    assert Project.objects.count() == wanted["projects"] == 50
    assert Interaction.objects.count() == wanted["interactions"] == 200
    assert wanted["sessions"] == 1
    assert Session.objects.count() == MIN_SESSIONS  # two coming, one held, at any scale
    assert 0 < Review.objects.count() <= wanted["reviews"]


def test_its_sirets_are_valid_and_each_siren_is_unique():
    generate()

    sirets = list(Company.objects.values_list("siret", flat=True))
    for siret in sirets:
        validate_siret(siret)
    assert len({siret[:9] for siret in sirets}) == len(sirets)
    assert len({make_siret(n)[:9] for n in range(20_000)}) == 20_000


def test_its_rows_pass_the_model_checks():
    generate()

    for model in (Company, Contact, Project, Interaction, FollowUp, AgendaItem, Review):
        for row in model.objects.all()[:50]:
            row.full_clean(validate_unique=False)


def test_its_data_is_spread_like_a_programme():
    generate()

    stages = set(Project.objects.values_list("stage", flat=True))
    assert {Stage.COMPLETED, Stage.IN_SUPPORT} <= stages
    assert AgendaItem.objects.exists()
    for role in (Role.OFFICER, Role.FINANCE_OFFICER, Role.MANAGER, Role.TASKFORCE_MEMBER):
        assert User.objects.with_role(role).exists()


def test_its_decisions_follow_the_task_force_s_rules():
    from django.utils import timezone

    generate()

    decided = AgendaItem.objects.exclude(outcome="").select_related("session", "project")
    assert decided.exists()
    for item in decided:
        # At a held session, on its day or after, attendance recorded with someone present.
        assert item.decision_timing_problem(timezone.localdate()) is None
        assert item.session.date <= timezone.localdate(item.decided_at)
        reviewed = item.reviews.filter(status=Review.Status.SUBMITTED).exists()
        assert reviewed or item.no_review_reason
        # The outcome is the project's latest decision; a deferral sent it back to preparation.
        assert item.project.latest_decision == item
        if item.outcome == "deferred":
            assert item.project.stage == Stage.DIAGNOSIS and item.conditions
    assert not Project.objects.filter(stage=Stage.DECIDED, agenda_items__outcome="deferred")


def test_it_is_deterministic():
    generate()
    first = list(Company.objects.order_by("siret").values_list("name", "siret", "department"))

    generate(reset=True)

    again = list(Company.objects.order_by("siret").values_list("name", "siret", "department"))
    assert again == first


def test_it_refuses_to_run_twice_without_reset_and_reuses_on_request():
    generate()

    with pytest.raises(CommandError, match="--reset"):
        generate()
    generate(reuse=True)
    assert Company.objects.count() == 20


def test_the_bench_times_pages_and_scans_on_the_generated_data(settings):
    """The timing itself (the crawl of every page is tests/test_crawl.py's): the project
    list's variants, the intake POST and the dashboard after a write, timed once each."""
    from django.utils import timezone

    from tooling.bench.pages import measure_pages
    from tooling.bench.scans import measure_scans

    settings.ALLOWED_HOSTS = ["testserver"]
    generate()

    crawl = measure_pages(repeat=1, warmup=0, only=lambda name: name == "projects:list")
    scans = measure_scans(today=timezone.localdate())

    pages = crawl["pages"]
    assert [page["page"] for page in pages if not page["ok"]] == []
    assert pages[0]["page"] == "trivial view" and pages[0]["x_trivial"] == 1.0
    timed = {page["page"] for page in pages}
    assert {"projects:list", "projects:list [page 80 %]", "projects:list [search]"} <= timed
    assert {"projects:intake [POST]", "projects:dashboard [after a write]"} <= timed
    assert all(page["queries"] > 0 for page in pages[1:])
    medians = [page["median_ms"] for page in pages[1:]]
    assert medians == sorted(medians, reverse=True)  # worst first
    assert {scan["scan"] for scan in scans} >= {"officer digests", "intake team notices (task)"}
    assert next(s for s in scans if s["scan"] == "intake team notices (task)")["emails"] > 0


def test_the_bench_measures_what_the_history_costs_per_write_and_per_timeline():
    from tooling.bench.audit import audit_lines, measure_audit

    generate()
    before = LogEntry.objects.count()
    audit = measure_audit(history_entries=500)
    with_history = audit["company_save_with_history"]
    without = audit["company_save_without_history"]
    # The history adds its own insert (and the scope we complete it with) to each write.
    assert with_history["queries_per_write"] > without["queries_per_write"]
    assert audit["project_timeline"]["n"] > 0
    assert "project timeline over 500 entries" in "\n".join(audit_lines(audit))
    # Everything was rolled back.
    assert LogEntry.objects.count() == before


def test_its_projects_hold_their_search_text_and_company_sort_name():
    generate()

    project = Project.objects.select_related("company").order_by("pk").first()
    search_text, sort_name, lowered = Project.objects.values_list(
        "search_text", "company_sort_name", Lower("company__name")
    ).get(pk=project.pk)
    assert search_text == fold(f"{project.title}\n{project.description}\n{project.company.name}")
    assert sort_name == lowered  # the database's lower(), as the sort had it


def test_its_documents_requests_and_exports_name_files_that_exist():
    from django.core.files.storage import default_storage
    from django.utils import timezone

    from pmi_aqt.jobs.models import Job
    from projects.models import Document, DocumentRequest

    generate()

    requests = DocumentRequest.objects.all()
    assert requests.count() >= 3
    assert requests.filter(fulfilled_at__isnull=True).exists()
    assert requests.filter(fulfilled_at__isnull=False).exists()
    documents = Document.objects.select_related("project", "uploaded_by_contact")
    assert documents.count() >= 3
    answers = documents.filter(request__isnull=False)
    assert answers.exists()
    for document in answers:
        # The company's answer, sent by one of its contacts: readable back through its link.
        assert document.uploaded_by_contact.company_id == document.project.company_id
        assert document.request.fulfilled_at is not None
    assert documents.filter(uploaded_by__isnull=False, uploaded_by_contact=None).exists()
    jobs = Job.objects.all()
    assert jobs.count() >= 3
    assert jobs.filter(requested_by=User.objects.with_role(Role.MANAGER).order_by("pk")[0])
    for job in jobs:
        assert job.status == Job.Status.DONE and job.is_downloadable
        assert job.expires_at > timezone.now()
    for row in [*documents, *jobs]:
        row.full_clean(validate_unique=False)
        assert default_storage.exists(row.file.name)
        with row.file.open("rb") as file:
            content = file.read()
        assert content.startswith(b"%PDF-") == (row.content_type == "application/pdf")
    assert all(document.size == document.file.size for document in documents)


def test_its_reset_removes_its_rows_and_its_own_files_only():
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from pmi_aqt.jobs.models import Job
    from projects.models import Document, DocumentRequest

    generate()
    stored = [row.file.name for row in [*Document.objects.all(), *Job.objects.all()]]
    someone_elses = default_storage.save("projects/scale-reset-test.pdf", ContentFile(b"%PDF-"))
    try:
        call_command("generate_scale_data", scale=SCALE, reset=True)
        # Written again: the same rows (same seed) naming files there again.
        assert all(default_storage.exists(name) for name in stored)

        from tooling.bench.generate.reset import reset_data

        reset_data()

        assert not Document.objects.exists()
        assert not DocumentRequest.objects.exists()
        assert not Job.objects.exists()
        assert not any(default_storage.exists(name) for name in stored)
        assert default_storage.exists(someone_elses)
    finally:
        default_storage.delete(someone_elses)

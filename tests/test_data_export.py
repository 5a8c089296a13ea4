"""The right of access: the export of a company, a contact or a user holds every row of every
model that points at them (found here by walking the schema, independently of the export)."""

import io
import json
import zipfile

import pytest
from django.apps import apps
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.urls import reverse

from pmi_aqt.jobs import services
from pmi_aqt.jobs.models import Job
from projects.services.data_export import export_sections

from . import test_permission_matrix as matrix
from .background import fetch_in_background, job_storage  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db

world = matrix.world  # companies, projects, sessions, documents, emails, people


def exported(client, url: str, response: HttpResponse | None = None) -> tuple[dict, str]:
    response = response or client.get(url)
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        data = json.loads(archive.read("donnees.json"))
        summary = archive.read("resume.html").decode()
    return data["données"], summary


def rows_pointing_at(target) -> dict[str, set[int]]:
    """{model label: ids} of every row with a foreign key or one-to-one field to `target`."""
    found = {}
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if (field.many_to_one or field.one_to_one) and isinstance(target, field.related_model):
                ids = set(
                    model._default_manager.filter(**{field.name: target.pk}).values_list(
                        "pk", flat=True
                    )
                )
                if ids:
                    found.setdefault(model._meta.label, set()).update(ids)
    return found


def assert_all_exported(data: dict, expected: dict[str, set[int]]) -> None:
    assert expected, "the world has rows pointing at the subject"
    for label, ids in expected.items():
        exported_ids = {row["id"] for row in data.get(label, [])}
        assert ids <= exported_ids, f"{label}: {sorted(ids - exported_ids)} missing"


def test_a_company_export_holds_every_row_about_it_and_its_projects(client, world):
    client.force_login(world.users["officer"])
    data, summary = exported(
        client, reverse("projects:company_data_export", args=[world.company.pk])
    )
    expected = rows_pointing_at(world.company)
    for project_id in expected["projects.Project"]:
        expected_for_project = rows_pointing_at(
            apps.get_model("projects", "Project").objects.get(pk=project_id)
        )
        for label, ids in expected_for_project.items():
            expected.setdefault(label, set()).update(ids)
    assert_all_exported(data, expected)
    assert world.company.name in summary


def test_a_contact_export_holds_every_row_about_them_and_their_emails(client, world):
    client.force_login(world.users["manager"])
    contact = world.contact
    data, summary = exported(
        client,
        reverse("projects:contact_data_export", args=[contact.company_id, contact.pk]),
    )
    assert_all_exported(data, rows_pointing_at(contact))
    assert world.email.pk in {row["id"] for row in data["mailing.OutboundEmail"]}
    assert contact.full_name in summary


@pytest.mark.usefixtures("job_storage")
def test_a_user_export_holds_every_row_about_them_without_secrets(client, world):
    client.force_login(world.users["manager"])
    person = world.users["officer"]
    url = reverse("projects:user_data_export", args=[person.pk])
    response = fetch_in_background(client, url)
    assert response["Content-Disposition"].startswith(
        f'attachment; filename="donnees-compte-{person.pk}-'
    )
    data, _summary = exported(client, url, response)
    assert_all_exported(data, rows_pointing_at(person))
    (account,) = data["accounts.User"]
    assert "password" not in account
    assert person.password not in json.dumps(data)


def test_a_user_export_is_offered_as_a_background_job_and_the_get_starts_nothing(client, world):
    client.force_login(world.users["manager"])
    person = world.users["officer"]
    jobs = Job.objects.count()  # the world's own

    response = client.get(reverse("projects:user_data_export", args=[person.pk]))

    assert response.status_code == 200
    assert "Préparer le fichier" in response.text
    assert Job.objects.count() == jobs


@pytest.mark.parametrize("role", ["officer", "finance_officer"])
def test_only_the_manager_may_start_a_user_export(client, world, role):
    client.force_login(world.users[role])
    person = world.users["manager"]
    jobs = Job.objects.count()

    response = client.post(reverse("projects:user_data_export", args=[person.pk]))

    assert response.status_code == 403
    assert Job.objects.count() == jobs


@pytest.mark.usefixtures("job_storage")
def test_a_worker_rechecks_that_the_person_who_asked_still_manages_the_programme(world):
    manager = world.users["manager"]
    job = services.job_start(
        kind="projects.account_data_zip",
        by=manager,
        parameters={"person": world.users["officer"].pk},
    )
    manager.groups.clear()

    assert services.job_run(job_id=job.pk) == "failed"
    assert not Job.objects.get(pk=job.pk).file


def point_a_row_of_each_kind_at(subject) -> list[str]:
    """Make sure one row of every model with a foreign key to `subject`'s model points at it
    (an existing row of the world is pointed at it when none does). Returns the relations no
    row of the world can stand for: a model added later with a relation to a person or a
    company fails the tests below until the world holds a row of it."""
    without_rows = []
    for model in apps.get_models():
        if model._meta.proxy:
            continue
        for field in model._meta.concrete_fields:
            if not (
                (field.many_to_one or field.one_to_one) and isinstance(subject, field.related_model)
            ):
                continue
            rows = model._default_manager
            if rows.filter(**{field.name: subject.pk}).exists():
                continue
            for pk in rows.order_by("pk").values_list("pk", flat=True)[:20]:
                try:
                    with transaction.atomic():
                        rows.filter(pk=pk).update(**{field.name: subject.pk})
                    break
                except IntegrityError:  # one per person (a calendar feed): try another row
                    continue
            else:
                without_rows.append(f"{model._meta.label}.{field.name}")
    return without_rows


def exported_rows(subject) -> dict[str, list[dict]]:
    return {section.model_label: section.rows for section in export_sections(subject)}


@pytest.fixture
def full_world(world):
    """The matrix's world, with a row of each kind it does not need for its pages (whom they
    point at does not matter: the test points one at its subject)."""
    from django.contrib.admin.models import ADDITION
    from django.contrib.admin.models import LogEntry as AdminLogEntry
    from django.contrib.contenttypes.models import ContentType
    from django_otp.plugins.otp_static.models import StaticDevice

    from pmi_aqt.imports.models import ImportRun
    from projects.models import FinancingChange, StageChange, SuggestionDismissal
    from projects.models.summary import SupportedYear

    someone = world.users["manager"]
    AdminLogEntry.objects.create(
        user=someone,
        content_type=ContentType.objects.get_for_model(world.company),
        object_id=str(world.company.pk),
        object_repr=str(world.company),
        action_flag=ADDITION,
    )
    StaticDevice.objects.create(user=someone, name="Codes de secours", confirmed=True)
    ImportRun.objects.create(kind="prospects", created_by=someone, file_name="prospects.csv")
    FinancingChange.objects.create(
        project=world.project,
        action=FinancingChange.Action.values[0],
        source="Région",
        changed_by=someone,
    )
    StageChange.objects.create(
        project=world.project,
        from_stage=world.project.stage,
        to_stage=world.project.stage,
        changed_by=someone,
    )
    SuggestionDismissal.objects.create(
        project=world.project, scheme=world.scheme, reason="Hors sujet", dismissed_by=someone
    )
    SupportedYear.objects.get_or_create(company=world.other_company, year=2020)
    return world


@pytest.mark.parametrize("kind", ["company", "contact", "user"])
def test_every_kind_of_row_about_a_person_or_a_company_is_exported(full_world, kind):
    """Each model with a foreign key to a company, a contact or a user, enumerated from the
    schema: one of its rows points at the subject, and the export holds it."""
    world = full_world
    subject = {
        "company": world.company,
        "contact": world.contact,
        "user": world.users["officer"],
    }[kind]
    without_rows = point_a_row_of_each_kind_at(subject)
    assert not without_rows, (
        f"The world holds no row of {without_rows}: add one to test_permission_matrix's world, "
        "so that the export is tested to hold it."
    )
    expected = rows_pointing_at(subject)
    assert_all_exported(exported_rows(subject), expected)

"""The directory exported as CSV and Excel and imported back from the same format: a file
exported and imported again changes nothing, an edited one changes what was edited, errors per
line in French with nothing written, who may export and who may import."""

import csv
import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from openpyxl import load_workbook

from pmi_aqt.imports.models import ImportRun
from pmi_aqt.jobs.models import Job
from projects.models import PartnerOrganisation, SchemeCall, SchemeTerm, SupportScheme

from .background import fetch_in_background, job_storage  # noqa: F401 - a fixture
from .test_directory_helpers import PartnerOrganisationFactory, SupportSchemeFactory

pytestmark = pytest.mark.django_db

EXPORT_CSV = reverse("projects:directory_export_csv")
EXPORT_XLSX = reverse("projects:directory_export_xlsx")
UPLOAD = reverse("projects:directory_import_upload")
COLUMNS = reverse("projects:directory_import_columns")
PREVIEW = reverse("projects:directory_import_preview")


@pytest.fixture
def directory(db):
    adi = PartnerOrganisationFactory(
        name="ADI Nouvelle-Aquitaine", competences="robotique, usinage", student_kinds=["intern"]
    )
    scheme = SupportSchemeFactory(
        organisation=adi,
        name="Diagnostic Industrie du futur",
        kind="expertise",
        keywords="robot, cobot",
        headcount_bands=["10-49", "50-249"],
        departments=["33", "40"],
        naf_included=["C"],
        budget_min=10000,
        budget_max=200000,
        axis_codes=["digital", "process"],
    )
    SchemeCall.objects.create(
        scheme=scheme,
        label="Printemps",
        opens_on=datetime.date(2026, 3, 1),
        closes_on=datetime.date(2026, 4, 30),
        recurs_yearly=True,
    )
    PartnerOrganisationFactory(name="École sans dispositif", kind="school")
    return scheme


def exported_csv(client) -> list[list[str]]:
    response = client.get(EXPORT_CSV)
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def as_file(rows, name="annuaire.csv") -> SimpleUploadedFile:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode("utf-8-sig"))


def confirm(client):
    """Confirm the waiting import; its Celery task runs at the commit (eagerly in tests)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(PREVIEW)


def send(client, file):
    response = client.post(UPLOAD, {"file": file})
    assert response.status_code == 302, response.context["form"].errors
    run = ImportRun.objects.get(status="pending")
    data = {f"column_{index}": key for index, key in run.mapping.items()}
    assert client.post(COLUMNS, data).status_code == 302
    return client.get(PREVIEW)


# --- Export


def test_the_export_holds_organisations_schemes_eligibility_keywords_and_calls(
    client, manager, directory
):
    client.force_login(manager)
    header, *rows = exported_csv(client)
    assert header[:2] == ["Organisation", "Type d'organisation"]
    by_name = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
    adi = by_name["ADI Nouvelle-Aquitaine"]
    assert adi["Dispositif"] == "Diagnostic Industrie du futur"
    assert adi["Axes"] == "digital | process"
    assert adi["Tailles d'entreprise"] == "10-49 | 50-249"
    assert adi["Départements"] == "33 | 40"
    assert adi["Mots-clés"] == "robot, cobot"
    assert adi["Budget maximum (€)"] == "200000"
    assert adi["Appels à candidatures"] == "Printemps : 01/03/2026 - 30/04/2026 (chaque année)"
    assert adi["Étudiants placés"] == "intern"
    # An organisation without schemes has its own row.
    assert by_name["École sans dispositif"]["Dispositif"] == ""


def test_the_excel_export_has_the_same_rows(client, manager, directory):
    client.force_login(manager)
    response = client.get(EXPORT_XLSX)
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Organisation"
    assert len(rows) == 3
    assert rows[1][rows[0].index("Budget maximum (€)")] == 200000


def test_the_export_reads_a_fixed_number_of_queries(
    client, manager, directory, django_assert_max_num_queries
):
    client.force_login(manager)
    for _ in range(10):
        SupportSchemeFactory(axis_codes=["digital"])
    with django_assert_max_num_queries(12):
        exported_csv(client)


def test_a_directory_beyond_the_direct_limit_is_offered_as_a_background_job(
    client, manager, directory, settings
):
    settings.JOB_DIRECT_EXPORT_MAX_ROWS = 0
    client.force_login(manager)

    for url in (EXPORT_CSV, EXPORT_XLSX):
        response = client.get(url)
        assert response.status_code == 200
        assert "Préparer le fichier" in response.text
    assert not Job.objects.exists()


@pytest.mark.usefixtures("job_storage")
def test_the_background_job_writes_the_same_csv_as_the_direct_export(
    client, manager, directory, settings
):
    client.force_login(manager)
    direct = exported_csv(client)
    settings.JOB_DIRECT_EXPORT_MAX_ROWS = 0

    response = fetch_in_background(client, EXPORT_CSV)

    assert response["Content-Disposition"].startswith('attachment; filename="annuaire-')
    assert list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";")) == (
        direct
    )
    job = Job.objects.get()
    assert (job.done, job.total) == (2, 2)  # one scheme, one organisation without any


@pytest.mark.usefixtures("job_storage")
def test_the_background_excel_export_has_the_same_rows(client, manager, directory, settings):
    settings.JOB_DIRECT_EXPORT_MAX_ROWS = 0
    client.force_login(manager)

    response = fetch_in_background(client, EXPORT_XLSX)

    sheet = load_workbook(io.BytesIO(response.content)).active
    assert len(list(sheet.iter_rows(values_only=True))) == 3


# --- Import


def test_a_file_exported_then_imported_changes_nothing(client, manager, directory):
    client.force_login(manager)
    rows = exported_csv(client)
    preview = send(client, as_file(rows))
    plan = preview.context["plan"]
    assert (plan.created, plan.updated, plan.skipped, plan.error_count) == (0, 0, 1, 0)
    assert "0 organisation" in preview.text


def test_an_excel_file_imports_like_a_csv(client, manager, directory):
    client.force_login(manager)
    response = client.get(EXPORT_XLSX)
    file = SimpleUploadedFile("annuaire.xlsx", b"".join(response.streaming_content))
    preview = send(client, file)
    assert preview.context["plan"].skipped == 1
    assert not preview.context["plan"].errors


def test_an_edited_file_updates_creates_and_indexes_on_confirmation(client, manager, directory):
    client.force_login(manager)
    header, *rows = exported_csv(client)
    column = {name: index for index, name in enumerate(header)}
    adi = next(row for row in rows if row[0] == "ADI Nouvelle-Aquitaine")
    adi[column["Mots-clés"]] = "robot, cobot, soudage laser"
    adi[column["Appels à candidatures"]] = "01/09/2026 - 31/10/2026"
    new = [""] * len(header)
    new[column["Organisation"]] = "Pôle Alpha-RLH"
    new[column["Type d'organisation"]] = "Pôle / cluster"  # a label is read as its code
    new[column["Dispositif"]] = "Accélérateur photonique"
    new[column["Nature"]] = "expertise"
    new[column["Axes"]] = "crossover"
    new[column["Départements"]] = "33 | 64"
    preview = send(client, as_file([header, *rows, new]))
    plan = preview.context["plan"]
    assert (plan.created, plan.updated) == (1, 1)
    assert SupportScheme.objects.count() == 1  # nothing written yet
    assert confirm(client).status_code == 302
    directory.refresh_from_db()
    assert directory.keywords == "robot, cobot, soudage laser"
    assert [(c.opens_on, c.recurs_yearly) for c in directory.calls.all()] == [
        (datetime.date(2026, 9, 1), False)
    ]
    created = SupportScheme.objects.get(name="Accélérateur photonique")
    assert created.organisation.kind == PartnerOrganisation.Kind.CLUSTER
    assert list(created.axes.values_list("code", flat=True)) == ["crossover"]
    assert created.departments == ["33", "64"]
    # Indexed for the matching.
    assert SchemeTerm.objects.filter(scheme=directory, term__startswith="soud").exists()
    assert SchemeTerm.objects.filter(scheme=created).exists()
    run = ImportRun.objects.get()
    assert (run.created_count, run.updated_count, run.skipped_count) == (1, 1, 0)


def test_a_column_left_out_keeps_what_the_directory_holds(client, manager, directory):
    client.force_login(manager)
    file = as_file(
        [
            ["Organisation", "Dispositif", "Mots-clés"],
            ["ADI Nouvelle-Aquitaine", "Diagnostic Industrie du futur", "fabrication additive"],
        ]
    )
    send(client, file)
    confirm(client)
    directory.refresh_from_db()
    assert directory.keywords == "fabrication additive"
    assert directory.budget_max == 200000
    assert directory.calls.count() == 1
    assert sorted(directory.axes.values_list("code", flat=True)) == ["digital", "process"]


def test_errors_are_listed_per_line_in_french_and_nothing_is_written(client, manager, directory):
    client.force_login(manager)
    header = [
        "Organisation",
        "Type d'organisation",
        "Dispositif",
        "Nature",
        "Axes",
        "Budget minimum (€)",
        "Budget maximum (€)",
        "Appels à candidatures",
    ]
    rows = [
        ["Mauvaise", "agence", "Prêt", "funding", "", "", "", ""],
        ["Nouvelle agence", "agency", "Prêt", "funding", "", "", "", ""],
        ["Nouvelle agence", "", "Prêt", "funding", "", "", "", ""],
        ["Autre", "bank", "Garantie", "subvention", "numerique", "50000", "1000", "demain"],
        ["", "bank", "Sans organisation", "funding", "", "", "", ""],
        ["Encore", "bank", "Avance", "funding", "", "", "", "01/05/2026 - 01/04/2026"],
    ]
    preview = send(client, as_file([header, *rows]))
    text = preview.text
    assert "ligne 2 : Type d&#x27;organisation : « agence » n&#x27;est pas l&#x27;un des" in text
    assert "ligne 4 : Dispositif : « Prêt » figure déjà à la ligne 3." in text
    assert "ligne 5 : Nature : « subvention » n&#x27;est pas l&#x27;un des choix" in text
    assert "ligne 5 : Axes : « numerique » n&#x27;est pas un axe d&#x27;intervention" in text
    assert "ligne 5 : Appels à candidatures : « demain » : écrivez chaque appel" in text
    assert "ligne 6 : Organisation : le nom de l&#x27;organisation est obligatoire." in text
    assert "ligne 7 : Appels à candidatures : « 01/05/2026 - 01/04/2026 » : la clôture" in text
    confirm(client)
    assert ImportRun.objects.get().status == ImportRun.Status.PENDING
    assert PartnerOrganisation.objects.count() == 2
    assert SupportScheme.objects.count() == 1


def test_a_scheme_with_a_budget_range_upside_down_is_refused(client, manager, directory):
    client.force_login(manager)
    file = as_file(
        [
            [
                "Organisation",
                "Type d'organisation",
                "Dispositif",
                "Nature",
                "Budget minimum (€)",
                "Budget maximum (€)",
            ],
            ["Autre", "bank", "Garantie", "funding", "50 000", "1 000"],
        ]
    )
    preview = send(client, file)
    assert "ligne 2 : Le budget maximum doit être supérieur ou égal au minimum." in preview.text


# --- Who may


def test_the_manager_may_export_the_directory(client, manager, directory):
    client.force_login(manager)
    assert client.get(EXPORT_CSV).status_code == 200
    assert client.get(EXPORT_XLSX).status_code == 200
    assert EXPORT_XLSX in client.get(reverse("projects:organisation_list")).text


@pytest.mark.parametrize("fixture_name", ["officer", "finance_officer", "member", "company_user"])
def test_others_may_not_export_the_directory(client, as_user, fixture_name, directory):
    as_user(fixture_name)
    assert client.get(EXPORT_CSV).status_code == 403
    assert client.get(EXPORT_XLSX).status_code == 403


@pytest.mark.parametrize("fixture_name", ["officer", "finance_officer", "member", "company_user"])
def test_others_may_not_start_a_directory_export_job(
    client, as_user, fixture_name, directory, settings
):
    settings.JOB_DIRECT_EXPORT_MAX_ROWS = 0
    as_user(fixture_name)
    assert client.post(EXPORT_CSV).status_code == 403
    assert client.post(EXPORT_XLSX).status_code == 403
    assert not Job.objects.exists()


def test_only_the_manager_may_import_the_directory(client, manager, officer, directory):
    client.force_login(officer)
    assert client.get(UPLOAD).status_code == 403
    page = client.get(reverse("projects:scheme_list")).text
    assert UPLOAD not in page
    assert EXPORT_CSV not in page
    client.force_login(manager)
    assert client.get(UPLOAD).status_code == 200
    assert UPLOAD in client.get(reverse("projects:scheme_list")).text
    assert UPLOAD in client.get(reverse("projects:organisation_list")).text


@pytest.mark.parametrize("value", ["sNaN", "NaN", "Infinity", "1e309", "12,5", "99999999999999"])
def test_numbers_no_column_can_hold_are_refused_without_a_server_error(client, manager, value):
    client.force_login(manager)
    file = as_file(
        [
            ["Organisation", "Type d'organisation", "Dispositif", "Nature", "Jours",
             "Budget maximum (€)"],
            ["Autre", "bank", "Garantie", "funding", value, value],
        ]
    )  # fmt: skip
    preview = send(client, file)
    assert preview.status_code == 200
    assert preview.context["plan"].error_count == 1

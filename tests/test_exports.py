import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from companies.models import HeadcountBand
from pmi_aqt.jobs.models import Job
from projects.models import FinancingLine, InterventionAxis, Project, Stage
from projects.services import exports
from projects.services.exports import neutralise_formula
from projects.views.workspace import XLSX_CONTENT_TYPE

from .conftest import NON_STAFF_FIXTURES, STAFF_FIXTURES
from .factories import CompanyFactory, ProjectFactory, make_siret

pytestmark = pytest.mark.django_db

CSV_URL = reverse("projects:export_csv")
XLSX_URL = reverse("projects:export_xlsx")
EXPORT_URLS = [CSV_URL, XLSX_URL]

HEADERS = [
    "Entreprise",
    "SIRET",
    "Département",
    "Effectif",
    "Projet",
    "Étape",
    "Axes d'intervention",
    "Axe principal",
    "Chargé·e de mission",
    "Chargé·e d'ingénierie financière",
    "Reçu le",
    "Budget (€ HT)",
    "Total demandé (€)",
    "Total obtenu (€)",
]


def axis(code: str) -> InterventionAxis:
    return InterventionAxis.objects.get(code=code)


def financing_line(project, asked: str, obtained: str | None = None) -> FinancingLine:
    return FinancingLine.objects.create(
        project=project,
        source_label="Région Nouvelle-Aquitaine",
        kind=FinancingLine.Kind.GRANT,
        amount_asked=Decimal(asked),
        amount_obtained=Decimal(obtained) if obtained is not None else None,
    )


def read_csv(response) -> list[list[str]]:
    content = b"".join(response) if response.streaming else response.content
    assert content.startswith(b"\xef\xbb\xbf"), "UTF-8 byte order mark for Excel"
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def read_xlsx(response):
    content = b"".join(response) if response.streaming else response.content
    return openpyxl.load_workbook(io.BytesIO(content)).active


@pytest.fixture
def full_project(officer, finance_officer):
    """A project with every exported field filled, received on 4 March 2025."""
    company = CompanyFactory(
        name="Forges de l'Adour", siret=make_siret(700), headcount_band=HeadcountBand.MEDIUM
    )
    project = ProjectFactory(
        company=company,
        title="Capteurs connectés sur la presse",
        officer=officer,
        finance_officer=finance_officer,
        primary_axis=axis("digital"),
        axis_codes=["process", "digital"],
        stage=Stage.DIAGNOSIS,
        budget=Decimal("120000.50"),
    )
    received = timezone.make_aware(datetime.datetime(2025, 3, 4, 10, 0))
    Project.objects.filter(pk=project.pk).update(created_at=received)
    financing_line(project, "50000", "30000.25")
    financing_line(project, "20000.10")
    return project


def make_projects(count: int, officer) -> None:
    for _ in range(count):
        project = ProjectFactory(
            officer=officer,
            finance_officer=officer,
            primary_axis=axis("digital"),
            axis_codes=["digital", "process", "marketing"],
            budget=Decimal("1000"),
        )
        financing_line(project, "100", "50")
        financing_line(project, "200")


# --- Who may export


@pytest.mark.parametrize("url", EXPORT_URLS)
@pytest.mark.parametrize("fixture_name", STAFF_FIXTURES)
def test_staff_can_export_the_project_list(client, as_user, fixture_name, url):
    ProjectFactory()
    as_user(fixture_name)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="projets-')


@pytest.mark.parametrize("url", EXPORT_URLS)
@pytest.mark.parametrize("fixture_name", NON_STAFF_FIXTURES)
def test_other_roles_cannot_export_the_project_list(client, as_user, fixture_name, url):
    ProjectFactory()
    as_user(fixture_name)
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("url", EXPORT_URLS)
def test_anonymous_visitor_is_sent_to_login_from_the_exports(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize("url", EXPORT_URLS)
def test_a_post_on_the_exports_starts_a_background_job(client, officer, url):
    client.force_login(officer)

    started = client.post(url)

    assert started.status_code == 302
    assert started.url == Job.objects.get(requested_by=officer).get_absolute_url()


# --- CSV


def test_csv_is_utf8_with_bom_semicolons_and_french_headers(client, officer, full_project):
    client.force_login(officer)
    response = client.get(CSV_URL)

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].endswith('.csv"')
    rows = read_csv(response)
    assert rows[0] == HEADERS
    assert len(rows) == 2


def test_csv_row_holds_every_column_with_financing_totals(
    client, officer, finance_officer, full_project
):
    client.force_login(officer)
    row = read_csv(client.get(CSV_URL))[1]

    assert row == [
        "Forges de l'Adour",
        full_project.company.siret_display,
        "Gironde (33)",
        "50 à 249 salariés",
        "Capteurs connectés sur la presse",
        "Diagnostic",
        f"{axis('digital').label}, {axis('process').label}",
        axis("digital").label,
        str(officer),
        str(finance_officer),
        "04/03/2025",
        "120000,50",
        "70000,10",
        "30000,25",
    ]


def test_csv_project_without_financing_or_people_has_empty_or_zero_cells(client, officer):
    ProjectFactory(title="Nu", company=CompanyFactory(headcount_band=""))
    client.force_login(officer)
    row = read_csv(client.get(CSV_URL))[1]
    by_header = dict(zip(HEADERS, row, strict=True))
    assert by_header["Effectif"] == ""
    assert by_header["Axes d'intervention"] == ""
    assert by_header["Axe principal"] == ""
    assert by_header["Chargé·e de mission"] == ""
    assert by_header["Budget (€ HT)"] == ""
    assert by_header["Total demandé (€)"] == "0,00"
    assert by_header["Total obtenu (€)"] == "0,00"


@pytest.mark.parametrize(
    "dangerous", ['=HYPERLINK("http://x")', "+33 5 56", "-2+3", "@SUM(A1)", "\tcmd"]
)
def test_csv_cells_that_would_run_as_formulas_start_with_an_apostrophe(client, officer, dangerous):
    ProjectFactory(title=dangerous, company=CompanyFactory(name=dangerous))
    client.force_login(officer)
    by_header = dict(zip(HEADERS, read_csv(client.get(CSV_URL))[1], strict=True))
    assert by_header["Projet"] == f"'{dangerous}"
    assert by_header["Entreprise"] == f"'{dangerous}"


def test_formula_guard_leaves_ordinary_text_alone():
    assert neutralise_formula("Forges de l'Adour") == "Forges de l'Adour"
    assert neutralise_formula("a=b") == "a=b"
    assert neutralise_formula("=1+1") == "'=1+1"


def test_csv_uses_the_list_filters_and_sorting(client, officer):
    ProjectFactory(title="Zeta", company=CompanyFactory(name="Alpha"), stage=Stage.DIAGNOSIS)
    ProjectFactory(title="Beta", company=CompanyFactory(name="Charlie"), stage=Stage.DIAGNOSIS)
    ProjectFactory(title="Exclu", company=CompanyFactory(name="Bravo"), stage=Stage.INTAKE)
    client.force_login(officer)

    by_company = read_csv(client.get(CSV_URL, {"etape": "diagnosis", "tri": "entreprise"}))
    reverse_company = read_csv(client.get(CSV_URL, {"etape": "diagnosis", "tri": "-entreprise"}))
    searched = read_csv(client.get(CSV_URL, {"q": "exclu"}))

    assert [row[4] for row in by_company[1:]] == ["Zeta", "Beta"]
    assert [row[4] for row in reverse_company[1:]] == ["Beta", "Zeta"]
    assert [row[4] for row in searched[1:]] == ["Exclu"]


def test_csv_holds_every_project_not_only_the_first_page(client, officer):
    ProjectFactory.create_batch(30)
    client.force_login(officer)
    assert len(read_csv(client.get(CSV_URL, {"page": "2"}))) == 31


# --- Excel


def test_xlsx_has_a_bold_header_sized_columns_dates_and_numbers(
    client, officer, finance_officer, full_project
):
    client.force_login(officer)
    response = client.get(XLSX_URL)

    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = read_xlsx(response)
    header = [cell.value for cell in sheet[1]]
    assert header == HEADERS
    assert all(cell.font.bold for cell in sheet[1])
    # 32 characters wide (Excel stores the width with its padding for the cell margins).
    assert 32 <= sheet.column_dimensions["A"].width < 33
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:N2"

    row = dict(zip(HEADERS, sheet[2], strict=True))
    assert row["Entreprise"].value == "Forges de l'Adour"
    assert row["SIRET"].value == full_project.company.siret
    assert row["SIRET"].data_type == "s"
    assert row["Chargé·e d'ingénierie financière"].value == str(finance_officer)
    assert row["Reçu le"].value == datetime.datetime(2025, 3, 4)
    assert row["Reçu le"].is_date
    assert row["Reçu le"].number_format == "DD/MM/YYYY"
    assert row["Budget (€ HT)"].value == pytest.approx(120000.50)
    assert row["Total demandé (€)"].value == pytest.approx(70000.10)
    assert row["Total obtenu (€)"].value == pytest.approx(30000.25)
    assert row["Total obtenu (€)"].data_type == "n"
    assert sheet.max_row == 2


def test_xlsx_text_is_never_a_formula_and_control_characters_are_dropped(client, officer):
    ProjectFactory(title='=HYPERLINK("http://x","clic")', company=CompanyFactory(name="A\x0bB"))
    client.force_login(officer)
    row = dict(zip(HEADERS, read_xlsx(client.get(XLSX_URL))[2], strict=True))
    assert row["Projet"].data_type == "s"
    assert row["Projet"].value == '=HYPERLINK("http://x","clic")'
    assert row["Projet"].quotePrefix
    assert row["Entreprise"].value == "AB"


def test_xlsx_uses_the_list_filters_and_sorting(client, officer, other_officer):
    ProjectFactory(title="Mien B", company=CompanyFactory(name="B"), officer=officer)
    ProjectFactory(title="Mien A", company=CompanyFactory(name="A"), officer=officer)
    ProjectFactory(title="Sien", officer=other_officer)
    client.force_login(officer)

    sheet = read_xlsx(client.get(XLSX_URL, {"charge": officer.pk, "tri": "entreprise"}))

    assert [sheet.cell(row=r, column=5).value for r in range(2, sheet.max_row + 1)] == [
        "Mien A",
        "Mien B",
    ]


# --- Bad parameters and query count


@pytest.mark.parametrize("url", EXPORT_URLS)
@pytest.mark.parametrize(
    "params",
    [
        {"page": "1e309"},
        {"annee": "NaN"},
        {"etape": "<script>"},
        {"q": "\x00"},
        {"tri": "\x00"},
        {"charge": "1e309"},
        {"axe": "<script>"},
    ],
)
def test_bad_parameters_never_break_the_exports(client, officer, url, params):
    ProjectFactory()
    client.force_login(officer)
    assert client.get(url, params).status_code == 200


@pytest.mark.parametrize("url", EXPORT_URLS)
def test_exports_run_the_same_number_of_queries_for_3_or_30_projects(client, officer, url):
    client.force_login(officer)
    params = {"axe": "digital", "charge": officer.pk, "tri": "-etape"}
    make_projects(3, officer)
    with CaptureQueriesContext(connection) as few:
        read_csv(client.get(url, params)) if url == CSV_URL else read_xlsx(client.get(url, params))

    make_projects(27, officer)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url, params)
        rows = read_csv(response) if url == CSV_URL else None
        sheet = read_xlsx(response) if url != CSV_URL else None

    assert len(many) == len(few)
    if url == CSV_URL:
        assert len(rows) == 31
        assert {row[-2] for row in rows[1:]} == {"300,00"}
        assert {row[-1] for row in rows[1:]} == {"50,00"}
    else:
        assert sheet.max_row == 31


@pytest.mark.parametrize("url", EXPORT_URLS)
def test_a_large_export_is_read_in_chunks_of_a_fixed_number_of_queries(
    client, officer, url, monkeypatch
):
    monkeypatch.setattr(exports, "ROWS_PER_CHUNK", 4)
    client.force_login(officer)
    make_projects(4, officer)
    with CaptureQueriesContext(connection) as one_chunk:
        read_csv(client.get(url)) if url == CSV_URL else read_xlsx(client.get(url))
    make_projects(6, officer)  # ten projects: three chunks

    with CaptureQueriesContext(connection) as three_chunks:
        response = client.get(url)
        content = read_csv(response)[1:] if url == CSV_URL else list(read_xlsx(response).values)[1:]

    axes_queries = [q for q in three_chunks if "projects_project_axes" in q["sql"]]
    assert len(axes_queries) == 3
    assert len(three_chunks) == len(one_chunk) + 2
    # Every row, across the chunks, has its own axes and totals.
    assert len(content) == 10
    labels = f"{axis('process').label}, {axis('marketing').label}, {axis('digital').label}"
    assert {sorted_axes(row[6]) for row in content} == {sorted_axes(labels)}


def sorted_axes(cell: str) -> tuple[str, ...]:
    return tuple(sorted(cell.split(", ")))


def test_the_csv_streams_and_the_excel_file_is_sent_from_a_file(client, officer):
    make_projects(2, officer)
    client.force_login(officer)

    csv_response = client.get(CSV_URL)
    excel_response = client.get(XLSX_URL)

    assert csv_response.streaming and excel_response.streaming
    assert excel_response["Content-Type"] == XLSX_CONTENT_TYPE
    assert excel_response["Content-Disposition"].startswith('attachment; filename="projets-')
    assert len(read_csv(csv_response)) == 3
    assert read_xlsx(excel_response).max_row == 3

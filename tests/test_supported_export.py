"""The whole list of the companies supported in a period, as CSV or Excel, from the dashboard."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse
from freezegun import freeze_time

from .conftest import NON_STAFF_FIXTURES, STAFF_FIXTURES
from .test_dashboard_stats import build_2016

pytestmark = pytest.mark.django_db

CSV_URL = reverse("projects:supported_export_csv")
XLSX_URL = reverse("projects:supported_export_xlsx")
HEADERS = [
    "Entreprise",
    "Commune",
    "Département",
    "Projets entrés en accompagnement",
    "Axes d'intervention",
]


def content(response) -> bytes:
    return b"".join(response) if response.streaming else response.content


def csv_rows(response) -> list[list[str]]:
    text = content(response).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


@pytest.mark.parametrize("fixture_name", STAFF_FIXTURES)
@pytest.mark.parametrize("url", [CSV_URL, XLSX_URL])
def test_staff_can_export_the_supported_companies(client, as_user, fixture_name, url):
    as_user(fixture_name)

    response = client.get(url, {"annee": 2016})

    assert response.status_code == 200
    extension = "csv" if url == CSV_URL else "xlsx"
    assert (
        f'filename="entreprises-accompagnees-2016.{extension}"' in (response["Content-Disposition"])
    )


@pytest.mark.parametrize("fixture_name", NON_STAFF_FIXTURES)
@pytest.mark.parametrize("url", [CSV_URL, XLSX_URL])
def test_other_roles_cannot_export_the_supported_companies(client, as_user, fixture_name, url):
    build_2016()
    as_user(fixture_name)

    response = client.get(url, {"annee": 2016})

    assert response.status_code == 403
    assert b"Atelier Aquitain" not in response.content


@freeze_time("2026-11-26 10:00")
def test_the_csv_lists_every_company_supported_in_the_period_with_projects_and_axes(
    client, officer
):
    build_2016()
    client.force_login(officer)

    rows = csv_rows(client.get(CSV_URL, {"annee": 2016}))

    assert rows[0] == HEADERS
    by_name = {row[0]: row for row in rows[1:]}
    assert set(by_name) == {"Atelier Aquitain", "Bronzes du Born", "Chaudronnerie Périgourdine"}
    atelier = by_name["Atelier Aquitain"]
    assert atelier[2] == "Gironde (33)"
    assert atelier[3] == "Usine connectée (depuis le 15/04/2016)"
    assert "Transformation numérique" in atelier[4]
    assert "Optimisation économique et technologique des procédés" in atelier[4]


@freeze_time("2026-11-26 10:00")
def test_the_export_follows_the_dashboards_period_and_a_range_names_its_file(client, officer):
    build_2016()
    client.force_login(officer)

    other_year = csv_rows(client.get(CSV_URL, {"annee": 2017}))
    both = client.get(CSV_URL, {"annee": 2016, "fin": 2017})

    assert "Atelier Aquitain" not in {row[0] for row in other_year[1:]}
    assert 'filename="entreprises-accompagnees-2016-2017.csv"' in both["Content-Disposition"]
    assert "Estampage Basque" in {row[0] for row in csv_rows(both)[1:]}


@freeze_time("2026-11-26 10:00")
def test_the_excel_file_holds_the_same_rows(client, officer):
    build_2016()
    client.force_login(officer)

    sheet = openpyxl.load_workbook(
        io.BytesIO(content(client.get(XLSX_URL, {"annee": 2016})))
    ).active

    rows = list(sheet.values)
    assert list(rows[0]) == HEADERS
    assert sorted(row[0] for row in rows[1:]) == [
        "Atelier Aquitain",
        "Bronzes du Born",
        "Chaudronnerie Périgourdine",
    ]


@pytest.mark.parametrize("params", [{"annee": "x"}, {"annee": "2016", "fin": "1999"}, {"fin": "9"}])
def test_a_bad_period_gives_this_years_list_never_an_error(client, officer, params):
    client.force_login(officer)

    assert client.get(CSV_URL, params).status_code == 200

"""The company list exports to CSV and Excel with the list's search and filters."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from companies.models import Department

from .factories import CompanyFactory, ContactFactory, ProjectFactory

pytestmark = pytest.mark.django_db

EXPORTS = ["companies:export_csv", "companies:export_xlsx"]


def content(response) -> bytes:
    return b"".join(response) if response.streaming else response.content


def csv_rows(response) -> list[list[str]]:
    text = content(response).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))


def xlsx_rows(response) -> list[list]:
    sheet = load_workbook(io.BytesIO(content(response))).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_the_csv_holds_every_company_with_its_counts(client, officer):
    company = CompanyFactory(name="Forges de l'Adour", federation_member=True)
    ContactFactory(company=company)
    ProjectFactory(company=company)
    ProjectFactory(company=company)
    client.force_login(officer)
    response = client.get(reverse("companies:export_csv"))
    assert response["Content-Disposition"].startswith('attachment; filename="entreprises-')
    header, row = csv_rows(response)
    assert header[0] == "Raison sociale"
    assert row[0] == "Forges de l'Adour"
    assert row[1] == company.siret_display
    assert row[header.index("Adhérente UIMM")] == "oui"
    assert row[header.index("Contacts")] == "1"
    assert row[header.index("Projets")] == "2"


def test_the_exports_follow_the_list_filters(client, officer):
    CompanyFactory(name="Gironde Usinage")
    CompanyFactory(name="Landes Composites", department=Department.LANDES, postcode="40100")
    client.force_login(officer)
    response = client.get(reverse("companies:export_xlsx"), {"departement": "40"})
    rows = xlsx_rows(response)
    assert [row[0] for row in rows[1:]] == ["Landes Composites"]


def test_a_formula_typed_as_a_name_is_neutralised(client, officer):
    CompanyFactory(name='=HYPERLINK("http://evil")')
    client.force_login(officer)
    _, row = csv_rows(client.get(reverse("companies:export_csv")))
    assert row[0].startswith("'=")
    sheet_row = xlsx_rows(client.get(reverse("companies:export_xlsx")))[1]
    assert sheet_row[0] == '=HYPERLINK("http://evil")'  # stored as text, not a formula


@pytest.mark.parametrize("url_name", EXPORTS)
def test_exports_keep_a_fixed_number_of_queries(
    client, officer, url_name, django_assert_max_num_queries
):
    client.force_login(officer)
    CompanyFactory.create_batch(2)
    with django_assert_max_num_queries(10) as few:
        content(client.get(reverse(url_name)))  # a streamed export queries as it is read
    for company in CompanyFactory.create_batch(20):
        ContactFactory(company=company)
        ProjectFactory(company=company)
    with django_assert_max_num_queries(10) as many:
        content(client.get(reverse(url_name)))
    assert len(many.captured_queries) == len(few.captured_queries)


@pytest.mark.parametrize("url_name", EXPORTS)
@pytest.mark.parametrize("fixture_name", ["officer", "finance_officer", "manager"])
def test_staff_may_export(client, request, url_name, fixture_name):
    client.force_login(request.getfixturevalue(fixture_name))
    assert client.get(reverse(url_name)).status_code == 200


@pytest.mark.parametrize("url_name", EXPORTS)
@pytest.mark.parametrize("fixture_name", ["member", "company_user", "no_role_user"])
def test_other_roles_may_not_export(client, request, url_name, fixture_name):
    CompanyFactory(name="Secret Industries")
    client.force_login(request.getfixturevalue(fixture_name))
    response = client.get(reverse(url_name))
    assert response.status_code == 403
    assert b"Secret Industries" not in response.content


@pytest.mark.parametrize("url_name", EXPORTS)
def test_anonymous_visitors_are_sent_to_login(client, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize("bad", ["1e309", "NaN", "<script>", "\x00", "9" * 40])
def test_bad_filter_values_never_break_the_export(client, officer, bad):
    client.force_login(officer)
    response = client.get(reverse("companies:export_csv"), {"departement": bad, "q": bad})
    assert response.status_code == 200

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from companies.models import Department, HeadcountBand

from .conftest import NON_STAFF_FIXTURES, STAFF_FIXTURES
from .factories import (
    CompanyFactory,
    ContactFactory,
    InteractionFactory,
    ProjectFactory,
    make_siret,
)

pytestmark = pytest.mark.django_db

URL = reverse("companies:list")


def listed_names(response) -> list[str]:
    return [company.name for company in response.context["page_obj"]]


def make_busy_companies(count: int) -> None:
    """Companies with contacts, projects (with axes) and exchanges, as in real life."""
    for _ in range(count):
        company = CompanyFactory()
        ContactFactory.create_batch(2, company=company)
        ProjectFactory(company=company, axis_codes=["digital", "process"])
        ProjectFactory(company=company, axis_codes=["marketing"])
        InteractionFactory.create_batch(2, company=company)


# --- Who may open the list


@pytest.mark.parametrize("fixture_name", STAFF_FIXTURES)
def test_staff_can_open_the_company_list(client, as_user, fixture_name, company):
    as_user(fixture_name)
    response = client.get(URL)
    assert response.status_code == 200
    assert company.name in response.text


@pytest.mark.parametrize("fixture_name", NON_STAFF_FIXTURES)
def test_other_roles_cannot_open_the_company_list(client, as_user, fixture_name, company):
    as_user(fixture_name)
    assert client.get(URL).status_code == 403


def test_anonymous_visitor_is_sent_to_login_from_the_company_list(client, company):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


# --- What it shows


def test_officer_sees_identity_and_counts_of_each_company(client, officer):
    company = CompanyFactory(name="Forges de l'Adour", siret=make_siret(500), city="Tarnos")
    company.department = Department.LANDES
    company.save()
    ContactFactory.create_batch(3, company=company)
    ProjectFactory.create_batch(2, company=company)
    InteractionFactory.create_batch(4, company=company)
    client.force_login(officer)

    response = client.get(URL)

    row = response.context["page_obj"][0]
    assert (row.project_count, row.contact_count) == (2, 3)
    assert company.siret_display in response.text
    assert "Tarnos (40)" in response.text
    assert "10 à 49 salariés" in response.text


def test_company_list_is_an_accessible_table_with_labelled_filters(client, officer, company):
    client.force_login(officer)
    response = client.get(URL)
    html = response.text
    assert "<caption>" in html
    assert '<th scope="col">' in html and '<th scope="row">' in html
    for name in ["q", "departement", "effectif", "axe"]:
        assert f'for="id_{name}"' in html
        assert f'id="id_{name}"' in html
    assert 'role="search"' in html
    assert f'href="{reverse("companies:create")}"' in html
    assert "Nouvelle entreprise" in html


def test_company_names_are_escaped_in_the_list(client, officer):
    CompanyFactory(name="<script>alert('x')</script>")
    client.force_login(officer)
    response = client.get(URL)
    assert "<script>alert" not in response.text
    assert "&lt;script&gt;alert" in response.text


def test_company_list_says_when_nothing_matches(client, officer, company):
    client.force_login(officer)
    response = client.get(URL, {"q": "introuvable"})
    assert "Aucune entreprise ne correspond" in response.text


# --- Search and filters


def test_officer_can_search_by_name_city_or_siret_typed_with_spaces(client, officer):
    forge = CompanyFactory(name="Forge Basque", city="Hasparren")
    CompanyFactory(name="Chaudronnerie Girondine", city="Bègles")
    client.force_login(officer)

    assert listed_names(client.get(URL, {"q": "basque"})) == ["Forge Basque"]
    assert listed_names(client.get(URL, {"q": "hasparren"})) == ["Forge Basque"]
    spaced_siret = f"{forge.siret[:3]} {forge.siret[3:6]} {forge.siret[6:9]}"
    assert listed_names(client.get(URL, {"q": spaced_siret})) == ["Forge Basque"]


def test_officer_can_filter_by_department(client, officer):
    CompanyFactory(name="Girondine")
    basque = CompanyFactory(name="Basque", postcode="64100", city="Bayonne")
    basque.department = Department.PYRENEES_ATLANTIQUES
    basque.save()
    client.force_login(officer)

    assert listed_names(client.get(URL, {"departement": "64"})) == ["Basque"]


def test_officer_can_filter_by_headcount_band(client, officer):
    CompanyFactory(name="Petite", headcount_band=HeadcountBand.MICRO)
    CompanyFactory(name="Moyenne", headcount_band=HeadcountBand.MEDIUM)
    client.force_login(officer)

    assert listed_names(client.get(URL, {"effectif": "50-249"})) == ["Moyenne"]


def test_axis_filter_lists_each_company_once_whatever_its_number_of_matching_projects(
    client, officer
):
    numeric = CompanyFactory(name="Numérique")
    ProjectFactory(company=numeric, axis_codes=["digital", "process"])
    ProjectFactory(company=numeric, axis_codes=["digital"])
    ProjectFactory(company=CompanyFactory(name="Marketing"), axis_codes=["marketing"])
    CompanyFactory(name="Sans projet")
    client.force_login(officer)

    response = client.get(URL, {"axe": "digital"})

    assert listed_names(response) == ["Numérique"]
    assert response.context["page_obj"].paginator.count == 1
    # The counts are still the company's own, not multiplied by the filter.
    assert response.context["page_obj"][0].project_count == 2


def test_filters_combine_with_the_search(client, officer):
    match = CompanyFactory(name="Atelier Numérique", headcount_band=HeadcountBand.MICRO)
    ProjectFactory(company=match, axis_codes=["digital"])
    other = CompanyFactory(name="Atelier Classique", headcount_band=HeadcountBand.MICRO)
    ProjectFactory(company=other, axis_codes=["marketing"])
    client.force_login(officer)

    response = client.get(URL, {"q": "atelier", "effectif": "1-9", "axe": "digital"})

    assert listed_names(response) == ["Atelier Numérique"]


def test_filters_are_kept_in_the_form_and_pagination_links(client, officer):
    CompanyFactory.create_batch(26, headcount_band=HeadcountBand.MICRO)
    client.force_login(officer)

    response = client.get(URL, {"effectif": "1-9", "q": "usinage"})

    assert '<option value="1-9" selected>' in response.text
    assert 'value="usinage"' in response.text
    assert "effectif=1-9" in response.text and "page=2" in response.text


@pytest.mark.parametrize(
    "params",
    [
        {"departement": "75"},
        {"effectif": "<b>"},
        {"axe": "inconnu"},
        {"page": "1e309"},
        {"page": "NaN"},
        {"page": "-1"},
        {"q": "\x00"},
    ],
)
def test_unknown_filter_values_never_break_the_list(client, officer, company, params):
    client.force_login(officer)
    response = client.get(URL, params)
    assert response.status_code == 200


# --- Pagination and query count


def test_company_list_shows_25_companies_per_page(client, officer):
    CompanyFactory.create_batch(30)
    client.force_login(officer)

    first = client.get(URL)
    second = client.get(URL, {"page": 2})

    assert len(first.context["page_obj"]) == 25
    assert len(second.context["page_obj"]) == 5
    assert "Page 1 sur 2" in first.text


def test_company_list_runs_the_same_number_of_queries_for_3_or_30_companies(client, officer):
    client.force_login(officer)
    make_busy_companies(3)
    with CaptureQueriesContext(connection) as few:
        assert client.get(URL).status_code == 200

    make_busy_companies(27)
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL)

    assert len(response.context["page_obj"]) == 25
    assert len(many) == len(few)


def test_filtered_company_list_runs_a_fixed_number_of_queries(client, officer):
    client.force_login(officer)
    params = {"q": "usinage", "axe": "digital", "effectif": "10-49", "departement": "33"}
    make_busy_companies(3)
    with CaptureQueriesContext(connection) as few:
        client.get(URL, params)

    make_busy_companies(27)
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL, params)

    assert response.context["page_obj"].paginator.count == 30
    assert len(many) == len(few)


# --- The search's indexes


def test_the_search_uses_trigram_indexes_where_the_database_has_them(client, officer):
    for n in range(30):
        CompanyFactory(name=f"Atelier {n}", city="Bayonne")
    CompanyFactory(name="Forges de l'ADOUR", city="Tarnos")
    client.force_login(officer)
    assert listed_names(client.get(URL, {"q": "adour"})) == ["Forges de l'ADOUR"]
    if connection.vendor != "postgresql":
        # SQLite has no trigram indexes: the migration leaves it alone.
        with connection.cursor() as cursor:
            cursor.execute("SELECT name FROM sqlite_master WHERE name LIKE '%trgm%'")
            assert cursor.fetchall() == []
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'companies_company'"
            " AND indexdef LIKE '%gin_trgm_ops%'"
        )
        assert {row[0] for row in cursor.fetchall()} == {
            # UPPER(column): the admin's and the financing workspace's `icontains`.
            "company_name_trgm_idx",
            "company_city_trgm_idx",
            # The folded name and city the accent-blind search compares (companies 0009).
            "company_search_text_trgm_idx",
        }
        # The search's SQL matches the indexed expressions (the planner may still choose a
        # scan on a small table; with scans disabled it must be able to use the indexes).
        from companies.models import Company

        sql, params = Company.objects.search("adour").query.sql_with_params()
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    # The stored folded text, compared as it is: no row unaccented when it is read.
    assert "company_search_text_trgm_idx" in plan and "pmi_fold((name" not in plan


def test_open_next_steps_have_a_partial_index():
    from companies.models import Interaction

    (index,) = [
        index
        for index in Interaction._meta.indexes
        if index.name == "interaction_open_step_due_idx"
    ]
    assert index.fields == ["next_step_due"] and index.condition is not None

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from companies.models import Department, HeadcountBand
from projects.models import InterventionAxis, Project, Stage

from .conftest import NON_STAFF_FIXTURES, STAFF_FIXTURES
from .factories import CompanyFactory, ProjectFactory

pytestmark = pytest.mark.django_db

URL = reverse("projects:list")


def listed_titles(response) -> list[str]:
    return [project.title for project in response.context["page_obj"]]


def axis(code: str) -> InterventionAxis:
    return InterventionAxis.objects.get(code=code)


def received_on(project: Project, year: int, month: int = 6, day: int = 15) -> Project:
    """`created_at` is set on insert; move it afterwards."""
    moment = timezone.make_aware(datetime.datetime(year, month, day, 10, 0))
    Project.objects.filter(pk=project.pk).update(created_at=moment)
    project.refresh_from_db()
    return project


def in_stage_for(project: Project, stage: str, days: int) -> Project:
    project.stage = stage
    project.stage_changed_at = timezone.now() - datetime.timedelta(days=days)
    project.save(update_fields=["stage", "stage_changed_at"])
    return project


def make_projects(count: int, officer) -> None:
    """Projects with companies, axes and officers, as in real life."""
    for index in range(count):
        ProjectFactory(
            officer=officer,
            primary_axis=axis("digital"),
            axis_codes=["digital", "process"],
            stage=Stage.values[index % len(Stage.values)],
        )


# --- Who may open the list


@pytest.mark.parametrize("fixture_name", STAFF_FIXTURES)
def test_staff_can_open_the_project_list(client, as_user, fixture_name):
    project = ProjectFactory(title="Ligne robotisée")
    as_user(fixture_name)
    response = client.get(URL)
    assert response.status_code == 200
    assert project.title in response.text


@pytest.mark.parametrize("fixture_name", NON_STAFF_FIXTURES)
def test_other_roles_cannot_open_the_project_list(client, as_user, fixture_name):
    ProjectFactory()
    as_user(fixture_name)
    assert client.get(URL).status_code == 403


def test_anonymous_visitor_is_sent_to_login_from_the_project_list(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_project_list_refuses_post(client, officer):
    client.force_login(officer)
    assert client.post(URL).status_code == 405


# --- What it shows


def test_each_row_shows_company_title_stage_axis_officer_and_received_date(client, officer):
    company = CompanyFactory(name="Forges de l'Adour")
    project = ProjectFactory(
        company=company,
        title="Capteurs sur la presse",
        officer=officer,
        primary_axis=axis("digital"),
    )
    received_on(project, 2025, 3, 4)
    in_stage_for(project, Stage.DIAGNOSIS, 12)
    client.force_login(officer)

    response = client.get(URL)

    row = re.search(r"<tr>\s*<td><a[^>]*>Forges de l&#x27;Adour</a>.*?</tr>", response.text, re.S)
    assert row, response.text
    cells = row.group(0)
    assert "Capteurs sur la presse" in cells
    assert "Diagnostic" in cells
    assert ">12<" in cells
    assert axis("digital").label in cells
    assert str(officer) in cells
    assert "04/03/2025" in cells
    assert f'href="{reverse("projects:detail", args=[project.pk])}"' in cells
    assert f'href="{company.get_absolute_url()}"' in cells


def test_project_list_is_an_accessible_table_with_labelled_filters(client, officer):
    ProjectFactory()
    client.force_login(officer)
    html = client.get(URL).text
    assert "<caption>" in html
    assert '<th scope="col"' in html and '<th scope="row">' in html
    for name in ["q", "etape", "axe", "charge", "departement", "annee", "effectif", "tri"]:
        assert f'for="id_{name}"' in html
        assert f'id="id_{name}"' in html
    assert 'role="search"' in html
    headings = re.findall(r"<h([1-6])", html)
    assert headings[0] == "1"
    assert all(int(b) - int(a) <= 1 for a, b in zip(headings, headings[1:], strict=False))


def test_titles_and_names_are_escaped_in_the_list(client, officer):
    ProjectFactory(title="<script>alert('t')</script>", company=CompanyFactory(name="<b>gras</b>"))
    client.force_login(officer)
    html = client.get(URL).text
    assert "<script>alert" not in html and "<b>gras" not in html
    assert "&lt;script&gt;alert" in html


def test_project_list_says_when_nothing_matches(client, officer):
    ProjectFactory()
    client.force_login(officer)
    response = client.get(URL, {"q": "introuvable"})
    assert "Aucun projet ne correspond" in response.text


# --- Search and filters


def test_officer_can_search_by_title_or_company_name(client, officer):
    ProjectFactory(title="Jumeau numérique", company=CompanyFactory(name="Atelier Basque"))
    ProjectFactory(title="Nouvelle gamme", company=CompanyFactory(name="Forge Landaise"))
    client.force_login(officer)

    assert listed_titles(client.get(URL, {"q": "jumeau"})) == ["Jumeau numérique"]
    assert listed_titles(client.get(URL, {"q": "landaise"})) == ["Nouvelle gamme"]


def test_officer_can_filter_by_stage(client, officer):
    in_stage_for(ProjectFactory(title="En diagnostic"), Stage.DIAGNOSIS, 1)
    ProjectFactory(title="Demande")
    client.force_login(officer)

    assert listed_titles(client.get(URL, {"etape": "diagnosis"})) == ["En diagnostic"]


def test_axis_filter_matches_primary_or_secondary_axis_and_lists_each_project_once(client, officer):
    ProjectFactory(title="Principal", primary_axis=axis("digital"), axis_codes=["digital"])
    ProjectFactory(title="Secondaire", axis_codes=["process", "digital"])
    ProjectFactory(title="Autre", primary_axis=axis("marketing"), axis_codes=["marketing"])
    client.force_login(officer)

    response = client.get(URL, {"axe": "digital"})

    assert sorted(listed_titles(response)) == ["Principal", "Secondaire"]
    assert response.context["page_obj"].paginator.count == 2


def test_officer_can_filter_by_officer_or_by_no_officer(client, officer, other_officer):
    ProjectFactory(title="Le mien", officer=officer)
    ProjectFactory(title="Le sien", officer=other_officer)
    ProjectFactory(title="Personne")
    client.force_login(officer)

    assert listed_titles(client.get(URL, {"charge": other_officer.pk})) == ["Le sien"]
    assert listed_titles(client.get(URL, {"charge": "aucun"})) == ["Personne"]


def test_officer_can_filter_by_department_and_headcount_band(client, officer):
    basque = CompanyFactory(postcode="64100", city="Bayonne", headcount_band=HeadcountBand.MICRO)
    basque.department = Department.PYRENEES_ATLANTIQUES
    basque.save()
    ProjectFactory(title="Basque", company=basque)
    ProjectFactory(title="Girondin")
    client.force_login(officer)

    assert listed_titles(client.get(URL, {"departement": "64"})) == ["Basque"]
    assert listed_titles(client.get(URL, {"effectif": "1-9"})) == ["Basque"]
    assert listed_titles(client.get(URL, {"effectif": "10-49"})) == ["Girondin"]


def test_officer_can_filter_by_year_of_intake(client, officer):
    received_on(ProjectFactory(title="2024"), 2024)
    received_on(ProjectFactory(title="2025"), 2025)
    client.force_login(officer)

    response = client.get(URL, {"annee": "2024"})

    assert listed_titles(response) == ["2024"]
    # The years from the first request to the last are offered.
    assert '<option value="2025">2025</option>' in response.text
    assert '<option value="2023">' not in response.text


def test_intake_years_run_from_the_newest_request_to_the_oldest_in_paris_time():
    from projects.filters import intake_years

    assert intake_years() == []
    received_on(ProjectFactory(), 2021, 3, 1)
    # 31 December 2024 at 23:30 UTC is already 2025 in Paris.
    project = ProjectFactory()
    Project.objects.filter(pk=project.pk).update(
        created_at=datetime.datetime(2024, 12, 31, 23, 30, tzinfo=datetime.UTC)
    )

    assert [value for value, _label in intake_years()] == ["2025", "2024", "2023", "2022", "2021"]


def test_officer_choices_are_active_officers_and_managers_and_anyone_holding_a_project(
    officer, other_officer, manager
):
    from pmi_aqt.accounts.models import User
    from projects.people import officer_choices

    former = User.objects.create_user(email="ancien@example.org", password="x", last_name="Ancien")
    bystander = User.objects.create_user(email="autre@example.org", password="x")
    ProjectFactory(officer=former)
    ProjectFactory(officer=officer)

    chosen = set(officer_choices())

    assert {officer, other_officer, manager, former} <= chosen
    assert bystander not in chosen


def test_filters_combine_and_are_kept_in_form_pagination_and_export_links(client, officer):
    for _ in range(26):
        in_stage_for(ProjectFactory(title="Usinage", officer=officer), Stage.QUALIFIED, 2)
    ProjectFactory(title="Usinage", officer=officer)
    client.force_login(officer)

    response = client.get(URL, {"etape": "qualified", "q": "usinage", "tri": "entreprise"})

    assert response.context["page_obj"].paginator.count == 26
    html = response.text
    assert '<option value="qualified" selected>' in html
    assert 'value="usinage"' in html
    assert "etape=qualified" in html and "page=2" in html
    export_csv = (
        reverse("projects:export_csv") + "?etape=qualified&amp;q=usinage&amp;tri=entreprise"
    )
    export_xlsx = (
        reverse("projects:export_xlsx") + "?etape=qualified&amp;q=usinage&amp;tri=entreprise"
    )
    assert f'href="{export_csv}"' in html
    assert f'href="{export_xlsx}"' in html
    assert "Exporter en CSV" in html and "Exporter en Excel" in html


def test_export_links_leave_the_page_number_out(client, officer):
    ProjectFactory.create_batch(26)
    client.force_login(officer)
    html = client.get(URL, {"page": 2, "etape": "intake"}).text
    assert f'href="{reverse("projects:export_csv")}?etape=intake"' in html


# --- Sorting


def sorted_fixture():
    alpha = in_stage_for(
        ProjectFactory(title="A", company=CompanyFactory(name="Alpha")), Stage.IN_SUPPORT, 3
    )
    bravo = in_stage_for(
        ProjectFactory(title="B", company=CompanyFactory(name="bravo")), Stage.INTAKE, 40
    )
    charlie = in_stage_for(
        ProjectFactory(title="C", company=CompanyFactory(name="Charlie")), Stage.DIAGNOSIS, 10
    )
    received_on(alpha, 2024, 5)
    received_on(bravo, 2025, 1)
    received_on(charlie, 2023, 9)


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        (None, ["B", "A", "C"]),
        ("-recu", ["B", "A", "C"]),
        ("recu", ["C", "A", "B"]),
        ("entreprise", ["A", "B", "C"]),
        ("-entreprise", ["C", "B", "A"]),
        ("etape", ["B", "C", "A"]),
        ("-etape", ["A", "C", "B"]),
        ("anciennete", ["A", "C", "B"]),
        ("-anciennete", ["B", "C", "A"]),
        ("inconnu", ["B", "A", "C"]),
        ("company__siret", ["B", "A", "C"]),
        ("\x00", ["B", "A", "C"]),
    ],
)
def test_officer_can_sort_the_list_by_whitelisted_keys_only(client, officer, sort, expected):
    sorted_fixture()
    client.force_login(officer)
    response = client.get(URL, {"tri": sort} if sort is not None else {})
    assert response.status_code == 200
    assert listed_titles(response) == expected


def test_sorted_column_header_carries_aria_sort_and_a_link_to_reverse_it(client, officer):
    ProjectFactory()
    client.force_login(officer)

    default = client.get(URL).text
    assert re.search(r'<th scope="col" aria-sort="descending">\s*<a href="\?tri=recu"', default)
    assert default.count("aria-sort=") == 1

    by_company = client.get(URL, {"tri": "entreprise", "etape": "intake"}).text
    assert re.search(
        r'<th scope="col" aria-sort="ascending">\s*<a href="\?tri=-entreprise&amp;etape=intake"',
        by_company,
    )
    assert by_company.count("aria-sort=") == 1
    assert "triés par : Entreprise, de A à Z" in by_company


# --- Bad parameters never break the list


@pytest.mark.parametrize(
    "params",
    [
        {"page": "1e309"},
        {"page": "NaN"},
        {"page": "-1"},
        {"page": "\x00"},
        {"annee": "NaN"},
        {"annee": "1e309"},
        {"annee": "99999999999999999999"},
        {"etape": "<script>alert(1)</script>"},
        {"q": "\x00"},
        {"q": "a" * 5000},
        {"axe": "\x00"},
        {"charge": "NaN"},
        {"charge": "99999999999999999999"},
        {"departement": "75"},
        {"effectif": "<b>"},
        {"tri": "<script>"},
        {"tri": ["entreprise", "recu"]},
    ],
)
def test_bad_parameters_never_break_the_list(client, officer, params):
    ProjectFactory()
    client.force_login(officer)
    response = client.get(URL, params)
    assert response.status_code == 200
    assert "<script>alert(1)" not in response.text


# --- Pagination and query count


def test_a_deep_page_lists_the_right_projects_in_the_sort_order(client, officer):
    for index in range(60):
        received_on(ProjectFactory(title=f"P{index:02}"), 2020, 1 + index // 28, 1 + index % 28)
    client.force_login(officer)

    newest_first = [f"P{index:02}" for index in reversed(range(60))]
    assert listed_titles(client.get(URL, {"page": 2})) == newest_first[25:50]
    assert listed_titles(client.get(URL, {"page": 3})) == newest_first[50:]
    assert listed_titles(client.get(URL, {"page": 3, "tri": "recu"})) == sorted(newest_first)[50:]


def test_project_list_shows_25_projects_per_page(client, officer):
    ProjectFactory.create_batch(30)
    client.force_login(officer)

    first = client.get(URL)
    second = client.get(URL, {"page": 2})

    assert len(first.context["page_obj"]) == 25
    assert len(second.context["page_obj"]) == 5
    assert "Page 1 sur 2" in first.text


def test_project_list_runs_the_same_number_of_queries_for_3_or_30_projects(client, officer):
    client.force_login(officer)
    make_projects(3, officer)
    with CaptureQueriesContext(connection) as few:
        assert client.get(URL).status_code == 200

    make_projects(27, officer)
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL)

    assert len(response.context["page_obj"]) == 25
    assert len(many) == len(few)


def test_filtered_and_sorted_list_runs_a_fixed_number_of_queries(client, officer):
    client.force_login(officer)
    year = str(timezone.localdate().year)
    params = {
        "q": "projet",
        "axe": "digital",
        "charge": officer.pk,
        "departement": "33",
        "effectif": "10-49",
        "annee": year,
        "tri": "-etape",
    }
    make_projects(3, officer)
    with CaptureQueriesContext(connection) as few:
        client.get(URL, params)

    make_projects(27, officer)
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL, params)

    assert response.context["page_obj"].paginator.count == 30
    assert len(many) == len(few)


def test_sorts_by_stage_and_days_in_stage_have_an_index_in_their_order():
    # PostgreSQL reads a page of these sorts from the index only if the index holds the very
    # expressions the sort uses (STAGE_POSITION, then days in stage and id, both ways).
    from django.db.models import F

    from projects.filters import SORTS

    def as_index(ordering):
        return tuple(F(part) if isinstance(part, str) else part for part in ordering)

    indexes = {index.name: index for index in Project._meta.indexes}
    assert indexes["project_stage_order_idx"].expressions == as_index(SORTS["etape"])
    assert indexes["project_stage_desc_order_idx"].expressions == as_index(SORTS["-etape"])
    assert indexes["project_days_in_stage_idx"].fields == list(SORTS["-anciennete"])


@pytest.mark.parametrize("sort", ["-recu", "recu", "entreprise", "-entreprise", "etape", "-etape"])
def test_pages_from_either_end_follow_the_sort_with_ties_broken_the_same_way(client, officer, sort):
    # Pages past the middle are read from the end in the reverse order: with many ties (same
    # company, same stage, same day) they must still continue exactly where the previous
    # page stopped.
    from projects.filters import SORTS

    companies = [CompanyFactory(name=name) for name in ("Alpha", "alpha", "Bravo")]
    moment = timezone.now() - datetime.timedelta(days=3)
    for index in range(61):
        project = ProjectFactory(title=f"P{index:02}", company=companies[index % 3])
        Project.objects.filter(pk=project.pk).update(
            created_at=moment - datetime.timedelta(days=index % 4),
            stage=Stage.values[index % 2],
            stage_changed_at=moment,
        )
    expected = [project.title for project in Project.objects.order_by(*SORTS[sort])]
    client.force_login(officer)

    pages = [listed_titles(client.get(URL, {"tri": sort, "page": number})) for number in (1, 2, 3)]

    assert [len(page) for page in pages] == [25, 25, 11]
    assert pages[0] + pages[1] + pages[2] == expected


# --- The whole list of a large programme: an estimated count


@pytest.fixture
def estimated_at(monkeypatch):
    """PostgreSQL's estimate of the projects (SQLite has none): the figure the list receives."""
    from pmi_aqt import pagination

    def estimate(figure: int) -> None:
        monkeypatch.setattr(
            pagination,
            "estimated_row_count",
            lambda queryset: None if queryset.query.where else figure,
        )

    return estimate


def newest_first_titles(count: int) -> list[str]:
    for index in range(count):
        received_on(ProjectFactory(title=f"P{index:02}"), 2020, 1 + index // 28, 1 + index % 28)
    return [f"P{index:02}" for index in reversed(range(count))]


def test_whole_list_shows_the_estimate_as_approximate_without_counting(
    client, officer, estimated_at
):
    titles = newest_first_titles(30)
    estimated_at(100)
    client.force_login(officer)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)

    assert listed_titles(response) == titles[:25]
    assert "Environ 100 projets" in response.text
    assert "page 1 sur environ 4" in response.text
    assert "Page 1 sur environ 4" in response.text
    assert not any("COUNT(" in query["sql"] for query in queries)


def test_second_half_of_the_whole_list_is_counted_exactly_and_read_from_the_end(
    client, officer, estimated_at
):
    titles = newest_first_titles(60)
    estimated_at(100)
    client.force_login(officer)

    third = client.get(URL, {"page": 3})
    beyond_the_real_end = client.get(URL, {"page": 4})

    assert listed_titles(third) == titles[50:]
    assert "60 projets trouvés" in third.text
    assert "environ" not in third.text
    assert listed_titles(beyond_the_real_end) == titles[50:]


def test_filtered_list_is_always_counted_exactly(client, officer, estimated_at):
    ProjectFactory.create_batch(3, stage=Stage.INTAKE)
    estimated_at(100)
    client.force_login(officer)

    response = client.get(URL, {"etape": Stage.INTAKE})

    assert "3 projets trouvés" in response.text
    assert "environ" not in response.text


def test_only_an_unfiltered_list_is_ever_estimated(monkeypatch):
    from pmi_aqt.pagination import estimated_row_count

    assert estimated_row_count(Project.objects.all()) is None  # SQLite keeps no estimate
    monkeypatch.setattr(connection, "vendor", "postgresql")
    assert estimated_row_count(Project.objects.filter(stage=Stage.INTAKE)) is None


def test_a_search_finding_more_than_the_limit_lists_the_first_in_order_and_says_more(
    client, officer, monkeypatch
):
    monkeypatch.setattr("projects.views.workspace.SEARCH_COUNT_LIMIT", 30)
    titles = [f"Usinage {index:02d}" for index in range(40)]
    for title in titles:
        ProjectFactory(title=title)
    client.force_login(officer)

    newest_first = titles[::-1]
    first = client.get(URL, {"q": "usinage"})
    last = client.get(URL, {"q": "usinage", "page": "2"})
    beyond = client.get(URL, {"q": "usinage", "page": "9"})

    assert "Plus de 30 projets trouvés" in first.text
    assert "précisez la recherche" in first.text
    assert listed_titles(first) == newest_first[:25]
    # The thirty first in the order chosen, whichever page is asked beyond them.
    assert listed_titles(last) == newest_first[25:30]
    assert listed_titles(beyond) == newest_first[25:30]


def test_a_search_within_the_limit_and_the_whole_list_are_counted_exactly(client, officer):
    ProjectFactory.create_batch(3, title="Anodisation du zirconium")
    ProjectFactory(title="Peinture")
    client.force_login(officer)

    found = client.get(URL, {"q": "zirconium"}).text
    assert "3 projets trouvés" in found, re.search(r"id=\"resultats\">[^<]*", found)
    whole = client.get(URL)
    assert "4 projets trouvés" in whole.text
    assert "Plus de" not in whole.text

"""The programme dashboard page: who may open it, what it shows and links to, its period."""

import datetime
import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from freezegun import freeze_time

from companies.models import Department, HeadcountBand
from projects.models import (
    CollectiveAction,
    CollectiveParticipation,
    FinancingLine,
    FollowUp,
    PartnerOrganisation,
    Stage,
    StudentPlacement,
    SupportAction,
    YearlyTarget,
)

from .conftest import NON_STAFF_FIXTURES, STAFF_FIXTURES
from .factories import CompanyFactory
from .test_dashboard_stats import build_2016, move, project
from .test_dashboard_stats import moment as paris

pytestmark = pytest.mark.django_db

URL = reverse("projects:dashboard")
CHARTS = ["progress", "pipeline", "axes", "departments", "headcounts", "financing", "actions"]


def text_of(response) -> str:
    """The page's text with French spaces made plain, for reading figures."""
    return html.unescape(response.text).replace("\xa0", " ").replace("\u202f", " ")


def cell(response, figure: str, name: str) -> str:
    """The text of a `data-cell` inside a `data-figure` block (or a data-total cell)."""
    page = response.text
    start = page.index(f'data-figure="{figure}"')
    match = re.search(rf'data-(?:cell|total)="{name}"[^>]*>(.*?)</(?:td|dd)>', page[start:], re.S)
    assert match, (figure, name)
    text = re.sub(r'<span class="visually-hidden">.*?</span>', "", match.group(1), flags=re.S)
    text = re.sub(r"<[^>]+>", "", text)
    return " ".join(html.unescape(text).replace("\xa0", " ").split())


def year_row(response, year: int) -> str:
    match = re.search(rf'<tr data-year="{year}">(.*?)</tr>', response.text, re.S)
    assert match, year
    return match.group(1)


# --- Who may open it


@pytest.mark.parametrize("fixture_name", STAFF_FIXTURES)
def test_staff_can_open_the_dashboard(client, as_user, fixture_name):
    as_user(fixture_name)
    response = client.get(URL)
    assert response.status_code == 200
    assert "Tableau de bord du programme" in response.text


@pytest.mark.parametrize("fixture_name", NON_STAFF_FIXTURES)
def test_other_roles_cannot_open_the_dashboard(client, as_user, fixture_name):
    build_2016()
    as_user(fixture_name)
    response = client.get(URL, {"annee": 2016})
    assert response.status_code == 403
    assert "Atelier Aquitain" not in response.text


def test_anonymous_visitor_is_sent_to_login_from_the_dashboard(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_dashboard_refuses_post(client, officer):
    client.force_login(officer)
    assert client.post(URL).status_code == 405


# --- What it shows


def test_it_shows_the_supported_companies_against_the_target_for_2016(client, officer):
    build_2016()
    client.force_login(officer)

    response = client.get(URL, {"annee": 2016})

    row = year_row(response, 2016)
    assert re.search(r'data-cell="supported">.*?>3<', row, re.S)
    assert re.search(r'data-cell="target">20', row)
    assert re.search(r'data-cell="remaining">17<', row)
    assert "année close" in row
    assert re.search(
        r'data-figure="supported"><a href="#entreprises-accompagnees">3<', response.text
    )
    assert re.search(r'data-figure="target">20<', response.text)


def test_the_definition_of_a_supported_company_is_written_on_the_page(client, officer):
    client.force_login(officer)
    response = client.get(URL)
    assert (
        "Une entreprise compte comme accompagnée une année donnée lorsqu'un de ses projets "
        "est entré en accompagnement cette année-là."
    ) in text_of(response)


def test_it_lists_the_supported_companies_with_their_projects_axes_and_entry_dates(client, officer):
    build_2016()
    client.force_login(officer)

    response = client.get(URL, {"annee": 2016})

    page = text_of(response)
    table = page[page.index('data-figure="supported"') :]
    assert table.index("Atelier Aquitain") < table.index("Bronzes du Born")
    assert table.index("Bronzes du Born") < table.index("Chaudronnerie Périgourdine")
    assert (
        "Transformation numérique, Optimisation économique et technologique des procédés" in table
    )
    assert "accompagné depuis le 15 avril 2016" in table  # the stage move
    assert "accompagné depuis le 1er juillet 2016" in table  # the start date alone
    assert "accompagné depuis le 1er février 2016" in table  # the stage move, no start date
    assert "Estampage Basque" not in table  # entered support in 2017, Paris time


def test_the_list_of_supported_companies_is_capped_and_says_how_many_are_left_out(
    client, officer, monkeypatch
):
    from projects.views import dashboard

    build_2016()
    monkeypatch.setattr(dashboard, "SUPPORTED_COMPANIES_SHOWN", 1)
    client.force_login(officer)

    response = client.get(URL, {"annee": 2016})

    figures = response.context["figures"]
    assert [row.company.name for row in figures.supported] == ["Atelier Aquitain"]
    assert figures.supported_not_shown == figures.progress.distinct_companies - 1 > 0
    table = text_of(response)[text_of(response).index('data-figure="supported"') :]
    assert "Bronzes du Born" not in table
    assert f"les {figures.supported_not_shown} autres figurent dans l'export" in table
    # The whole list, for the same period.
    assert 'href="/projets/tableau-de-bord/entreprises-accompagnees.csv?annee=2016"' in table
    assert 'href="/projets/tableau-de-bord/entreprises-accompagnees.xlsx?annee=2016"' in table


def test_it_shows_each_breakdown_as_a_chart_and_a_table_whose_figures_link_to_the_list(
    client, officer
):
    build_2016()
    client.force_login(officer)

    response = client.get(URL, {"annee": 2016})
    page = response.text

    for chart in CHARTS:
        assert page.count(f'<canvas data-chart="{chart}" role="img"') == 1, chart
        assert page.count(f'data-figure="{chart}"') == 1, chart
    assert '<canvas data-chart="outcomes"' in page
    assert page.count('<th scope="col"') > 20 and "<caption>" in page
    # Each count opens the list of the projects it counts.
    assert re.search(r'href="/projets/\?etape=intake&amp;annee=2016">1<', page)
    assert re.search(r'href="/projets/\?etape=abandoned&amp;annee=2016">1<', page)
    assert re.search(r'href="/projets/\?axe=digital&amp;annee=2016">2<', page)
    assert re.search(r'href="/projets/\?axe=social&amp;annee=2016">1<', page)
    assert re.search(r'href="/projets/\?departement=33&amp;annee=2016">2<', page)
    assert re.search(r'href="/projets/\?departement=40&amp;annee=2016">2<', page)
    assert re.search(r'href="/projets/\?effectif=1-9&amp;annee=2016">2<', page)
    assert re.search(r'href="/projets/\?annee=2016">4 projets reçus<', page)


def test_the_linked_list_counts_what_the_figure_says(client, officer):
    build_2016()
    client.force_login(officer)

    dashboard = client.get(URL, {"annee": 2016}).text
    links = re.findall(r'href="(/projets/\?[^"]+)">(\d+)<', dashboard)

    assert len(links) > 10
    for href, figure in links:
        listed = client.get(html.unescape(href))
        # Every count, financing and support actions included (they opened the whole list).
        assert listed.context["page_obj"].paginator.count == int(figure), href


def test_it_shows_the_median_time_to_decision(client, officer):
    build_2016()
    client.force_login(officer)

    response = client.get(URL, {"annee": 2016})

    assert cell(response, "decisions", "median") == "60 jours"
    assert cell(response, "decisions", "count") == "3"


def test_it_shows_money_asked_and_obtained_by_kind(client, officer):
    build_2016()
    client.force_login(officer)

    response = client.get(URL, {"annee": 2016})

    assert cell(response, "financing", "asked") == "15 000 €"  # grants, the first row
    assert cell(response, "financing", "obtained") == "13 000 €"
    page = text_of(response)
    totals = page[page.index('data-total="asked"') :]
    assert ">65 000 €<" in totals and ">13 000 €<" in totals


def test_it_shows_support_actions_and_days_and_follow_up_outcomes(client, officer):
    build_2016()
    client.force_login(officer)

    response = client.get(URL, {"annee": 2016})

    assert cell(response, "actions", "actions") == "0"  # individual: the cancelled one left out
    page = response.text
    assert re.search(r'data-total="actions">4<', page)
    assert re.search(r'data-total="days">10,5<', page)
    assert cell(response, "outcomes", "projects") == "2"
    assert cell(response, "outcomes", "jobs_created") == "2"
    assert cell(response, "outcomes", "jobs_kept") == "8"
    assert cell(response, "outcomes", "products_launched") == "2"
    assert cell(response, "outcomes", "satisfaction") == "4,5"
    assert cell(response, "outcomes", "answers") == "3"


def test_the_charts_data_is_in_a_json_element_and_the_scripts_are_static_files(client, officer):
    build_2016()
    client.force_login(officer)

    page = client.get(URL, {"annee": 2016}).text

    assert '<script id="dashboard-data" type="application/json">' in page
    assert 'src="/static/vendor/chart.js-4.5.1/chart.umd.min.js"' in page
    assert 'src="/static/js/dashboard.js"' in page
    # No inline script nor style: the content security policy forbids them.
    scripts = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", page)
    assert all('type="application/json"' in attributes for attributes in scripts)
    assert " style=" not in page and "<style" not in page


def test_names_are_escaped_in_the_page_and_in_the_charts_data(client, officer):
    rogue = CompanyFactory(name="<script>alert('x')</script>")
    project(
        rogue, "</script><b>", paris(2016, 3, 1), Stage.IN_SUPPORT,
        support_started_on=datetime.date(2016, 3, 2),
    )  # fmt: skip
    client.force_login(officer)

    page = client.get(URL, {"annee": 2016}).text

    assert "<script>alert" not in page and "</script><b>" not in page


# --- Choosing the period


@freeze_time("2026-09-15 12:00")
def test_without_parameters_it_shows_this_year_and_the_pace_needed(client, officer):
    YearlyTarget.objects.create(year=2026, companies_target=10)
    for day in range(1, 5):
        project(
            CompanyFactory(), f"P{day}", paris(2026, 1, 10), Stage.IN_SUPPORT,
            support_started_on=datetime.date(2026, 3, day),
        )  # fmt: skip
    client.force_login(officer)

    response = client.get(URL)

    assert "Tableau de bord du programme — 2026" in response.text
    pace = text_of(response)[response.text.index('data-figure="pace"') :]
    assert "Rythme nécessaire en 2026" in pace
    assert ">1,5<" in pace
    assert "6 entreprise(s) à accompagner sur les 4 mois restants" in pace
    assert re.search(r'data-cell="pace">1,5<', year_row(response, 2026))


@freeze_time("2026-12-10 12:00")
def test_in_the_last_month_the_pace_is_what_remains(client, officer):
    YearlyTarget.objects.create(year=2026, companies_target=3)
    client.force_login(officer)

    response = client.get(URL)

    assert "3 entreprise(s) à accompagner sur le dernier mois de l'année" in text_of(response)


def test_a_range_shows_each_year_and_the_sum_of_targets(client, officer):
    build_2016()
    client.force_login(officer)

    response = client.get(URL, {"annee": 2015, "fin": 2017})

    assert "Tableau de bord du programme — 2015–2017" in response.text
    assert re.search(r'data-cell="supported">.*?>0<', year_row(response, 2015), re.S)
    assert re.search(r'data-cell="supported">.*?>3<', year_row(response, 2016), re.S)
    assert re.search(r'data-cell="supported">.*?>1<', year_row(response, 2017), re.S)
    assert "Total des années" in response.text
    assert re.search(r'data-figure="target">60<', response.text)
    assert re.search(
        r'data-figure="supported"><a href="#entreprises-accompagnees">4<', response.text
    )
    # Over a range, links keep their own filter and the years of intake.
    assert 'href="/projets/?etape=intake&amp;recus=2015-2017"' in response.text
    assert "Chaque chiffre ouvre la liste des projets qu'il compte." in text_of(response)
    # Each year's supported companies open that year's dashboard, which lists them.
    assert re.search(
        r'data-cell="supported"><a href="\?annee=2016#entreprises-accompagnees">3<',
        year_row(response, 2016),
    )


@freeze_time("2026-05-04 12:00")
@pytest.mark.parametrize(
    "params",
    [
        {"annee": "deux-mille"},
        {"annee": "1800"},
        {"annee": "2016.5"},
        {"annee": "99999999999999999999999"},
        {"annee": "-2016"},
        {"annee": "\x00"},
        {"annee": "٢٠١٦"},  # Arabic-Indic digits
        {"annee": "2017", "fin": "2015"},
        {"annee": "2000", "fin": "2100"},
        {"fin": "2016"},
        {"annee": ["2016", "<script>"]},
    ],
)
def test_bad_period_parameters_show_this_year_with_the_reason(client, officer, params):
    client.force_login(officer)

    response = client.get(URL, params)

    assert response.status_code == 200
    assert "Tableau de bord du programme — 2026" in response.text
    assert "Période non valide" in response.text
    assert 'role="alert"' in response.text
    assert "<script>" not in response.text.split("<main", 1)[1].split("dashboard-data")[0]


def test_unknown_parameters_are_ignored(client, officer):
    client.force_login(officer)
    response = client.get(URL, {"annee": "2016", "tri": "x", "page": "9"})
    assert response.status_code == 200
    assert "Période non valide" not in response.text
    assert "Tableau de bord du programme — 2016" in response.text


# --- Targets on the dashboard


def test_the_manager_can_change_or_set_targets_from_the_dashboard(client, manager):
    client.force_login(manager)

    response = client.get(URL, {"annee": 2016, "fin": 2018})

    assert f'href="{reverse("projects:target_edit", args=[2016])}"' in response.text
    assert f'href="{reverse("projects:target_create")}?annee=2018"' in response.text
    assert "Aucun objectif fixé pour : 2018." in response.text


def test_officers_see_targets_but_no_link_to_change_them(client, officer):
    client.force_login(officer)

    response = client.get(URL, {"annee": 2016})

    assert re.search(r'data-figure="target">20<', response.text)
    assert reverse("projects:target_edit", args=[2016]) not in response.text
    assert reverse("projects:target_list") not in response.text


# --- A fixed number of queries


def add_volume(count: int, offset: int = 0) -> None:
    """Projects with every kind of row the figures read, spread over 2016."""
    departments = list(Department.values)
    bands = list(HeadcountBand.values)
    for index in range(offset, offset + count):
        company = CompanyFactory(
            department=departments[index % len(departments)],
            headcount_band=bands[index % len(bands)],
        )
        made = project(
            company, f"Projet {index}", paris(2016, 1 + index % 6, 1 + index % 27),
            Stage.values[index % len(Stage.values)],
            primary="digital", axes=("digital", "process"),
            support_started_on=datetime.date(2016, 8, 1 + index % 27),
        )  # fmt: skip
        move(made, Stage.DECIDED, paris(2016, 7, 1 + index % 27))
        move(made, Stage.IN_SUPPORT, paris(2016, 8, 1 + index % 27), Stage.DECIDED)
        FinancingLine.objects.create(
            project=made, source_label="Région", kind="grant", amount_asked=1000
        )
        SupportAction.objects.create(project=made, kind="expertise", title="Audit", days=2)
        school = PartnerOrganisation.objects.get_or_create(
            name=f"École {index % 4}", defaults={"kind": "school"}
        )[0]
        kind, contract = [("intern", "internship"), ("work_study", "apprenticeship"),
                          ("phd", "cifre")][index % 3]  # fmt: skip
        StudentPlacement.objects.create(
            project=made, kind=kind, institution=school, student_name=f"Étudiant·e {index}",
            degree="Master 2", starts_on=datetime.date(2016, 9, 1),
            ends_on=datetime.date(2017, 2, 28), contract_type=contract,
        )  # fmt: skip
        training = CollectiveAction.objects.create(
            kind="training", title=f"Formation {index}", starts_on=datetime.date(2016, 10, 3)
        )
        CollectiveParticipation.objects.create(action=training, project=made, company=made.company)
        FollowUp.objects.create(
            project=made,
            months=3,
            due_on=datetime.date(2016, 11, 1),
            answered_at=paris(2016, 11, 2),
            jobs_created=1,
            satisfaction=4,
        )


def queries_for(client, params) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(URL, params)
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.fixture
def memory_cache(settings):
    """A cache that is not a database table, so that only the figures' queries are counted."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


@pytest.mark.parametrize("params", [{"annee": 2016}, {"annee": 2012, "fin": 2018}])
def test_the_dashboard_makes_the_same_number_of_queries_whatever_the_volume(
    client, officer, params, memory_cache
):
    client.force_login(officer)
    add_volume(2)
    few = queries_for(client, params)
    add_volume(25, offset=2)
    many = queries_for(client, params)

    assert many == few
    # 14 for the figures (12, and the collective actions' reach and the placements since
    # they are counted), 3 for the session and the roles.
    assert few <= 17, few
    assert "27" in client.get(URL, params).text


def test_the_dashboard_shown_again_without_a_change_reads_no_figure_from_the_database(
    client, officer, memory_cache
):
    client.force_login(officer)
    add_volume(3)
    first = client.get(URL, {"annee": 2016})

    with CaptureQueriesContext(connection) as captured:
        again = client.get(URL, {"annee": 2016})

    assert len(captured.captured_queries) == 3  # the session and the roles
    assert again.context["figures"] == first.context["figures"]

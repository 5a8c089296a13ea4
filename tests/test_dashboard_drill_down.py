"""Each count of the dashboard opens the project list showing exactly what it counts.

For every figure (pipeline, axes, départements, headcount bands, decisions, financing asked and
obtained, support actions, follow-up answers, projects received, projects that entered support),
over one year and over a range of years, each linked count equals the number of projects the
list shows. The list's drill-down criteria are shown, removable, and bad values are ignored.
"""

import datetime
import html
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from companies.models import HeadcountBand
from projects.models import FinancingLine, FollowUp, Project, Stage, SupportAction

from .factories import CompanyFactory, ProjectFactory
from .test_dashboard_stats import build_2016, move, project
from .test_dashboard_stats import moment as paris

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("projects:dashboard")
LIST = reverse("projects:list")
SINGLE_YEAR = {"annee": 2016}
RANGE = {"annee": 2015, "fin": 2017}

# Each figure's block on the page (`data-figure`), and the filters its counts add to the list
# (besides the years of intake, which alone make a breakdown's total).
FIGURES = {
    "received": set(),
    "pipeline": {"etape"},
    "axes": {"axe"},
    "departments": {"departement"},
    "headcounts": {"effectif"},
    "decisions": {"decides"},
    "financing": {"financement", "financement_obtenu"},
    "actions": {"action"},
    "outcomes": {"suivi"},
    "supported_projects": {"accompagnes"},
}
RECEIVED = {"annee", "recus"}


def figure_block(page: str, figure: str) -> str:
    start = page.index(f'data-figure="{figure}"')
    end = min(
        index
        for index in (page.find(tag, start) for tag in ("</table>", "</dl>", "</p>"))
        if index != -1
    )
    return page[start:end]


def linked_counts(block: str) -> list[tuple[str, int]]:
    """The project-list links of a block and the count each one shows."""
    return [
        (html.unescape(href), int(count))
        for href, count in re.findall(rf'href="({LIST}\?[^"]*)">(\d+)[ <]', block)
    ]


def listed_count(client, href: str) -> int:
    response = client.get(href)
    assert response.status_code == 200, href
    return response.context["page_obj"].paginator.count


def listed_titles(client, href: str) -> set[str]:
    return {project.title for project in client.get(href).context["page_obj"]}


def build_with_obtained_financing_and_answers() -> dict[str, Project]:
    """build_2016, with a 2017 project carrying every kind of row the figures count."""
    projects = build_2016()
    later = project(
        CompanyFactory(name="Galvanoplastie Landaise", headcount_band=""),
        "Bain sans chrome",
        paris(2017, 3, 1),
        Stage.IN_SUPPORT,
        primary="process",
        support_started_on=datetime.date(2017, 6, 1),
    )
    move(later, Stage.DECIDED, paris(2017, 5, 2))
    FinancingLine.objects.create(
        project=later, source_label="Bpifrance", kind="loan", amount_asked=1, amount_obtained=1
    )
    SupportAction.objects.create(project=later, kind="training", title="Formation", days=1)
    FollowUp.objects.create(
        project=later,
        months=3,
        due_on=datetime.date(2017, 9, 1),
        answered_at=paris(2017, 9, 3),
        product_launched=True,
    )
    return {**projects, "later": later}


# --- Every count, one figure at a time


@pytest.mark.parametrize("params", [SINGLE_YEAR, RANGE], ids=["one-year", "range"])
@pytest.mark.parametrize("figure", FIGURES)
def test_each_count_of_the_figure_opens_a_list_of_that_many_projects(
    client, officer, params, figure
):
    build_with_obtained_financing_and_answers()
    client.force_login(officer)
    page = client.get(DASHBOARD, params).text

    links = linked_counts(figure_block(page, figure))

    assert links, f"{figure}: no linked count"
    for href, count in links:
        filters = set(parse_qs(urlsplit(href).query))
        assert filters, href
        assert filters & FIGURES[figure] or filters <= RECEIVED, href
        assert listed_count(client, href) == count, href


@pytest.mark.parametrize("params", [SINGLE_YEAR, RANGE], ids=["one-year", "range"])
def test_no_count_of_the_dashboard_opens_the_whole_list(client, officer, params):
    build_with_obtained_financing_and_answers()
    client.force_login(officer)
    page = client.get(DASHBOARD, params).text
    figures = page[page.index('id="accompagnement"') :]

    hrefs = re.findall(rf'href="({LIST}(?:\?[^"]*)?)"', figures)

    assert hrefs
    assert all("?" in href for href in hrefs), [h for h in hrefs if "?" not in h]
    for href, count in linked_counts(figures):
        assert listed_count(client, href) == count, href


def test_each_years_supported_companies_open_that_years_list_of_companies(client, officer):
    build_with_obtained_financing_and_answers()
    client.force_login(officer)
    ranged = client.get(DASHBOARD, RANGE)

    for year in ranged.context["figures"].progress.years:
        row = re.search(rf'<tr data-year="{year.year}">(.*?)</tr>', ranged.text, re.S).group(1)
        href = re.search(r'data-cell="supported"><a href="([^"]+)">', row).group(1)
        assert href == f"?annee={year.year}#entreprises-accompagnees"
        that_year = client.get(DASHBOARD, {"annee": year.year}).context["figures"]
        assert that_year.progress.distinct_companies == year.supported
        assert len(that_year.supported) == year.supported  # the list below the figures


# --- What the lists hold


def test_the_decided_list_holds_the_projects_first_decided_in_the_year(client, officer):
    build_2016()
    client.force_login(officer)

    titles = listed_titles(client, f"{LIST}?decides=2016")

    # P1 (decided twice in 2016), P2 and P4; not P6, first decided in 2015.
    assert titles == {"Usine connectée", "Nouvelle gamme de cloches", "Soudage robotisé"}


def test_the_supported_list_holds_the_projects_that_entered_support_in_the_year(client, officer):
    build_2016()
    client.force_login(officer)

    titles = listed_titles(client, f"{LIST}?accompagnes=2016")

    # P6 entered support half an hour into 2017, Paris time.
    assert titles == {"Usine connectée", "Nouvelle gamme de cloches", "Soudage robotisé"}
    assert listed_titles(client, f"{LIST}?accompagnes=2017") == {"Presse numérique"}


def test_financing_lists_hold_the_projects_with_a_line_asked_or_obtained_of_the_kind(
    client, officer
):
    build_2016()
    client.force_login(officer)

    asked = listed_titles(client, f"{LIST}?financement=loan&annee=2016")
    obtained_loan = listed_titles(client, f"{LIST}?financement_obtenu=loan&annee=2016")
    obtained_grant = listed_titles(client, f"{LIST}?financement_obtenu=grant&annee=2016")

    assert asked == {"Usine connectée"}
    assert obtained_loan == set()  # asked, nothing obtained yet
    assert obtained_grant == {"Usine connectée", "Nouvelle gamme de cloches"}


def test_action_lists_leave_cancelled_actions_out(client, officer):
    build_2016()
    client.force_login(officer)

    assert listed_titles(client, f"{LIST}?action=individual&annee=2016") == set()
    assert listed_titles(client, f"{LIST}?action=expertise&annee=2016") == {
        "Usine connectée",
        "Nouvelle gamme de cloches",
    }


def test_follow_up_lists_hold_the_projects_that_answered_or_launched_a_product(client, officer):
    build_2016()
    client.force_login(officer)

    answered = listed_titles(client, f"{LIST}?suivi=repondu&annee=2016")
    launched = listed_titles(client, f"{LIST}?suivi=produit")

    assert answered == {"Usine connectée", "Nouvelle gamme de cloches"}
    # P1's latest answer (6 months) says launched; P4's only answer too.
    assert launched == {"Usine connectée", "Nouvelle gamme de cloches", "Soudage robotisé"}


def test_the_received_range_and_the_missing_headcount_band_filter_the_list(client, officer):
    build_2016()
    client.force_login(officer)

    assert listed_count(client, f"{LIST}?recus=2015-2016") == 6
    assert listed_titles(client, f"{LIST}?effectif=aucun") == {"Découpe laser"}
    html_page = client.get(LIST).text
    assert '<option value="aucun">Effectif non renseigné</option>' in html_page


# --- The criteria on the list


def test_the_dashboards_criteria_are_shown_kept_and_removable(client, officer):
    build_2016()
    client.force_login(officer)

    response = client.get(LIST, {"decides": "2016", "etape": "in_support", "page": "1"})

    page = response.text
    criteria = page[page.index("data-criteria") :].split("</ul>")[0]
    assert "Critères venus du tableau de bord" in page
    assert "Première décision en : <strong>2016</strong>" in criteria
    assert 'href="?etape=in_support"' in criteria  # removing it keeps the other filters
    # Sending the form again keeps it.
    assert '<input type="hidden" name="decides" value="2016"' in page
    assert response.context["page_obj"].paginator.count == 2  # P1 and P4


def test_a_range_of_years_is_told_in_words(client, officer):
    client.force_login(officer)
    page = client.get(LIST, {"recus": "2015-2017", "financement": "grant"}).text
    assert "Reçus en : <strong>2015–2017</strong>" in page
    assert "Avec une ligne de financement : <strong>Subvention</strong>" in page


@pytest.mark.parametrize(
    "params",
    [
        {"recus": "2015-2050"},
        {"recus": "2017-2015"},
        {"recus": "1999"},
        {"decides": "deux-mille"},
        {"decides": "٢٠١٦"},  # Arabic-Indic digits
        {"accompagnes": "2016-"},
        {"accompagnes": "\x00"},
        {"financement": "<script>alert(1)</script>"},
        {"financement_obtenu": "99999999999999999999"},
        {"action": "NaN"},
        {"suivi": "tout"},
        {"effectif": "aucun<b>"},
        {"decides": ["2016", "<script>"]},
    ],
)
def test_bad_drill_down_values_are_ignored(client, officer, params):
    ProjectFactory.create_batch(2)
    client.force_login(officer)

    response = client.get(LIST, params)

    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == 2
    assert "<script>alert(1)" not in response.text
    if "decides" not in params or isinstance(params["decides"], str):
        assert "Critères venus du tableau de bord" not in response.text


def test_the_exports_follow_the_dashboards_criteria(client, officer):
    build_2016()
    client.force_login(officer)

    response = client.get(reverse("projects:export_csv"), {"decides": "2016"})
    body = b"".join(response.streaming_content).decode("utf-8-sig")

    assert "Usine connectée" in body and "Soudage robotisé" in body
    assert "Presse numérique" not in body and "Moules imprimés" not in body


def test_a_drilled_down_list_runs_the_same_number_of_queries_for_few_or_many_projects(
    client, officer
):
    params = {
        "recus": "2015-2030",
        "decides": str(timezone.localdate().year),
        "accompagnes": str(timezone.localdate().year),
        "financement": "grant",
        "financement_obtenu": "grant",
        "action": "expertise",
        "suivi": "produit",
    }

    def add(count: int) -> None:
        for _index in range(count):
            made = ProjectFactory(
                company=CompanyFactory(headcount_band=HeadcountBand.SMALL),
                support_started_on=timezone.localdate(),
            )
            move(made, Stage.DECIDED, timezone.now())
            FinancingLine.objects.create(
                project=made, source_label="Région", kind="grant", amount_asked=5, amount_obtained=5
            )
            SupportAction.objects.create(project=made, kind="expertise", title="Audit")
            FollowUp.objects.create(
                project=made,
                months=3,
                due_on=timezone.localdate(),
                answered_at=timezone.now(),
                product_launched=True,
            )

    client.force_login(officer)
    add(3)
    with CaptureQueriesContext(connection) as few:
        client.get(LIST, params)
    add(27)
    with CaptureQueriesContext(connection) as many:
        response = client.get(LIST, params)

    assert response.context["page_obj"].paginator.count == 30
    assert len(many) == len(few)

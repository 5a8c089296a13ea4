"""The dashboard's companies reached by collective actions and its student placements by kind
and by institution: worked out by hand, shown on the page, equal to what their lists show."""

import datetime
import html
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from projects.models import (
    CollectiveAction,
    CollectiveParticipation,
    PartnerOrganisation,
    StudentPlacement,
)
from projects.stats import figures as stats_figures
from projects.stats.cache import programme_figures
from projects.stats.period import Period

from .background import fetch_in_background, job_storage  # noqa: F401 - a fixture
from .factories import CompanyFactory, ProjectFactory
from .test_dashboard_views import cell
from .test_report_pdf import pdf_text

pytestmark = pytest.mark.django_db

URL = reverse("projects:dashboard")
TODAY = datetime.date(2026, 11, 26)
Y2016 = Period.year(2016)


def join(action, project) -> None:
    CollectiveParticipation.objects.create(
        action=action, project=project, company=project.company, days=Decimal("1")
    )


def place(project, institution, kind, starts_on, name) -> StudentPlacement:
    contract = {"intern": "internship", "work_study": "apprenticeship", "phd": "cifre"}[kind]
    return StudentPlacement.objects.create(
        project=project,
        institution=institution,
        kind=kind,
        student_name=name,
        degree="Master 2",
        starts_on=starts_on,
        ends_on=starts_on + datetime.timedelta(days=180),
        contract_type=contract,
    )


def build() -> dict:
    """2016: a training (A, B), a trade fair (A, C, and B through its second project), a
    cancelled diagnosis (D), an action nobody joined, and a 2015 action (E). Companies reached
    in 2016: A, B, C, by two actions and five participations.

    Placements starting in 2016: ENSAM 2 interns and 1 work-study; I2M 1 PhD; ESTIA none in
    2016 (one in 2017)."""
    a, b, c, d, e = (CompanyFactory(name=name) for name in "ABCDE")
    a1, b1, b2 = ProjectFactory(company=a), ProjectFactory(company=b), ProjectFactory(company=b)
    c1, d1, e1 = ProjectFactory(company=c), ProjectFactory(company=d), ProjectFactory(company=e)
    training = CollectiveAction.objects.create(
        kind="training", title="Formation lean", starts_on=datetime.date(2016, 3, 1)
    )
    fair = CollectiveAction.objects.create(
        kind="trade_fair", title="Salon", starts_on=datetime.date(2016, 11, 30)
    )
    cancelled = CollectiveAction.objects.create(
        kind="diagnosis", title="Annulé", starts_on=datetime.date(2016, 5, 2), status="cancelled"
    )
    older = CollectiveAction.objects.create(
        kind="training", title="2015", starts_on=datetime.date(2015, 12, 31)
    )
    join(training, a1)
    join(training, b1)
    CollectiveParticipation.objects.create(action=fair, project=b2, company=b)
    join(fair, a1)
    join(fair, c1)
    join(cancelled, d1)
    join(older, e1)
    CollectiveAction.objects.create(
        kind="expertise", title="Sans participant", starts_on=datetime.date(2016, 6, 1)
    )

    ensam = PartnerOrganisation.objects.create(name="ENSAM Bordeaux", kind="school")
    i2m = PartnerOrganisation.objects.create(name="Laboratoire I2M", kind="lab")
    estia = PartnerOrganisation.objects.create(name="ESTIA", kind="school")
    place(a1, ensam, "intern", datetime.date(2016, 2, 1), "Stagiaire 1")
    place(b1, ensam, "intern", datetime.date(2016, 12, 31), "Stagiaire 2")
    place(c1, ensam, "work_study", datetime.date(2016, 9, 1), "Alternante")
    place(c1, i2m, "phd", datetime.date(2016, 10, 3), "Doctorant")
    place(a1, estia, "intern", datetime.date(2017, 1, 2), "Stagiaire 2017")
    return {"ensam": ensam, "i2m": i2m, "estia": estia}


def test_companies_reached_by_collective_actions_count_each_company_once():
    build()

    reach = stats_figures.collective_reach(Y2016)

    assert (reach.companies, reach.actions, reach.participations) == (3, 2, 5)
    assert reach.url == "/projets/actions-collectives/?annee=2016"
    assert stats_figures.collective_reach(Period.year(2015)).companies == 1
    assert stats_figures.collective_reach(Period(2015, 2016)).companies == 4


def test_placements_are_counted_by_kind_and_by_institution():
    orgs = build()

    placements = stats_figures.placements(Y2016)

    assert [(bar.key, bar.value) for bar in placements.by_kind.bars] == [
        ("intern", 2),
        ("work_study", 1),
        ("phd", 1),
    ]
    assert [(bar.label, bar.value) for bar in placements.by_institution.bars] == [
        ("ENSAM Bordeaux", 3),
        ("Laboratoire I2M", 1),
    ]
    assert placements.total == 4
    assert placements.by_kind.bars[0].url == "/projets/etudiants/?nature=intern&annee=2016"
    assert placements.by_institution.bars[1].url == (
        f"/projets/etudiants/?etablissement={orgs['i2m'].pk}&annee=2016"
    )
    over_two_years = stats_figures.placements(Period(2016, 2017))
    assert over_two_years.total == 5
    assert over_two_years.by_kind.bars[0].url == "/projets/etudiants/?nature=intern"


def test_the_dashboard_shows_them_and_each_equals_what_its_list_shows(client, officer):
    build()
    client.force_login(officer)

    page = client.get(URL, {"annee": 2016})
    assert page.status_code == 200

    assert cell(page, "collective", "companies") == "3"
    assert cell(page, "collective", "actions") == "2"
    assert cell(page, "placements-kind", "intern") == "2"
    assert cell(page, "placements-kind", "placements") == "4"
    assert "Stages, alternances et doctorats par établissement" in page.text

    # The companies reached: the collective actions' list says the same for the same year.
    reach_link = re.search(r'data-cell="companies"><a href="([^"]+)">(\d+)<', page.text)
    listed = client.get(html.unescape(reach_link.group(1)))
    assert listed.context["reach"]["companies"] == int(reach_link.group(2)) == 3

    # Every placement figure opens the list of exactly the placements it counts.
    links = re.findall(r'href="(/projets/etudiants/\?[^"]+)">(\d+)<', page.text)
    assert len(links) == 3 + 1 + 2  # the three kinds, their total, the two institutions
    for href, figure in links:
        listed = client.get(html.unescape(href))
        assert listed.context["page_obj"].paginator.count == int(figure), href


def test_a_new_placement_or_participant_shows_at_once_on_the_dashboard(client, officer):
    orgs = build()
    client.force_login(officer)
    before = programme_figures(Y2016, TODAY)

    place(ProjectFactory(), orgs["estia"], "phd", datetime.date(2016, 4, 4), "Nouvelle")
    action = CollectiveAction.objects.get(title="Formation lean")
    join(action, ProjectFactory(company=CompanyFactory(name="F")))
    after = programme_figures(Y2016, TODAY)

    assert (before.placements.total, after.placements.total) == (4, 5)
    assert (before.collective.companies, after.collective.companies) == (3, 4)
    assert [bar.label for bar in after.placements.by_institution.bars] == [
        "ENSAM Bordeaux",
        "ESTIA",
        "Laboratoire I2M",
    ]
    # A renamed school is renamed on the dashboard too.
    orgs["i2m"].name = "Institut I2M"
    orgs["i2m"].save()
    assert "Institut I2M" in [
        bar.label for bar in programme_figures(Y2016, TODAY).placements.by_institution.bars
    ]


def test_an_empty_period_says_so(client, officer):
    client.force_login(officer)
    page = client.get(URL, {"annee": 2016})
    assert cell(page, "collective", "companies") == "0"
    assert cell(page, "placements-kind", "placements") == "0"
    assert "Aucun stage ni contrat commencé pendant la période." in page.text


@pytest.mark.usefixtures("job_storage")
def test_the_yearly_report_tells_them_too(client, officer):
    build()
    client.force_login(officer)

    text = pdf_text(fetch_in_background(client, reverse("projects:report_pdf"), {"annee": 2016}))

    assert "entreprises touchées par 2 actions collectives" in text
    assert "étudiant·es accueilli·es : stages, alternances, doctorats" in text

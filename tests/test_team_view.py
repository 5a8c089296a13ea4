"""The manager's team view: each person's open projects by stage, overdue next steps and stalled
dossiers, with a link to their portfolio; the new requests to assign; a fixed cost."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projects.models import Stage
from projects.views.workspace import OPEN_STAGES

from .conftest import NON_STAFF_FIXTURES
from .factories import CompanyFactory, ProjectFactory, UserFactory
from .test_portfolio import in_stage_for, overdue_step

pytestmark = pytest.mark.django_db

URL = reverse("projects:team")
PORTFOLIO = reverse("projects:portfolio")


def member_of(response, person):
    (member,) = [row for row in response.context["team"] if row.person == person]
    return member


def counts(member) -> dict[str, int]:
    return {stage.value: count for stage, count in member.by_stage if count}


# --- Who may open it


def test_the_manager_opens_the_team_view(client, manager):
    client.force_login(manager)
    response = client.get(URL)
    assert response.status_code == 200
    assert "L'équipe du programme" in response.text


@pytest.mark.parametrize("fixture_name", ["officer", "finance_officer", *NON_STAFF_FIXTURES])
def test_no_one_else_opens_the_team_view(client, as_user, fixture_name):
    ProjectFactory(title="Projet de l'équipe")
    as_user(fixture_name)
    response = client.get(URL)
    assert response.status_code == 403
    assert "Projet de l" not in response.text


def test_anonymous_visitor_is_sent_to_login_from_the_team_view(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_the_team_view_refuses_post(client, manager):
    client.force_login(manager)
    assert client.post(URL).status_code == 405


def test_only_the_manager_is_offered_the_team_view_in_the_menu(client, manager, officer):
    client.force_login(officer)
    assert f'href="{URL}"' not in client.get(PORTFOLIO).text
    client.force_login(manager)
    html = client.get(PORTFOLIO).text
    assert html.count(f'href="{URL}"') == 2  # the menu and the portfolio's button


# --- What it counts


def test_each_person_has_open_projects_by_stage_overdue_steps_and_stalled_dossiers(
    client, manager, officer, other_officer, finance_officer
):
    mine = CompanyFactory(name="PMI de l'officer")
    in_stage_for(ProjectFactory(company=mine, officer=officer), Stage.DIAGNOSIS, 60)  # stalled
    in_stage_for(ProjectFactory(officer=officer), Stage.DIAGNOSIS, 3)
    in_stage_for(ProjectFactory(officer=officer), Stage.IN_SUPPORT, 200)
    in_stage_for(ProjectFactory(officer=officer), Stage.COMPLETED, 1)  # closed: not counted
    # Officer and finance officer of the same project: held once.
    in_stage_for(ProjectFactory(officer=officer, finance_officer=officer), Stage.QUALIFIED, 2)
    # Financed without an officer yet, and financed with one.
    in_stage_for(ProjectFactory(finance_officer=finance_officer), Stage.INTAKE, 30)  # stalled
    in_stage_for(
        ProjectFactory(officer=other_officer, finance_officer=finance_officer), Stage.DIAGNOSIS, 1
    )
    overdue_step(mine, other_officer, "Relancer le devis")  # on the officer's company
    overdue_step(CompanyFactory(), officer, "Envoyer la plaquette")  # logged by the officer
    client.force_login(manager)

    response = client.get(URL)

    first = member_of(response, officer)
    assert counts(first) == {"qualified": 1, "diagnosis": 2, "in_support": 1}
    assert (first.open_count, first.stalled, first.overdue_steps) == (4, 1, 2)
    finance = member_of(response, finance_officer)
    assert counts(finance) == {"intake": 1, "diagnosis": 1}
    assert (finance.stalled, finance.overdue_steps) == (1, 0)
    second = member_of(response, other_officer)
    assert (counts(second), second.overdue_steps) == ({"diagnosis": 1}, 1)
    html = response.text
    row = re.search(rf'<tr data-person="{officer.pk}">(.*?)</tr>', html, re.S).group(1)
    assert f'href="{PORTFOLIO}?personne={officer.pk}"' in row
    assert f'href="{PORTFOLIO}?personne={officer.pk}#etapes-en-retard">2<' in row
    assert f'href="{PORTFOLIO}?personne={officer.pk}#etape-diagnosis">2<' in row
    assert re.search(r'data-cell="open">4<', row)


def test_the_team_figures_are_those_of_each_persons_portfolio(
    client, manager, officer, other_officer, finance_officer
):
    for index, stage in enumerate(OPEN_STAGES):
        company = CompanyFactory()
        in_stage_for(
            ProjectFactory(company=company, officer=officer, finance_officer=finance_officer),
            stage,
            index * 20,
        )
        in_stage_for(ProjectFactory(officer=other_officer), stage, 100 - index * 10)
        overdue_step(company, other_officer)
    overdue_step(CompanyFactory(), finance_officer)
    client.force_login(manager)

    team = client.get(URL).context["team"]

    for member in team:
        portfolio = client.get(PORTFOLIO, {"personne": member.person.pk}).context["portfolio"]
        assert member.open_count == portfolio.open_count, member.person
        assert member.by_stage == [
            (group.stage, group.total) for group in portfolio.stage_groups
        ], member.person
        assert member.stalled == sum(group.stalled for group in portfolio.stage_groups)
        assert member.overdue_steps == portfolio.overdue_steps_total, member.person


def test_the_team_counts_follow_each_write_to_the_projects(
    client, manager, officer, other_officer, finance_officer
):
    """Each person's open projects per stage are the summary's running counters: handing a
    project over, moving it, closing it or deleting it changes them as it changes the rows."""
    handed_over = ProjectFactory(officer=officer, finance_officer=finance_officer)
    handed_over.officer = other_officer
    handed_over.save()
    moved = in_stage_for(ProjectFactory(officer=officer), Stage.DIAGNOSIS, 1)
    in_stage_for(ProjectFactory(officer=officer, finance_officer=officer), Stage.QUALIFIED, 1)
    in_stage_for(ProjectFactory(officer=officer), Stage.COMPLETED, 1)
    ProjectFactory(officer=officer).delete()
    in_stage_for(moved, Stage.DOSSIER_READY, 1)
    client.force_login(manager)

    response = client.get(URL)

    assert counts(member_of(response, officer)) == {
        Stage.DOSSIER_READY: 1,
        Stage.QUALIFIED: 1,  # held as officer and finance officer: once
    }
    assert counts(member_of(response, other_officer)) == {handed_over.stage: 1}
    assert counts(member_of(response, finance_officer)) == {handed_over.stage: 1}


def test_the_team_view_lists_the_new_requests_to_assign(client, manager, officer):
    ProjectFactory(title="Demande à attribuer")
    ProjectFactory(title="Demande attribuée", officer=officer)
    client.force_login(manager)

    response = client.get(URL)

    assert response.context["unassigned"].total == 1
    assert "Nouvelles demandes non attribuées" in response.text
    assert "Demande à attribuer" in response.text
    assert "Demande attribuée" not in response.text


def test_inactive_people_are_left_out_of_the_team(client, manager):
    gone = UserFactory(email="gone@pmi-aqt.test", roles=["officer"], is_active=False)
    client.force_login(manager)
    assert gone not in [member.person for member in client.get(URL).context["team"]]


# --- Cost


def busy_officers(count: int) -> None:
    for _index in range(count):
        officer = UserFactory(roles=["officer"])
        company = CompanyFactory()
        in_stage_for(ProjectFactory(company=company, officer=officer), Stage.DIAGNOSIS, 60)
        in_stage_for(ProjectFactory(officer=officer), Stage.IN_SUPPORT, 3)
        overdue_step(company, officer)
        ProjectFactory(title="Demande")


def test_the_team_view_runs_the_same_number_of_queries_for_2_or_10_officers(client, manager):
    client.force_login(manager)
    busy_officers(2)
    with CaptureQueriesContext(connection) as few:
        assert client.get(URL).status_code == 200

    busy_officers(8)
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL)

    assert len(response.context["team"]) == 11  # ten officers and the manager
    assert len(many) == len(few)


# --- Pages of the team


def test_the_team_is_listed_by_name_a_page_at_a_time_with_each_pages_own_counts(
    client, manager, monkeypatch
):
    """Each page counts its own people's overdue steps, including the steps on the companies
    of the projects they hold, and a person of another page is not counted on this one."""
    monkeypatch.setattr("projects.views.workspace.TEAM_PER_PAGE", 2)
    manager.last_name = "Martin"
    manager.save()
    first = UserFactory(roles=["officer"], last_name="Aaron")
    last = UserFactory(roles=["officer"], last_name="Zola")
    company = CompanyFactory()
    ProjectFactory(company=company, officer=first, finance_officer=last)
    overdue_step(company, first)  # on both people's company, logged by the first
    client.force_login(manager)

    page_1 = client.get(URL)
    page_2 = client.get(URL, {"page": 2})

    assert [member.person for member in page_1.context["team"]][0] == first
    assert member_of(page_1, first).overdue_steps == 1
    assert [member.person for member in page_2.context["team"]] == [last]
    assert member_of(page_2, last).overdue_steps == 1
    assert "3 personnes dans l'équipe" in page_1.text
    assert "Page 1 sur 2" in page_1.text
    assert 'href="?page=2"' in page_1.text


def test_a_page_of_the_team_beyond_the_last_shows_the_last(client, manager):
    client.force_login(manager)
    response = client.get(URL, {"page": "999"})
    assert response.status_code == 200
    assert [member.person for member in response.context["team"]] == [manager]

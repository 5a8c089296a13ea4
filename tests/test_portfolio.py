import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from projects.models import FollowUp, Project, Stage, SupportAction
from projects.views.workspace import PORTFOLIO_ROWS

from .conftest import NON_STAFF_FIXTURES, STAFF_FIXTURES
from .factories import CompanyFactory, InteractionFactory, ProjectFactory

pytestmark = pytest.mark.django_db

URL = reverse("projects:portfolio")


def days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def in_stage_for(project: Project, stage: str, days: int) -> Project:
    project.stage = stage
    project.stage_changed_at = timezone.now() - datetime.timedelta(days=days)
    project.save(update_fields=["stage", "stage_changed_at"])
    return project


def support_action(project, ends_on, status=SupportAction.Status.IN_PROGRESS, title="Expertise"):
    return SupportAction.objects.create(
        project=project,
        kind=SupportAction.Kind.EXPERTISE,
        title=title,
        starts_on=ends_on - datetime.timedelta(days=60) if ends_on else None,
        ends_on=ends_on,
        status=status,
    )


def follow_up(project, months, due_on, answered=False):
    return FollowUp.objects.create(
        project=project,
        months=months,
        due_on=due_on,
        answered_at=timezone.now() if answered else None,
    )


def overdue_step(company, officer, step="Rappeler le dirigeant", due=None):
    return InteractionFactory(
        company=company, officer=officer, next_step=step, next_step_due=due or days_ago(3)
    )


def portfolio_of(response):
    return response.context["portfolio"]


def open_titles(response) -> dict[str, list[str]]:
    return {
        group.stage: [project.title for project in group.projects]
        for group in portfolio_of(response).stage_groups
        if group.projects
    }


def make_busy_portfolio(count: int, officer) -> None:
    """Projects in support with everything the portfolio lists, as in real life."""
    for index in range(count):
        company = CompanyFactory()
        project = in_stage_for(
            ProjectFactory(company=company, officer=officer), Stage.IN_SUPPORT, index
        )
        overdue_step(company, officer)
        support_action(project, in_days(5))
        follow_up(project, 3, in_days(3))


# --- Who may open it


@pytest.mark.parametrize("fixture_name", STAFF_FIXTURES)
def test_staff_can_open_their_portfolio(client, as_user, fixture_name):
    user = as_user(fixture_name)
    response = client.get(URL)
    assert response.status_code == 200
    assert portfolio_of(response).owner == user
    assert "Mon portefeuille" in response.text


@pytest.mark.parametrize("fixture_name", NON_STAFF_FIXTURES)
def test_other_roles_cannot_open_a_portfolio(client, as_user, fixture_name, officer):
    as_user(fixture_name)
    assert client.get(URL).status_code == 403
    assert client.get(URL, {"personne": officer.pk}).status_code == 403


def test_anonymous_visitor_is_sent_to_login_from_the_portfolio(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_portfolio_refuses_post(client, officer):
    client.force_login(officer)
    assert client.post(URL).status_code == 405


# --- Whose projects


def test_officer_sees_own_open_projects_grouped_by_stage_with_days_in_stage(
    client, officer, other_officer
):
    company = CompanyFactory(name="Forges de l'Adour")
    diag = in_stage_for(
        ProjectFactory(title="Capteurs", company=company, officer=officer), Stage.DIAGNOSIS, 12
    )
    in_stage_for(ProjectFactory(title="Robot", officer=officer), Stage.DIAGNOSIS, 30)
    in_stage_for(ProjectFactory(title="Gamme", officer=officer), Stage.IN_SUPPORT, 2)
    in_stage_for(ProjectFactory(title="Fini", officer=officer), Stage.COMPLETED, 1)
    in_stage_for(ProjectFactory(title="Abandonné", officer=officer), Stage.ABANDONED, 1)
    ProjectFactory(title="Pas à moi", officer=other_officer)
    client.force_login(officer)

    response = client.get(URL)

    # Longest in stage first within a stage; closed projects are not in the portfolio.
    assert open_titles(response) == {
        Stage.DIAGNOSIS: ["Robot", "Capteurs"],
        Stage.IN_SUPPORT: ["Gamme"],
    }
    assert portfolio_of(response).open_count == 3
    html = response.text
    assert "3 projets en cours" in html
    assert f'href="{reverse("projects:detail", args=[diag.pk])}"' in html
    assert f'href="{company.get_absolute_url()}"' in html
    row = re.search(r"<tr>\s*<th scope=\"row\"><a[^>]*>Capteurs</a>.*?</tr>", html, re.S)
    assert row and ">12<" in row.group(0)
    # Every open stage is counted, even when empty.
    assert "Dossier prêt : <strong>0</strong>" in html


def test_finance_officer_sees_the_projects_they_finance(client, finance_officer, officer):
    ProjectFactory(title="Financé", officer=officer, finance_officer=finance_officer)
    ProjectFactory(title="Autre", officer=officer)
    client.force_login(finance_officer)

    assert open_titles(client.get(URL)) == {Stage.INTAKE: ["Financé"]}


def test_manager_sees_their_own_portfolio_with_a_selector(client, manager, officer):
    ProjectFactory(title="Du responsable", officer=manager)
    ProjectFactory(title="De l'officer", officer=officer)
    client.force_login(manager)

    response = client.get(URL)

    assert open_titles(response) == {Stage.INTAKE: ["Du responsable"]}
    assert 'for="id_personne"' in response.text
    assert f'<option value="{manager.pk}" selected>' in response.text
    assert f'<option value="{officer.pk}">' in response.text


def test_manager_can_open_another_officers_portfolio(client, manager, officer):
    ProjectFactory(title="Du responsable", officer=manager)
    ProjectFactory(title="De l'officer", officer=officer)
    client.force_login(manager)

    response = client.get(URL, {"personne": officer.pk})

    assert portfolio_of(response).owner == officer
    assert open_titles(response) == {Stage.INTAKE: ["De l'officer"]}
    assert f"Portefeuille de {officer}" in response.text
    assert f'<option value="{officer.pk}" selected>' in response.text


@pytest.mark.parametrize("fixture_name", ["officer", "finance_officer"])
def test_others_cannot_open_someone_elses_portfolio(client, as_user, fixture_name, other_officer):
    ProjectFactory(title="Pas à moi", officer=other_officer)
    user = as_user(fixture_name)

    response = client.get(URL, {"personne": other_officer.pk})

    assert response.status_code == 200
    assert portfolio_of(response).owner == user
    assert "Pas à moi" not in response.text
    assert 'id="id_personne"' not in response.text


@pytest.mark.parametrize(
    "value", ["NaN", "1e309", "\x00", "<script>", "99999999999999999999", "-1", "member"]
)
def test_manager_asking_for_nobody_valid_sees_their_own_portfolio(client, manager, member, value):
    client.force_login(manager)
    value = str(member.pk) if value == "member" else value

    response = client.get(URL, {"personne": value})

    assert response.status_code == 200
    assert portfolio_of(response).owner == manager
    assert "<script>" not in response.text.split('id="contenu"')[1].split("</main>")[0]


# --- What needs doing


def test_overdue_next_steps_for_my_companies_or_logged_by_me(client, officer, other_officer):
    mine = CompanyFactory(name="Ma PMI")
    ProjectFactory(company=mine, officer=officer)
    elsewhere = CompanyFactory(name="Prospect")
    theirs = CompanyFactory(name="Leur PMI")
    ProjectFactory(company=theirs, officer=other_officer)

    on_my_company = overdue_step(mine, other_officer, "Relancer le devis")
    logged_by_me = overdue_step(elsewhere, officer, "Envoyer la plaquette")
    overdue_step(theirs, other_officer, "Pas pour moi")
    overdue_step(mine, officer, "Pas encore", due=in_days(2))
    overdue_step(mine, officer, "Aujourd'hui", due=timezone.localdate())
    done = overdue_step(mine, officer, "Déjà fait")
    done.mark_next_step_done()
    client.force_login(officer)

    response = client.get(URL)

    assert portfolio_of(response).overdue_steps == [on_my_company, logged_by_me]
    assert "Relancer le devis" in response.text and "Envoyer la plaquette" in response.text
    assert "Pas pour moi" not in response.text


def test_an_overdue_step_both_mine_and_on_my_company_is_listed_and_counted_once(
    client, officer, other_officer
):
    mine = CompanyFactory(name="Ma PMI")
    ProjectFactory(company=mine, officer=officer)
    both = overdue_step(mine, officer, "Rappeler le dirigeant", due=days_ago(5))
    on_my_company = overdue_step(mine, other_officer, "Relancer le devis", due=days_ago(2))
    client.force_login(officer)

    portfolio = portfolio_of(client.get(URL))

    assert portfolio.overdue_steps == [both, on_my_company]
    assert portfolio.overdue_steps_total == 2


def test_overdue_steps_are_read_through_the_open_step_indexes_by_officer_and_company():
    from companies.models import Interaction

    indexed = {index.name: index for index in Interaction._meta.indexes}
    assert indexed["interaction_open_step_off_idx"].fields == ["officer", "next_step_due"]
    assert indexed["interaction_open_step_co_idx"].fields == ["company", "next_step_due"]
    assert indexed["interaction_open_step_off_idx"].condition is not None
    assert indexed["interaction_open_step_co_idx"].condition is not None


def test_support_actions_ending_within_30_days_and_not_finished(client, officer, other_officer):
    project = in_stage_for(ProjectFactory(officer=officer), Stage.IN_SUPPORT, 20)
    soon = support_action(project, in_days(10), title="Se termine bientôt")
    late = support_action(project, days_ago(2), title="Échue non close")
    support_action(project, in_days(40), title="Plus tard")
    support_action(project, in_days(5), SupportAction.Status.DONE, title="Terminée")
    support_action(project, in_days(5), SupportAction.Status.CANCELLED, title="Annulée")
    support_action(project, None, title="Sans date")
    theirs = ProjectFactory(officer=other_officer)
    support_action(theirs, in_days(5), title="Pas la mienne")
    client.force_login(officer)

    response = client.get(URL)

    assert portfolio_of(response).ending_actions == [late, soon]
    assert "échue" in response.text
    assert "Pas la mienne" not in response.text and "Plus tard" not in response.text


def test_follow_ups_due_within_14_days_and_unanswered(client, officer, other_officer):
    project = in_stage_for(ProjectFactory(officer=officer), Stage.IN_SUPPORT, 100)
    due = follow_up(project, 3, in_days(10))
    overdue = follow_up(project, 6, days_ago(1))
    follow_up(project, 12, in_days(20))
    answered_project = ProjectFactory(officer=officer)
    follow_up(answered_project, 3, days_ago(5), answered=True)
    follow_up(ProjectFactory(officer=other_officer), 3, in_days(1))
    client.force_login(officer)

    response = client.get(URL)

    assert portfolio_of(response).due_follow_ups == [overdue, due]
    assert "Suivi à 3 mois" in response.text and "Suivi à 6 mois" in response.text
    assert "en retard" in response.text


def test_empty_portfolio_says_so_and_task_forces_are_announced_plainly(client, officer):
    client.force_login(officer)
    html = client.get(URL).text
    assert "Aucun projet en cours" in html
    assert "Aucune prochaine étape en retard" in html
    assert "Aucune action ne se termine" in html
    assert "Aucun suivi à recueillir" in html
    assert "Task forces à venir" in html
    assert "Les séances de task force ne sont pas encore gérées dans le portail" in html


def test_portfolio_headings_are_in_order(client, officer):
    make_busy_portfolio(2, officer)
    client.force_login(officer)
    html = client.get(URL).text
    headings = [int(level) for level in re.findall(r"<h([1-6])", html)]
    assert headings[0] == 1
    assert all(b - a <= 1 for a, b in zip(headings, headings[1:], strict=False))
    assert "<caption" in html and '<th scope="col">' in html


# --- Query count


@pytest.mark.parametrize("fixture_name", ["officer", "manager"])
def test_portfolio_runs_the_same_number_of_queries_for_3_or_30_projects(
    client, as_user, fixture_name
):
    user = as_user(fixture_name)
    make_busy_portfolio(3, user)
    with CaptureQueriesContext(connection) as few:
        assert client.get(URL).status_code == 200

    make_busy_portfolio(27, user)
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL)

    # Every list is bounded; its total is still counted, and "voir tout" opens it.
    portfolio = portfolio_of(response)
    assert portfolio.open_count == 30
    (in_support,) = [group for group in portfolio.stage_groups if group.projects]
    assert (len(in_support.projects), in_support.total) == (PORTFOLIO_ROWS, 30)
    assert (len(portfolio.overdue_steps), portfolio.overdue_steps_total) == (PORTFOLIO_ROWS, 30)
    assert (len(portfolio.ending_actions), portfolio.ending_actions_total) == (PORTFOLIO_ROWS, 30)
    assert (len(portfolio.due_follow_ups), portfolio.due_follow_ups_total) == (PORTFOLIO_ROWS, 30)
    assert len(many) == len(few)


@pytest.mark.parametrize("section", ["in_support", "etapes", "actions", "suivis"])
def test_a_bounded_list_opens_in_full_at_the_same_number_of_queries(client, officer, section):
    make_busy_portfolio(PORTFOLIO_ROWS + 2, officer)
    client.force_login(officer)
    with CaptureQueriesContext(connection) as bounded:
        response = client.get(URL)
    html = response.text
    assert f'href="?tout={section}#' in html
    assert f"Voir les {PORTFOLIO_ROWS + 2}" in html

    with CaptureQueriesContext(connection) as full:
        response = client.get(URL, {"tout": section})

    portfolio = portfolio_of(response)
    shown = {
        "in_support": portfolio.stage_groups[-1].projects,
        "etapes": portfolio.overdue_steps,
        "actions": portfolio.ending_actions,
        "suivis": portfolio.due_follow_ups,
    }
    assert {name: len(rows) for name, rows in shown.items()} == {
        name: PORTFOLIO_ROWS + 2 if name == section else PORTFOLIO_ROWS for name in shown
    }
    assert f'href="?tout={section}#' not in response.text
    assert len(full) == len(bounded)


def test_the_full_list_link_keeps_the_person_a_manager_chose(client, manager, officer):
    make_busy_portfolio(PORTFOLIO_ROWS + 1, officer)
    client.force_login(manager)
    html = client.get(URL, {"personne": officer.pk}).text
    assert f'href="?personne={officer.pk}&amp;tout=etapes#etapes-en-retard"' in html
    response = client.get(URL, {"personne": officer.pk, "tout": "etapes"})
    assert portfolio_of(response).owner == officer
    assert len(portfolio_of(response).overdue_steps) == PORTFOLIO_ROWS + 1


def test_an_unknown_section_shows_the_bounded_portfolio(client, officer):
    make_busy_portfolio(PORTFOLIO_ROWS + 1, officer)
    client.force_login(officer)
    response = client.get(URL, {"tout": "<script>"})
    assert response.status_code == 200
    assert len(portfolio_of(response).overdue_steps) == PORTFOLIO_ROWS


def test_overdue_steps_leave_the_portfolio_when_the_companys_projects_are_closed(
    client, officer, other_officer
):
    closed = CompanyFactory(name="Ancienne PMI")
    in_stage_for(ProjectFactory(company=closed, officer=officer), Stage.COMPLETED, 10)
    overdue_step(closed, other_officer, "Plus mon affaire")
    mine_logged = overdue_step(closed, officer, "Noté par moi")
    client.force_login(officer)

    response = client.get(URL)

    assert portfolio_of(response).overdue_steps == [mine_logged]
    assert "Plus mon affaire" not in response.text


def test_manager_viewing_an_officer_runs_a_fixed_number_of_queries(client, manager, officer):
    client.force_login(manager)
    make_busy_portfolio(3, officer)
    with CaptureQueriesContext(connection) as few:
        client.get(URL, {"personne": officer.pk})

    make_busy_portfolio(27, officer)
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL, {"personne": officer.pk})

    assert portfolio_of(response).open_count == 30
    assert len(many) == len(few)

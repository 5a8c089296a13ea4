import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from pmi_aqt.accounts.models import Role
from pmi_aqt.accounts.search import person_label
from projects.models import FollowUp, Project, Stage, SupportAction
from projects.views.workspace import PORTFOLIO_ROWS

from .conftest import NON_STAFF_FIXTURES, STAFF_FIXTURES
from .factories import CompanyFactory, InteractionFactory, ProjectFactory, UserFactory
from .test_taskforce_data import make_session, put_on_agenda

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
    assert f'value="{manager.pk} — {person_label(manager)}"' in response.text
    assert f'data-search-url="{reverse("projects:portfolio_people")}"' in response.text


def test_the_selector_holds_no_option_per_person_whatever_the_teams_size(client, manager):
    client.force_login(manager)
    few = client.get(URL).text
    UserFactory.create_batch(30, roles=[Role.OFFICER])

    many = client.get(URL).text

    assert "<option" not in many.split('id="contenu"')[1].split("</form>")[0]
    assert len(many) == len(few)


def test_the_search_answers_the_team_by_name_accents_ignored(client, manager):
    UserFactory(roles=[Role.OFFICER], first_name="Hélène", last_name="Dupré")
    UserFactory(roles=[Role.TASKFORCE_MEMBER], first_name="Hélène", last_name="Membre")
    client.force_login(manager)

    found = client.get(reverse("projects:portfolio_people"), {"q": "helene"}).json()["results"]

    assert [text.split(" — ")[1] for text in found] == ["Hélène Dupré"]


def test_a_name_typed_opens_that_persons_portfolio(client, manager):
    someone = UserFactory(roles=[Role.OFFICER], first_name="Hélène", last_name="Dupré")
    ProjectFactory(title="D'Hélène", officer=someone)
    client.force_login(manager)

    response = client.get(URL, {"personne": "dupre"})

    assert portfolio_of(response).owner == someone
    assert open_titles(response) == {Stage.INTAKE: ["D'Hélène"]}


def test_a_name_matching_nobody_is_said_in_french_over_the_managers_portfolio(client, manager):
    client.force_login(manager)

    response = client.get(URL, {"personne": "Personne Inconnue"})

    assert portfolio_of(response).owner == manager
    assert "Aucun choix ne correspond à « Personne Inconnue »." in response.text
    assert 'value="Personne Inconnue"' in response.text


def test_manager_can_open_another_officers_portfolio(client, manager, officer):
    ProjectFactory(title="Du responsable", officer=manager)
    ProjectFactory(title="De l'officer", officer=officer)
    client.force_login(manager)

    response = client.get(URL, {"personne": officer.pk})

    assert portfolio_of(response).owner == officer
    assert open_titles(response) == {Stage.INTAKE: ["De l'officer"]}
    assert f"Portefeuille de {officer}" in response.text
    assert f'value="{officer.pk} — {person_label(officer)}"' in response.text


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


def test_empty_portfolio_says_so_in_each_section(client, officer):
    client.force_login(officer)
    html = client.get(URL).text
    assert "Aucun projet en cours" in html
    assert "Aucune prochaine étape en retard" in html
    assert "Aucune action ne se termine" in html
    assert "Aucun suivi à recueillir" in html
    assert "Task forces à venir" in html
    assert "Aucune séance de task force n'est prévue pour l'instant." in html
    assert "Aucun dossier de ce portefeuille n'est inscrit à une prochaine séance." in html
    assert "Aucune nouvelle demande n'attend de chargé·e de mission." in html
    # The task forces are managed in the portal: the old announcement is gone.
    assert "ne sont pas encore gérées" not in html


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


# --- Stalled projects


def test_projects_in_a_stage_longer_than_it_allows_are_flagged_and_counted(client, officer):
    in_stage_for(ProjectFactory(title="Diagnostic qui traîne", officer=officer), "diagnosis", 50)
    in_stage_for(ProjectFactory(title="Diagnostic récent", officer=officer), "diagnosis", 12)
    in_stage_for(ProjectFactory(title="En accompagnement", officer=officer), "in_support", 400)
    client.force_login(officer)

    response = client.get(URL)

    groups = {group.stage: group for group in portfolio_of(response).stage_groups}
    assert (groups["diagnosis"].total, groups["diagnosis"].stalled) == (2, 1)
    assert groups["in_support"].stalled == 0  # the support plan is its own clock
    html = response.text
    assert "dont 1 qui n'avance plus" in html
    late = re.search(r"Diagnostic qui traîne</a>.*?</tr>", html, re.S).group(0)
    recent = re.search(r"Diagnostic récent</a>.*?</tr>", html, re.S).group(0)
    assert "n'avance plus" in late and "n'avance plus" not in recent


# --- New requests no officer holds


def received_days_ago(project: Project, days: int) -> Project:
    Project.objects.filter(pk=project.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=days)
    )
    return project


@pytest.mark.parametrize("fixture_name", ["officer", "manager"])
def test_officers_and_the_manager_see_the_new_requests_no_officer_holds(
    client, as_user, fixture_name, other_officer
):
    older = received_days_ago(ProjectFactory(title="Demande ancienne"), 6)
    received_days_ago(ProjectFactory(title="Demande du jour"), 0)
    ProjectFactory(title="Déjà attribuée", officer=other_officer)
    in_stage_for(ProjectFactory(title="Qualifiée sans chargé"), Stage.QUALIFIED, 3)
    as_user(fixture_name)

    response = client.get(URL)

    unassigned = response.context["unassigned"]
    assert [project.title for project in unassigned.projects] == [
        "Demande ancienne",
        "Demande du jour",
    ]
    assert unassigned.total == 2
    html = response.text
    assert "Nouvelles demandes non attribuées" in html
    assert f'href="{reverse("projects:detail", args=[older.pk])}"' in html
    row = re.search(r"Demande ancienne</a>.*?</tr>", html, re.S).group(0)
    assert ">6<" in row  # days waiting
    assert "Déjà attribuée" not in html and "Qualifiée sans chargé" not in html
    # The project list opens exactly these requests.
    listed = client.get(unassigned.list_url)
    assert listed.context["page_obj"].paginator.count == 2
    assert [p.title for p in listed.context["page_obj"]] == ["Demande ancienne", "Demande du jour"]


def test_the_finance_officer_is_not_shown_the_requests_to_assign(client, finance_officer):
    ProjectFactory(title="Demande sans chargé")
    client.force_login(finance_officer)

    response = client.get(URL)

    assert response.context["unassigned"] is None
    assert "Nouvelles demandes non attribuées" not in response.text
    assert "Demande sans chargé" not in response.text


def test_many_new_requests_show_the_oldest_and_link_to_all(client, officer):
    for index in range(PORTFOLIO_ROWS + 3):
        received_days_ago(ProjectFactory(title=f"Demande {index:02}"), 30 - index)
    client.force_login(officer)

    response = client.get(URL)

    unassigned = response.context["unassigned"]
    assert (len(unassigned.projects), unassigned.total) == (PORTFOLIO_ROWS, PORTFOLIO_ROWS + 3)
    assert unassigned.projects[0].title == "Demande 00"
    assert f"Voir les {PORTFOLIO_ROWS + 3} demandes dans la liste des projets" in response.text
    listed = client.get(unassigned.list_url)
    assert listed.context["page_obj"].paginator.count == PORTFOLIO_ROWS + 3


# --- The task forces to come


def test_the_coming_sessions_and_my_dossiers_on_their_agendas_are_listed(
    client, officer, other_officer
):
    coming = make_session(days_ahead=12)
    mine = put_on_agenda(coming, title="Mon dossier laser", officer=officer, position=1)
    put_on_agenda(coming, title="Dossier d'un collègue", officer=other_officer, position=2)
    financed = put_on_agenda(coming, title="Dossier cofinancé", officer=other_officer, position=3)
    financed.project.finance_officer = officer
    financed.project.save(update_fields=["finance_officer"])
    past = make_session(days_ahead=-20)
    put_on_agenda(past, title="Dossier déjà passé", officer=officer, position=4)
    later = make_session(days_ahead=40, status="draft")
    client.force_login(officer)

    html = client.get(URL).text

    sessions = html[html.index('data-portfolio="sessions"') :].split("</table>")[0]
    assert sessions.index(coming.get_absolute_url()) < sessions.index(later.get_absolute_url())
    assert past.get_absolute_url() not in sessions
    assert re.search(r'text-end">3</td>\s*<td>Ordre du jour publié', sessions)
    assert "En préparation" in sessions  # the draft session
    agenda = html[html.index('data-portfolio="agenda"') :].split("</table>")[0]
    assert "Mon dossier laser" in agenda and "Dossier cofinancé" in agenda
    assert "Dossier d&#x27;un collègue" not in agenda and "Dossier déjà passé" not in agenda
    assert f'href="{mine.get_absolute_url()}"' in agenda
    assert "Vos dossiers à l'ordre du jour" in html


def test_a_dossier_i_present_or_hold_is_listed_once_and_counted_once(
    client, officer, other_officer
):
    session = make_session(days_ahead=6)
    held_and_presented = put_on_agenda(session, title="Je le tiens et le présente", officer=officer)
    presented = put_on_agenda(session, title="Je le présente", officer=other_officer, position=2)
    presented.presenter = officer
    presented.save(update_fields=["presenter"])
    put_on_agenda(session, title="Ni tenu ni présenté", officer=other_officer, position=3)
    client.force_login(officer)

    html = client.get(URL).text

    agenda = html[html.index('data-portfolio="agenda"') :].split("</table>")[0]
    assert agenda.count(held_and_presented.get_absolute_url()) == 1
    assert agenda.count(presented.get_absolute_url()) == 1
    assert "Ni tenu ni présenté" not in agenda
    assert re.search(r'id="dossiers-task-force">Vos dossiers[^<]*<span[^>]*>2</span>', html)


def test_the_nearest_coming_sessions_are_shown_each_with_its_own_number_of_dossiers(
    client, officer, other_officer
):
    from taskforce.templatetags.taskforce_portfolio import COMING_SESSIONS_SHOWN

    cancelled = make_session(days_ahead=1, status="cancelled")
    sessions = [make_session(days_ahead=2 + day) for day in range(COMING_SESSIONS_SHOWN + 2)]
    for count, session in enumerate(sessions):
        for position in range(1, count + 1):
            put_on_agenda(session, officer=other_officer, position=position)
    client.force_login(officer)

    html = client.get(URL).text

    shown = html[html.index('data-portfolio="sessions"') :].split("</table>")[0]
    counts = re.findall(r'text-end">(\d+)</td>', shown)
    assert counts == [str(count) for count in range(COMING_SESSIONS_SHOWN)]
    assert sessions[COMING_SESSIONS_SHOWN].get_absolute_url() not in shown
    assert cancelled.get_absolute_url() not in shown


def test_the_manager_sees_the_dossiers_of_the_officer_they_chose(client, manager, officer):
    put_on_agenda(make_session(days_ahead=5), title="Dossier de l'officer", officer=officer)
    client.force_login(manager)

    html = client.get(URL, {"personne": officer.pk}).text

    assert f"Dossiers de {officer} à l'ordre du jour" in html
    assert "Dossier de l&#x27;officer" in html


def test_the_finance_officer_has_no_task_force_section(client, finance_officer, officer):
    item = put_on_agenda(make_session(days_ahead=5), title="Dossier financé", officer=officer)
    item.project.finance_officer = finance_officer
    item.project.save(update_fields=["finance_officer"])
    client.force_login(finance_officer)

    html = client.get(URL).text

    assert "Task forces à venir" not in html
    assert reverse("taskforce:session_list") not in html


def test_many_dossiers_on_coming_agendas_open_in_full(client, officer):
    session = make_session(days_ahead=5)
    for position in range(1, PORTFOLIO_ROWS + 3):
        put_on_agenda(session, officer=officer, position=position)
    client.force_login(officer)

    html = client.get(URL).text
    agenda = html[html.index('data-portfolio="agenda"') :].split("</table>")[0]
    assert agenda.count("<tr>") == PORTFOLIO_ROWS + 1  # and the header row
    assert f'href="?tout=seances#dossiers-task-force">Voir les {PORTFOLIO_ROWS + 2}<' in html

    full = client.get(URL, {"tout": "seances"}).text
    agenda = full[full.index('data-portfolio="agenda"') :].split("</table>")[0]
    assert agenda.count("<tr>") == PORTFOLIO_ROWS + 2 + 1  # and the header row


def test_the_portfolio_sections_run_the_same_number_of_queries_for_few_or_many_rows(
    client, officer
):
    def add(count: int, offset: int) -> None:
        session = make_session(days_ahead=3 + offset)
        for position in range(1, count + 1):
            put_on_agenda(session, officer=officer, position=offset * 100 + position)
            ProjectFactory(title=f"Demande {offset}-{position}")

    client.force_login(officer)
    add(2, 0)
    with CaptureQueriesContext(connection) as few:
        assert client.get(URL).status_code == 200
    for offset in range(1, 7):
        add(4, offset)
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL)

    assert response.context["unassigned"].total == 26
    assert len(many) == len(few)

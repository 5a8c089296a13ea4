"""Collective actions: one action, several companies; on each participant's support plan and
timeline; who may run them; what the forms accept; what the pages cost in queries."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from projects import workflow
from projects.forms.collective import participant_label
from projects.models import (
    CollectiveAction,
    CollectiveParticipation,
    DecisionOutcome,
    PartnerOrganisation,
    Stage,
)
from projects.services import collective as services

from .factories import CompanyFactory, ProjectFactory, decided_project

pytestmark = pytest.mark.django_db

RUNNER_FIXTURES = ["officer", "manager"]
REFUSED_FIXTURES = ["finance_officer", "member", "company_user", "no_role_user"]
OUTSIDER_FIXTURES = ["member", "company_user", "no_role_user"]

LIST_URL = reverse("projects:collective_action_list")
CREATE_URL = reverse("projects:collective_action_create")


def make_action(**fields) -> CollectiveAction:
    values = {
        "kind": CollectiveAction.Kind.TRAINING,
        "title": "Formation au lean manufacturing",
        "starts_on": datetime.date(2026, 3, 10),
        **fields,
    }
    return CollectiveAction.objects.create(**values)


def join(action, project, **fields) -> CollectiveParticipation:
    return CollectiveParticipation.objects.create(
        action=action, project=project, company=project.company, **fields
    )


def detail_url(action) -> str:
    return reverse("projects:collective_action_detail", args=[action.pk])


def edit_url(action) -> str:
    return reverse("projects:collective_action_edit", args=[action.pk])


def add_url(action) -> str:
    return reverse("projects:collective_participant_add", args=[action.pk])


def participant_edit_url(participation) -> str:
    return reverse(
        "projects:collective_participant_edit", args=[participation.action_id, participation.pk]
    )


def search_url(action) -> str:
    return reverse("projects:collective_participant_search", args=[action.pk])


def remove_url(participation) -> str:
    return reverse(
        "projects:collective_participant_remove", args=[participation.action_id, participation.pk]
    )


def action_data(**overrides) -> dict:
    data = {
        "kind": "diagnosis",
        "title": "Diagnostic collectif « usine du futur »",
        "description": "Trois jours en atelier avec le CETIM.",
        "provider": "",
        "starts_on": "2026-04-07",
        "ends_on": "2026-04-09",
        "total_cost": "9 000",
        "status": "planned",
    }
    data.update(overrides)
    return data


def errors(response, field: str) -> list[str]:
    return response.context["form"].errors.get(field, [])


@pytest.fixture
def forges(officer):
    return decided_project(
        DecisionOutcome.APPROVED,
        officer=officer,
        stage=Stage.IN_SUPPORT,
        title="Robotisation de la découpe",
        company=CompanyFactory(name="Forges de l'Adour"),
    )


@pytest.fixture
def fonderie(officer):
    return decided_project(
        DecisionOutcome.APPROVED_WITH_CONDITIONS,
        officer=officer,
        stage=Stage.DECIDED,
        title="Moules imprimés en 3D",
        company=CompanyFactory(name="Fonderie du Médoc"),
    )


# --- One action, several companies


def test_a_collective_action_with_two_companies_appears_on_both_support_plans_and_timelines(
    client, officer, forges, fonderie
):
    client.force_login(officer)
    response = client.post(CREATE_URL, action_data(kind="training", title="Formation lean"))
    action = CollectiveAction.objects.get()
    assert response.status_code == 302 and response.url == detail_url(action)
    assert action.created_by == officer and action.total_cost == Decimal("9000")

    for project, days, share in ((forges, "2", "4 500"), (fonderie, "1,5", "4500")):
        response = client.post(
            add_url(action), {"project": project.pk, "days": days, "cost_share": share}
        )
        assert response.status_code == 302
        assert response.url == detail_url(action) + "#participants"

    shares = {
        p.project_id: (p.days, p.cost_share, p.company_id) for p in action.participations.all()
    }
    assert shares == {
        forges.pk: (Decimal("2"), Decimal("4500"), forges.company_id),
        fonderie.pk: (Decimal("1.5"), Decimal("4500"), fonderie.company_id),
    }
    for project, days in ((forges, "2"), (fonderie, "1,5")):
        page = client.get(project.get_absolute_url()).text
        plan = page[
            page.index('id="accompagnement-collectif"') : page.index(
                'id="accompagnement-etudiants"'
            )
        ]
        assert "Formation lean" in plan and detail_url(action) in plan
        assert f'<td class="text-end">{days}</td>' in plan
        assert '<td class="text-end">2</td>' in plan  # two companies take part
        timeline = page[page.index('id="historique"') :]
        assert "Action collective : Formation lean (Session de formation)" in timeline
        assert f"Entreprise inscrite par {officer}" in timeline

    detail = client.get(detail_url(action)).text
    assert "Forges de l&#x27;Adour" in detail and "Fonderie du Médoc" in detail
    assert "Entreprises participantes (2)" in detail
    assert 'data-total="days">3,5<' in detail


def test_the_action_stays_off_the_plans_of_projects_not_taking_part(client, officer, forges):
    action = make_action(title="Salon Global Industrie")
    bystander = ProjectFactory(officer=officer)
    join(action, forges)
    client.force_login(officer)

    page = client.get(bystander.get_absolute_url()).text

    assert "Salon Global Industrie" not in page
    assert "ne participe à aucune action collective" in page


def test_adding_then_removing_a_participant(client, manager, forges):
    action = make_action()
    client.force_login(manager)

    client.post(add_url(action), {"project": forges.pk, "days": "", "cost_share": ""})
    participation = action.participations.get()
    assert participation.added_by == manager
    assert participation.days is None and participation.cost_share is None

    response = client.post(remove_url(participation))

    assert response.status_code == 302
    assert not action.participations.exists()
    assert CollectiveAction.objects.filter(pk=action.pk).exists()
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages[-1] == (
        "« Forges de l'Adour » ne participe plus à l'action « Formation au lean manufacturing »."
    )
    page = client.get(forges.get_absolute_url()).text
    plan = page[page.index('id="accompagnement"') : page.index('id="historique"')]
    assert "Formation au lean" not in plan
    # The history of changes keeps the removal, with who made it.
    history = page[page.index('id="historique"') :]
    assert "Suppression — Participation à une action collective" in history
    assert f"Par {manager}," in history


def test_a_participant_s_days_and_share_are_changed_not_its_project(client, officer, forges):
    action = make_action(total_cost=Decimal("3000"))
    participation = join(action, forges, days=Decimal("1"))
    other = ProjectFactory(officer=officer)
    client.force_login(officer)

    page = client.get(participant_edit_url(participation))
    assert 'name="project"' not in page.text

    response = client.post(
        participant_edit_url(participation),
        {"days": "2,5", "cost_share": "1 200,50", "project": other.pk},
    )

    assert response.status_code == 302
    participation.refresh_from_db()
    assert participation.days == Decimal("2.5")
    assert participation.cost_share == Decimal("1200.50")
    assert participation.project == forges


# --- A company takes part once


def test_a_company_cannot_be_added_twice_even_through_another_project(client, officer, forges):
    action = make_action()
    join(action, forges)
    same_company = decided_project(
        DecisionOutcome.APPROVED,
        company=forges.company,
        title="Second projet",
        stage=Stage.DECIDED,
    )
    client.force_login(officer)

    response = client.post(
        add_url(action), {"project": same_company.pk, "days": "4", "cost_share": "800"}
    )

    assert response.status_code == 200
    assert errors(response, "project") == [
        "« Forges de l'Adour » participe déjà à cette action (projet « Robotisation de la "
        "découpe ») : une entreprise ne s'inscrit qu'une fois."
    ]
    assert action.participations.count() == 1
    # Nothing typed is lost, and the summary links to the field.
    html = response.text
    assert 'value="4"' in html and 'value="800"' in html
    assert f'value="{same_company.pk} — {escape(participant_label(same_company))}"' in html
    assert 'href="#id_project"' in html
    assert response.context["title"].startswith("Ajouter une entreprise")


def test_two_people_adding_the_same_company_at_once_get_the_french_refusal(forges, officer):
    action = make_action()
    join(action, forges)
    second = CollectiveParticipation(project=ProjectFactory(company=forges.company))

    with pytest.raises(ValidationError) as refused:
        services.collective_participant_add(action=action, participation=second, by=officer)

    assert refused.value.messages == ["Cette entreprise participe déjà à cette action."]
    assert action.participations.count() == 1


def test_the_same_company_may_attend_two_different_actions(client, officer, forges):
    first, second = make_action(), make_action(title="Salon Global Industrie")
    join(first, forges)
    client.force_login(officer)

    response = client.post(add_url(second), {"project": forges.pk})

    assert response.status_code == 302
    assert forges.collective_participations.count() == 2


# --- What the forms accept


def test_an_end_before_the_start_is_refused_in_french(client, officer):
    client.force_login(officer)

    response = client.post(CREATE_URL, action_data(starts_on="2026-04-09", ends_on="2026-04-07"))

    assert response.status_code == 200
    assert errors(response, "ends_on") == ["La fin ne peut pas précéder le début (09/04/2026)."]
    assert not CollectiveAction.objects.exists()
    assert "Diagnostic collectif « usine du futur »" in response.text  # what was typed


def test_an_action_needs_a_start_date_a_kind_and_a_title(client, officer):
    client.force_login(officer)

    response = client.post(CREATE_URL, action_data(starts_on="", kind="", title="  "))

    assert errors(response, "starts_on") == ["Indiquez la date de début."]
    assert errors(response, "kind") == ["Choisissez la nature de l'action."]
    assert errors(response, "title") == ["Donnez un intitulé à l'action."]
    assert response.text.startswith("<!doctype html>") and "<title>Erreur" in response.text


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("total_cost", "-5", "Le montant ne peut pas être négatif."),
        (
            "total_cost",
            "beaucoup",
            "Saisissez un montant en euros, par exemple 12 500 ou 12 500,50.",
        ),
        ("starts_on", "31/02/2026", "Saisissez une date valide, par exemple 31/12/2025."),
        ("kind", "banquet", "Choisissez une nature d'action de la liste."),
        ("status", "perdue", "Choisissez un statut de la liste."),
        ("provider", "999999", "Choisissez une organisation de la liste."),
    ],
)
def test_bad_action_input_is_refused_in_french(client, officer, field, value, message):
    client.force_login(officer)
    response = client.post(CREATE_URL, action_data(**{field: value}))
    assert errors(response, field) == [message]
    assert not CollectiveAction.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("days", "-1", "Le nombre de jours ne peut pas être négatif."),
        ("days", "2,25", "Comptez par demi-journées : un chiffre après la virgule."),
        ("days", "3000", "2 000 jours au plus."),
        ("cost_share", "mille", "Saisissez un montant en euros, par exemple 12 500 ou 12 500,50."),
        ("project", "", "Choisissez l'entreprise participante et son projet."),
        ("project", "abc", "Aucun choix ne correspond à « abc »."),
        ("project", "999999999", "Choisissez un projet accordé parmi les suggestions."),
        (
            "project",
            "99999999999999999999999",
            "Aucun choix ne correspond à « 99999999999999999999999 ».",
        ),
    ],
)
def test_bad_participant_input_is_refused_in_french(client, officer, forges, field, value, message):
    action = make_action()
    client.force_login(officer)
    data = {"project": forges.pk, "days": "1", "cost_share": "", field: value}
    response = client.post(add_url(action), data)
    assert response.status_code == 200
    assert errors(response, field) == [message]
    assert not action.participations.exists()


@pytest.mark.parametrize(
    ("stage", "outcome"),
    [
        (Stage.COMPLETED, DecisionOutcome.APPROVED),
        (Stage.DIAGNOSIS, ""),
        (Stage.DECIDED, DecisionOutcome.REJECTED),
    ],
)
def test_only_projects_granted_a_support_plan_are_offered(client, officer, stage, outcome):
    action = make_action()
    elsewhere = decided_project(outcome, stage=stage, title="Pas de plan")
    client.force_login(officer)

    assert "Pas de plan" not in client.get(add_url(action)).text
    assert client.get(search_url(action), {"q": "plan"}).json() == {"results": []}
    response = client.post(add_url(action), {"project": elsewhere.pk})

    assert errors(response, "project") == ["Choisissez un projet accordé parmi les suggestions."]
    assert not action.participations.exists()


# --- Choosing the company among thousands: typed and searched


def test_the_form_holds_no_option_per_granted_project_whatever_their_number(client, officer):
    action = make_action()
    client.force_login(officer)
    few = client.get(add_url(action)).text
    for index in range(20):
        decided_project(DecisionOutcome.APPROVED, stage=Stage.IN_SUPPORT, title=f"Projet {index}")

    many = client.get(add_url(action)).text

    assert "<option" not in many.split('id="contenu"')[1]
    assert len(many) == len(few)
    assert f'data-search-url="{search_url(action)}"' in many


def test_the_search_answers_granted_projects_by_company_accents_ignored(
    client, officer, forges, fonderie
):
    action = make_action()
    client.force_login(officer)

    found = client.get(search_url(action), {"q": "medoc"}).json()["results"]

    assert found == [f"{fonderie.pk} — Fonderie du Médoc — Moules imprimés en 3D (Décidé)"]


def test_a_company_named_alone_adds_its_one_granted_project(client, officer, forges, fonderie):
    action = make_action()
    client.force_login(officer)

    response = client.post(add_url(action), {"project": "forges adour", "days": "2"})

    assert response.status_code == 302
    assert action.participations.get().project == forges


def test_words_matching_no_granted_project_are_said_in_french_and_kept(client, officer, forges):
    action = make_action()
    client.force_login(officer)

    response = client.post(add_url(action), {"project": "Chaudronnerie", "days": "2"})

    assert errors(response, "project") == ["Aucun choix ne correspond à « Chaudronnerie »."]
    assert 'value="Chaudronnerie"' in response.text
    assert not action.participations.exists()


def test_the_cost_shares_cannot_exceed_the_action_s_total_cost(client, officer, forges, fonderie):
    action = make_action(total_cost=Decimal("5000"))
    join(action, forges, cost_share=Decimal("3000"))
    client.force_login(officer)

    response = client.post(add_url(action), {"project": fonderie.pk, "cost_share": "2500"})

    assert errors(response, "cost_share") == [
        "Avec les parts des autres participants (3\xa0000,00 €), on dépasserait le coût total "
        "de l'action (5\xa0000,00 €)."
    ]
    response = client.post(edit_url(action), action_data(total_cost="2000"))
    assert errors(response, "total_cost") == [
        "Les parts des entreprises participantes font déjà 3\xa0000,00 € : le coût total ne "
        "peut pas être moindre."
    ]
    assert (
        client.post(add_url(action), {"project": fonderie.pk, "cost_share": "2000"}).status_code
        == 302
    )


def test_a_participation_through_another_action_is_a_404(client, officer, forges):
    action, other = make_action(), make_action(title="Autre")
    participation = join(action, forges)
    client.force_login(officer)

    wrong = reverse("projects:collective_participant_remove", args=[other.pk, participation.pk])
    assert client.post(wrong).status_code == 404
    assert (
        client.get(reverse("projects:collective_action_detail", args=[999999])).status_code == 404
    )
    assert CollectiveParticipation.objects.filter(pk=participation.pk).exists()


# --- Who may


@pytest.mark.parametrize("fixture_name", RUNNER_FIXTURES)
def test_officers_and_the_manager_run_collective_actions(client, as_user, fixture_name, forges):
    as_user(fixture_name)
    action = make_action()
    participation = join(action, forges)

    assert client.get(CREATE_URL).status_code == 200
    assert client.get(edit_url(action)).status_code == 200
    assert client.get(add_url(action)).status_code == 200
    assert client.get(participant_edit_url(participation)).status_code == 200
    page = client.get(detail_url(action)).text
    assert (
        edit_url(action) in page and add_url(action) in page and remove_url(participation) in page
    )
    assert CREATE_URL in client.get(LIST_URL).text


def test_the_finance_officer_reads_collective_actions_without_changing_them(
    client, finance_officer, forges, fonderie
):
    action = make_action()
    participation = join(action, forges)
    client.force_login(finance_officer)

    assert client.get(LIST_URL).status_code == 200
    page = client.get(detail_url(action))
    assert page.status_code == 200 and "Forges de l&#x27;Adour" in page.text
    assert edit_url(action) not in page.text and add_url(action) not in page.text
    assert CREATE_URL not in client.get(LIST_URL).text
    assert client.post(CREATE_URL, action_data()).status_code == 403
    assert client.post(edit_url(action), action_data(title="Changé")).status_code == 403
    assert client.post(add_url(action), {"project": fonderie.pk}).status_code == 403
    assert client.post(participant_edit_url(participation), {"days": "9"}).status_code == 403
    assert client.post(remove_url(participation)).status_code == 403
    action.refresh_from_db()
    assert action.title == "Formation au lean manufacturing"
    assert list(action.participations.values_list("project_id", "days")) == [(forges.pk, None)]


@pytest.mark.parametrize("fixture_name", OUTSIDER_FIXTURES)
def test_members_companies_and_people_without_a_role_see_nothing(
    client, as_user, fixture_name, forges
):
    action = make_action()
    participation = join(action, forges)
    as_user(fixture_name)

    for url in (LIST_URL, detail_url(action), CREATE_URL, add_url(action)):
        assert client.get(url).status_code == 403, url
    assert client.post(remove_url(participation)).status_code == 403
    assert action.participations.count() == 1


def test_anonymous_visitors_are_sent_to_log_in(client, forges):
    action = make_action()
    participation = join(action, forges)
    for url in (
        LIST_URL,
        detail_url(action),
        CREATE_URL,
        add_url(action),
        remove_url(participation),
    ):
        response = client.post(url) if url == remove_url(participation) else client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))
    assert action.participations.count() == 1


def test_removing_a_participant_takes_a_post(client, officer, forges):
    participation = join(make_action(), forges)
    client.force_login(officer)
    assert client.get(remove_url(participation)).status_code == 405
    assert client.post(detail_url(participation.action)).status_code == 405


# --- The list


def test_the_list_filters_by_year_kind_and_status_and_counts_companies_reached(
    client, officer, forges, fonderie
):
    fair = make_action(kind="trade_fair", title="Salon 2025", starts_on=datetime.date(2025, 11, 4))
    training = make_action(title="Formation 2026")
    cancelled = make_action(title="Annulée 2026", status="cancelled")
    join(fair, forges)
    join(training, forges)
    join(training, fonderie)
    join(cancelled, ProjectFactory())
    client.force_login(officer)

    everything = client.get(LIST_URL)
    assert everything.context["page_obj"].paginator.count == 3
    assert everything.context["reach"]["companies"] == 2  # the cancelled one left out
    in_2026 = client.get(LIST_URL, {"annee": "2026"})
    assert [a.title for a in in_2026.context["page_obj"]] == ["Annulée 2026", "Formation 2026"]
    assert in_2026.context["reach"] == {"actions": 1, "companies": 2, "participations": 2}
    assert '<strong data-cell="companies">2</strong> entreprises touchées' in in_2026.text
    fairs = client.get(LIST_URL, {"nature": "trade_fair"})
    assert [a.title for a in fairs.context["page_obj"]] == ["Salon 2025"]
    assert "1</strong> entreprise touchée par ces actions" in fairs.text
    # An unknown value is ignored, never an error.
    assert client.get(LIST_URL, {"annee": "deux-mille", "statut": "x"}).status_code == 200


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def _populate(count: int, offset: int = 0) -> CollectiveAction:
    action = None
    for n in range(offset, offset + count):
        provider = PartnerOrganisation.objects.create(
            name=f"Centre technique {n}", kind="tech_centre"
        )
        action = make_action(title=f"Action {n}", provider=provider)
        for _ in range(2):
            project = ProjectFactory(stage=Stage.IN_SUPPORT)
            join(action, project, days=Decimal("1"), cost_share=Decimal("100"))
            workflow.schedule_follow_ups(project)
    return action


def test_the_list_takes_the_same_queries_for_few_and_many_actions(client, officer):
    _populate(2)
    client.force_login(officer)
    client.get(LIST_URL)
    few = _queries(client, LIST_URL)
    _populate(20, offset=2)
    many = _queries(client, LIST_URL)
    assert few == many


def test_an_action_s_page_takes_the_same_queries_for_few_and_many_participants(client, officer):
    few_action = _populate(1)
    many_action = make_action(title="Beaucoup")
    for _ in range(15):
        project = ProjectFactory(stage=Stage.IN_SUPPORT)
        join(many_action, project, days=Decimal("1"))
        workflow.schedule_follow_ups(project)
    client.force_login(officer)
    client.get(detail_url(few_action))

    assert _queries(client, detail_url(few_action)) == _queries(client, detail_url(many_action))
    assert _queries(client, add_url(few_action)) == _queries(client, add_url(many_action))


# --- The support plan's rules


def test_a_collective_action_is_enough_to_start_support(officer):
    project = decided_project(
        DecisionOutcome.APPROVED,
        officer=officer,
        stage=Stage.DECIDED,
    )
    assert not workflow.check_move(project, Stage.IN_SUPPORT, officer).allowed

    join(make_action(), project)

    assert workflow.check_move(project, Stage.IN_SUPPORT, officer).allowed


def test_completing_a_project_waits_for_its_collective_actions(officer, forges):
    action = make_action(status="in_progress")
    join(action, forges)

    check = workflow.check_move(forges, Stage.COMPLETED, officer)
    assert check.reasons == [
        "Les actions collectives du projet doivent être terminées ou annulées."
    ]

    action.status = CollectiveAction.Status.DONE
    action.save()
    assert workflow.check_move(forges, Stage.COMPLETED, officer).allowed

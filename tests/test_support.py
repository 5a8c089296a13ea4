"""Support actions: who may change the plan, what the form accepts, and the plan's section."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from projects.models import (
    CollectiveAction,
    CollectiveParticipation,
    PartnerOrganisation,
    Stage,
    StudentPlacement,
    SupportAction,
)
from projects.views.support import support_context
from projects.workflow import schedule_follow_ups

from .factories import ProjectFactory

pytestmark = pytest.mark.django_db

EDITOR_FIXTURES = ["officer", "manager"]
REFUSED_FIXTURES = ["finance_officer", "member", "company_user", "no_role_user"]


@pytest.fixture
def project(officer):
    return ProjectFactory(officer=officer, stage=Stage.DECIDED)


@pytest.fixture
def provider(db):
    return PartnerOrganisation.objects.create(name="ENSAM Bordeaux", kind="school")


def make_action(project, **fields) -> SupportAction:
    values = {"kind": SupportAction.Kind.EXPERTISE, "title": "Audit de la ligne", **fields}
    return SupportAction.objects.create(project=project, **values)


def create_url(project) -> str:
    return reverse("projects:support_action_create", args=[project.pk])


def edit_url(action) -> str:
    return reverse("projects:support_action_edit", args=[action.project_id, action.pk])


def delete_url(action) -> str:
    return reverse("projects:support_action_delete", args=[action.project_id, action.pk])


def action_data(**overrides) -> dict:
    data = {
        "kind": "work_study",
        "title": "Alternant·e ingénieur en automatisme",
        "provider": "",
        "starts_on": "2026-09-01",
        "ends_on": "2027-08-31",
        "days": "120",
        "status": "planned",
    }
    data.update(overrides)
    return data


def errors(response, field: str) -> list[str]:
    return response.context["form"].errors.get(field, [])


# --- Who may


@pytest.mark.parametrize("fixture_name", EDITOR_FIXTURES)
def test_officers_and_the_manager_add_an_action(client, as_user, fixture_name, project, provider):
    as_user(fixture_name)
    assert client.get(create_url(project)).status_code == 200

    response = client.post(create_url(project), action_data(provider=provider.pk))

    assert response.status_code == 302
    assert response.url == project.get_absolute_url() + "#accompagnement"
    action = project.support_actions.get()
    assert action.kind == SupportAction.Kind.WORK_STUDY
    assert action.provider == provider
    assert action.starts_on == datetime.date(2026, 9, 1)
    assert action.ends_on == datetime.date(2027, 8, 31)
    assert action.days == Decimal("120")


@pytest.mark.parametrize("fixture_name", REFUSED_FIXTURES)
def test_the_finance_officer_and_others_cannot_change_the_plan(
    client, as_user, fixture_name, project
):
    action = make_action(project)
    as_user(fixture_name)

    assert client.get(create_url(project)).status_code == 403
    assert client.post(create_url(project), action_data()).status_code == 403
    assert client.get(edit_url(action)).status_code == 403
    assert client.post(edit_url(action), action_data(title="Changé")).status_code == 403
    assert client.post(delete_url(action)).status_code == 403

    action.refresh_from_db()
    assert action.title == "Audit de la ligne"
    assert project.support_actions.count() == 1


def test_anonymous_visitor_is_sent_to_login(client, project):
    action = make_action(project)
    for url in (create_url(project), edit_url(action), delete_url(action)):
        response = client.post(url, action_data())
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))
    assert project.support_actions.count() == 1


def test_wrong_methods_are_refused(client, officer, project):
    action = make_action(project)
    client.force_login(officer)
    assert client.get(delete_url(action)).status_code == 405
    assert client.put(create_url(project)).status_code == 405
    assert client.patch(edit_url(action)).status_code == 405
    assert SupportAction.objects.filter(pk=action.pk).exists()


def test_an_action_through_another_project_is_a_404(client, officer, project):
    foreign = make_action(ProjectFactory())
    client.force_login(officer)
    for name in ("projects:support_action_edit", "projects:support_action_delete"):
        url = reverse(name, args=[project.pk, foreign.pk])
        assert client.post(url, action_data()).status_code == 404
    assert client.get(reverse("projects:support_action_create", args=[999999])).status_code == 404
    foreign.refresh_from_db()
    assert foreign.title == "Audit de la ligne"


# --- Changing and removing


def test_an_officer_marks_an_action_done(client, officer, project):
    action = make_action(project, days=Decimal("4"))
    client.force_login(officer)
    assert 'value="4,0"' in client.get(edit_url(action)).text

    response = client.post(
        edit_url(action),
        action_data(kind="expertise", title="Audit de la ligne", days="4,5", status="done"),
    )

    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == SupportAction.Status.DONE
    assert action.days == Decimal("4.5")


def test_removing_an_action(client, manager, project):
    action = make_action(project)
    client.force_login(manager)
    response = client.post(delete_url(action))
    assert response.status_code == 302
    assert not SupportAction.objects.filter(pk=action.pk).exists()
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "L'action « Audit de la ligne » a été retirée du plan d'accompagnement."
    ]


def test_optional_fields_may_stay_empty(client, officer, project):
    client.force_login(officer)
    response = client.post(
        create_url(project), action_data(starts_on="", ends_on="", days="", provider="")
    )
    assert response.status_code == 302
    action = project.support_actions.get()
    assert action.days is None and action.starts_on is None and action.provider is None


def test_french_dates_are_understood(client, officer, project):
    client.force_login(officer)
    response = client.post(
        create_url(project), action_data(starts_on="01/09/2026", ends_on="31/08/2027")
    )
    assert response.status_code == 302
    assert project.support_actions.get().ends_on == datetime.date(2027, 8, 31)


def test_a_retired_provider_is_kept_on_old_actions_only(client, officer, project, provider):
    action = make_action(project, provider=provider)
    provider.is_active = False
    provider.save()
    client.force_login(officer)
    assert "ENSAM Bordeaux" not in client.get(create_url(project)).text
    assert client.post(create_url(project), action_data(provider=provider.pk)).status_code == 200
    response = client.post(edit_url(action), action_data(provider=provider.pk))
    assert response.status_code == 302


# --- What the form refuses, in French, beside the field


def test_an_end_before_the_start_is_refused(client, officer, project):
    client.force_login(officer)
    response = client.post(
        create_url(project), action_data(starts_on="2026-09-01", ends_on="2026-08-31")
    )
    assert response.status_code == 200
    assert errors(response, "ends_on") == ["La fin ne peut pas précéder le début (01/09/2026)."]
    assert response.context["form"].non_field_errors() == []
    assert 'value="2026-08-31"' in response.text
    assert not project.support_actions.exists()


def test_same_day_start_and_end_is_fine(client, officer, project):
    client.force_login(officer)
    data = action_data(starts_on="2026-09-01", ends_on="2026-09-01")
    assert client.post(create_url(project), data).status_code == 302


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("-1", "Le nombre de jours ne peut pas être négatif."),
        ("2000,5", "2 000 jours au plus."),
        ("2001", "2 000 jours au plus."),
        ("99999999999999999999", "2 000 jours au plus."),
        ("1e309", "Saisissez un nombre de jours, par exemple 3 ou 2,5."),
        ("NaN", "Saisissez un nombre de jours, par exemple 3 ou 2,5."),
        ("Infinity", "Saisissez un nombre de jours, par exemple 3 ou 2,5."),
        ("trois", "Saisissez un nombre de jours, par exemple 3 ou 2,5."),
        ("2,25", "Comptez par demi-journées : un chiffre après la virgule."),
    ],
)
def test_bad_numbers_of_days_are_refused_in_french(client, officer, project, typed, message):
    client.force_login(officer)
    response = client.post(create_url(project), action_data(days=typed))
    assert response.status_code == 200
    assert errors(response, "days") == [message]
    assert f'value="{typed}"' in response.text
    assert not project.support_actions.exists()


@pytest.mark.parametrize("days", ["0", "2000", "2,5", "0.5"])
def test_days_within_bounds_are_accepted(client, officer, project, days):
    client.force_login(officer)
    assert client.post(create_url(project), action_data(days=days)).status_code == 302


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "  ", "Donnez un intitulé à l'action."),
        ("kind", "", "Choisissez la nature de l'action."),
        ("kind", "holiday", "Choisissez une nature d'action de la liste."),
        ("status", "lost", "Choisissez un statut de la liste."),
        # Typed: words matching no organisation, a number naming none.
        ("provider", "abc", "Aucun choix ne correspond à « abc »."),
        ("provider", "999999", "Choisissez une organisation de la liste."),
        (
            "provider",
            "99999999999999999999999",
            "Aucun choix ne correspond à « 99999999999999999999999 ».",
        ),
        ("starts_on", "31/02/2026", "Saisissez une date valide, par exemple 31/12/2025."),
        ("ends_on", "demain", "Saisissez une date valide, par exemple 31/12/2025."),
    ],
)
def test_bad_input_is_refused_in_french(client, officer, project, field, value, message):
    client.force_login(officer)
    response = client.post(create_url(project), action_data(**{field: value}))
    assert response.status_code == 200
    assert errors(response, field) == [message]
    assert not project.support_actions.exists()


# --- The section on the project page


def section_html(project, user) -> str:
    request = RequestFactory().get("/")
    request.user = user
    context = {"project": project, "user": user, "request": request}
    context.update(support_context(project, user))
    return render_to_string("projects/partials/support.html", context, request=request)


def test_the_section_lists_actions_days_and_follow_ups(project, officer, provider):
    make_action(project, provider=provider, days=Decimal("3.5"))
    make_action(project, title="Stage de fin d'études", kind="intern", days=Decimal("100"))
    project.support_started_on = datetime.date(2026, 1, 15)
    schedule_follow_ups(project)

    html = section_html(project, officer)

    assert '<section aria-labelledby="accompagnement"' in html
    assert 'id="accompagnement">Plan d\'accompagnement</h2>' in html
    assert "ENSAM Bordeaux" in html
    assert '<td class="text-end fw-bold" data-total="days">103,5</td>' in html
    assert "À 3 mois" in html and "15/04/2026" in html
    assert "À 12 mois" in html and "15/01/2027" in html
    assert 'scope="row"' in html and "<caption" in html


@pytest.mark.parametrize("fixture_name", EDITOR_FIXTURES)
def test_editors_see_the_buttons(request, project, fixture_name):
    user = request.getfixturevalue(fixture_name)
    action = make_action(project)
    schedule_follow_ups(project)
    html = section_html(project, user)
    assert create_url(project) in html
    assert edit_url(action) in html
    assert (
        reverse("projects:follow_up_answer", args=[project.pk, project.follow_ups.first().pk])
        in html
    )


@pytest.mark.parametrize("fixture_name", ["finance_officer", "member"])
def test_readers_see_no_buttons(request, project, fixture_name):
    user = request.getfixturevalue(fixture_name)
    action = make_action(project)
    schedule_follow_ups(project)
    html = section_html(project, user)
    assert "Audit de la ligne" in html
    assert create_url(project) not in html
    assert edit_url(action) not in html
    assert "/suivis/" not in html


def test_the_section_takes_four_queries_whatever_the_plan(
    project, officer, provider, django_assert_num_queries
):
    # Four since the section also lists the collective actions and the student placements.
    officer.roles  # noqa: B018 - read once per request, like the project page does.
    make_action(project, provider=provider)
    with django_assert_num_queries(4):
        section_html(project, officer)

    for index in range(6):
        partner = PartnerOrganisation.objects.create(name=f"Partenaire {index}", kind="lab")
        make_action(project, title=f"Action {index}", provider=partner)
        collective = CollectiveAction.objects.create(
            kind="training", title=f"Formation {index}", starts_on=datetime.date(2026, 3, 1),
            provider=partner,
        )  # fmt: skip
        for company_project in (project, ProjectFactory()):
            CollectiveParticipation.objects.create(
                action=collective, project=company_project, company=company_project.company
            )
        StudentPlacement.objects.create(
            project=project, kind="intern", institution=partner, student_name=f"Élève {index}",
            degree="Master 2", starts_on=datetime.date(2026, 3, 1),
            ends_on=datetime.date(2026, 8, 31), contract_type="internship",
        )  # fmt: skip
    schedule_follow_ups(project)
    with django_assert_num_queries(4):
        html = section_html(project, officer)
    assert html.count('id="collective-') == 6 and html.count('id="etudiant-') == 6


def test_the_project_page_shows_the_plan_read_only_to_the_finance_officer(
    client, finance_officer, project
):
    action = make_action(project)
    client.force_login(finance_officer)
    html = client.get(project.get_absolute_url()).text
    assert '<section aria-labelledby="accompagnement"' in html
    assert "Audit de la ligne" in html
    assert edit_url(action) not in html
    assert create_url(project) not in html

"""Editing a project's diagnosis (projects:diagnosis): axes, budget, dates and the team."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from pmi_aqt.accounts.models import Role
from projects.models import InterventionAxis

from .conftest import NON_STAFF_FIXTURES
from .factories import ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db


def diagnosis_url(project) -> str:
    return reverse("projects:diagnosis", args=[project.pk])


def axis_pk(code: str) -> int:
    return InterventionAxis.objects.get(code=code).pk


def diagnosis_data(in_charge, in_charge_of_finance, **overrides) -> dict:
    data = {
        "axes": [axis_pk("digital"), axis_pk("process")],
        "primary_axis": axis_pk("process"),
        "budget": "120 000,50",
        "starts_on": "2026-03-01",
        "ends_on": "2026-12-31",
        "officer": in_charge.pk,
        "finance_officer": in_charge_of_finance.pk,
        "task_force_request": "Une expertise capteurs et un stagiaire ingénieur.",
    }
    data.update(overrides)
    return data


def field_errors(response, field: str) -> list[str]:
    return response.context["form"].errors.get(field, [])


@pytest.fixture
def project(officer):
    return ProjectFactory(officer=officer, axis_codes=["digital"])


# --- Who may


@pytest.mark.parametrize("fixture_name", ["officer", "manager"])
def test_officers_and_the_manager_edit_the_diagnosis(
    client, as_user, fixture_name, project, officer, finance_officer
):
    as_user(fixture_name)
    assert client.get(diagnosis_url(project)).status_code == 200

    response = client.post(diagnosis_url(project), diagnosis_data(officer, finance_officer))

    assert response.status_code == 302
    assert response.url == project.get_absolute_url() + "#diagnostic"
    project.refresh_from_db()
    assert {a.code for a in project.axes.all()} == {"digital", "process"}
    assert project.primary_axis.code == "process"
    assert project.budget == Decimal("120000.50")
    assert project.starts_on == datetime.date(2026, 3, 1)
    assert project.ends_on == datetime.date(2026, 12, 31)
    assert (project.officer, project.finance_officer) == (officer, finance_officer)
    assert project.task_force_request.startswith("Une expertise capteurs")


def test_the_finance_officer_may_not_edit_the_diagnosis(client, project, officer, finance_officer):
    client.force_login(finance_officer)
    assert client.get(diagnosis_url(project)).status_code == 403
    data = diagnosis_data(officer, finance_officer, budget="1")
    assert client.post(diagnosis_url(project), data).status_code == 403
    project.refresh_from_db()
    assert project.budget is None


@pytest.mark.parametrize("fixture_name", NON_STAFF_FIXTURES)
def test_other_roles_may_not_edit_the_diagnosis(
    client, as_user, fixture_name, project, officer, finance_officer
):
    as_user(fixture_name)
    assert client.get(diagnosis_url(project)).status_code == 403
    response = client.post(diagnosis_url(project), diagnosis_data(officer, finance_officer))
    assert response.status_code == 403
    project.refresh_from_db()
    assert project.budget is None


def test_an_anonymous_visitor_is_sent_to_login(client, project, officer, finance_officer):
    response = client.post(diagnosis_url(project), diagnosis_data(officer, finance_officer))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_an_unknown_project_is_a_404(client, officer):
    client.force_login(officer)
    assert client.get(reverse("projects:diagnosis", args=[999999])).status_code == 404


def test_the_form_only_accepts_get_and_post(client, officer, project):
    client.force_login(officer)
    assert client.put(diagnosis_url(project)).status_code == 405


# --- What it checks


def test_the_form_shows_the_current_diagnosis(client, officer, project):
    project.budget = Decimal("80000")
    project.save()
    client.force_login(officer)

    response = client.get(diagnosis_url(project))

    assert 'value="80000,00"' in response.text
    assert 'type="checkbox"' in response.text
    assert response.context["form"]["axes"].value() == [axis_pk("digital")]
    # The officer is typed and searched: the field shows the person as a suggestion writes it.
    assert response.context["form"]["officer"].value() == f"{officer.pk} — {officer}"


def test_the_primary_axis_must_be_one_of_the_ticked_axes(client, officer, finance_officer, project):
    client.force_login(officer)
    data = diagnosis_data(officer, finance_officer, axes=[axis_pk("digital")])

    response = client.post(diagnosis_url(project), data)

    assert response.status_code == 200
    assert field_errors(response, "primary_axis") == [
        "L'axe principal « Optimisation économique et technologique des procédés » doit "
        "faire partie des axes cochés."
    ]
    project.refresh_from_db()
    assert project.primary_axis is None


@pytest.mark.parametrize(
    ("budget", "message"),
    [
        ("-5", "Le montant ne peut pas être négatif."),
        ("1e309", "Saisissez un montant en euros, par exemple 120 000 ou 120 000,50."),
        ("99999999999", "Le montant ne peut pas dépasser 9 999 999 999,99 €."),
        ("NaN", "Saisissez un montant en euros, par exemple 120 000 ou 120 000,50."),
        ("Infinity", "Saisissez un montant en euros, par exemple 120 000 ou 120 000,50."),
        ("-inf", "Saisissez un montant en euros, par exemple 120 000 ou 120 000,50."),
        ("douze mille", "Saisissez un montant en euros, par exemple 120 000 ou 120 000,50."),
        ("12\x00", "Saisissez un montant en euros, par exemple 120 000 ou 120 000,50."),
        ("12,345", "Indiquez au plus deux chiffres après la virgule."),
    ],
)
def test_a_bad_budget_is_refused_in_french_and_kept(
    client, officer, finance_officer, project, budget, message
):
    client.force_login(officer)

    response = client.post(
        diagnosis_url(project), diagnosis_data(officer, finance_officer, budget=budget)
    )

    assert response.status_code == 200
    assert field_errors(response, "budget") == [message]
    assert "Le formulaire contient des erreurs" in response.text
    if "\x00" not in budget:
        assert f'value="{budget}"' in response.text
    project.refresh_from_db()
    assert project.budget is None


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("120000", Decimal("120000")),
        ("120000.5", Decimal("120000.50")),
        ("120\u00a0000,50", Decimal("120000.50")),
        ("0", Decimal("0")),
        ("9999999999.99", Decimal("9999999999.99")),
        ("", None),
    ],
)
def test_a_budget_is_typed_the_french_way(client, officer, finance_officer, project, typed, stored):
    client.force_login(officer)
    data = diagnosis_data(officer, finance_officer, budget=typed)
    assert client.post(diagnosis_url(project), data).status_code == 302
    project.refresh_from_db()
    assert project.budget == stored


def test_the_end_must_follow_the_start(client, officer, finance_officer, project):
    client.force_login(officer)
    data = diagnosis_data(officer, finance_officer, starts_on="2026-06-01", ends_on="2026-05-31")

    response = client.post(diagnosis_url(project), data)

    assert response.status_code == 200
    assert field_errors(response, "ends_on") == ["La fin prévue doit suivre le début."]
    assert response.context["form"].non_field_errors() == []
    assert 'value="2026-05-31"' in response.text


def test_an_impossible_date_is_refused(client, officer, finance_officer, project):
    client.force_login(officer)
    data = diagnosis_data(officer, finance_officer, starts_on="2026-02-30")
    response = client.post(diagnosis_url(project), data)
    assert response.status_code == 200
    assert field_errors(response, "starts_on")


def test_the_officer_must_be_an_officer_or_the_manager(
    client, officer, manager, finance_officer, member, project
):
    client.force_login(officer)
    for wrong in (finance_officer, member):
        data = diagnosis_data(officer, finance_officer, officer=wrong.pk)
        response = client.post(diagnosis_url(project), data)
        assert response.status_code == 200
        assert field_errors(response, "officer")
    data = diagnosis_data(officer, finance_officer, officer=manager.pk)
    assert client.post(diagnosis_url(project), data).status_code == 302


def test_the_finance_officer_must_hold_that_role_or_be_the_manager(
    client, officer, manager, finance_officer, project
):
    client.force_login(officer)
    data = diagnosis_data(officer, finance_officer, finance_officer=officer.pk)
    response = client.post(diagnosis_url(project), data)
    assert response.status_code == 200
    assert field_errors(response, "finance_officer")
    data = diagnosis_data(officer, finance_officer, finance_officer=manager.pk)
    assert client.post(diagnosis_url(project), data).status_code == 302


def test_inactive_people_are_not_offered(client, officer, finance_officer, project):
    former = UserFactory(roles=[Role.OFFICER], is_active=False, last_name="Ancienne")
    client.force_login(officer)
    response = client.get(diagnosis_url(project))
    assert former not in response.context["form"].fields["officer"].queryset
    data = diagnosis_data(officer, finance_officer, officer=former.pk)
    assert field_errors(client.post(diagnosis_url(project), data), "officer")


def test_a_nul_byte_in_the_request_to_the_task_force_is_refused(
    client, officer, finance_officer, project
):
    client.force_login(officer)
    data = diagnosis_data(officer, finance_officer, task_force_request="Demande\x00")
    response = client.post(diagnosis_url(project), data)
    assert response.status_code == 200
    assert field_errors(response, "task_force_request") == ["Le caractère nul n’est pas autorisé."]


def test_an_unknown_axis_is_refused(client, officer, finance_officer, project):
    client.force_login(officer)
    data = diagnosis_data(officer, finance_officer, axes=["999999"], primary_axis="")
    response = client.post(diagnosis_url(project), data)
    assert response.status_code == 200
    assert field_errors(response, "axes")


def test_what_was_typed_is_escaped_when_shown_again(client, officer, finance_officer, project):
    client.force_login(officer)
    data = diagnosis_data(
        officer, finance_officer, task_force_request="<script>x</script>", budget="-1"
    )
    html = client.post(diagnosis_url(project), data).text
    assert "<script>x</script>" not in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html

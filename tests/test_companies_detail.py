import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from companies.models import Interaction
from projects.models import Stage

from .conftest import NON_STAFF_FIXTURES, STAFF_FIXTURES
from .factories import CompanyFactory, ContactFactory, InteractionFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def detail_url(company) -> str:
    return reverse("companies:detail", args=[company.pk])


def add_activity(company, count: int) -> None:
    for _ in range(count):
        contact = ContactFactory(company=company)
        ProjectFactory(company=company, axis_codes=["digital", "social"])
        InteractionFactory(company=company, contact=contact, next_step="Relancer")


# --- Who may open a company


@pytest.mark.parametrize("fixture_name", STAFF_FIXTURES)
def test_staff_can_open_a_company(client, as_user, fixture_name, company):
    as_user(fixture_name)
    response = client.get(detail_url(company))
    assert response.status_code == 200
    assert f'<h1 class="h2 mb-0">{company.name}</h1>' in response.text


@pytest.mark.parametrize("fixture_name", NON_STAFF_FIXTURES)
def test_other_roles_cannot_open_a_company(client, as_user, fixture_name, company):
    as_user(fixture_name)
    assert client.get(detail_url(company)).status_code == 403


def test_company_contact_cannot_open_even_their_own_company_page(client, company_user):
    client.force_login(company_user)
    own_company = company_user.company_contact.company
    assert client.get(detail_url(own_company)).status_code == 403


def test_anonymous_visitor_is_sent_to_login_from_a_company(client, company):
    response = client.get(detail_url(company))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_unknown_company_is_a_404(client, officer):
    client.force_login(officer)
    assert client.get(reverse("companies:detail", args=[999999])).status_code == 404


# --- What it shows


def test_officer_sees_the_company_identity(client, officer):
    company = CompanyFactory(
        naf_code="28.41Z",
        website="https://forges.example",
        federation_member=True,
        turnover_band="2-10M",
    )
    client.force_login(officer)

    html = client.get(detail_url(company)).text

    assert company.siret_display in html
    assert "28.41Z" in html
    assert "10 à 49 salariés" in html and "2 à 10 M€" in html
    assert "33700 Mérignac" in html and "Gironde (33)" in html
    assert 'href="https://forges.example"' in html
    assert 'Adhérente de l\'UIMM</dt><dd class="col-sm-8">Oui' in html


def test_officer_sees_contacts_with_their_consent(client, officer, company):
    ContactFactory(company=company, last_name="Etcheverry", contact_consent=False)
    ContactFactory(
        company=company,
        last_name="Lafitte",
        contact_consent=True,
        contact_consent_at=timezone.now(),
        data_consent_at=None,
    )
    client.force_login(officer)

    html = client.get(detail_url(company)).text

    assert "Etcheverry" in html and "Lafitte" in html
    assert "Ne pas recontacter" in html
    assert "Accepte d'être recontacté·e (depuis le" in html
    assert "Données : accord non enregistré" in html
    assert "Données : accord donné le" in html


def test_officer_sees_projects_with_stage_axes_and_date(client, officer, company):
    project = ProjectFactory(
        company=company, title="Robotiser le soudage", axis_codes=["digital", "process"]
    )
    project.stage = Stage.DIAGNOSIS
    project.save()
    client.force_login(officer)

    html = client.get(detail_url(company)).text

    assert f'id="projet-{project.pk}"' in html
    assert "Robotiser le soudage" in html
    assert "Diagnostic" in html
    assert "Transformation numérique" in html
    assert timezone.localdate().strftime("%d/%m/%Y") in html


def test_officer_sees_the_interaction_timeline_newest_first(client, officer, company):
    contact = ContactFactory(company=company, first_name="Maite", last_name="Larralde")
    today = timezone.localdate()
    InteractionFactory(
        company=company,
        kind=Interaction.Kind.VISIT,
        occurred_on=today - datetime.timedelta(days=1),
        officer=officer,
        contact=contact,
        notes="Visite de l'atelier",
        next_step="Envoyer la fiche",
        next_step_due=today + datetime.timedelta(days=5),
    )
    InteractionFactory(company=company, occurred_on=today - datetime.timedelta(days=20))
    client.force_login(officer)

    response = client.get(detail_url(company))
    html = response.text

    assert [i.occurred_on for i in response.context["interactions"]] == sorted(
        [i.occurred_on for i in response.context["interactions"]], reverse=True
    )
    assert "Visite —" in html
    assert f"Noté par {officer.get_full_name()}" in html
    assert "avec Maite Larralde" in html
    assert "Envoyer la fiche" in html
    assert "En retard" not in html
    assert "Marquer comme faite" in html


def test_overdue_next_step_is_flagged_in_words(client, officer, company):
    InteractionFactory(
        company=company,
        next_step="Rappeler le dirigeant",
        next_step_due=timezone.localdate() - datetime.timedelta(days=1),
    )
    client.force_login(officer)
    assert "En retard" in client.get(detail_url(company)).text


def test_done_next_step_is_not_overdue_and_has_no_button(client, officer, company):
    InteractionFactory(
        company=company,
        next_step="Rappeler le dirigeant",
        next_step_due=timezone.localdate() - datetime.timedelta(days=10),
        next_step_done_at=timezone.now(),
    )
    client.force_login(officer)

    html = client.get(detail_url(company)).text

    assert "En retard" not in html
    assert "Faite le" in html
    assert "Marquer comme faite" not in html


def test_company_page_has_buttons_for_every_action(client, officer, company):
    contact = ContactFactory(company=company)
    client.force_login(officer)

    html = client.get(detail_url(company)).text

    assert reverse("companies:edit", args=[company.pk]) in html
    assert reverse("companies:contact_create", args=[company.pk]) in html
    assert reverse("companies:contact_edit", args=[company.pk, contact.pk]) in html
    assert reverse("companies:interaction_create", args=[company.pk]) in html


def test_user_text_is_escaped_on_the_company_page(client, officer):
    company = CompanyFactory(name="<b>Gras</b>")
    ContactFactory(company=company, last_name="<img src=x onerror=alert(1)>")
    InteractionFactory(company=company, notes="<script>alert(1)</script>", next_step="<i>x</i>")
    client.force_login(officer)

    html = client.get(detail_url(company)).text

    for raw in ["<b>Gras</b>", "<img src=x", "<script>alert(1)", "<i>x</i>"]:
        assert raw not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_company_page_runs_the_same_number_of_queries_whatever_its_activity(
    client, officer, company
):
    client.force_login(officer)
    add_activity(company, 2)
    with CaptureQueriesContext(connection) as few:
        assert client.get(detail_url(company)).status_code == 200

    add_activity(company, 20)
    with CaptureQueriesContext(connection) as many:
        response = client.get(detail_url(company))

    assert len(response.context["interactions"]) == 22
    assert len(many) == len(few)

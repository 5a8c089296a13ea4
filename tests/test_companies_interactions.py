import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from companies.models import Interaction

from .conftest import NON_STAFF_FIXTURES, STAFF_FIXTURES
from .factories import CompanyFactory, ContactFactory, InteractionFactory

pytestmark = pytest.mark.django_db


def today() -> datetime.date:
    return timezone.localdate()


def create_url(company) -> str:
    return reverse("companies:interaction_create", args=[company.pk])


def done_url(interaction) -> str:
    return reverse("companies:next_step_done", args=[interaction.company_id, interaction.pk])


def interaction_data(**overrides) -> dict:
    data = {
        "kind": "visit",
        "occurred_on": today().isoformat(),
        "contact": "",
        "notes": "Visite de l'atelier de découpe.",
        "next_step": "Envoyer la fiche diagnostic",
        "next_step_due": (today() + datetime.timedelta(days=7)).isoformat(),
    }
    data.update(overrides)
    return data


def field_errors(response, field: str) -> list[str]:
    return response.context["form"].errors.get(field, [])


@pytest.fixture
def open_step(company):
    return InteractionFactory(
        company=company,
        next_step="Rappeler le dirigeant",
        next_step_due=today() - datetime.timedelta(days=2),
    )


# --- Logging an exchange: who may


@pytest.mark.parametrize("fixture_name", STAFF_FIXTURES)
def test_staff_can_log_an_interaction_as_themselves(client, as_user, fixture_name, company):
    user = as_user(fixture_name)
    assert client.get(create_url(company)).status_code == 200

    response = client.post(create_url(company), interaction_data())

    assert response.status_code == 302
    assert response.url == company.get_absolute_url() + "#echanges"
    interaction = company.interactions.get()
    assert interaction.officer == user
    assert interaction.kind == Interaction.Kind.VISIT


@pytest.mark.parametrize("fixture_name", NON_STAFF_FIXTURES)
def test_other_roles_cannot_log_an_interaction(client, as_user, fixture_name, company):
    as_user(fixture_name)
    assert client.get(create_url(company)).status_code == 403
    assert client.post(create_url(company), interaction_data()).status_code == 403
    assert not company.interactions.exists()


def test_anonymous_visitor_cannot_log_an_interaction(client, company):
    response = client.post(create_url(company), interaction_data())
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    assert not company.interactions.exists()


def test_logging_an_interaction_for_an_unknown_company_is_a_404(client, officer):
    client.force_login(officer)
    url = reverse("companies:interaction_create", args=[999999])
    assert client.post(url, interaction_data()).status_code == 404


# --- Logging an exchange: what is kept


def test_officer_logs_an_interaction_with_one_of_the_company_contacts(client, officer, company):
    contact = ContactFactory(company=company)
    client.force_login(officer)

    response = client.post(create_url(company), interaction_data(contact=contact.pk), follow=True)

    interaction = company.interactions.get()
    assert interaction.contact == contact
    assert interaction.next_step_due == today() + datetime.timedelta(days=7)
    assert "L&#x27;échange a été noté." in response.text


def test_interaction_without_a_next_step_is_fine(client, officer, company):
    client.force_login(officer)
    response = client.post(create_url(company), interaction_data(next_step="", next_step_due=""))
    assert response.status_code == 302
    assert company.interactions.get().next_step == ""


def test_contact_list_offers_only_the_company_contacts(client, officer, company):
    own = ContactFactory(company=company, last_name="Maison")
    ContactFactory(company=CompanyFactory(), last_name="Ailleurs")
    client.force_login(officer)

    html = client.get(create_url(company)).text

    assert f'<option value="{own.pk}">' in html
    assert "Ailleurs" not in html


def test_contact_of_another_company_is_refused(client, officer, company):
    stranger = ContactFactory(company=CompanyFactory())
    client.force_login(officer)

    response = client.post(create_url(company), interaction_data(contact=stranger.pk))

    assert response.status_code == 200
    assert field_errors(response, "contact") == [
        "Sélectionnez un choix valide. Ce choix ne fait pas partie de ceux disponibles."
    ]
    assert not company.interactions.exists()


def test_due_date_without_a_next_step_is_refused_in_french(client, officer, company):
    client.force_login(officer)
    response = client.post(create_url(company), interaction_data(next_step=""))
    assert response.status_code == 200
    assert field_errors(response, "next_step") == [
        "Indiquez la prochaine étape pour lui donner une échéance."
    ]
    assert response.context["form"].non_field_errors() == []
    assert not company.interactions.exists()


def test_interaction_in_the_future_is_refused(client, officer, company):
    client.force_login(officer)
    tomorrow = (today() + datetime.timedelta(days=1)).isoformat()
    response = client.post(create_url(company), interaction_data(occurred_on=tomorrow))
    [error] = field_errors(response, "occurred_on")
    assert "future" in error


def test_interaction_date_typed_the_french_way_is_understood(client, officer, company):
    client.force_login(officer)
    typed = today().strftime("%d/%m/%Y")
    response = client.post(create_url(company), interaction_data(occurred_on=typed))
    assert response.status_code == 302
    assert company.interactions.get().occurred_on == today()


@pytest.mark.parametrize("value", ["1e309", "NaN", "31/02/2024", "2024-13-01", "\x00"])
def test_malformed_dates_are_refused_and_kept(client, officer, company, value):
    client.force_login(officer)
    response = client.post(create_url(company), interaction_data(next_step_due=value))
    assert response.status_code == 200
    assert field_errors(response, "next_step_due")
    assert not company.interactions.exists()


def test_malformed_date_gets_a_french_message(client, officer, company):
    client.force_login(officer)
    response = client.post(create_url(company), interaction_data(occurred_on="1e309"))
    assert field_errors(response, "occurred_on") == ["Saisissez une date valide."]
    assert 'value="1e309"' in response.text


@pytest.mark.parametrize("contact", ["1e309", "NaN", "-1", "abc"])
def test_malformed_contact_choice_is_refused(client, officer, company, contact):
    client.force_login(officer)
    response = client.post(create_url(company), interaction_data(contact=contact))
    assert response.status_code == 200
    assert field_errors(response, "contact")


def test_unknown_kind_is_refused(client, officer, company):
    client.force_login(officer)
    response = client.post(create_url(company), interaction_data(kind="pigeon"))
    assert field_errors(response, "kind")


def test_nul_byte_in_the_notes_gets_a_french_message(client, officer, company):
    client.force_login(officer)
    response = client.post(create_url(company), interaction_data(notes="Compte\x00rendu"))
    assert field_errors(response, "notes") == ["Le caractère nul n’est pas autorisé."]


def test_notes_longer_than_10000_characters_are_refused_and_kept(client, officer, company):
    client.force_login(officer)
    notes = "a" * 50_000
    response = client.post(create_url(company), interaction_data(notes=notes))
    assert field_errors(response, "notes")
    assert notes in response.text


def test_html_in_notes_is_escaped_on_the_timeline(client, officer, company):
    client.force_login(officer)
    response = client.post(
        create_url(company),
        interaction_data(notes="<script>alert(1)</script>\nligne 2"),
        follow=True,
    )
    assert "<script>alert(1)" not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<br>ligne 2" in response.text


def test_interaction_form_labels_every_input(client, officer, company):
    client.force_login(officer)
    html = client.get(create_url(company)).text
    for name in ["kind", "occurred_on", "contact", "notes", "next_step", "next_step_due"]:
        assert f'for="id_{name}"' in html
    assert 'type="date"' in html


# --- Marking a next step done


@pytest.mark.parametrize("fixture_name", STAFF_FIXTURES)
def test_staff_can_mark_a_next_step_done(client, as_user, fixture_name, open_step):
    as_user(fixture_name)

    response = client.post(done_url(open_step), follow=True)

    open_step.refresh_from_db()
    assert open_step.next_step_done_at is not None
    assert response.redirect_chain[-1][0] == open_step.company.get_absolute_url() + "#echanges"
    assert "marquée comme faite" in response.text
    assert "En retard" not in response.text


@pytest.mark.parametrize("fixture_name", NON_STAFF_FIXTURES)
def test_other_roles_cannot_mark_a_next_step_done(client, as_user, fixture_name, open_step):
    as_user(fixture_name)
    assert client.post(done_url(open_step)).status_code == 403
    open_step.refresh_from_db()
    assert open_step.next_step_done_at is None


def test_anonymous_visitor_cannot_mark_a_next_step_done(client, open_step):
    response = client.post(done_url(open_step))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    open_step.refresh_from_db()
    assert open_step.next_step_done_at is None


@pytest.mark.parametrize("fixture_name", STAFF_FIXTURES)
def test_marking_a_next_step_done_only_accepts_post(client, as_user, fixture_name, open_step):
    as_user(fixture_name)
    assert client.get(done_url(open_step)).status_code == 405
    open_step.refresh_from_db()
    assert open_step.next_step_done_at is None


def test_marking_done_twice_keeps_the_first_date(client, officer, open_step):
    client.force_login(officer)
    client.post(done_url(open_step))
    open_step.refresh_from_db()
    first = open_step.next_step_done_at

    response = client.post(done_url(open_step), follow=True)

    open_step.refresh_from_db()
    assert open_step.next_step_done_at == first
    assert "pas d&#x27;étape en attente" in response.text


def test_interaction_without_a_next_step_cannot_be_marked_done(client, officer, company):
    interaction = InteractionFactory(company=company, next_step="")
    client.force_login(officer)
    client.post(done_url(interaction))
    interaction.refresh_from_db()
    assert interaction.next_step_done_at is None


def test_next_step_is_only_reachable_through_its_own_company(client, officer, open_step):
    client.force_login(officer)
    url = reverse("companies:next_step_done", args=[CompanyFactory().pk, open_step.pk])
    assert client.post(url).status_code == 404
    open_step.refresh_from_db()
    assert open_step.next_step_done_at is None


def test_the_exchange_form_offers_today_as_its_date(client, officer):
    company = CompanyFactory()
    client.force_login(officer)
    response = client.get(create_url(company))
    assert response.context["form"]["occurred_on"].value() == today()

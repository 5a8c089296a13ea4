import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from companies.models import Contact

from .conftest import NON_STAFF_FIXTURES, STAFF_FIXTURES
from .factories import CompanyFactory, ContactFactory

pytestmark = pytest.mark.django_db


def create_url(company) -> str:
    return reverse("companies:contact_create", args=[company.pk])


def edit_url(contact) -> str:
    return reverse("companies:contact_edit", args=[contact.company_id, contact.pk])


def contact_data(**overrides) -> dict:
    data = {
        "first_name": "Amaia",
        "last_name": "Etxeberria",
        "job_title": "Directrice industrielle",
        "email": "amaia@forges.example",
        "phone": "05 59 00 00 00",
        "contact_consent": "on",
    }
    data.update(overrides)
    return data


def field_errors(response, field: str) -> list[str]:
    return response.context["form"].errors.get(field, [])


@pytest.fixture
def contact(company):
    return ContactFactory(company=company, email="jon@forges.example")


# --- Who may add or edit a contact


@pytest.mark.parametrize("fixture_name", STAFF_FIXTURES)
def test_staff_can_add_a_contact(client, as_user, fixture_name, company):
    as_user(fixture_name)
    assert client.get(create_url(company)).status_code == 200
    response = client.post(create_url(company), contact_data())
    assert response.status_code == 302
    assert response.url == company.get_absolute_url() + "#contacts"
    assert company.contacts.get().email == "amaia@forges.example"


@pytest.mark.parametrize("fixture_name", NON_STAFF_FIXTURES)
def test_other_roles_cannot_add_a_contact(client, as_user, fixture_name, company):
    as_user(fixture_name)
    assert client.get(create_url(company)).status_code == 403
    assert client.post(create_url(company), contact_data()).status_code == 403
    assert not company.contacts.exists()


def test_anonymous_visitor_cannot_add_a_contact(client, company):
    response = client.post(create_url(company), contact_data())
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    assert not company.contacts.exists()


@pytest.mark.parametrize("fixture_name", STAFF_FIXTURES)
def test_staff_can_edit_a_contact(client, as_user, fixture_name, contact):
    as_user(fixture_name)
    assert client.get(edit_url(contact)).status_code == 200
    response = client.post(edit_url(contact), contact_data(email=contact.email))
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.last_name == "Etxeberria"


@pytest.mark.parametrize("fixture_name", NON_STAFF_FIXTURES)
def test_other_roles_cannot_edit_a_contact(client, as_user, fixture_name, contact):
    as_user(fixture_name)
    assert client.get(edit_url(contact)).status_code == 403
    assert client.post(edit_url(contact), contact_data()).status_code == 403
    contact.refresh_from_db()
    assert contact.last_name != "Etxeberria"


def test_company_contact_cannot_edit_themselves_through_the_officer_pages(client, company_user):
    client.force_login(company_user)
    own = company_user.company_contact
    assert client.post(edit_url(own), contact_data(email=own.email)).status_code == 403


def test_anonymous_visitor_cannot_edit_a_contact(client, contact):
    response = client.post(edit_url(contact), contact_data())
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_contact_is_only_reachable_through_its_own_company(client, officer, contact):
    other_company = CompanyFactory()
    client.force_login(officer)
    url = reverse("companies:contact_edit", args=[other_company.pk, contact.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, contact_data()).status_code == 404


def test_adding_a_contact_to_an_unknown_company_is_a_404(client, officer):
    client.force_login(officer)
    url = reverse("companies:contact_create", args=[999999])
    assert client.post(url, contact_data()).status_code == 404


# --- Consent and happy paths


def test_consent_to_be_contacted_again_is_dated_when_given(client, officer, company):
    client.force_login(officer)
    response = client.post(create_url(company), contact_data(), follow=True)
    contact = company.contacts.get()
    assert contact.contact_consent is True
    assert contact.contact_consent_at is not None
    assert "Le contact a été ajouté." in response.text


def test_consent_date_is_kept_when_the_contact_is_edited_again(client, officer, company):
    given_at = timezone.now() - datetime.timedelta(days=30)
    contact = ContactFactory(company=company, contact_consent=True, contact_consent_at=given_at)
    client.force_login(officer)
    client.post(edit_url(contact), contact_data(email=contact.email))
    contact.refresh_from_db()
    assert contact.contact_consent_at == given_at


def test_withdrawn_consent_forgets_its_date(client, officer, company):
    contact = ContactFactory(
        company=company, contact_consent=True, contact_consent_at=timezone.now()
    )
    client.force_login(officer)
    data = contact_data(email=contact.email)
    del data["contact_consent"]

    client.post(edit_url(contact), data)

    contact.refresh_from_db()
    assert contact.contact_consent is False
    assert contact.contact_consent_at is None


def test_contact_email_is_stored_lower_case(client, officer, company):
    client.force_login(officer)
    client.post(create_url(company), contact_data(email="Amaia@Forges.Example"))
    assert company.contacts.get().email == "amaia@forges.example"


def test_same_email_may_be_a_contact_of_two_companies(client, officer, contact):
    client.force_login(officer)
    other = CompanyFactory()
    response = client.post(create_url(other), contact_data(email=contact.email))
    assert response.status_code == 302


# --- Bad input


def test_same_person_twice_in_a_company_is_refused_on_the_email_field(client, officer, contact):
    client.force_login(officer)
    response = client.post(create_url(contact.company), contact_data(email="JON@forges.example"))
    assert response.status_code == 200
    assert field_errors(response, "email") == ["Ce contact existe déjà pour cette entreprise."]
    assert response.context["form"].non_field_errors() == []
    assert Contact.objects.filter(company=contact.company).count() == 1


@pytest.mark.parametrize("email", ["amaia@", "pas-une-adresse", "a@b@c.fr", "x" * 300 + "@a.fr"])
def test_malformed_email_is_refused_and_kept(client, officer, company, email):
    client.force_login(officer)
    response = client.post(create_url(company), contact_data(email=email))
    assert response.status_code == 200
    assert field_errors(response, "email")
    assert not company.contacts.exists()


def test_malformed_email_gets_a_french_message(client, officer, company):
    client.force_login(officer)
    response = client.post(create_url(company), contact_data(email="amaia@"))
    assert field_errors(response, "email") == ["Saisissez une adresse de courriel valide."]
    assert 'value="amaia@"' in response.text


def test_nul_byte_in_a_contact_name_gets_a_french_message(client, officer, company):
    client.force_login(officer)
    response = client.post(create_url(company), contact_data(last_name="Etxe\x00berria"))
    assert field_errors(response, "last_name") == ["Le caractère nul n’est pas autorisé."]


def test_missing_names_are_required(client, officer, company):
    client.force_login(officer)
    response = client.post(create_url(company), contact_data(first_name="", last_name=""))
    assert field_errors(response, "first_name") == ["Ce champ est obligatoire."]
    assert field_errors(response, "last_name") == ["Ce champ est obligatoire."]


def test_html_in_a_contact_is_escaped_on_the_company_page(client, officer, company):
    client.force_login(officer)
    response = client.post(
        create_url(company), contact_data(job_title="<script>alert(1)</script>"), follow=True
    )
    assert "<script>alert(1)" not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text

import pytest
from django.urls import reverse

from companies.forms import CompanyForm
from companies.models import Company
from companies.validators import luhn_is_valid

from .conftest import NON_STAFF_FIXTURES, STAFF_FIXTURES
from .factories import CompanyFactory, make_siret

pytestmark = pytest.mark.django_db

CREATE_URL = reverse("companies:create")
SIREN_TAKEN = "Une entreprise avec ce SIREN (9 premiers chiffres du SIRET) existe déjà."


def edit_url(company) -> str:
    return reverse("companies:edit", args=[company.pk])


def other_establishment(siret: str) -> str:
    """Another valid SIRET of the same company (same SIREN, another NIC)."""
    base = siret[:9] + "0002"
    return next(base + str(d) for d in range(10) if luhn_is_valid(base + str(d)))


def company_data(**overrides) -> dict:
    data = {
        "name": "Chaudronnerie du Médoc",
        "siret": make_siret(900),
        "naf_code": "25.62B",
        "headcount_band": "10-49",
        "turnover_band": "2-10M",
        "address": "3 rue des Forges",
        "postcode": "33250",
        "city": "Pauillac",
        "website": "https://chaudronnerie.example",
        "federation_member": "on",
    }
    data.update(overrides)
    return data


def field_errors(response, field: str) -> list[str]:
    return response.context["form"].errors.get(field, [])


# --- Who may create or edit a company


@pytest.mark.parametrize("fixture_name", STAFF_FIXTURES)
def test_staff_can_open_the_new_company_form(client, as_user, fixture_name):
    as_user(fixture_name)
    response = client.get(CREATE_URL)
    assert response.status_code == 200
    assert "Nouvelle entreprise" in response.text


@pytest.mark.parametrize("fixture_name", STAFF_FIXTURES)
def test_staff_can_create_a_company(client, as_user, fixture_name):
    as_user(fixture_name)
    response = client.post(CREATE_URL, company_data())
    company = Company.objects.get()
    assert response.status_code == 302
    assert response.url == company.get_absolute_url()


@pytest.mark.parametrize("fixture_name", NON_STAFF_FIXTURES)
def test_other_roles_cannot_create_a_company(client, as_user, fixture_name):
    as_user(fixture_name)
    assert client.get(CREATE_URL).status_code == 403
    assert client.post(CREATE_URL, company_data()).status_code == 403
    assert not Company.objects.filter(name="Chaudronnerie du Médoc").exists()


def test_anonymous_visitor_cannot_create_a_company(client):
    response = client.post(CREATE_URL, company_data())
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    assert not Company.objects.exists()


@pytest.mark.parametrize("fixture_name", STAFF_FIXTURES)
def test_staff_can_edit_a_company(client, as_user, fixture_name, company):
    as_user(fixture_name)
    assert client.get(edit_url(company)).status_code == 200
    response = client.post(edit_url(company), company_data(siret=company.siret))
    assert response.status_code == 302
    company.refresh_from_db()
    assert company.name == "Chaudronnerie du Médoc"


@pytest.mark.parametrize("fixture_name", NON_STAFF_FIXTURES)
def test_other_roles_cannot_edit_a_company(client, as_user, fixture_name, company):
    as_user(fixture_name)
    assert client.get(edit_url(company)).status_code == 403
    assert client.post(edit_url(company), company_data(siret=company.siret)).status_code == 403
    company.refresh_from_db()
    assert company.name != "Chaudronnerie du Médoc"


def test_anonymous_visitor_cannot_edit_a_company(client, company):
    response = client.post(edit_url(company), company_data(siret=company.siret))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_editing_an_unknown_company_is_a_404(client, officer):
    client.force_login(officer)
    assert client.get(reverse("companies:edit", args=[999999])).status_code == 404


# --- Happy paths and normalisation


def test_officer_creates_a_company_with_siret_and_naf_typed_loosely(client, officer):
    client.force_login(officer)
    siret = make_siret(901)
    spaced = f"{siret[:3]} {siret[3:6]} {siret[6:9]} {siret[9:]}"

    response = client.post(
        CREATE_URL, company_data(siret=spaced, naf_code="2562b", postcode="64100"), follow=True
    )

    company = Company.objects.get()
    assert company.siret == siret
    assert company.naf_code == "25.62B"
    assert company.department == "64"
    assert company.federation_member is True
    assert "L&#x27;entreprise a été créée." in response.text


@pytest.mark.parametrize(
    ("postcode", "department"),
    [("24000", "24"), ("33000", "33"), ("40100", "40"), ("47000", "47"), ("64000", "64")],
)
def test_department_follows_the_postcode(client, officer, postcode, department):
    client.force_login(officer)
    client.post(CREATE_URL, company_data(postcode=postcode))
    assert Company.objects.get().department == department


def test_editing_the_postcode_moves_the_company_to_its_new_department(client, officer, company):
    client.force_login(officer)
    response = client.post(
        edit_url(company), company_data(siret=company.siret, postcode="47300"), follow=True
    )
    company.refresh_from_db()
    assert company.department == "47"
    assert "Les informations de l&#x27;entreprise sont à jour." in response.text


def test_officer_can_keep_the_siret_of_the_company_being_edited(client, officer, company):
    client.force_login(officer)
    response = client.post(edit_url(company), company_data(siret=company.siret))
    assert response.status_code == 302


def test_form_labels_every_input_and_marks_required_fields(client, officer):
    client.force_login(officer)
    html = client.get(CREATE_URL).text
    for name in CompanyForm.Meta.fields:
        assert f'for="id_{name}"' in html
    assert "astérisque (*)" in html


# --- Bad input: a French message on the right field, what was typed kept, never a 500


def test_siret_with_a_wrong_key_is_refused_on_the_siret_field(client, officer):
    client.force_login(officer)
    siret = make_siret(902)
    wrong = siret[:-1] + str((int(siret[-1]) + 1) % 10)

    response = client.post(CREATE_URL, company_data(siret=wrong, name="Gardée"))

    assert response.status_code == 200
    assert any("clé de contrôle" in error for error in field_errors(response, "siret"))
    assert f'value="{wrong}"' in response.text
    assert 'value="Gardée"' in response.text
    assert not Company.objects.exists()


def test_siret_of_13_digits_says_how_many_were_typed(client, officer):
    client.force_login(officer)
    response = client.post(CREATE_URL, company_data(siret="1234567890123"))
    assert field_errors(response, "siret") == [
        "Le SIRET compte exactement 14 chiffres (vous en avez saisi 13)."
    ]
    assert 'value="1234567890123"' in response.text


def test_siret_with_letters_is_refused(client, officer):
    client.force_login(officer)
    response = client.post(CREATE_URL, company_data(siret="ABC DEF GHI JKLMN"))
    assert response.status_code == 200
    assert field_errors(response, "siret")


def test_second_establishment_of_a_known_company_is_refused_on_the_siret_field(
    client, officer, company
):
    client.force_login(officer)
    sibling = other_establishment(company.siret)

    response = client.post(CREATE_URL, company_data(siret=sibling))

    assert response.status_code == 200
    assert field_errors(response, "siret") == [SIREN_TAKEN]
    assert response.context["form"].non_field_errors() == []
    assert f'value="{sibling}"' in response.text
    assert Company.objects.count() == 1


def test_same_siret_twice_gets_a_single_clear_message(client, officer, company):
    client.force_login(officer)
    response = client.post(CREATE_URL, company_data(siret=company.siret))
    assert field_errors(response, "siret") == [
        "Cet établissement (même SIRET) est déjà enregistré."
    ]
    assert response.context["form"].non_field_errors() == []


def test_editing_a_company_onto_another_companys_siren_is_refused(client, officer, company):
    other = CompanyFactory()
    client.force_login(officer)

    response = client.post(edit_url(company), company_data(siret=other_establishment(other.siret)))

    assert field_errors(response, "siret") == [SIREN_TAKEN]
    company.refresh_from_db()
    assert company.siret != other_establishment(other.siret)


def test_a_siren_taken_between_check_and_save_is_reported_not_a_500(
    client, officer, company, monkeypatch
):
    # Two officers saving the same company at once: the form's checks pass for both and the
    # database refuses the second one.
    monkeypatch.setattr(CompanyForm, "validate_unique", lambda self: None)
    monkeypatch.setattr(CompanyForm, "validate_constraints", lambda self: None)
    client.force_login(officer)

    response = client.post(CREATE_URL, company_data(siret=other_establishment(company.siret)))

    assert response.status_code == 200
    assert field_errors(response, "siret") == [SIREN_TAKEN]
    assert Company.objects.count() == 1


@pytest.mark.parametrize("postcode", ["75001", "17000", "97400"])
def test_postcode_outside_aquitaine_is_refused_in_french(client, officer, postcode):
    client.force_login(officer)
    response = client.post(CREATE_URL, company_data(postcode=postcode))
    [error] = field_errors(response, "postcode")
    assert "cinq départements d'Aquitaine" in error
    assert f'value="{postcode}"' in response.text


def test_malformed_postcode_is_refused(client, officer):
    client.force_login(officer)
    response = client.post(CREATE_URL, company_data(postcode="33A00"))
    assert field_errors(response, "postcode") == ["Le code postal compte 5 chiffres."]


def test_malformed_naf_code_is_refused(client, officer):
    client.force_login(officer)
    response = client.post(CREATE_URL, company_data(naf_code="ZZ"))
    assert field_errors(response, "naf_code")
    assert 'value="ZZ"' in response.text


def test_nul_byte_is_refused_with_a_french_message(client, officer):
    client.force_login(officer)
    response = client.post(CREATE_URL, company_data(name="Forge\x00"))
    assert response.status_code == 200
    assert field_errors(response, "name") == ["Le caractère nul n’est pas autorisé."]
    assert not Company.objects.exists()


def test_a_50000_character_name_is_refused_and_kept(client, officer):
    client.force_login(officer)
    name = "A" * 50_000
    response = client.post(CREATE_URL, company_data(name=name))
    assert response.status_code == 200
    [error] = field_errors(response, "name")
    assert "au plus 200 caractères" in error
    assert name in response.text


def test_a_huge_siret_is_refused_without_a_server_error(client, officer):
    client.force_login(officer)
    response = client.post(CREATE_URL, company_data(siret="1e309" * 10_000))
    assert response.status_code == 200
    assert field_errors(response, "siret")


@pytest.mark.parametrize("website", ["pas une adresse", "http://", "javascript:alert(1)"])
def test_malformed_website_is_refused(client, officer, website):
    client.force_login(officer)
    response = client.post(CREATE_URL, company_data(website=website))
    assert field_errors(response, "website") == ["Saisissez une URL valide."]


def test_html_typed_in_a_field_is_stored_as_text_and_escaped(client, officer):
    client.force_login(officer)
    name = '<script>alert("x")</script>'

    response = client.post(CREATE_URL, company_data(name=name), follow=True)

    assert Company.objects.get().name == name
    assert "<script>alert" not in response.text
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in response.text


def test_html_is_escaped_when_the_form_is_shown_again(client, officer):
    client.force_login(officer)
    response = client.post(CREATE_URL, company_data(name='"><script>x</script>', siret="1"))
    assert "<script>x" not in response.text
    assert "&quot;&gt;&lt;script&gt;x" in response.text


def test_errors_are_summarised_above_the_form_with_links_to_the_fields(client, officer):
    client.force_login(officer)
    response = client.post(CREATE_URL, company_data(siret="123", city=""))
    html = response.text
    assert 'role="alert"' in html
    assert 'href="#id_siret"' in html and 'href="#id_city"' in html
    assert "<title>Erreur" in html

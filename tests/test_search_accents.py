"""Every list's search ignores accents and case, on SQLite and PostgreSQL alike: "medoc" and
"MEDOC" find "Médoc", "ebavurage" finds "ébavurage" (pmi_aqt/search)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from companies.models import Company, Contact
from pmi_aqt.search import digits, fold
from projects.filters import search_projects
from projects.matching.index import index_schemes
from projects.models import Project, SupportScheme

from .conftest import NON_STAFF_FIXTURES, STAFF_FIXTURES
from .factories import CompanyFactory, ContactFactory, ProjectFactory, make_siret
from .test_directory_helpers import PartnerOrganisationFactory, SupportSchemeFactory

pytestmark = pytest.mark.django_db


def test_fold_lowers_and_strips_accents_and_ligatures():
    assert fold("ÉBAVURAGE Œuvre Médoc çà") == "ebavurage oeuvre medoc ca"
    assert digits("05.56-12 34 56") == "0556123456"


# --- Companies


@pytest.mark.parametrize("typed", ["medoc", "MEDOC", "Médoc", "médoc", "MÉDOC"])
def test_company_search_ignores_accents_and_case_in_the_name(typed):
    found = CompanyFactory(name="Forges du Médoc")
    CompanyFactory(name="Forges de Bayonne")
    assert list(Company.objects.search(typed)) == [found]


def test_company_search_finds_the_city_without_its_accents():
    found = CompanyFactory(city="Bègles", name="Atelier A")
    CompanyFactory(city="Pau", name="Atelier B")
    assert list(Company.objects.search("BEGLES")) == [found]


def test_company_search_finds_a_siren_and_a_siret_typed_with_spaces():
    found = CompanyFactory(siret=make_siret(4242))
    CompanyFactory(siret=make_siret(777))
    siret = found.siret
    assert list(Company.objects.search(siret[:9])) == [found]
    assert list(Company.objects.search(f"{siret[:3]} {siret[3:6]} {siret[6:9]}")) == [found]
    assert list(Company.objects.search(Company.spaced_siret(siret))) == [found]


@pytest.mark.parametrize("typed", ["25.62A", "2562a", "25.62", "25.6"])
def test_company_search_finds_the_naf_code_as_people_type_it(typed):
    found = CompanyFactory(naf_code="25.62A", name="Atelier A")
    CompanyFactory(naf_code="28.41Z", name="Atelier B")
    assert list(Company.objects.search(typed)) == [found]


@pytest.mark.parametrize("typed", ["decolletage", "DÉCOLLETAGE", "Fabrication de machines"])
def test_company_search_finds_the_naf_label_without_accents(typed):
    turning = CompanyFactory(naf_code="25.62A", name="Atelier A")
    machines = CompanyFactory(naf_code="28.41Z", name="Atelier B")
    expected = [machines] if typed.startswith("Fabrication") else [turning]
    assert list(Company.objects.search(typed)) == expected


def test_company_list_search_ignores_accents(client, officer):
    CompanyFactory(name="Chaudronnerie de l'Estuaire")
    CompanyFactory(name="Forges du Médoc")
    client.force_login(officer)
    response = client.get(reverse("companies:list"), {"q": "medoc"})
    assert [c.name for c in response.context["page_obj"]] == ["Forges du Médoc"]


def test_typed_wildcards_are_searched_as_characters():
    CompanyFactory(name="Atelier 100% Inox")
    CompanyFactory(name="Atelier Inox")
    assert [c.name for c in Company.objects.search("100%")] == ["Atelier 100% Inox"]
    assert list(Company.objects.search("_")) == []
    assert list(Company.objects.search("\\")) == []


# --- Contacts


@pytest.mark.parametrize("typed", ["helene", "HÉLÈNE", "helene dupre", "dupré", "h.dupre@"])
def test_contact_search_ignores_accents_and_case_in_name_and_email(typed):
    found = ContactFactory(first_name="Hélène", last_name="Dupré", email="h.dupre@forges.example")
    ContactFactory(first_name="Jean", last_name="Martin", email="jean@atelier.example")
    assert list(Contact.objects.search(typed)) == [found]


@pytest.mark.parametrize("typed", ["05 56 12", "0556123456", "05.56.12.34.56", "12 34"])
def test_contact_search_finds_the_phone_whatever_its_spacing(typed):
    found = ContactFactory(phone="05 56 12 34 56", first_name="Jean", last_name="Martin")
    ContactFactory(phone="06 00 00 00 00", first_name="Paul", last_name="Durand")
    assert list(Contact.objects.search(typed)) == [found]


CONTACTS = reverse("companies:contact_list")


@pytest.mark.parametrize("fixture_name", STAFF_FIXTURES)
def test_staff_can_search_the_contacts(client, as_user, fixture_name):
    found = ContactFactory(first_name="Hélène", last_name="Dupré")
    ContactFactory(first_name="Jean", last_name="Martin")
    as_user(fixture_name)
    response = client.get(CONTACTS, {"q": "HELENE"})
    assert response.status_code == 200
    assert list(response.context["page_obj"]) == [found]
    assert found.company.name in response.text
    assert "1 contact trouvé" in response.text


@pytest.mark.parametrize("fixture_name", NON_STAFF_FIXTURES)
def test_other_roles_cannot_search_the_contacts(client, as_user, fixture_name):
    ContactFactory(first_name="Hélène", last_name="Dupré")
    as_user(fixture_name)
    response = client.get(CONTACTS, {"q": "helene"})
    assert response.status_code == 403
    assert "Dupré" not in response.text


def test_anonymous_visitor_is_sent_to_login_from_the_contacts(client):
    response = client.get(CONTACTS)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_contact_list_queries_stay_flat_as_contacts_grow(client, officer):
    client.force_login(officer)
    ContactFactory.create_batch(3)
    with CaptureQueriesContext(connection) as few:
        assert client.get(CONTACTS, {"q": "@"}).status_code == 200
    ContactFactory.create_batch(30)
    with CaptureQueriesContext(connection) as many:
        assert client.get(CONTACTS, {"q": "@"}).status_code == 200
    assert len(many) == len(few)


# --- Projects


@pytest.mark.parametrize("typed", ["ebavurage", "EBAVURAGE", "Ébavurage"])
def test_project_search_finds_the_description_without_accents(typed):
    found = ProjectFactory(description="Robotiser l'ébavurage des pièces de fonderie.")
    ProjectFactory(description="Automatiser la ligne de découpe.")
    assert list(search_projects(Project.objects.all(), typed)) == [found]


def test_project_search_finds_the_title_and_the_company_without_accents():
    by_title = ProjectFactory(title="Maintenance prédictive")
    by_company = ProjectFactory(company=CompanyFactory(name="Fonderie du Médoc"))
    ProjectFactory(title="Autre chose")
    assert list(search_projects(Project.objects.all(), "PREDICTIVE")) == [by_title]
    assert list(search_projects(Project.objects.all(), "medoc")) == [by_company]


def test_project_list_search_ignores_accents(client, officer):
    found = ProjectFactory(description="Robotiser l'ébavurage.")
    ProjectFactory()
    client.force_login(officer)
    response = client.get(reverse("projects:list"), {"q": "ebavurage"})
    assert [p.pk for p in response.context["page_obj"]] == [found.pk]


# --- The directory


def test_organisation_list_search_ignores_accents_in_name_description_and_competences(
    client, officer
):
    by_name = PartnerOrganisationFactory(name="Pôle Aérospace Valley")
    by_text = PartnerOrganisationFactory(description="Écoles d'ingénieurs du Béarn")
    by_skill = PartnerOrganisationFactory(competences="Thermique, énergétique")
    PartnerOrganisationFactory(name="Bpifrance")
    client.force_login(officer)
    url = reverse("projects:organisation_list")
    assert list(client.get(url, {"q": "AEROSPACE"}).context["page_obj"]) == [by_name]
    assert list(client.get(url, {"q": "bearn"}).context["page_obj"]) == [by_text]
    assert list(client.get(url, {"q": "energetique"}).context["page_obj"]) == [by_skill]


def test_scheme_list_search_ignores_accents_in_name_description_and_keywords(client, officer):
    by_name = SupportSchemeFactory(name="Prêt Innovation")
    by_text = SupportSchemeFactory(description="Études de faisabilité")
    by_keyword = SupportSchemeFactory(keywords="ébavurage, usinage")
    SupportSchemeFactory(name="Autre")
    # Saved through the directory's pages, a scheme is indexed for the search (services).
    index_schemes(SupportScheme.objects.all())
    client.force_login(officer)
    url = reverse("projects:scheme_list")
    assert [s.pk for s in client.get(url, {"q": "pret"}).context["page_obj"]] == [by_name.pk]
    assert [s.pk for s in client.get(url, {"q": "ETUDES"}).context["page_obj"]] == [by_text.pk]
    found = client.get(url, {"q": "ebavurage"}).context["page_obj"]
    assert [s.pk for s in found] == [by_keyword.pk]


# --- PostgreSQL serves the searches from trigram indexes on the folded expressions


def _plan(queryset) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        # The tiny tables' primary key would be walked instead of the trigram indexes.
        cursor.execute("SET LOCAL enable_indexscan = off")
    return queryset.explain()


@pytest.mark.postgresql_only
def test_postgresql_searches_through_the_folded_trigram_indexes():
    CompanyFactory(name="Forges du Médoc")
    assert "company_search_text_trgm_idx" in _plan(Company.objects.search("medoc"))
    assert "contact_search_text_trgm_idx" in _plan(Contact.objects.search("helene"))
    projects = search_projects(Project.objects.all(), "ebavurage")
    assert "project_search_text_trgm_idx" in _plan(projects)

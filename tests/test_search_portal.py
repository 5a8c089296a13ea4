"""The portal's search from the header (/recherche/): grouped by kind with counts and links
to the filtered lists, only what the person may see, usable without JavaScript."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projects import search as portal

from .conftest import NON_STAFF_FIXTURES, STAFF_FIXTURES
from .factories import CompanyFactory, ContactFactory, ProjectFactory
from .test_directory_helpers import PartnerOrganisationFactory, SupportSchemeFactory

pytestmark = pytest.mark.django_db

URL = reverse("search:results")


def groups(response) -> dict:
    return {group.key: group for group in response.context["groups"]}


@pytest.fixture
def medoc_everywhere():
    """One match of "medoc" in each kind, and things that must not match."""
    company = CompanyFactory(name="Forges du Médoc")
    CompanyFactory(name="Ateliers de Bayonne")
    contact = ContactFactory(first_name="Médoc", last_name="Lafitte", company=company)
    ContactFactory(first_name="Jean", last_name="Martin")
    project = ProjectFactory(
        title="Four à induction", description="Pour le site du MÉDOC.", company=CompanyFactory()
    )
    organisation = PartnerOrganisationFactory(description="Technopole du Médoc")
    scheme = SupportSchemeFactory(keywords="vignoble, médoc")
    return company, contact, project, organisation, scheme


@pytest.mark.parametrize("fixture_name", STAFF_FIXTURES)
def test_staff_find_each_kind_grouped_with_counts_and_links(
    client, as_user, fixture_name, medoc_everywhere
):
    company, contact, project, organisation, scheme = medoc_everywhere
    as_user(fixture_name)
    response = client.get(URL, {"q": "MEDOC"})
    assert response.status_code == 200
    found = groups(response)
    assert list(found) == ["entreprises", "contacts", "projets", "organisations", "dispositifs"]
    # The company holds a contact named Médoc: its projects do not match, the project does.
    assert found["entreprises"].count == 1
    assert found["contacts"].count == 1
    assert found["projets"].count == 1
    assert found["organisations"].count == 1
    assert found["dispositifs"].count == 1
    assert [hit.url for hit in found["entreprises"].hits] == [company.get_absolute_url()]
    assert [hit.url for hit in found["projets"].hits] == [project.get_absolute_url()]
    assert found["projets"].see_all_url == reverse("projects:list") + "?q=MEDOC"
    assert found["contacts"].see_all_url == reverse("companies:contact_list") + "?q=MEDOC"
    text = response.text
    assert 'role="search"' in text
    assert '<h2 class="h4" id="groupe-entreprises">' in text
    assert "5 résultats pour « MEDOC »" in text
    assert organisation.name in text
    assert scheme.name in text
    assert contact.full_name in text


@pytest.mark.parametrize("fixture_name", NON_STAFF_FIXTURES)
def test_other_roles_cannot_search_the_portal(client, as_user, fixture_name, medoc_everywhere):
    as_user(fixture_name)
    response = client.get(URL, {"q": "medoc"})
    assert response.status_code == 403
    assert "Forges du Médoc" not in response.text


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get(URL, {"q": "medoc"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_someone_who_may_see_no_project_gets_no_project_group(member, medoc_everywhere):
    # The groups ask the rights modules, not the page's guard alone.
    assert portal.search_portal(member, "medoc") == []


def test_the_header_offers_the_search_to_the_team_only(client, officer, member):
    client.force_login(officer)
    header = client.get(reverse("companies:list")).text
    assert f'action="{URL}"' in header
    assert 'for="recherche-portail"' in header
    client.force_login(member)
    assert f'action="{URL}"' not in client.get(reverse("taskforce:workspace")).text


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Saisissez ce que vous cherchez."),
        ("ab", "Saisissez au moins 3 caractères."),
        ("x" * 101, "Saisissez au plus 100 caractères."),
    ],
)
def test_a_search_too_short_or_too_long_says_so_and_keeps_the_text(client, officer, typed, message):
    client.force_login(officer)
    response = client.get(URL, {"q": typed})
    assert response.status_code == 200
    assert message in response.text
    assert response.context["groups"] == []
    assert f'value="{typed}"' in response.text


@pytest.mark.parametrize("typed", ["%%%", "___", "\\\\\\", "a\x00b", "' OR 1=1 --", "<script>"])
def test_odd_input_is_never_a_server_error(client, officer, typed):
    CompanyFactory(name="Atelier 100%")
    client.force_login(officer)
    response = client.get(URL, {"q": typed})
    assert response.status_code == 200
    assert "<script>" not in response.text.split("<main", 1)[1]


def test_the_page_without_a_search_shows_the_form_alone(client, officer):
    client.force_login(officer)
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["groups"] == []
    assert "Saisissez" not in response.text


def test_counts_stop_at_the_cap_and_say_more_than(client, officer, monkeypatch):
    monkeypatch.setattr(portal, "COUNT_CAP", 3)
    CompanyFactory.create_batch(5, name="Forges du Médoc")
    client.force_login(officer)
    response = client.get(URL, {"q": "medoc"})
    companies = groups(response)["entreprises"]
    assert companies.count == 4
    assert companies.more_than_cap
    assert len(companies.hits) == portal.SHOWN
    assert "plus de 3" in response.text


def test_each_group_shows_its_first_matches(client, officer):
    CompanyFactory.create_batch(portal.SHOWN + 2, name="Forges du Médoc")
    client.force_login(officer)
    companies = groups(client.get(URL, {"q": "medoc"}))["entreprises"]
    assert companies.count == portal.SHOWN + 2
    assert len(companies.hits) == portal.SHOWN


def test_queries_are_the_same_whether_anything_is_found(client, officer):
    client.force_login(officer)
    with CaptureQueriesContext(connection) as nothing:
        assert client.get(URL, {"q": "medoc"}).status_code == 200
    CompanyFactory(name="Forges du Médoc")
    ProjectFactory(title="Médoc")
    with CaptureQueriesContext(connection) as something:
        assert client.get(URL, {"q": "medoc"}).status_code == 200
    assert len(something) == len(nothing)


def test_queries_stay_flat_as_matches_grow(client, officer):
    def make(count):
        for _ in range(count):
            company = CompanyFactory(name="Forges du Médoc")
            ContactFactory(company=company, last_name="Médoc")
            ProjectFactory(company=company)
            SupportSchemeFactory(name="Médoc innovation")

    client.force_login(officer)
    make(2)
    with CaptureQueriesContext(connection) as few:
        assert client.get(URL, {"q": "medoc"}).status_code == 200
    make(12)
    with CaptureQueriesContext(connection) as many:
        assert client.get(URL, {"q": "medoc"}).status_code == 200
    assert len(many) == len(few)


def test_a_project_found_several_ways_counts_once(client, officer):
    by_company = ProjectFactory(title="Four", company=CompanyFactory(name="Forges du Médoc"))
    everywhere = ProjectFactory(
        title="Médoc", description="Pour le Médoc", company=CompanyFactory(name="Médoc Inox")
    )
    client.force_login(officer)
    projects = groups(client.get(URL, {"q": "medoc"}))["projets"]
    assert projects.count == 2
    urls = [hit.url for hit in projects.hits]  # the newest first
    assert urls == [everywhere.get_absolute_url(), by_company.get_absolute_url()]


def test_projects_past_the_cap_say_more_than(client, officer, monkeypatch):
    monkeypatch.setattr(portal, "COUNT_CAP", 2)
    for _ in range(4):
        ProjectFactory(title="Médoc", description="Médoc", company=CompanyFactory(name="Médoc"))
    client.force_login(officer)
    projects = groups(client.get(URL, {"q": "medoc"}))["projets"]
    assert projects.count == 3
    assert projects.more_than_cap

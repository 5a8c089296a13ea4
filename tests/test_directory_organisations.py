"""The directory's partner organisations: who reads them, who keeps them, and bad input."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projects.forms.directory import PartnerOrganisationForm
from projects.models import PartnerOrganisation

from .conftest import NON_STAFF_FIXTURES, STAFF_FIXTURES
from .test_directory_helpers import (
    HTML_NAME,
    HTML_NAME_ESCAPED,
    LONG_TEXT,
    PartnerOrganisationFactory,
    SupportSchemeFactory,
    assert_sent_to_login,
    field_errors,
    typed_value,
)

pytestmark = pytest.mark.django_db

LIST_URL = reverse("projects:organisation_list")
CREATE_URL = reverse("projects:organisation_create")
NOT_MANAGERS = ["officer", "finance_officer", *NON_STAFF_FIXTURES]


def detail_url(organisation) -> str:
    return reverse("projects:organisation_detail", args=[organisation.pk])


def edit_url(organisation) -> str:
    return reverse("projects:organisation_edit", args=[organisation.pk])


def deactivate_url(organisation) -> str:
    return reverse("projects:organisation_deactivate", args=[organisation.pk])


def organisation_data(**overrides) -> dict:
    data = {
        "name": "Aquitaine Science Transfert",
        "kind": PartnerOrganisation.Kind.LAB,
        "description": "Valorisation de la recherche des laboratoires aquitains.",
        "website": "https://www.ast-innovations.example",
        "contact_name": "Claire Dupuy",
        "contact_email": "claire.dupuy@ast.example",
        "contact_phone": "05 56 00 00 00",
        "is_active": "on",
    }
    data.update(overrides)
    return data


@pytest.fixture
def organisation():
    return PartnerOrganisationFactory(name="ADI Nouvelle-Aquitaine")


def listed_names(response) -> list[str]:
    return [organisation.name for organisation in response.context["page_obj"]]


# --- Who may read the directory


@pytest.mark.parametrize("fixture_name", STAFF_FIXTURES)
def test_staff_can_read_the_organisation_list_and_sheet(
    client, as_user, fixture_name, organisation
):
    as_user(fixture_name)
    response = client.get(LIST_URL)
    assert response.status_code == 200
    assert "ADI Nouvelle-Aquitaine" in response.text
    assert client.get(detail_url(organisation)).status_code == 200


@pytest.mark.parametrize("fixture_name", NON_STAFF_FIXTURES)
def test_other_roles_cannot_read_the_organisations(client, as_user, fixture_name, organisation):
    as_user(fixture_name)
    assert client.get(LIST_URL).status_code == 403
    assert client.get(detail_url(organisation)).status_code == 403


def test_anonymous_visitor_is_sent_to_login_from_the_organisations(client, organisation):
    assert_sent_to_login(client.get(LIST_URL))
    assert_sent_to_login(client.get(detail_url(organisation)))


def test_an_unknown_organisation_is_a_404(client, officer):
    client.force_login(officer)
    assert client.get(reverse("projects:organisation_detail", args=[999999])).status_code == 404


@pytest.mark.parametrize("fixture_name", ["officer", "finance_officer"])
def test_officers_see_no_button_to_change_the_directory(
    client, as_user, fixture_name, organisation
):
    as_user(fixture_name)
    assert CREATE_URL not in client.get(LIST_URL).text
    page = client.get(detail_url(organisation)).text
    assert edit_url(organisation) not in page
    assert deactivate_url(organisation) not in page


def test_manager_sees_the_buttons_to_change_the_directory(client, manager, organisation):
    client.force_login(manager)
    assert CREATE_URL in client.get(LIST_URL).text
    page = client.get(detail_url(organisation)).text
    assert edit_url(organisation) in page
    assert deactivate_url(organisation) in page


# --- What the list shows


def test_list_filters_by_kind(client, officer):
    PartnerOrganisationFactory(name="Bpifrance", kind=PartnerOrganisation.Kind.BANK)
    PartnerOrganisationFactory(name="ENSAM Bordeaux", kind=PartnerOrganisation.Kind.SCHOOL)
    client.force_login(officer)
    assert listed_names(client.get(LIST_URL, {"type": "bank"})) == ["Bpifrance"]


def test_list_searches_by_name_ignoring_case(client, officer):
    PartnerOrganisationFactory(name="Bpifrance")
    PartnerOrganisationFactory(name="Aerospace Valley")
    client.force_login(officer)
    assert listed_names(client.get(LIST_URL, {"q": "aerospace"})) == ["Aerospace Valley"]


def test_list_filters_active_and_inactive_organisations(client, officer):
    PartnerOrganisationFactory(name="Active")
    PartnerOrganisationFactory(name="Fermée", is_active=False)
    client.force_login(officer)
    assert listed_names(client.get(LIST_URL)) == ["Active", "Fermée"]
    assert listed_names(client.get(LIST_URL, {"statut": "actif"})) == ["Active"]
    assert listed_names(client.get(LIST_URL, {"statut": "inactif"})) == ["Fermée"]


def test_list_counts_each_organisation_s_schemes(client, officer, organisation):
    SupportSchemeFactory.create_batch(3, organisation=organisation)
    client.force_login(officer)
    response = client.get(LIST_URL)
    assert response.context["page_obj"][0].scheme_count == 3


@pytest.mark.parametrize(
    "params",
    [{"q": "a\x00b"}, {"type": "nope"}, {"statut": "\x00"}, {"page": "\x00"}, {"q": LONG_TEXT}],
)
def test_list_survives_nonsense_in_its_filters(client, officer, organisation, params):
    client.force_login(officer)
    assert client.get(LIST_URL, params).status_code == 200


def test_list_takes_a_fixed_number_of_queries(client, officer):
    client.force_login(officer)

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(LIST_URL).status_code == 200
        return len(queries)

    for _ in range(2):
        SupportSchemeFactory(organisation=PartnerOrganisationFactory())
    few = count_queries()
    for _ in range(15):
        SupportSchemeFactory.create_batch(2, organisation=PartnerOrganisationFactory())
    assert count_queries() == few


def test_sheet_lists_the_organisation_s_schemes_with_who_they_fit(client, officer, organisation):
    SupportSchemeFactory(
        organisation=organisation,
        name="Usine du futur",
        axis_codes=["digital"],
        headcount_bands=["10-49"],
    )
    client.force_login(officer)
    page = client.get(detail_url(organisation)).text
    assert "Usine du futur" in page
    assert "Transformation numérique" in page
    assert "10 à 49 salariés" in page
    assert "Toute l'Aquitaine" in page


def test_names_typed_with_html_are_shown_escaped(client, officer):
    organisation = PartnerOrganisationFactory(name=HTML_NAME, description=HTML_NAME)
    client.force_login(officer)
    for url in (LIST_URL, detail_url(organisation)):
        page = client.get(url).text
        assert HTML_NAME not in page
        assert HTML_NAME_ESCAPED in page


# --- Who may create, edit and deactivate organisations


def test_manager_creates_an_organisation(client, manager):
    client.force_login(manager)
    assert client.get(CREATE_URL).status_code == 200
    response = client.post(CREATE_URL, organisation_data())
    organisation = PartnerOrganisation.objects.get()
    assert response.status_code == 302
    assert response.url == detail_url(organisation)
    assert organisation.name == "Aquitaine Science Transfert"
    assert organisation.kind == PartnerOrganisation.Kind.LAB
    assert organisation.contact_email == "claire.dupuy@ast.example"
    assert organisation.is_active


@pytest.mark.parametrize("fixture_name", NOT_MANAGERS)
def test_only_the_manager_may_create_an_organisation(client, as_user, fixture_name):
    as_user(fixture_name)
    assert client.get(CREATE_URL).status_code == 403
    assert client.post(CREATE_URL, organisation_data()).status_code == 403
    assert not PartnerOrganisation.objects.exists()


def test_anonymous_visitor_cannot_create_an_organisation(client):
    assert_sent_to_login(client.post(CREATE_URL, organisation_data()))
    assert not PartnerOrganisation.objects.exists()


def test_manager_edits_an_organisation(client, manager, organisation):
    client.force_login(manager)
    assert client.get(edit_url(organisation)).status_code == 200
    response = client.post(edit_url(organisation), organisation_data(name="ADI N-A"))
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.name == "ADI N-A"


def test_manager_reactivates_an_organisation_from_its_form(client, manager):
    organisation = PartnerOrganisationFactory(is_active=False)
    client.force_login(manager)
    client.post(edit_url(organisation), organisation_data())
    organisation.refresh_from_db()
    assert organisation.is_active


@pytest.mark.parametrize("fixture_name", NOT_MANAGERS)
def test_only_the_manager_may_edit_an_organisation(client, as_user, fixture_name, organisation):
    as_user(fixture_name)
    assert client.get(edit_url(organisation)).status_code == 403
    assert client.post(edit_url(organisation), organisation_data()).status_code == 403
    organisation.refresh_from_db()
    assert organisation.name == "ADI Nouvelle-Aquitaine"


def test_anonymous_visitor_cannot_edit_an_organisation(client, organisation):
    assert_sent_to_login(client.post(edit_url(organisation), organisation_data()))


def test_editing_an_unknown_organisation_is_a_404(client, manager):
    client.force_login(manager)
    assert client.get(reverse("projects:organisation_edit", args=[999999])).status_code == 404


def test_manager_deactivates_an_organisation(client, manager, organisation):
    client.force_login(manager)
    response = client.post(deactivate_url(organisation))
    assert response.status_code == 302
    assert response.url == detail_url(organisation)
    organisation.refresh_from_db()
    assert not organisation.is_active
    # Twice is harmless.
    assert client.post(deactivate_url(organisation)).status_code == 302


def test_deactivating_an_organisation_only_accepts_post(client, manager, organisation):
    client.force_login(manager)
    assert client.get(deactivate_url(organisation)).status_code == 405
    organisation.refresh_from_db()
    assert organisation.is_active


@pytest.mark.parametrize("fixture_name", NOT_MANAGERS)
def test_only_the_manager_may_deactivate_an_organisation(
    client, as_user, fixture_name, organisation
):
    as_user(fixture_name)
    assert client.post(deactivate_url(organisation)).status_code == 403
    organisation.refresh_from_db()
    assert organisation.is_active


def test_anonymous_visitor_cannot_deactivate_an_organisation(client, organisation):
    assert_sent_to_login(client.post(deactivate_url(organisation)))
    organisation.refresh_from_db()
    assert organisation.is_active


# --- Bad input: a French message next to the field, what was typed kept, never a 500


def test_a_name_already_taken_is_refused_on_the_name_field(client, manager, organisation):
    client.force_login(manager)
    response = client.post(
        CREATE_URL, organisation_data(name="ADI Nouvelle-Aquitaine", contact_name="Paul Martin")
    )
    assert response.status_code == 200
    assert field_errors(response, "name") == ["Une organisation porte déjà ce nom."]
    assert typed_value(response, "contact_name") == "Paul Martin"
    assert PartnerOrganisation.objects.count() == 1


def test_a_name_taken_at_the_same_moment_is_refused_without_a_server_error(
    client, manager, organisation, monkeypatch
):
    # Two managers saving at once: the form's own check passes, the database refuses.
    monkeypatch.setattr(PartnerOrganisationForm, "validate_unique", lambda form: None)
    client.force_login(manager)
    response = client.post(CREATE_URL, organisation_data(name="ADI Nouvelle-Aquitaine"))
    assert response.status_code == 200
    assert field_errors(response, "name") == ["Une organisation porte déjà ce nom."]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "ADI\x00", "Le caractère nul n’est pas autorisé."),
        ("name", LONG_TEXT, "au plus 200 caractères"),
        ("name", "", "Ce champ est obligatoire."),
        ("kind", "nope", "Sélectionnez un choix valide."),
        ("contact_email", "claire@", "Saisissez une adresse e-mail valide"),
        ("contact_email", "claire\x00@ast.example", "Le caractère nul n’est pas autorisé."),
        ("website", "pas une adresse", "Saisissez une adresse web valide"),
        ("website", "javascript:alert(1)", "Saisissez une adresse web valide"),
        ("description", LONG_TEXT, "au plus 3000 caractères"),
    ],
)
def test_bad_input_is_refused_next_to_its_field(client, manager, field, value, message):
    client.force_login(manager)
    response = client.post(CREATE_URL, organisation_data(**{field: value}))
    assert response.status_code == 200
    assert any(message in error for error in field_errors(response, field)), field_errors(
        response, field
    )
    assert "Le formulaire contient des erreurs" in response.text
    assert not PartnerOrganisation.objects.exists()


def test_typed_values_are_kept_and_escaped_when_the_form_is_refused(client, manager):
    client.force_login(manager)
    response = client.post(
        CREATE_URL, organisation_data(name=HTML_NAME, contact_email="pas-une-adresse")
    )
    assert response.status_code == 200
    assert HTML_NAME not in response.text
    assert typed_value(response, "name") == HTML_NAME_ESCAPED
    assert typed_value(response, "contact_email") == "pas-une-adresse"

"""The directory's support schemes: who reads them, who keeps them, and bad input."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projects.forms.directory import SupportSchemeForm
from projects.models import SchemeKind, SupportScheme

from .conftest import NON_STAFF_FIXTURES, STAFF_FIXTURES
from .test_directory_helpers import (
    HTML_NAME,
    HTML_NAME_ESCAPED,
    LONG_TEXT,
    PartnerOrganisationFactory,
    SupportSchemeFactory,
    assert_sent_to_login,
    axis_ids,
    field_errors,
    typed_value,
)

pytestmark = pytest.mark.django_db

LIST_URL = reverse("projects:scheme_list")
CREATE_URL = reverse("projects:scheme_create")
NOT_MANAGERS = ["officer", "finance_officer", *NON_STAFF_FIXTURES]
UNIQUE_NAME_MESSAGE = "Cette organisation propose déjà un dispositif de ce nom."


def detail_url(scheme) -> str:
    return reverse("projects:scheme_detail", args=[scheme.pk])


def edit_url(scheme) -> str:
    return reverse("projects:scheme_edit", args=[scheme.pk])


def deactivate_url(scheme) -> str:
    return reverse("projects:scheme_deactivate", args=[scheme.pk])


@pytest.fixture
def adi():
    return PartnerOrganisationFactory(name="ADI Nouvelle-Aquitaine")


@pytest.fixture
def scheme(adi):
    return SupportSchemeFactory(organisation=adi, name="Usine du futur", axis_codes=["digital"])


def scheme_data(organisation, /, **overrides) -> dict:
    data = {
        "organisation": str(organisation.pk),
        "name": "Diagnostic numérique",
        "kind": SchemeKind.EXPERTISE,
        "description": "Trois jours de conseil pour choisir ses outils numériques.",
        "axes": axis_ids("digital", "process"),
        "headcount_bands": ["10-49", "50-249"],
        "departments": ["33", "40"],
        "contact_name": "Julie Laborde",
        "contact_email": "julie.laborde@adi.example",
        "url": "https://www.adi.example/diagnostic-numerique",
        "is_active": "on",
    }
    data.update(overrides)
    return data


def listed_names(response) -> list[str]:
    return [scheme.name for scheme in response.context["page_obj"]]


# --- Who may read the schemes


@pytest.mark.parametrize("fixture_name", STAFF_FIXTURES)
def test_staff_can_read_the_scheme_list_and_sheet(client, as_user, fixture_name, scheme):
    as_user(fixture_name)
    response = client.get(LIST_URL)
    assert response.status_code == 200
    assert "Usine du futur" in response.text
    assert client.get(detail_url(scheme)).status_code == 200


@pytest.mark.parametrize("fixture_name", NON_STAFF_FIXTURES)
def test_other_roles_cannot_read_the_schemes(client, as_user, fixture_name, scheme):
    as_user(fixture_name)
    assert client.get(LIST_URL).status_code == 403
    assert client.get(detail_url(scheme)).status_code == 403


def test_anonymous_visitor_is_sent_to_login_from_the_schemes(client, scheme):
    assert_sent_to_login(client.get(LIST_URL))
    assert_sent_to_login(client.get(detail_url(scheme)))


def test_an_unknown_scheme_is_a_404(client, officer):
    client.force_login(officer)
    assert client.get(reverse("projects:scheme_detail", args=[999999])).status_code == 404


@pytest.mark.parametrize("fixture_name", ["officer", "finance_officer"])
def test_officers_see_no_button_to_change_a_scheme(client, as_user, fixture_name, scheme):
    as_user(fixture_name)
    assert CREATE_URL not in client.get(LIST_URL).text
    page = client.get(detail_url(scheme)).text
    assert edit_url(scheme) not in page
    assert deactivate_url(scheme) not in page


# --- What the list and the sheet show


def test_list_filters_by_kind_axis_and_organisation(client, officer, adi):
    bpi = PartnerOrganisationFactory(name="Bpifrance")
    SupportSchemeFactory(organisation=adi, name="Usine du futur", axis_codes=["digital"])
    SupportSchemeFactory(
        organisation=adi, name="Lean PME", kind=SchemeKind.EXPERTISE, axis_codes=["process"]
    )
    SupportSchemeFactory(organisation=bpi, name="Prêt innovation", axis_codes=["digital"])
    client.force_login(officer)
    assert listed_names(client.get(LIST_URL, {"nature": "expertise"})) == ["Lean PME"]
    assert listed_names(client.get(LIST_URL, {"axe": "digital"})) == [
        "Usine du futur",
        "Prêt innovation",
    ]
    assert listed_names(client.get(LIST_URL, {"organisation": bpi.pk})) == ["Prêt innovation"]
    assert listed_names(client.get(LIST_URL, {"axe": "digital", "organisation": adi.pk})) == [
        "Usine du futur"
    ]


def test_list_searches_by_name_and_filters_inactive_schemes(client, officer, adi):
    SupportSchemeFactory(organisation=adi, name="Usine du futur")
    SupportSchemeFactory(organisation=adi, name="Usine ancienne", is_active=False)
    client.force_login(officer)
    assert listed_names(client.get(LIST_URL, {"q": "usine"})) == [
        "Usine ancienne",
        "Usine du futur",
    ]
    assert listed_names(client.get(LIST_URL, {"q": "usine", "statut": "actif"})) == [
        "Usine du futur"
    ]


def test_list_shows_axes_sizes_departments_and_contact(client, officer, adi):
    SupportSchemeFactory(
        organisation=adi,
        name="Usine du futur",
        axis_codes=["digital", "process"],
        headcount_bands=["10-49"],
        departments=["40"],
        contact_email="julie@adi.example",
    )
    SupportSchemeFactory(organisation=adi, name="Pour tous")
    client.force_login(officer)
    page = client.get(LIST_URL).text
    assert "Transformation numérique, Optimisation économique et technologique des procédés" in page
    assert "10 à 49 salariés" in page
    assert "Landes (40)" in page
    assert 'href="mailto:julie@adi.example"' in page
    assert "Toutes tailles" in page
    assert "Toute l'Aquitaine" in page


@pytest.mark.parametrize(
    "params",
    [
        {"axe": "inconnu"},
        {"axe": "\x00"},
        {"organisation": "\x00"},
        {"organisation": "999999"},
        {"organisation": "abc"},
        {"nature": "nope"},
        {"q": "a\x00b"},
        {"q": LONG_TEXT},
        {"page": "9999"},
    ],
)
def test_list_survives_nonsense_in_its_filters(client, officer, scheme, params):
    client.force_login(officer)
    assert client.get(LIST_URL, params).status_code == 200


def test_list_takes_a_fixed_number_of_queries(client, officer, adi):
    client.force_login(officer)

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(LIST_URL).status_code == 200
        return len(queries)

    SupportSchemeFactory.create_batch(2, organisation=adi, axis_codes=["digital"])
    few = count_queries()
    for _ in range(10):
        SupportSchemeFactory.create_batch(
            2, organisation=PartnerOrganisationFactory(), axis_codes=["digital", "social"]
        )
    assert count_queries() == few


def test_sheet_shows_who_the_scheme_fits_and_whom_to_call(client, officer, adi):
    scheme = SupportSchemeFactory(
        organisation=adi,
        name="Usine du futur",
        axis_codes=["digital"],
        headcount_bands=["1-9", "10-49"],
        departments=["24"],
        contact_name="Julie Laborde",
        contact_email="julie@adi.example",
        url="https://www.adi.example/usine-du-futur",
    )
    client.force_login(officer)
    page = client.get(detail_url(scheme)).text
    for text in [
        "ADI Nouvelle-Aquitaine",
        "Transformation numérique",
        "1 à 9 salariés, 10 à 49 salariés",
        "Dordogne (24)",
        "Julie Laborde",
        'href="mailto:julie@adi.example"',
        'href="https://www.adi.example/usine-du-futur"',
    ]:
        assert text in page


def test_names_typed_with_html_are_shown_escaped(client, officer, adi):
    scheme = SupportSchemeFactory(organisation=adi, name=HTML_NAME, description=HTML_NAME)
    client.force_login(officer)
    for url in (LIST_URL, detail_url(scheme)):
        page = client.get(url).text
        assert HTML_NAME not in page
        assert HTML_NAME_ESCAPED in page


# --- Who may create, edit and deactivate schemes


def test_manager_creates_a_scheme_with_its_axes_sizes_and_departments(client, manager, adi):
    client.force_login(manager)
    assert client.get(CREATE_URL).status_code == 200
    response = client.post(CREATE_URL, scheme_data(adi))
    scheme = SupportScheme.objects.get()
    assert response.status_code == 302
    assert response.url == detail_url(scheme)
    assert scheme.organisation == adi
    assert scheme.kind == SchemeKind.EXPERTISE
    assert sorted(scheme.axes.values_list("code", flat=True)) == ["digital", "process"]
    assert scheme.headcount_bands == ["10-49", "50-249"]
    assert scheme.departments == ["33", "40"]
    assert scheme.contact_email == "julie.laborde@adi.example"


def test_a_scheme_with_no_size_or_department_ticked_fits_every_company(client, manager, adi):
    client.force_login(manager)
    form_page = client.get(CREATE_URL).text
    assert "Ne cochez rien si le dispositif convient à toutes les tailles" in form_page
    data = scheme_data(adi)
    del data["headcount_bands"], data["departments"]
    client.post(CREATE_URL, data)
    scheme = SupportScheme.objects.get()
    assert scheme.headcount_bands == []
    assert scheme.departments == []
    assert scheme.fits_headcount("500+") and scheme.fits_department("64")


def test_the_form_groups_checkboxes_in_fieldsets_with_legends(client, manager):
    client.force_login(manager)
    page = client.get(CREATE_URL).text
    for legend in [
        "Axes d&#x27;intervention servis",
        "Tailles d&#x27;entreprise visées",
        "Départements couverts",
    ]:
        assert re.search(rf"<fieldset[^>]*>\s*<legend[^>]*>\s*{re.escape(legend)}", page), legend
    assert page.count("<legend") >= 7  # four groups of fields, three groups of checkboxes


def test_the_new_scheme_form_starts_with_the_organisation_it_came_from(client, manager, adi):
    client.force_login(manager)
    page = client.get(CREATE_URL, {"organisation": adi.pk}).text
    assert f'value="{adi.pk} — ADI Nouvelle-Aquitaine"' in page
    assert client.get(CREATE_URL, {"organisation": "\x00"}).status_code == 200


def test_a_deactivated_organisation_is_not_offered_for_a_new_scheme(client, manager):
    closed = PartnerOrganisationFactory(name="Fermée", is_active=False)
    client.force_login(manager)
    assert "Fermée" not in client.get(CREATE_URL).text
    response = client.post(CREATE_URL, scheme_data(closed))
    assert field_errors(response, "organisation") == ["Choisissez une organisation de la liste."]


def test_a_scheme_keeps_its_deactivated_organisation_when_edited(client, manager, scheme, adi):
    adi.is_active = False
    adi.save()
    client.force_login(manager)
    response = client.post(edit_url(scheme), scheme_data(adi, name="Usine du futur 2"))
    assert response.status_code == 302
    scheme.refresh_from_db()
    assert scheme.name == "Usine du futur 2"


@pytest.mark.parametrize("fixture_name", NOT_MANAGERS)
def test_only_the_manager_may_create_a_scheme(client, as_user, fixture_name, adi):
    as_user(fixture_name)
    assert client.get(CREATE_URL).status_code == 403
    assert client.post(CREATE_URL, scheme_data(adi)).status_code == 403
    assert not SupportScheme.objects.exists()


def test_anonymous_visitor_cannot_create_a_scheme(client, adi):
    assert_sent_to_login(client.post(CREATE_URL, scheme_data(adi)))
    assert not SupportScheme.objects.exists()


def test_manager_edits_a_scheme_and_can_untick_every_size(client, manager, scheme, adi):
    scheme.headcount_bands = ["10-49"]
    scheme.save()
    client.force_login(manager)
    page = client.get(edit_url(scheme)).text
    assert re.search(r'<input[^>]*value="10-49"[^>]*checked', page)
    data = scheme_data(adi, name="Usine du futur", axes=axis_ids("crossover"))
    del data["headcount_bands"]
    assert client.post(edit_url(scheme), data).status_code == 302
    scheme.refresh_from_db()
    assert scheme.headcount_bands == []
    assert list(scheme.axes.values_list("code", flat=True)) == ["crossover"]


@pytest.mark.parametrize("fixture_name", NOT_MANAGERS)
def test_only_the_manager_may_edit_a_scheme(client, as_user, fixture_name, scheme, adi):
    as_user(fixture_name)
    assert client.get(edit_url(scheme)).status_code == 403
    assert client.post(edit_url(scheme), scheme_data(adi)).status_code == 403
    scheme.refresh_from_db()
    assert scheme.name == "Usine du futur"


def test_anonymous_visitor_cannot_edit_a_scheme(client, scheme, adi):
    assert_sent_to_login(client.post(edit_url(scheme), scheme_data(adi)))


def test_manager_deactivates_a_scheme(client, manager, scheme):
    client.force_login(manager)
    response = client.post(deactivate_url(scheme))
    assert response.status_code == 302
    assert response.url == detail_url(scheme)
    scheme.refresh_from_db()
    assert not scheme.is_active


def test_deactivating_a_scheme_only_accepts_post(client, manager, scheme):
    client.force_login(manager)
    assert client.get(deactivate_url(scheme)).status_code == 405
    scheme.refresh_from_db()
    assert scheme.is_active


@pytest.mark.parametrize("fixture_name", NOT_MANAGERS)
def test_only_the_manager_may_deactivate_a_scheme(client, as_user, fixture_name, scheme):
    as_user(fixture_name)
    assert client.post(deactivate_url(scheme)).status_code == 403
    scheme.refresh_from_db()
    assert scheme.is_active


def test_anonymous_visitor_cannot_deactivate_a_scheme(client, scheme):
    assert_sent_to_login(client.post(deactivate_url(scheme)))
    scheme.refresh_from_db()
    assert scheme.is_active


# --- Bad input: a French message next to the field, what was typed kept, never a 500


def test_a_name_taken_in_the_same_organisation_is_refused_on_the_name_field(
    client, manager, scheme, adi
):
    client.force_login(manager)
    response = client.post(
        CREATE_URL, scheme_data(adi, name="Usine du futur", contact_name="Paul Martin")
    )
    assert response.status_code == 200
    assert field_errors(response, "name") == [UNIQUE_NAME_MESSAGE]
    assert typed_value(response, "contact_name") == "Paul Martin"
    assert SupportScheme.objects.count() == 1


def test_renaming_a_scheme_to_a_sibling_s_name_is_refused(client, manager, scheme, adi):
    other = SupportSchemeFactory(organisation=adi, name="Lean PME")
    client.force_login(manager)
    response = client.post(edit_url(other), scheme_data(adi, name="Usine du futur"))
    assert response.status_code == 200
    assert field_errors(response, "name") == [UNIQUE_NAME_MESSAGE]
    other.refresh_from_db()
    assert other.name == "Lean PME"


def test_the_same_name_in_another_organisation_is_accepted(client, manager, scheme):
    bpi = PartnerOrganisationFactory(name="Bpifrance")
    client.force_login(manager)
    response = client.post(CREATE_URL, scheme_data(bpi, name="Usine du futur"))
    assert response.status_code == 302
    assert SupportScheme.objects.filter(name="Usine du futur").count() == 2


def test_a_name_taken_at_the_same_moment_is_refused_without_a_server_error(
    client, manager, scheme, adi, monkeypatch
):
    # Two managers saving at once: the form's own check passes, the database refuses.
    monkeypatch.setattr(SupportSchemeForm, "validate_constraints", lambda form: None)
    client.force_login(manager)
    response = client.post(CREATE_URL, scheme_data(adi, name="Usine du futur"))
    assert response.status_code == 200
    assert field_errors(response, "name") == [UNIQUE_NAME_MESSAGE]
    assert SupportScheme.objects.count() == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "Usine\x00", "Le caractère nul n’est pas autorisé."),
        ("name", LONG_TEXT, "au plus 200 caractères"),
        ("name", "", "Ce champ est obligatoire."),
        ("organisation", "", "Ce champ est obligatoire."),
        ("organisation", "999999", "Choisissez une organisation de la liste."),
        ("organisation", "\x00", "Ce texte contient un caractère invalide."),
        ("kind", "nope", "Sélectionnez un choix valide."),
        ("axes", ["999999"], "Cet axe d'intervention n'existe pas (« 999999 »)."),
        ("axes", ["abc"], "Cet axe d'intervention n'existe pas (« abc »)."),
        ("axes", ["1\x00"], "Le caractère nul n’est pas autorisé."),
        ("headcount_bands", ["1000+"], "Cette tranche d'effectif n'existe pas (« 1000+ »)."),
        ("departments", ["75"], "Ce département n'existe pas (« 75 »)."),
        ("contact_email", "julie@", "Saisissez une adresse e-mail valide"),
        ("contact_email", "julie\x00@adi.example", "Le caractère nul n’est pas autorisé."),
        ("url", "www adi", "Saisissez une adresse web valide"),
        ("url", "javascript:alert(1)", "Saisissez une adresse web valide"),
        ("description", LONG_TEXT, "au plus 5000 caractères"),
    ],
)
def test_bad_input_is_refused_next_to_its_field(client, manager, adi, field, value, message):
    client.force_login(manager)
    response = client.post(CREATE_URL, scheme_data(adi, **{field: value}))
    assert response.status_code == 200
    errors = field_errors(response, field)
    assert any(message in error for error in errors), errors
    assert "Le formulaire contient des erreurs" in response.text
    assert not SupportScheme.objects.exists()


def test_typed_values_and_ticks_are_kept_when_the_form_is_refused(client, manager, adi):
    client.force_login(manager)
    response = client.post(CREATE_URL, scheme_data(adi, name=HTML_NAME, url="pas une adresse"))
    assert response.status_code == 200
    assert HTML_NAME not in response.text
    assert typed_value(response, "name") == HTML_NAME_ESCAPED
    assert typed_value(response, "url") == "pas une adresse"
    form = response.context["form"]
    assert form["headcount_bands"].value() == ["10-49", "50-249"]
    assert form["departments"].value() == ["33", "40"]


def test_the_error_summary_links_to_each_field_in_error(client, manager, adi):
    client.force_login(manager)
    response = client.post(CREATE_URL, scheme_data(adi, name="", axes=["abc"]))
    assert 'href="#id_name"' in response.text
    assert 'href="#id_axes_0"' in response.text
    assert 'id="id_axes_0"' in response.text

"""The officer's side of the matching: the suggestions on the project page, dismissing one with
a reason, and the manager keeping who each scheme is for in the directory pages."""

import datetime

import pytest
from django.urls import reverse

from projects.models import (
    InterventionAxis,
    PartnerOrganisation,
    SchemeCall,
    SchemeTerm,
    SuggestionDismissal,
    SupportScheme,
)

from .conftest import NON_STAFF_FIXTURES
from .factories import ProjectFactory
from .test_matching import scheme

pytestmark = pytest.mark.django_db


@pytest.fixture
def project():
    created = ProjectFactory(
        title="Réduire la consommation des fours", axis_codes=["process"], budget=50_000
    )
    created.primary_axis = InterventionAxis.objects.get(code="process")
    created.save()
    return created


@pytest.fixture
def energy():
    return scheme("Diagnostic performance énergétique", keywords="four, fours, énergie")


def dismiss_url(project, target) -> str:
    return reverse("projects:suggestion_dismiss", args=[project.pk, target.pk])


# --- The project page


def test_the_page_shows_why_each_scheme_is_suggested_or_ruled_out(client, officer, project, energy):
    big = scheme("Fonds chaleur", budget_min=100_000)
    closing = scheme("Appel qui se termine")
    today = datetime.date.today()
    SchemeCall.objects.create(
        scheme=closing,
        opens_on=today - datetime.timedelta(days=30),
        closes_on=today + datetime.timedelta(days=5),
    )
    client.force_login(officer)

    html = client.get(project.get_absolute_url()).text

    assert "mots en commun : fours" in html
    assert "Date limite le" in html
    assert f'id="ecarte-{big.pk}"' in html
    assert "pour les projets d&#x27;au moins 100" in html
    assert f'href="{dismiss_url(project, energy)}"' in html


def test_the_finance_officer_reads_the_suggestions_without_buttons(
    client, finance_officer, project, energy
):
    client.force_login(finance_officer)

    html = client.get(project.get_absolute_url()).text

    assert "Diagnostic performance énergétique" in html
    assert dismiss_url(project, energy) not in html


# --- Dismissing a suggestion


@pytest.mark.parametrize("fixture_name", ["officer", "manager"])
def test_officer_and_manager_dismiss_a_suggestion_with_a_reason(
    client, request, fixture_name, project, energy
):
    user = request.getfixturevalue(fixture_name)
    client.force_login(user)

    page = client.get(dismiss_url(project, energy))
    response = client.post(dismiss_url(project, energy), {"reason": "Diagnostic déjà fait"})

    assert page.status_code == 200 and "Écarter le dispositif" in page.text
    assert response.status_code == 302
    assert response["Location"].endswith("#ressources")
    dismissal = SuggestionDismissal.objects.get()
    assert (dismissal.project, dismissal.scheme, dismissal.dismissed_by) == (project, energy, user)
    assert dismissal.reason == "Diagnostic déjà fait"
    html = client.get(project.get_absolute_url()).text
    assert f'id="suggestion-{energy.pk}"' not in html
    assert "Diagnostic déjà fait" in html and "Retenir quand même" in html


def test_a_dismissal_without_a_reason_is_refused_in_french_and_keeps_nothing(
    client, officer, project, energy
):
    client.force_login(officer)

    response = client.post(dismiss_url(project, energy), {"reason": "   "})

    assert response.status_code == 200
    assert "Dites pourquoi vous écartez ce dispositif." in response.text
    assert not SuggestionDismissal.objects.exists()


def test_a_too_long_reason_is_refused_and_comes_back_as_typed(client, officer, project, energy):
    client.force_login(officer)

    response = client.post(dismiss_url(project, energy), {"reason": "trop " * 300})

    assert response.status_code == 200
    assert "Soyez plus bref : 1000 caractères au plus." in response.text
    assert "trop trop" in response.text
    assert not SuggestionDismissal.objects.exists()


def test_dismissing_again_replaces_the_reason(client, officer, project, energy):
    client.force_login(officer)
    client.post(dismiss_url(project, energy), {"reason": "Première raison"})
    client.post(dismiss_url(project, energy), {"reason": "Seconde raison"})

    assert SuggestionDismissal.objects.get().reason == "Seconde raison"


@pytest.mark.parametrize("fixture_name", ["finance_officer", *NON_STAFF_FIXTURES])
def test_other_roles_cannot_dismiss_a_suggestion(client, request, fixture_name, project, energy):
    client.force_login(request.getfixturevalue(fixture_name))

    response = client.post(dismiss_url(project, energy), {"reason": "Non"})

    assert response.status_code == 403
    assert not SuggestionDismissal.objects.exists()


def test_dismissing_an_unknown_scheme_or_for_an_unknown_project_is_a_404(
    client, officer, project, energy
):
    client.force_login(officer)

    assert (
        client.get(reverse("projects:suggestion_dismiss", args=[project.pk, 999])).status_code
        == 404
    )
    assert (
        client.get(reverse("projects:suggestion_dismiss", args=[999, energy.pk])).status_code == 404
    )


# --- Keeping the directory


def scheme_post(organisation, **overrides) -> dict:
    data = {
        "organisation": organisation.pk,
        "name": "Diagnostic énergie",
        "kind": "expertise",
        "description": "Mesure des consommations.",
        "keywords": "four, chaleur fatale",
        "axes": [InterventionAxis.objects.get(code="process").pk],
        "trades": "",
        "naf_included": "24, 25.62b",
        "naf_excluded": "",
        "budget_min": "20000",
        "budget_max": "500000",
        "amount_max": "15000",
        "rate_max": "50",
        "days": "6",
        "appels-TOTAL_FORMS": "2",
        "appels-INITIAL_FORMS": "0",
        "appels-MIN_NUM_FORMS": "0",
        "appels-MAX_NUM_FORMS": "20",
        "appels-0-label": "Appel 2026",
        "appels-0-opens_on": "2026-01-10",
        "appels-0-closes_on": "2026-03-15",
        "appels-0-recurs_yearly": "on",
        "appels-1-label": "",
        "appels-1-opens_on": "",
        "appels-1-closes_on": "",
    }
    data.update(overrides)
    return data


def test_manager_records_who_a_scheme_is_for_what_it_provides_and_its_calls(client, manager):
    agency = PartnerOrganisation.objects.create(name="ADEME", kind="agency")
    client.force_login(manager)

    response = client.post(reverse("projects:scheme_create"), scheme_post(agency))

    created = SupportScheme.objects.get()
    assert response.status_code == 302
    assert created.naf_included == ["24", "25.62B"]
    assert (created.budget_min, created.budget_max, created.rate_max) == (20000, 500000, 50)
    call = created.calls.get()
    assert (call.label, call.closes_on, call.recurs_yearly) == (
        "Appel 2026",
        datetime.date(2026, 3, 15),
        True,
    )
    # Its words are indexed for the suggestions at once.
    assert SchemeTerm.objects.filter(scheme=created, term="four").exists()
    sheet = client.get(reverse("projects:scheme_detail", args=[created.pk])).text
    assert "Appel 2026" in sheet and "chaque année" in sheet and "50 % des dépenses" in sheet


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"naf_included": "16, 99.99Q"}, "« 99.99Q » n&#x27;est ni une section"),
        (
            {"budget_min": "600000"},
            "Le budget maximum doit être supérieur ou égal au budget minimum.",
        ),
        ({"rate_max": "150"}, "Un taux ne dépasse pas 100 %."),
        ({"amount_max": "beaucoup"}, "Saisissez un montant en euros"),
        ({"appels-0-closes_on": "2026-01-01"}, "La clôture doit suivre l&#x27;ouverture."),
        ({"appels-0-opens_on": "15 janvier"}, "Saisissez une date valide"),
    ],
)
def test_bad_scheme_input_is_refused_in_french_and_nothing_typed_is_lost(
    client, manager, overrides, message
):
    agency = PartnerOrganisation.objects.create(name="ADEME", kind="agency")
    client.force_login(manager)

    response = client.post(reverse("projects:scheme_create"), scheme_post(agency, **overrides))

    assert response.status_code == 200
    assert message in response.text
    assert "four, chaleur fatale" in response.text and "Appel 2026" in response.text
    assert not SupportScheme.objects.exists() and not SchemeCall.objects.exists()


def test_manager_deletes_a_call_and_the_scheme_is_open_all_year_again(client, manager):
    target = scheme("Diagnostic énergie")
    call = SchemeCall.objects.create(
        scheme=target, opens_on=datetime.date(2026, 1, 1), closes_on=datetime.date(2026, 2, 1)
    )
    data = scheme_post(
        target.organisation,
        **{
            "appels-TOTAL_FORMS": "1",
            "appels-INITIAL_FORMS": "1",
            "appels-0-id": str(call.pk),
            "appels-0-scheme": str(target.pk),
            "appels-0-DELETE": "on",
        },
    )
    client.force_login(manager)

    response = client.post(reverse("projects:scheme_edit", args=[target.pk]), data)

    assert response.status_code == 302
    assert not SchemeCall.objects.exists()
    sheet = client.get(reverse("projects:scheme_detail", args=[target.pk])).text
    assert "Ouvert toute l&#x27;année." in sheet


def test_an_organisations_competences_and_students_are_kept_and_match_its_schemes(client, manager):
    lab = PartnerOrganisation.objects.create(name="Laboratoire I2M", kind="lab")
    cifre = scheme("Contrat CIFRE", org="Laboratoire I2M", kind="phd")
    client.force_login(manager)

    response = client.post(
        reverse("projects:organisation_edit", args=[lab.pk]),
        {
            "name": "Laboratoire I2M",
            "kind": "lab",
            "competences": "usinage, titane, tribologie",
            "student_kinds": ["intern", "phd"],
            "is_active": "on",
        },
    )

    assert response.status_code == 302
    lab.refresh_from_db()
    assert lab.student_kinds == ["intern", "phd"]
    assert SchemeTerm.objects.filter(scheme=cifre, term="titan").exists()
    sheet = client.get(reverse("projects:organisation_detail", args=[lab.pk])).text
    assert "usinage, titane, tribologie" in sheet and "Doctorant·es (CIFRE)" in sheet

"""The matching engine (projects/matching): words, eligibility and its wording, calls for
applications, the programme's history, dismissals, free-text search; on a small directory whose
right answers are known."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from companies.models import Department, HeadcountBand
from projects.matching import naf, text
from projects.matching.index import index_schemes
from projects.matching.ranking import match_project, suggest_schemes
from projects.matching.search import search_schemes
from projects.models import (
    FinancingLine,
    InterventionAxis,
    Need,
    PartnerOrganisation,
    Resource,
    SchemeCall,
    SupportAction,
    SupportScheme,
)
from projects.services.directory import resource_confirm, suggestion_dismiss

from .factories import CompanyFactory, ProjectFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 15)


def organisation(name: str = "ADI Nouvelle-Aquitaine", **fields) -> PartnerOrganisation:
    found, _ = PartnerOrganisation.objects.get_or_create(
        name=name, defaults={"kind": PartnerOrganisation.Kind.AGENCY, **fields}
    )
    return found


def scheme(name: str, axes=("process",), *, org: str = "ADI Nouvelle-Aquitaine", **fields):
    created = SupportScheme.objects.create(
        organisation=organisation(org), name=name, kind=fields.pop("kind", "expertise"), **fields
    )
    created.axes.add(*InterventionAxis.objects.filter(code__in=axes))
    index_schemes([created.pk])
    return created


def project_for(title: str, description: str = "", axes=("process",), **company_fields):
    company = CompanyFactory(**company_fields)
    project = ProjectFactory(
        company=company, title=title, description=description, axis_codes=list(axes)
    )
    project.primary_axis = InterventionAxis.objects.get(code=axes[0])
    project.save()
    return project


def names(suggestions) -> list[str]:
    return [s.scheme.name for s in suggestions]


# --- Words


def test_words_ignore_case_accents_and_stop_words_and_share_their_stem():
    assert text.terms("Énergétique") == text.terms("energetique")
    assert text.terms("des robots") == text.terms("Robot")
    assert text.terms("la consommation de l'atelier") == ["consomm", "ateli"]


def test_a_texts_set_of_terms_is_its_terms_without_order_or_repeats():
    texts = [
        "Four à induction : réduire la consommation d'énergie de 30 % en 2026",
        "Œuvre des robots, et des ROBOTS ; cœur de métier",
        "",
        "a b 12 l'usine",
    ]
    assert text.term_set(*texts) == {term for each in texts for term in text.terms(each)}
    assert text.term_set("la consommation de l'atelier") == {"consomm", "ateli"}


def test_naf_patterns_cover_sections_divisions_and_codes():
    assert naf.covers("C", "24.51Z") and naf.covers("24", "24.51Z") and naf.covers("24.5", "24.51Z")
    assert not naf.covers("16", "24.51Z") and not naf.covers("C", "01.11Z")
    assert naf.is_known(naf.normalise_pattern("2830")) and not naf.is_known("34")
    assert "Fonderie" in naf.activity_text("24.51Z")


def test_the_scheme_sharing_the_projects_words_comes_first_and_says_which():
    scheme("Diagnostic Usine du Futur", description="Organisation, numérique, compétences.")
    scheme(
        "Diagnostic performance énergétique",
        keywords="énergie, four, fours, consommation",
        description="Mesure des consommations et plan d'actions.",
    )
    project = project_for(
        "Réduire la consommation des fours", "Les fours de fusion consomment trop d'énergie."
    )

    suggestions = suggest_schemes(project, today=TODAY)

    assert names(suggestions) == ["Diagnostic performance énergétique", "Diagnostic Usine du Futur"]
    reasons = "; ".join(suggestions[0].reasons)
    assert "mots en commun : " in reasons
    assert "fours" in suggestions[0].words and "consommation" in suggestions[0].words


def test_words_of_the_organisations_competences_count_for_its_schemes():
    organisation("Laboratoire I2M", kind=PartnerOrganisation.Kind.LAB, competences="titane, usure")
    scheme("Contrat CIFRE", org="Laboratoire I2M", kind="phd")
    scheme("Contrat CIFRE", org="Laboratoire IMS", kind="phd")
    project = project_for("Thèse sur l'usinage du titane")

    assert [s.scheme.organisation.name for s in suggest_schemes(project, today=TODAY)][0] == (
        "Laboratoire I2M"
    )


# --- Who a scheme is for, and why it is ruled out


@pytest.mark.parametrize(
    ("fields", "company", "budget", "reason"),
    [
        (
            {"headcount_bands": ["10-49", "50-249"]},
            {"headcount_band": HeadcountBand.MICRO},
            None,
            "réservé aux entreprises de 10 à 249 salariés",
        ),
        (
            {"departments": ["40", "64"]},
            {"department": Department.GIRONDE, "postcode": "33000"},
            None,
            "réservé aux départements : Landes (40), Pyrénées-Atlantiques (64)",
        ),
        (
            {"trades": "bois, forêt", "naf_included": ["16"]},
            {"naf_code": "25.62B"},
            None,
            "réservé à la filière : bois, forêt, 16 Travail du bois",
        ),
        (
            {"naf_excluded": ["24"]},
            {"naf_code": "24.51Z"},
            None,
            "exclut les activités 24 Métallurgie",
        ),
        (
            {"budget_min": Decimal("100000")},
            {},
            Decimal("40000"),
            "pour les projets d'au moins 100\u202f000 € (budget du projet : 40\u202f000 €)",
        ),
    ],
)
def test_a_scheme_that_does_not_fit_is_ruled_out_with_its_reason(fields, company, budget, reason):
    scheme("Dispositif ciblé", **fields)
    project = project_for("Un projet", **company)
    project.budget = budget
    project.save()

    matching = match_project(project, today=TODAY)

    assert matching.suggestions == []
    (excluded,) = matching.excluded
    assert excluded.scheme.name == "Dispositif ciblé"
    assert excluded.reasons[0].replace("\xa0", "\u202f").startswith(reason.split(" (")[0])
    assert excluded.reasons == [excluded.reasons[0]]


def test_a_trade_scheme_fits_a_project_of_its_trade_by_naf_or_by_words():
    scheme("Innovation forêt-bois", trades="bois, forêt", naf_included=["16"])
    by_naf = project_for("Nouvelle ligne", naf_code="16.10A")
    by_words = project_for("Séchoir à bois basse température", naf_code="28.93Z")

    for project in (by_naf, by_words):
        (suggestion,) = suggest_schemes(project, today=TODAY)
        assert any("réservé" in reason for reason in suggestion.reasons)


def test_a_closed_call_is_ruled_out_and_a_near_deadline_is_shown():
    closed = scheme("Appel fermé")
    SchemeCall.objects.create(
        scheme=closed, opens_on=datetime.date(2026, 1, 5), closes_on=datetime.date(2026, 3, 15)
    )
    closing = scheme("Appel qui se termine")
    SchemeCall.objects.create(
        scheme=closing, opens_on=datetime.date(2026, 5, 1), closes_on=datetime.date(2026, 6, 27)
    )
    upcoming = scheme("Appel à venir")
    SchemeCall.objects.create(
        scheme=upcoming, opens_on=datetime.date(2026, 9, 1), closes_on=datetime.date(2026, 10, 31)
    )
    project = project_for("Un projet")

    matching = match_project(project, today=TODAY)

    suggested = {s.scheme.name: s for s in matching.suggestions}
    assert set(suggested) == {"Appel qui se termine", "Appel à venir"}
    assert suggested["Appel qui se termine"].deadline_soon
    assert (
        "appel ouvert jusqu'au 27/06/2026 (dans 12 jours)"
        in suggested["Appel qui se termine"].reasons
    )
    assert "prochain appel du 01/09/2026 au 31/10/2026" in suggested["Appel à venir"].reasons
    assert not suggested["Appel à venir"].deadline_soon
    (excluded,) = matching.excluded
    assert excluded.reasons == ["appel clos depuis le 15/03/2026"]


def test_a_yearly_call_closed_this_year_says_when_it_comes_back():
    yearly = scheme("Appel annuel")
    SchemeCall.objects.create(
        scheme=yearly,
        opens_on=datetime.date(2024, 1, 10),
        closes_on=datetime.date(2024, 2, 28),
        recurs_yearly=True,
    )
    matching = match_project(project_for("Un projet"), today=TODAY)

    assert matching.excluded[0].reasons == [
        "appel clos depuis le 28/02/2026 ; prochain appel le 10/01/2027"
    ]
    next_winter = match_project(project_for("Un autre"), today=datetime.date(2026, 11, 1))
    assert names(next_winter.suggestions) == ["Appel annuel"]


# --- History and dismissals


def test_history_says_how_often_a_scheme_was_mobilised_and_obtained_for_similar_projects():
    aid = scheme("Aide à l'innovation", kind="funding")
    lean = scheme("Formation lean", org="CETIM", kind="training")
    for status in (Resource.Status.OBTAINED, Resource.Status.CONTACTED):
        Resource.objects.create(project=project_for("Passé"), scheme=aid, status=status)
    FinancingLine.objects.create(
        project=project_for("Passé financé"),
        scheme=aid,
        kind=FinancingLine.Kind.GRANT,
        amount_asked=Decimal("1000"),
        status=FinancingLine.Status.GRANTED,
    )
    SupportAction.objects.create(
        project=project_for("Passé formé"),
        kind=SupportAction.Kind.TRAINING,
        title="Lean",
        provider=lean.organisation,
        status=SupportAction.Status.DONE,
    )
    # Neither the axis nor the trade: not a similar project.
    other = project_for("Autre axe", axes=("marketing",), naf_code="16.10A")
    Resource.objects.create(project=other, scheme=aid)

    suggestions = {s.scheme.name: s for s in suggest_schemes(project_for("Nouveau"), today=TODAY)}

    assert (
        "mobilisé pour 3 projets semblables, obtenu 2 fois"
        in suggestions["Aide à l'innovation"].reasons
    )
    assert (
        "mobilisé pour 1 projet semblable, obtenu 1 fois" in suggestions["Formation lean"].reasons
    )


def test_a_dismissed_scheme_leaves_the_project_and_ranks_lower_for_similar_projects(officer):
    first = scheme("Dispositif A")
    second = scheme("Dispositif B")
    past = project_for("Projet passé")
    assert names(suggest_schemes(project_for("Témoin"), today=TODAY)) == [
        "Dispositif A",
        "Dispositif B",
    ]

    suggestion_dismiss(project=past, scheme=first, reason="Hors sujet", by=officer)

    own = match_project(past, today=TODAY)
    assert names(own.suggestions) == ["Dispositif B"]
    assert own.excluded[0].scheme == first and own.excluded[0].dismissed
    assert "Hors sujet" in own.excluded[0].reasons[0]
    similar = suggest_schemes(project_for("Projet semblable"), today=TODAY)
    assert names(similar) == ["Dispositif B", "Dispositif A"]
    assert "écarté pour 1 projet semblable" in similar[1].reasons
    unrelated = project_for("Projet marketing", axes=("marketing",), naf_code="16.10A")
    second.axes.add(InterventionAxis.objects.get(code="marketing"))
    first.axes.add(InterventionAxis.objects.get(code="marketing"))
    assert names(suggest_schemes(unrelated, today=TODAY)) == ["Dispositif A", "Dispositif B"]


def test_retaining_a_dismissed_scheme_cancels_the_dismissal(officer):
    dismissed = scheme("Dispositif A")
    project = project_for("Projet")
    suggestion_dismiss(project=project, scheme=dismissed, reason="Pas maintenant", by=officer)

    resource_confirm(project=project, scheme=dismissed, by=officer)

    assert not project.dismissals.exists()
    assert project.resources.get().scheme == dismissed


def test_suggestions_cost_the_same_queries_with_10_or_100_schemes_and_a_long_history():
    project = project_for("Réduire la consommation des fours")
    Need.objects.create(project=project, axis=project.primary_axis, title="Mesurer")

    def grow(count: int) -> None:
        start = SupportScheme.objects.count()
        for index in range(start, start + count):
            created = scheme(f"Dispositif {index}", keywords="four, énergie")
            Resource.objects.create(project=project_for(f"Passé {index}"), scheme=created)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            match_project(project, today=TODAY)
        return len(captured)

    grow(10)
    few = queries()
    grow(90)
    assert queries() == few


# --- Free-text search of the directory


def test_search_finds_schemes_by_their_words_whatever_the_accents():
    scheme("Diagnostic performance énergétique", keywords="four, consommation")
    scheme("Formation lean")

    found = search_schemes(SupportScheme.objects.all(), "ENERGETIQUE fours")

    assert [s.name for s in found] == ["Diagnostic performance énergétique"]
    assert list(search_schemes(SupportScheme.objects.all(), "de la")) == list(
        SupportScheme.objects.all()
    )


@pytest.mark.postgresql_only
def test_on_postgresql_the_stored_vector_is_weighted_and_unaccented():
    scheme("Diagnostic performance énergétique", keywords="four")
    with connection.cursor() as cursor:
        cursor.execute("SELECT search_vector::text FROM projects_supportscheme")
        (vector,) = cursor.fetchone()
    assert "'energet':" in vector and "A" in vector

"""The officer's directory search: words ranked as the suggestions rank them, the company a
scheme must fit, open calls only, and why each scheme came up, with its next deadline."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from projects.matching.eligibility import call_state
from projects.matching.search import open_today
from projects.models import SchemeCall, SupportScheme

from .conftest import NON_STAFF_FIXTURES
from .test_matching import scheme

pytestmark = pytest.mark.django_db

LIST_URL = reverse("projects:scheme_list")


def found(client, **params) -> list[str]:
    response = client.get(LIST_URL, params)
    assert response.status_code == 200
    return [shown.name for shown in response.context["page_obj"]]


def finding(client, name: str, **params):
    response = client.get(LIST_URL, params)
    return next(s.finding for s in response.context["page_obj"] if s.name == name)


def test_words_find_schemes_whatever_the_accents_best_first(client, officer):
    scheme("Diagnostic énergie", keywords="four, consommation, énergie")
    scheme("Formation lean", description="Former les équipes; un peu d'énergie.")
    scheme("Prêt robotique")
    client.force_login(officer)

    assert found(client, q="ENERGIE") == ["Diagnostic énergie", "Formation lean"]
    assert found(client, q="energie fours") == ["Diagnostic énergie"]
    assert (
        "mots en commun : energie, fours"
        in finding(client, "Diagnostic énergie", q="energie fours").reasons
    )


def test_part_of_a_name_still_finds_the_scheme(client, officer):
    scheme("Xylofutur Innovation")
    client.force_login(officer)
    assert found(client, q="Xylo") == ["Xylofutur Innovation"]


def test_size_and_territory_keep_the_schemes_open_to_that_company(client, officer):
    scheme("Pour tous")
    scheme("Petites entreprises", headcount_bands=["1-9", "10-49"])
    scheme("Landes seulement", departments=["40"])
    client.force_login(officer)

    assert found(client, taille="50-249") == ["Landes seulement", "Pour tous"]
    assert found(client, departement="33") == ["Petites entreprises", "Pour tous"]
    assert found(client, taille="10-49", departement="40") == [
        "Landes seulement",
        "Petites entreprises",
        "Pour tous",
    ]
    reasons = finding(client, "Landes seulement", departement="40").reasons
    assert "intervient en Landes (40)" in reasons
    assert (
        "destiné aux entreprises de 10 à 49 salariés"
        in finding(client, "Petites entreprises", taille="10-49").reasons
    )


def test_open_calls_only_leaves_out_closed_and_future_calls_and_shows_deadlines(client, officer):
    today = timezone.localdate()
    day = datetime.timedelta(days=1)
    scheme("Toute l'année")
    closing = scheme("Appel qui ferme")
    SchemeCall.objects.create(scheme=closing, opens_on=today - 30 * day, closes_on=today + 9 * day)
    closed = scheme("Appel clos")
    SchemeCall.objects.create(scheme=closed, opens_on=today - 90 * day, closes_on=today - 30 * day)
    future = scheme("Appel à venir")
    SchemeCall.objects.create(scheme=future, opens_on=today + 10 * day, closes_on=today + 60 * day)
    client.force_login(officer)

    assert found(client, appels="ouverts") == ["Appel qui ferme", "Toute l'année"]
    shown = finding(client, "Appel qui ferme")
    assert shown.call_label == f"Appel ouvert jusqu'au {(today + 9 * day):%d/%m/%Y}."
    assert shown.deadline_soon
    assert finding(client, "Appel clos").conditions == [
        f"appel clos depuis le {(today - 30 * day):%d/%m/%Y}"
    ]
    page = client.get(LIST_URL).text
    assert "Prochaine échéance" in page
    assert "Date limite proche" in page
    assert "Ouvert toute l&#x27;année." in page


@pytest.mark.parametrize(
    ("opens", "closes"),
    [
        (datetime.date(2024, 3, 1), datetime.date(2024, 4, 30)),  # within a year
        (datetime.date(2024, 11, 15), datetime.date(2025, 1, 31)),  # across the new year
        (datetime.date(2027, 3, 1), datetime.date(2027, 4, 30)),  # first one still to come
    ],
)
def test_open_calls_in_sql_agree_with_the_calls_state_every_day(opens, closes):
    yearly = scheme("Annuel")
    SchemeCall.objects.create(scheme=yearly, opens_on=opens, closes_on=closes, recurs_yearly=True)
    dated = scheme("Daté")
    SchemeCall.objects.create(scheme=dated, opens_on=opens, closes_on=closes)
    start = datetime.date(2026, 1, 1)
    for offset in range(0, 366, 3):
        today = start + datetime.timedelta(days=offset)
        in_sql = set(SupportScheme.objects.filter(open_today(today)).values_list("name", flat=True))
        in_python = {
            name
            for name, calls in (
                ("Annuel", [(opens, closes, True)]),
                ("Daté", [(opens, closes, False)]),
            )
            if call_state(calls, today).is_open
        }
        assert in_sql == in_python, today


def test_a_trade_reserved_scheme_says_so_unless_the_words_name_the_trade(client, officer):
    scheme("Filière bois", trades="bois, menuiserie", keywords="séchage")
    client.force_login(officer)
    assert finding(client, "Filière bois", q="séchage").conditions == [
        "réservé à la filière : bois, menuiserie"
    ]
    assert (
        "réservé à la filière « bois », dont relève le projet"
        in finding(client, "Filière bois", q="séchage bois").reasons
    )


@pytest.mark.parametrize(
    "params",
    [
        {"taille": "12"},
        {"departement": "\x00"},
        {"appels": "peut-être"},
        {"q": "   "},
        {"q": "de la le"},
        {"q": "énergie", "page": "-1"},
        {"q": '"four" OR -énergie'},
    ],
)
def test_the_search_survives_nonsense(client, officer, params):
    scheme("Diagnostic énergie", keywords="four")
    client.force_login(officer)
    assert client.get(LIST_URL, params).status_code == 200


@pytest.mark.parametrize("fixture_name", NON_STAFF_FIXTURES)
def test_only_staff_search_the_directory(client, as_user, fixture_name):
    as_user(fixture_name)
    response = client.get(LIST_URL, {"q": "énergie"})
    assert response.status_code in (302, 403)


def test_the_search_takes_a_fixed_number_of_queries(client, officer):
    client.force_login(officer)
    today = timezone.localdate()
    params = {"q": "énergie four", "taille": "10-49", "departement": "33", "appels": "ouverts"}

    def grow(start: int, count: int) -> None:
        for index in range(start, start + count):
            created = scheme(
                f"Énergie {index}",
                keywords="four, énergie",
                headcount_bands=["10-49"],
                departments=["33"],
            )
            SchemeCall.objects.create(
                scheme=created,
                opens_on=today - datetime.timedelta(days=5),
                closes_on=today + datetime.timedelta(days=index + 1),
            )

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(LIST_URL, params).status_code == 200
        return len(queries)

    grow(0, 2)
    few = count_queries()
    grow(2, 30)
    assert count_queries() == few
    assert len(found(client, **params)) == 25

"""The audit page's author filter: typed and searched (never a select of every person who may
change things), usable without the script, its search the manager's alone."""

import re

import pytest
from auditlog.context import set_actor
from django.urls import reverse

from pmi_aqt.accounts.models import Role

from .factories import CompanyFactory, UserFactory

pytestmark = pytest.mark.django_db

LOG = reverse("audit:log")
PEOPLE = reverse("audit:people")


def officer_named(first_name: str, last_name: str):
    return UserFactory(first_name=first_name, last_name=last_name, roles=[Role.OFFICER])


def test_the_page_holds_no_option_per_person_whatever_their_number(client, manager):
    for number in range(30):
        officer_named("Agent", f"Numéro{number}")
    client.force_login(manager)

    html = client.get(LOG).text

    assert not re.search(r"<option[^>]*>[^<]*Numéro", html)
    assert f'data-search-url="{PEOPLE}"' in html
    assert "js/search-choice.js" in html


def test_the_search_answers_authors_by_name_accents_ignored(client, manager):
    helene = officer_named("Hélène", "Dubosc")
    UserFactory(first_name="Hélène", last_name="Sansrole")
    client.force_login(manager)

    results = client.get(PEOPLE, {"q": "helene"}).json()["results"]

    assert results == [f"{helene.pk} — Hélène Dubosc"]


@pytest.mark.parametrize("person", ["officer", "member", "finance_officer", "no_role_user"])
def test_the_search_is_refused_to_all_but_the_manager(client, request, person):
    officer_named("Hélène", "Dubosc")
    client.force_login(request.getfixturevalue(person))

    response = client.get(PEOPLE, {"q": "helene"})

    assert response.status_code == 403
    assert "Dubosc" not in response.text


def test_a_suggestion_or_a_name_typed_filters_the_changes_by_their_author(client, manager):
    author, other = officer_named("Hélène", "Dubosc"), officer_named("Marc", "Lafitte")
    with set_actor(author):
        mine = CompanyFactory(name="Forges Adour")
    with set_actor(other):
        CompanyFactory(name="Tôlerie Vignau")
    client.force_login(manager)
    (suggestion,) = client.get(PEOPLE, {"q": "dubosc"}).json()["results"]

    for typed in (suggestion, "helene dubosc", str(author.pk)):
        page = client.get(LOG, {"person": typed}).text
        assert str(mine) in page, typed
        assert "Tôlerie Vignau" not in page, typed


def test_a_name_matching_nobody_is_a_french_error_not_every_change(client, manager):
    with set_actor(officer_named("Marc", "Lafitte")):
        CompanyFactory(name="Tôlerie Vignau")
    client.force_login(manager)

    response = client.get(LOG, {"person": "Personne Inconnue"})

    assert response.status_code == 200
    assert "Aucun choix ne correspond à « Personne Inconnue »." in response.text
    assert "Tôlerie Vignau" not in response.text

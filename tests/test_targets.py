"""Yearly targets: seeded on install, set and changed by the programme manager only."""

import html
import importlib

import pytest
from django.apps import apps as installed_apps
from django.urls import reverse

from projects.models import YearlyTarget

from .conftest import NON_STAFF_FIXTURES

pytestmark = pytest.mark.django_db

LIST_URL = reverse("projects:target_list")
CREATE_URL = reverse("projects:target_create")


def edit_url(year: int) -> str:
    return reverse("projects:target_edit", args=[year])


def text_of(response) -> str:
    return html.unescape(response.text)


def targets() -> dict[int, int]:
    return dict(YearlyTarget.objects.values_list("year", "companies_target"))


# --- Seeded on install


def test_the_programmes_first_targets_are_seeded():
    assert targets() == {2015: 15, 2016: 20, 2017: 25}


def test_seeding_twice_changes_nothing_and_unseeding_keeps_a_changed_target():
    migration = importlib.import_module("projects.migrations.0005_seed_yearly_targets")
    YearlyTarget.objects.filter(year=2016).update(companies_target=22)

    migration.seed_targets(installed_apps, None)
    assert targets() == {2015: 15, 2016: 22, 2017: 25}

    migration.unseed_targets(installed_apps, None)
    assert targets() == {2016: 22}


def test_a_target_reads_as_its_year_and_number():
    assert str(YearlyTarget.objects.get(year=2015)) == "2015 : 15"


# --- Who may see and change them


def test_the_manager_sees_the_targets_and_the_definition(client, manager):
    client.force_login(manager)

    response = client.get(LIST_URL)

    assert response.status_code == 200
    page = response.text
    assert page.index(">2017<") < page.index(">2016<") < page.index(">2015<")
    assert "25 entreprises" in page
    assert f'href="{edit_url(2016)}"' in page
    assert "lorsqu'un de ses projets est entré en accompagnement cette année-là" in page
    assert "<caption>" in page and '<th scope="row">2015</th>' in page


@pytest.mark.parametrize("fixture_name", ["officer", "finance_officer", *NON_STAFF_FIXTURES])
@pytest.mark.parametrize(
    "method,url",
    [
        ("get", LIST_URL),
        ("get", CREATE_URL),
        ("post", CREATE_URL),
        ("get", edit_url(2016)),
        ("post", edit_url(2016)),
    ],
)
def test_only_the_manager_may_set_targets(client, as_user, fixture_name, method, url):
    as_user(fixture_name)

    response = getattr(client, method)(url, {"year": 2018, "companies_target": 1})

    assert response.status_code == 403
    assert targets() == {2015: 15, 2016: 20, 2017: 25}


@pytest.mark.parametrize("url", [LIST_URL, CREATE_URL, edit_url(2016)])
def test_anonymous_visitor_is_sent_to_login_from_the_targets(client, url):
    response = client.post(url, {"year": 2018, "companies_target": 1})
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    assert 2018 not in targets()


def test_the_target_list_refuses_post(client, manager):
    client.force_login(manager)
    assert client.post(LIST_URL).status_code == 405


# --- Setting a target


def test_the_manager_sets_the_target_of_a_new_year(client, manager):
    client.force_login(manager)

    response = client.post(CREATE_URL, {"year": "2018", "companies_target": "30"})

    assert response.status_code == 302
    assert response.url == LIST_URL
    assert targets()[2018] == 30
    followed = client.get(response.url)
    assert "Objectif 2018 enregistré : 30 entreprises à accompagner." in followed.text


def test_the_form_offers_the_year_asked_for(client, manager):
    client.force_login(manager)

    page = client.get(CREATE_URL, {"annee": "2019"}).text

    assert 'name="year" value="2019"' in page
    assert "lorsqu'un de ses projets est entré en accompagnement cette année-là" in page
    assert 'for="id_year"' in page and 'for="id_companies_target"' in page


@pytest.mark.parametrize("year", ["deux", "٢٠١٩", "19", "-1", ""])
def test_a_strange_year_in_the_address_leaves_the_year_empty(client, manager, year):
    client.force_login(manager)
    response = client.get(CREATE_URL, {"annee": year})
    assert response.status_code == 200
    assert 'name="year" value=' not in response.text


def test_a_year_has_one_target(client, manager):
    client.force_login(manager)

    response = client.post(CREATE_URL, {"year": "2016", "companies_target": "40"})

    assert response.status_code == 200
    assert "Un objectif existe déjà pour cette année." in response.text
    assert targets()[2016] == 20


@pytest.mark.parametrize(
    "data,message",
    [
        ({"year": "2018", "companies_target": "0"}, "au moins une entreprise"),
        ({"year": "2018", "companies_target": "-3"}, "au moins une entreprise"),
        ({"year": "2018", "companies_target": "vingt"}, "nombre entier"),
        ({"year": "2018", "companies_target": "2,5"}, "nombre entier"),
        ({"year": "2018", "companies_target": "99999"}, "trop grand"),
        ({"year": "2018", "companies_target": ""}, "Indiquez le nombre"),
        ({"year": "1999", "companies_target": "10"}, "à partir de 2000"),
        ({"year": "2101", "companies_target": "10"}, "jusqu'à 2100"),
        ({"year": "", "companies_target": "10"}, "Indiquez l'année"),
        ({"year": "deux mille", "companies_target": "10"}, "Saisissez une année"),
    ],
)
def test_wrong_values_are_refused_with_a_message_beside_the_field(client, manager, data, message):
    client.force_login(manager)

    response = client.post(CREATE_URL, data)

    assert response.status_code == 200
    assert message in text_of(response)
    assert 'role="alert"' in response.text
    assert response.text.count("<title>Erreur") == 1
    assert targets() == {2015: 15, 2016: 20, 2017: 25}


def test_the_manager_changes_a_years_target(client, manager):
    client.force_login(manager)

    form = client.get(edit_url(2016))
    response = client.post(edit_url(2016), {"companies_target": "22"})

    assert "Modifier l'objectif 2016" in text_of(form)
    assert 'value="20"' in form.text
    assert response.status_code == 302
    assert targets()[2016] == 22


def test_changing_a_target_cannot_move_it_to_another_year(client, manager):
    client.force_login(manager)

    client.post(edit_url(2016), {"year": "2030", "companies_target": "22"})

    assert targets() == {2015: 15, 2016: 22, 2017: 25}


def test_a_year_without_target_has_nothing_to_change(client, manager):
    client.force_login(manager)
    assert client.get(edit_url(2031)).status_code == 404


def test_a_changed_target_shows_on_the_dashboard(client, manager):
    client.force_login(manager)
    client.post(CREATE_URL, {"year": "2030", "companies_target": "12"})

    response = client.get(reverse("projects:dashboard"), {"annee": 2030})

    assert 'data-figure="target">12<' in response.text

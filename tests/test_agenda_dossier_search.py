"""The agenda's "add a dossier" field: typed and searched, never a select of every ready dossier;
it works without the script (a number, or words matching one dossier, else a short list)."""

import pytest
from django.urls import reverse

from projects.models import Stage
from taskforce.models import AgendaItem, Session

from . import test_taskforce_data as data
from .factories import CompanyFactory, ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(member):
    return data.make_session(members=[member], status=Session.Status.DRAFT)


def ready(title: str, company: str = "Forges de l'Adour"):
    return data.complete_dossier(ProjectFactory(title=title, company=CompanyFactory(name=company)))


def add(client, draft, typed: str):
    return client.post(reverse("taskforce:agenda_item_add", args=[draft.pk]), {"project": typed})


def suggestions(client, draft, text: str):
    url = reverse("taskforce:agenda_candidates", args=[draft.pk])
    return client.get(url, {"q": text})


def test_the_pages_hold_no_option_per_ready_dossier_whatever_their_number(client, officer, draft):
    for number in range(25):
        ready(f"Dossier prêt {number}")
    client.force_login(officer)
    search = reverse("taskforce:agenda_candidates", args=[draft.pk])

    for url in (
        reverse("taskforce:session_detail", args=[draft.pk]),
        reverse("taskforce:agenda_item_add", args=[draft.pk]),
    ):
        html = client.get(url).text
        assert "Dossier prêt 1" not in html
        assert 'list="id_project-suggestions"' in html
        assert f'data-search-url="{search}"' in html
        assert "js/search-choice.js" in html


def test_a_suggestion_as_the_input_writes_it_puts_the_dossier_on_the_agenda(client, officer, draft):
    dossier = ready("Cellule robotisée")
    client.force_login(officer)
    (typed,) = suggestions(client, draft, "robot").json()["results"]

    response = add(client, draft, typed)

    assert response.status_code == 302
    assert AgendaItem.objects.get(session=draft).project == dossier


def test_without_the_script_words_matching_one_dossier_are_enough(client, officer, draft):
    dossier = ready("Cellule robotisée", company="Chaudronnerie Landaise")
    ready("Four de traitement")
    client.force_login(officer)

    response = add(client, draft, "landaise cellule")

    assert response.status_code == 302
    assert AgendaItem.objects.get(session=draft).project == dossier


def test_words_matching_several_dossiers_answer_a_short_list_to_pick_from(client, officer, draft):
    first, second = ready("Usinage cinq axes"), ready("Usinage grande vitesse")
    client.force_login(officer)

    response = add(client, draft, "usinage")

    assert response.status_code == 200
    text = response.text
    assert "Plusieurs choix correspondent" in text
    assert f"{first.pk} — Usinage cinq axes" in text and f"{second.pk} — Usinage grande" in text
    assert 'value="usinage"' in text  # what was typed is kept
    assert not AgendaItem.objects.exists()


@pytest.mark.parametrize("typed", ["999999", "rien de tel", "9" * 40])
def test_a_number_or_words_matching_no_ready_dossier_is_a_form_error(client, officer, draft, typed):
    ProjectFactory(title="Rien de tel", stage=Stage.DIAGNOSIS)  # not ready
    ready("Autre dossier")
    client.force_login(officer)

    response = add(client, draft, typed)

    assert response.status_code == 200
    assert "is-invalid" in response.text
    assert not AgendaItem.objects.exists()


def test_the_search_answers_twenty_suggestions_at_most(client, officer, draft):
    for number in range(30):
        ready(f"Projet de soudure {number}")
    client.force_login(officer)

    results = suggestions(client, draft, "soudure").json()["results"]

    assert len(results) == 20
    assert suggestions(client, draft, "s").json()["results"] == []  # one letter: nothing yet


def test_the_search_makes_the_same_queries_for_many_ready_dossiers(
    client, officer, draft, django_assert_max_num_queries
):
    for number in range(40):
        ready(f"Projet de soudure {number}")
    client.force_login(officer)
    suggestions(client, draft, "soudure")

    # Session, rights, the login's own reads, and one query for the matches.
    with django_assert_max_num_queries(8):
        suggestions(client, draft, "soudure")


def test_a_task_force_member_may_not_search_the_ready_dossiers(client, member, draft):
    ready("Cellule robotisée")
    client.force_login(member)

    assert suggestions(client, draft, "robot").status_code == 403

"""The session form's members: those called are ticked boxes, the others typed and searched
(never a box per task-force member); it works without the script, and the search endpoint
answers the session managers only."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pmi_aqt.accounts.models import Role
from taskforce.models import Session

from . import test_taskforce_data as data
from .factories import UserFactory

pytestmark = pytest.mark.django_db

SEARCH = "taskforce:member_search"


def called(first_name: str, last_name: str, email: str = ""):
    return UserFactory(
        first_name=first_name,
        last_name=last_name,
        email=email or f"{first_name.lower()}.{last_name.lower()}@partner.test",
        roles=[Role.TASKFORCE_MEMBER],
    )


def create(client, members, **fields):
    return client.post(
        reverse("taskforce:session_create"),
        {"date": "2030-03-12", "starts_at": "14:00", "place": "Bordeaux", "members": members}
        | fields,
    )


def test_the_form_holds_no_box_per_member_whatever_their_number(client, officer):
    for number in range(30):
        called("Membre", f"Numéro{number}")
    client.force_login(officer)

    html = client.get(reverse("taskforce:session_create")).text

    assert "Numéro1" not in html
    assert 'type="checkbox"' not in html
    assert f'data-search-url="{reverse(SEARCH)}"' in html
    assert 'list="id_members-suggestions"' in html
    assert "js/search-multiple.js" in html


def test_the_search_answers_members_by_name_accents_ignored(client, officer):
    helene = called("Hélène", "Dubosc")
    called("Marc", "Lafitte")
    UserFactory(first_name="Hélène", last_name="Officer", roles=[Role.OFFICER])
    client.force_login(officer)

    results = client.get(reverse(SEARCH), {"q": "helene"}).json()["results"]

    assert results == [f"{helene.pk} — Hélène Dubosc"]


def test_the_search_finds_a_member_by_email_and_by_number(client, officer):
    marc = called("Marc", "Lafitte", email="m.lafitte@bpifrance.test")
    client.force_login(officer)

    assert client.get(reverse(SEARCH), {"q": "bpifrance"}).json()["results"] == [
        f"{marc.pk} — Marc Lafitte"
    ]
    assert client.get(reverse(SEARCH), {"q": str(marc.pk)}).json()["results"] == [
        f"{marc.pk} — Marc Lafitte"
    ]


@pytest.mark.parametrize("person", ["member", "company_user", "no_role_user", "finance_officer"])
def test_the_search_is_refused_to_who_does_not_manage_sessions(client, request, person):
    called("Hélène", "Dubosc")
    client.force_login(request.getfixturevalue(person))

    response = client.get(reverse(SEARCH), {"q": "helene"})

    assert response.status_code == 403
    assert "Dubosc" not in response.text


def test_the_search_asks_for_a_login(client):
    response = client.get(reverse(SEARCH), {"q": "helene"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_search_takes_no_post(client, officer):
    client.force_login(officer)

    assert client.post(reverse(SEARCH), {"q": "helene"}).status_code == 405


def test_suggestions_as_the_script_sends_them_are_the_members_saved(client, officer):
    helene, marc = called("Hélène", "Dubosc"), called("Marc", "Lafitte")
    client.force_login(officer)
    (typed,) = client.get(reverse(SEARCH), {"q": "dubosc"}).json()["results"]

    # The script turns the suggestion taken into a ticked box and empties the input.
    response = create(client, [str(marc.pk), typed.split(" — ")[0], ""])

    assert response.status_code == 302
    assert set(Session.objects.get().members.all()) == {helene, marc}


def test_without_the_script_a_name_typed_is_looked_up(client, officer):
    helene, marc = called("Hélène", "Dubosc"), called("Marc", "Lafitte")
    client.force_login(officer)

    response = create(client, [str(marc.pk), "helene dubosc"])

    assert response.status_code == 302
    assert set(Session.objects.get().members.all()) == {helene, marc}


def test_without_the_script_several_names_separated_by_semicolons(client, officer):
    helene, marc = called("Hélène", "Dubosc"), called("Marc", "Lafitte")
    client.force_login(officer)

    response = create(client, ["dubosc ; lafitte"])

    assert response.status_code == 302
    assert set(Session.objects.get().members.all()) == {helene, marc}


def test_a_name_matching_several_members_answers_a_short_list_and_keeps_the_ticked_ones(
    client, officer
):
    first, second = called("Anne", "Martin"), called("Paul", "Martin")
    kept = called("Marc", "Lafitte")
    client.force_login(officer)

    response = create(client, [str(kept.pk), "martin"])

    assert response.status_code == 200
    assert "Plusieurs choix correspondent à « martin »" in response.text
    assert f"{first.pk} — Anne Martin" in response.text
    assert f"{second.pk} — Paul Martin" in response.text
    # The member already ticked stays ticked, the words typed stay in the input.
    assert f'value="{kept.pk}" id="id_members-{kept.pk}" checked' in response.text
    assert 'value="martin"' in response.text
    assert not Session.objects.exists()


def test_a_name_matching_no_member_is_a_french_error(client, officer):
    client.force_login(officer)

    response = create(client, ["Personne Inconnue"])

    assert response.status_code == 200
    assert "Aucun choix ne correspond à « Personne Inconnue »." in response.text
    # The input itself is marked invalid, for the eye and for screen readers.
    typed_input = re.search(r'<input[^>]*id="id_members"[^>]*>', response.text).group(0)
    assert "is-invalid" in typed_input
    assert 'aria-invalid="true"' in typed_input
    assert not Session.objects.exists()


@pytest.mark.parametrize("bad", ["999999", "9" * 40, "-3", "12abc—"])
def test_a_bad_member_number_is_a_french_error_not_a_server_error(client, officer, bad):
    client.force_login(officer)

    response = create(client, [bad])

    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.text or "Aucun choix" in response.text
    assert not Session.objects.exists()


def test_an_officer_is_not_a_member_to_call(client, officer, other_officer):
    client.force_login(officer)

    response = create(client, [str(other_officer.pk)])

    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.text
    assert not Session.objects.exists()


def test_the_edit_form_shows_the_members_called_as_ticked_boxes(client, officer, member):
    colleague = data.make_member("colleague@partner.test")
    session = data.make_session(members=[member, colleague], status=Session.Status.DRAFT)
    client.force_login(officer)

    html = client.get(reverse("taskforce:session_edit", args=[session.pk])).text

    for person in (member, colleague):
        assert f'value="{person.pk}" id="id_members-{person.pk}" checked' in html
        assert person.get_full_name() in html


def test_unticking_every_box_calls_nobody(client, officer, member):
    session = data.make_session(members=[member], status=Session.Status.DRAFT)
    client.force_login(officer)

    response = client.post(
        reverse("taskforce:session_edit", args=[session.pk]),
        {"date": "2030-03-12", "starts_at": "14:00", "place": "Bordeaux", "members": [""]},
    )

    assert response.status_code == 302
    assert not session.members.exists()


def test_the_forms_queries_do_not_grow_with_the_members(client, officer):
    def queries_of_edit_page(session) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert (
                client.get(reverse("taskforce:session_edit", args=[session.pk])).status_code == 200
            )
        return len(queries)

    client.force_login(officer)
    few = data.make_session(members=[called("Un", "Seul")], status=Session.Status.DRAFT)
    many = data.make_session(
        members=[called("Membre", f"N{number}") for number in range(12)],
        status=Session.Status.DRAFT,
        days_ahead=20,
    )
    for number in range(20):
        called("Autre", f"A{number}")

    assert queries_of_edit_page(many) == queries_of_edit_page(few)

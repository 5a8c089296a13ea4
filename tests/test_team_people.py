"""Choosing a person of the programme's team by typing (issue 15): the lists' officer filter,
the diagnosis's officers, the opening's officer, a session's chair and a dossier's presenter,
and the team's search endpoint behind them all."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pmi_aqt.accounts.models import Role
from pmi_aqt.forms import SEARCH_RESULTS
from projects.models import Project
from taskforce.models import AgendaItem, Session

from . import test_taskforce_data as data
from .factories import CompanyFactory, ProjectFactory, UserFactory
from .test_companies_prospecting import open_data, open_url
from .test_financing_workspace import line as financing_line
from .test_pipeline_views_diagnosis import diagnosis_data, diagnosis_url

pytestmark = pytest.mark.django_db

LIST_URL = reverse("projects:list")
FINANCING_URL = reverse("projects:financing_workspace")


def search_url(among: str) -> str:
    return reverse("projects:team_people", args=[among])


def suggested(client, among: str, text: str) -> list[str]:
    response = client.get(search_url(among), {"q": text})
    assert response.status_code == 200
    return response.json()["results"]


def listed_titles(response) -> list[str]:
    return [project.title for project in response.context["page_obj"]]


@pytest.fixture
def helene(db):
    return UserFactory(
        first_name="Hélène", last_name="Lasserre", email="h.lasserre@pmi-aqt.test",
        roles=[Role.OFFICER],
    )  # fmt: skip


@pytest.fixture
def projects_held(officer, helene):
    ProjectFactory(title="Le mien", officer=officer)
    ProjectFactory(title="Celui d'Hélène", officer=helene)
    ProjectFactory(title="Personne", officer=None)


# --- The search endpoint


def test_typing_part_of_a_name_finds_the_person_accents_ignored(client, officer, helene):
    client.force_login(officer)

    assert suggested(client, "charges", "helene lass") == [f"{helene.pk} — Hélène Lasserre"]
    assert suggested(client, "charges", "h.lasserre@") == [f"{helene.pk} — Hélène Lasserre"]
    assert suggested(client, "charges", str(helene.pk)) == [f"{helene.pk} — Hélène Lasserre"]


def test_each_set_offers_only_the_people_its_fields_accept(
    client, officer, finance_officer, manager, member
):
    client.force_login(officer)
    people = {person.pk for person in (officer, finance_officer, manager, member)}

    def offered(among: str) -> set[int]:
        found = set()
        for person in (officer, finance_officer, manager, member):
            found |= {int(text.split(" — ")[0]) for text in suggested(client, among, person.email)}
        return found & people

    assert offered("charges") == {officer.pk, manager.pk}
    assert offered("financement") == {finance_officer.pk, manager.pk}
    assert offered("filtre") == {officer.pk, manager.pk}


def test_the_filter_suggests_the_projects_without_an_officer(client, officer):
    client.force_login(officer)

    assert suggested(client, "filtre", "auc")[0] == "aucun — Sans chargé·e de mission"
    assert suggested(client, "filtre", "sans")[0] == "aucun — Sans chargé·e de mission"
    assert "aucun — Sans chargé·e de mission" not in suggested(client, "charges", "aucun")


def test_the_search_answers_a_bounded_number_of_people_in_a_fixed_number_of_queries(
    client, officer
):
    for _n in range(SEARCH_RESULTS + 5):
        UserFactory(last_name="Dupont", roles=[Role.OFFICER])
    client.force_login(officer)
    suggested(client, "charges", "dupo")  # the session's first reads

    with CaptureQueriesContext(connection) as few:
        suggested(client, "charges", "dupo")
    for _n in range(10):
        UserFactory(last_name="Dupont", roles=[Role.OFFICER])
    with CaptureQueriesContext(connection) as more:
        found = suggested(client, "charges", "dupo")

    assert len(found) == SEARCH_RESULTS
    assert len(more) == len(few)


@pytest.mark.parametrize("fixture_name", ["officer", "finance_officer", "manager"])
def test_the_whole_team_may_search_it(client, as_user, fixture_name):
    as_user(fixture_name)

    assert client.get(search_url("filtre"), {"q": "pmi"}).status_code == 200


@pytest.mark.parametrize("fixture_name", ["member", "company_user", "no_role_user"])
def test_outsiders_may_not_search_the_team(client, as_user, fixture_name):
    as_user(fixture_name)

    assert client.get(search_url("charges"), {"q": "officer"}).status_code == 403


def test_an_anonymous_visitor_is_sent_to_log_in(client, officer):
    response = client.get(search_url("charges"), {"q": "officer"})

    assert response.status_code == 302
    assert "connexion" in response["Location"] or "login" in response["Location"]


def test_an_unknown_set_is_not_found(client, officer):
    client.force_login(officer)

    assert client.get(search_url("tout-le-monde"), {"q": "officer"}).status_code == 404


# --- The lists' officer filter


def test_the_list_offers_no_select_of_the_team(client, officer, helene):
    client.force_login(officer)

    page = client.get(LIST_URL).text

    assert '<select name="charge"' not in page
    assert f'data-search-url="{search_url("filtre")}"' in page


def test_a_bare_number_filters_as_before_and_shows_the_persons_name(
    client, officer, helene, projects_held
):
    client.force_login(officer)

    response = client.get(LIST_URL, {"charge": helene.pk})

    assert listed_titles(response) == ["Celui d'Hélène"]
    assert f'value="{helene.pk} — Hélène Lasserre"' in response.text


def test_aucun_lists_the_projects_without_an_officer(client, officer, projects_held):
    client.force_login(officer)

    response = client.get(LIST_URL, {"charge": "aucun"})

    assert listed_titles(response) == ["Personne"]
    assert 'value="aucun — Sans chargé·e de mission"' in response.text
    # As the field writes it, sent again with the other filters.
    again = client.get(LIST_URL, {"charge": "aucun — Sans chargé·e de mission"})
    assert listed_titles(again) == ["Personne"]


def test_a_name_typed_without_the_script_finds_the_one_person(
    client, officer, helene, projects_held
):
    client.force_login(officer)

    assert listed_titles(client.get(LIST_URL, {"charge": "lasserre"})) == ["Celui d'Hélène"]
    written = f"{helene.pk} — Hélène Lasserre"
    assert listed_titles(client.get(LIST_URL, {"charge": written})) == ["Celui d'Hélène"]


def test_a_single_letter_is_refused_even_when_one_person_holds_it(client, officer, company):
    UserFactory(first_name="Xavier", last_name="Oyhenart", roles=[Role.OFFICER])
    client.force_login(officer)

    response = client.post(open_url(company), open_data(officer, officer="x"))

    assert response.context["form"].errors["officer"] == [
        "Tapez au moins deux lettres, ou choisissez l'une des suggestions."
    ]
    assert not Project.objects.exists()


def test_an_unknown_name_is_answered_in_french_and_kept(client, officer, projects_held):
    client.force_login(officer)

    response = client.get(LIST_URL, {"charge": "Zorglub"})

    assert "Aucun choix ne correspond à « Zorglub »." in response.text
    assert 'value="Zorglub"' in response.text
    # The list ignores the criterion it could not read, as it did with the select.
    assert len(listed_titles(response)) == 3


def test_a_name_matching_several_people_lists_them_to_choose(client, officer, projects_held):
    first = UserFactory(first_name="Anne", last_name="Martin", roles=[Role.OFFICER])
    second = UserFactory(first_name="Paul", last_name="Martin", roles=[Role.OFFICER])
    client.force_login(officer)

    response = client.get(LIST_URL, {"charge": "martin"})

    assert "Plusieurs choix correspondent à « martin »" in response.text
    assert f"{first.pk} — Anne Martin" in response.text
    assert f"{second.pk} — Paul Martin" in response.text


def test_the_filter_finds_a_former_officer_still_holding_projects(client, officer):
    former = UserFactory(first_name="Jeanne", last_name="Partie", is_active=False)
    ProjectFactory(title="Resté à Jeanne", officer=former)
    ProjectFactory(title="Autre", officer=officer)
    client.force_login(officer)

    assert listed_titles(client.get(LIST_URL, {"charge": former.pk})) == ["Resté à Jeanne"]
    assert suggested(client, "filtre", "jeanne partie") == [f"{former.pk} — Jeanne Partie"]


def test_the_financing_workspace_filters_by_a_typed_officer_or_none(
    client, finance_officer, helene
):
    financing_line(ProjectFactory(title="Tenu", officer=helene))
    financing_line(ProjectFactory(title="Orphelin", officer=None))
    client.force_login(finance_officer)

    def projects_shown(charge) -> set[str]:
        response = client.get(FINANCING_URL, {"charge": charge})
        assert response.status_code == 200
        return {line.project.title for line in response.context["page_obj"]}

    assert projects_shown("lasserre") == {"Tenu"}
    assert projects_shown(helene.pk) == {"Tenu"}
    assert projects_shown("aucun") == {"Orphelin"}


# --- The forms choosing a person


def test_the_diagnosis_takes_officers_typed_by_name(client, officer, manager, finance_officer):
    project = ProjectFactory(officer=officer, axis_codes=["digital"])
    helene = UserFactory(first_name="Hélène", last_name="Lasserre", roles=[Role.OFFICER])
    client.force_login(officer)

    data = diagnosis_data(officer, finance_officer, officer="helene lasserre")
    data["finance_officer"] = f"{finance_officer.pk} — {finance_officer}"
    response = client.post(diagnosis_url(project), data)

    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.officer, project.finance_officer) == (helene, finance_officer)


def test_the_diagnosis_answers_an_unknown_name_in_french_and_keeps_it(
    client, officer, finance_officer
):
    project = ProjectFactory(officer=officer, axis_codes=["digital"])
    client.force_login(officer)

    response = client.post(
        diagnosis_url(project), diagnosis_data(officer, finance_officer, officer="Zorglub")
    )

    assert response.status_code == 200
    assert response.context["form"].errors["officer"] == [
        "Aucun choix ne correspond à « Zorglub »."
    ]
    assert 'value="Zorglub"' in response.text
    project.refresh_from_db()
    assert project.officer == officer


def test_the_diagnosis_leaves_the_finance_officer_empty_when_cleared(
    client, officer, finance_officer
):
    project = ProjectFactory(
        officer=officer, finance_officer=finance_officer, axis_codes=["digital"]
    )
    client.force_login(officer)

    data = diagnosis_data(officer, finance_officer, finance_officer="")
    assert client.post(diagnosis_url(project), data).status_code == 302

    project.refresh_from_db()
    assert project.finance_officer is None


def test_the_opening_takes_a_colleague_typed_by_name(client, officer, helene):
    company = CompanyFactory()
    client.force_login(officer)

    response = client.post(open_url(company), open_data(officer, officer="Lasserre"))

    assert response.status_code == 302
    assert Project.objects.get(company=company).officer == helene


def test_the_opening_refuses_someone_outside_the_team(client, officer, member):
    company = CompanyFactory()
    client.force_login(officer)

    response = client.post(open_url(company), open_data(officer, officer=member.email))

    assert response.status_code == 200
    assert response.context["form"].errors["officer"]
    assert not Project.objects.filter(company=company).exists()


def test_a_session_is_chaired_by_someone_typed_by_name(client, officer, member, helene):
    client.force_login(officer)

    response = client.post(
        reverse("taskforce:session_create"),
        {
            "date": "2030-03-12",
            "starts_at": "14:00",
            "place": "Bordeaux",
            "chair": "Hélène Lasserre",
            "members": [member.pk],
        },
    )

    assert response.status_code == 302
    assert Session.objects.get().chair == helene


def test_a_session_form_answers_an_unknown_chair_in_french_and_keeps_it(client, officer):
    client.force_login(officer)

    response = client.post(
        reverse("taskforce:session_create"),
        {"date": "2030-03-12", "starts_at": "14:00", "place": "Bordeaux", "chair": "Zorglub"},
    )

    assert response.status_code == 200
    assert "Aucun choix ne correspond à « Zorglub »." in response.text
    assert 'value="Zorglub"' in response.text
    assert not Session.objects.exists()


def test_a_dossier_is_presented_by_someone_typed_by_name(client, officer, member, helene):
    draft = data.make_session(members=[member], status=Session.Status.DRAFT)
    ready = data.complete_dossier(ProjectFactory(title="Prêt à passer"))
    client.force_login(officer)

    added = client.post(
        reverse("taskforce:agenda_item_add", args=[draft.pk]),
        {"project": ready.pk, "presenter": "lasserre", "starts_at": "14:30"},
    )
    item = AgendaItem.objects.get(session=draft)
    edit_url = reverse("taskforce:agenda_item_edit", args=[item.pk])
    form_page = client.get(edit_url)
    changed = client.post(
        edit_url, {"presenter": f"{officer.pk} — {officer}", "starts_at": "15:00", "position": 1}
    )

    assert added.status_code == 302
    assert f'value="{helene.pk} — Hélène Lasserre"' in form_page.text
    assert changed.status_code == 302
    item.refresh_from_db()
    assert item.presenter == officer

"""Choosing a partner organisation by typing its name (issue 15): the directory holds some 400
of them at national scale, too many for a <select> per field. The scheme's funder, the actions'
providers (a project's plan, a collective action, the task force's decision), a placed
student's establishment and the lists' filters are typed; one endpoint suggests, for each set
of organisations a field offers."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projects.models import PartnerOrganisation, Stage, SupportAction, SupportScheme

from . import test_taskforce_data as data
from .factories import ProjectFactory
from .test_directory_helpers import SupportSchemeFactory
from .test_directory_schemes import scheme_data
from .test_support import action_data
from .test_support_collective import action_data as collective_data
from .test_taskforce_decision import decision_post

pytestmark = pytest.mark.django_db

session, other_session, item, held_item = (
    data.session,
    data.other_session,
    data.item,
    data.held_item,
)
colleague, conflicted_member, other_member = (
    data.colleague,
    data.conflicted_member,
    data.other_member,
)

SCHEME_CREATE_URL = reverse("projects:scheme_create")
SCHEME_LIST_URL = reverse("projects:scheme_list")
PLACEMENT_LIST_URL = reverse("projects:placement_list")
COLLECTIVE_CREATE_URL = reverse("projects:collective_action_create")


def suggestions_url(among: str = "actives") -> str:
    return reverse("projects:organisation_suggestions", args=[among])


def organisation(name: str, kind: str = "agency", **fields) -> PartnerOrganisation:
    return PartnerOrganisation.objects.create(name=name, kind=kind, **fields)


def field_errors(response, field: str) -> list[str]:
    return response.context["form"].errors.get(field, [])


@pytest.fixture
def adi():
    # The task force's sessions name it too (test_taskforce_data).
    return PartnerOrganisation.objects.get_or_create(
        name="ADI Nouvelle-Aquitaine", defaults={"kind": "agency"}
    )[0]


@pytest.fixture
def afpi():
    return organisation("AFPI Aquitaine", kind="union")


@pytest.fixture
def project(officer):
    return ProjectFactory(officer=officer, stage=Stage.DECIDED)


def support_create_url(project) -> str:
    return reverse("projects:support_action_create", args=[project.pk])


# --- Typing a name


def test_a_scheme_s_funder_is_found_by_words_of_its_name_accents_ignored(client, manager, adi):
    organisation("Bpifrance Nouvelle-Aquitaine", kind="bank")
    client.force_login(manager)

    response = client.post(SCHEME_CREATE_URL, scheme_data(adi, organisation="adi aquitaine"))

    assert response.status_code == 302
    assert SupportScheme.objects.get().organisation == adi


def test_an_action_s_provider_is_found_by_its_name(client, officer, project, afpi, adi):
    client.force_login(officer)

    response = client.post(support_create_url(project), action_data(provider="Afpi"))

    assert response.status_code == 302
    assert project.support_actions.get().provider == afpi


def test_a_collective_action_s_provider_is_found_by_its_name(client, officer, afpi):
    client.force_login(officer)
    response = client.post(COLLECTIVE_CREATE_URL, collective_data(provider="AFPI"))

    assert response.status_code == 302
    assert afpi.collective_actions.get().title == "Diagnostic collectif « usine du futur »"


def test_the_task_force_grants_an_action_from_a_provider_typed(client, officer, held_item, afpi):
    client.force_login(officer)

    response = client.post(
        reverse("taskforce:decision", args=[held_item.pk]),
        decision_post(
            **{
                "actions-0-kind": "training",
                "actions-0-title": "Former les soudeurs",
                "actions-0-provider": "afpi aquit",
            }
        ),
    )

    assert response.status_code == 302
    assert SupportAction.objects.get(project=held_item.project).provider == afpi


def test_the_suggestion_as_written_and_the_bare_number_both_name_the_organisation(
    client, officer, project, afpi
):
    client.force_login(officer)
    for typed in (f"{afpi.pk} — AFPI Aquitaine", str(afpi.pk)):
        response = client.post(support_create_url(project), action_data(provider=typed))
        assert response.status_code == 302
    assert [action.provider for action in project.support_actions.all()] == [afpi, afpi]


def test_a_name_typed_in_full_is_that_organisation_even_inside_longer_names(
    client, officer, project
):
    cea = organisation("CEA", kind="lab")
    organisation("CEA Tech Nouvelle-Aquitaine", kind="lab")
    client.force_login(officer)

    response = client.post(support_create_url(project), action_data(provider="cea"))

    assert response.status_code == 302
    assert project.support_actions.get().provider == cea


# --- What is refused, in French, the rest kept


def test_an_unknown_name_is_said_in_french_and_every_value_typed_is_kept(
    client, officer, project, afpi
):
    client.force_login(officer)

    response = client.post(
        support_create_url(project),
        action_data(provider="Chambre des métiers", title="Audit énergie de l'atelier"),
    )

    assert response.status_code == 200
    assert field_errors(response, "provider") == [
        "Aucun choix ne correspond à « Chambre des métiers »."
    ]
    assert 'value="Chambre des métiers"' in response.text
    assert 'value="Audit énergie de l&#x27;atelier"' in response.text
    assert not project.support_actions.exists()


def test_words_matching_several_organisations_list_them_with_their_numbers(client, manager, adi):
    bpi = organisation("Bpifrance Nouvelle-Aquitaine", kind="bank")
    client.force_login(manager)

    response = client.post(
        SCHEME_CREATE_URL, scheme_data(adi, organisation="nouvelle", name="Prêt croissance")
    )

    (message,) = field_errors(response, "organisation")
    assert "Plusieurs choix correspondent à « nouvelle »" in message
    assert f"{adi.pk} — ADI Nouvelle-Aquitaine" in message
    assert f"{bpi.pk} — Bpifrance Nouvelle-Aquitaine" in message
    assert 'value="Prêt croissance"' in response.text
    assert not SupportScheme.objects.exists()


def test_a_retired_organisation_is_not_offered_for_new_work_but_stays_on_its_rows(
    client, officer, project
):
    retired = organisation("Ancien centre technique", kind="tech_centre", is_active=False)
    action = SupportAction.objects.create(
        project=project, kind="expertise", title="Audit", provider=retired
    )
    client.force_login(officer)

    refused = client.post(support_create_url(project), action_data(provider="ancien centre"))
    edit_url = reverse("projects:support_action_edit", args=[project.pk, action.pk])
    page = client.get(edit_url).text
    kept = client.post(edit_url, action_data(provider=str(retired.pk)))

    assert field_errors(refused, "provider") == ["Aucun choix ne correspond à « ancien centre »."]
    assert f'value="{retired.pk} — Ancien centre technique"' in page
    assert kept.status_code == 302


# --- The suggestions


def test_the_suggestions_answer_active_organisations_by_name_accents_ignored(
    client, officer, adi, afpi
):
    organisation("Aérocampus Aquitaine", kind="school", is_active=False)
    client.force_login(officer)

    found = client.get(suggestions_url(), {"q": "aquitaine"}).json()["results"]

    assert found == [f"{adi.pk} — ADI Nouvelle-Aquitaine", f"{afpi.pk} — AFPI Aquitaine"]
    assert client.get(suggestions_url(), {"q": str(afpi.pk)}).json()["results"] == [
        f"{afpi.pk} — AFPI Aquitaine"
    ]


def test_each_set_offers_its_own_organisations(client, finance_officer, adi):
    school = organisation("ENSAM Bordeaux-Talence", kind="school")
    retired = organisation("École fermée de Bordeaux", kind="school", is_active=False)
    client.force_login(finance_officer)

    def found(among: str) -> list[str]:
        return client.get(suggestions_url(among), {"q": "bordeaux"}).json()["results"]

    assert found("actives") == [f"{school.pk} — ENSAM Bordeaux-Talence"]
    assert found("etablissements") == [f"{school.pk} — ENSAM Bordeaux-Talence"]
    assert sorted(found("toutes")) == [
        f"{school.pk} — ENSAM Bordeaux-Talence",
        f"{retired.pk} — École fermée de Bordeaux",
    ]
    assert client.get(suggestions_url("etablissements"), {"q": "adi"}).json()["results"] == []
    assert client.get(suggestions_url("inconnues"), {"q": "adi"}).status_code == 404


@pytest.mark.parametrize("fixture_name", ["member", "company_user", "no_role_user"])
def test_the_suggestions_are_refused_outside_the_programme_s_team(
    client, as_user, fixture_name, adi
):
    as_user(fixture_name)
    response = client.get(suggestions_url(), {"q": "adi"})
    assert response.status_code == 403
    assert "ADI" not in response.text


def test_anonymous_visitors_are_sent_to_log_in_for_the_suggestions(client, adi):
    response = client.get(suggestions_url(), {"q": "adi"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


# --- The lists' filters: their links keep working


def test_the_scheme_list_filter_takes_a_number_or_a_name_and_shows_the_name_back(
    client, officer, adi
):
    SupportSchemeFactory(organisation=adi, name="Usine du futur")
    SupportSchemeFactory(organisation=organisation("Bpifrance"), name="Prêt innovation")
    client.force_login(officer)

    by_number = client.get(SCHEME_LIST_URL, {"organisation": adi.pk})
    by_name = client.get(SCHEME_LIST_URL, {"organisation": "adi nouvelle"})

    for response in (by_number, by_name):
        assert [scheme.name for scheme in response.context["page_obj"]] == ["Usine du futur"]
        assert f'data-search-url="{suggestions_url("toutes")}"' in response.text
    # The link's number is shown as the organisation it names; words, as they were typed.
    assert f'value="{adi.pk} — ADI Nouvelle-Aquitaine"' in by_number.text
    assert 'value="adi nouvelle"' in by_name.text


def test_an_ambiguous_filter_is_said_on_the_form_and_the_other_criteria_still_apply(
    client, officer, adi
):
    SupportSchemeFactory(organisation=adi, name="Usine du futur", kind="expertise")
    SupportSchemeFactory(organisation=organisation("Bpifrance Nouvelle-Aquitaine"), name="Prêt")
    client.force_login(officer)

    response = client.get(SCHEME_LIST_URL, {"organisation": "nouvelle", "nature": "expertise"})

    assert response.status_code == 200
    assert "Plusieurs choix correspondent à « nouvelle »" in response.text
    assert [scheme.name for scheme in response.context["page_obj"]] == ["Usine du futur"]


def test_the_placement_list_s_link_from_a_retired_establishment_still_lists_its_own(
    client, officer
):
    retired = organisation("École fermée", kind="school", is_active=False)
    client.force_login(officer)

    response = client.get(PLACEMENT_LIST_URL, {"etablissement": retired.pk})

    assert response.status_code == 200
    assert not response.context["filter"].form.errors
    assert f'value="{retired.pk} — École fermée"' in response.text


# --- The pages hold no option per organisation, and cost the same for few or many


def _page(client, url: str) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return response.text, len(captured.captured_queries)


def test_the_pages_choosing_an_organisation_do_not_grow_with_the_directory(
    client, manager, held_item, adi
):
    project = ProjectFactory(officer=manager, stage=Stage.DECIDED)
    action = SupportAction.objects.create(
        project=project, kind="expertise", title="Audit", provider=adi
    )
    urls = [
        SCHEME_CREATE_URL,
        f"{SCHEME_CREATE_URL}?organisation={adi.pk}",
        SCHEME_LIST_URL,
        f"{SCHEME_LIST_URL}?organisation={adi.pk}",
        support_create_url(project),
        reverse("projects:support_action_edit", args=[project.pk, action.pk]),
        COLLECTIVE_CREATE_URL,
        reverse("projects:placement_create", args=[project.pk]),
        PLACEMENT_LIST_URL,
        f"{PLACEMENT_LIST_URL}?etablissement={adi.pk}",
        reverse("taskforce:decision", args=[held_item.pk]),
    ]
    client.force_login(manager)
    for url in urls:
        client.get(url)  # caches warmed
    few = {url: _page(client, url) for url in urls}
    for number in range(30):
        organisation(f"Atelier partenaire {number:02}", kind="tech_centre")
    many = {url: _page(client, url) for url in urls}

    for url in urls:
        assert many[url][1] == few[url][1], url
        assert "Atelier partenaire" not in many[url][0], url

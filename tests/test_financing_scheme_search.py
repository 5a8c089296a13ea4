"""A financing line's scheme: typed and searched among the directory's schemes, never a select
of all of them; a number or words matching one scheme are enough without the script."""

import pytest
from django.urls import reverse

from projects.models import FinancingLine, PartnerOrganisation, SupportScheme

from .factories import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def region(db):
    return PartnerOrganisation.objects.create(name="Région Nouvelle-Aquitaine", kind="agency")


def scheme(region, name: str, **fields) -> SupportScheme:
    return SupportScheme.objects.create(organisation=region, name=name, kind="funding", **fields)


def post_line(client, project, typed: str):
    return client.post(
        reverse("projects:financing_line_create", args=[project.pk]),
        {"scheme": typed, "kind": "grant", "amount_asked": "1000", "status": "requested"},
    )


def search(client, project, text: str):
    return client.get(reverse("projects:financing_schemes", args=[project.pk]), {"q": text})


def test_the_form_holds_no_option_per_scheme(client, finance_officer, region):
    for number in range(30):
        scheme(region, f"Appel à projets {number}")
    project = ProjectFactory()
    client.force_login(finance_officer)

    html = client.get(reverse("projects:financing_line_create", args=[project.pk])).text

    assert "Appel à projets 1" not in html
    assert 'list="id_scheme-suggestions"' in html
    assert reverse("projects:financing_schemes", args=[project.pk]) in html


def test_a_suggestion_or_words_matching_one_scheme_name_the_line_s_scheme(
    client, finance_officer, region
):
    wanted = scheme(region, "Usine du futur")
    scheme(region, "Prêt d'honneur")
    project = ProjectFactory()
    client.force_login(finance_officer)
    (typed,) = search(client, project, "usine").json()["results"]

    assert typed == f"{wanted.pk} — Usine du futur — Région Nouvelle-Aquitaine"
    assert post_line(client, project, typed).status_code == 302
    assert post_line(client, project, "futur nouvelle").status_code == 302
    assert list(FinancingLine.objects.values_list("scheme", flat=True)) == [wanted.pk] * 2


def test_an_edited_line_shows_its_scheme_as_typed_text(client, finance_officer, region):
    chosen = scheme(region, "Usine du futur")
    line = FinancingLine.objects.create(
        project=ProjectFactory(), scheme=chosen, kind="grant", amount_asked=1000
    )
    client.force_login(finance_officer)

    html = client.get(reverse("projects:financing_line_edit", args=[line.project_id, line.pk])).text

    assert f'value="{chosen.pk} — Usine du futur — Région Nouvelle-Aquitaine"' in html


def test_a_retired_scheme_is_neither_suggested_nor_accepted(client, finance_officer, region):
    retired = scheme(region, "Ancien dispositif", is_active=False)
    project = ProjectFactory()
    client.force_login(finance_officer)

    assert search(client, project, "ancien").json()["results"] == []
    response = post_line(client, project, str(retired.pk))
    assert response.status_code == 200
    assert "Choisissez un dispositif de l&#x27;annuaire." in response.text


def test_the_search_answers_twenty_schemes_at_most_and_refuses_a_company(
    client, finance_officer, company_user, region
):
    for number in range(25):
        scheme(region, f"Appel à projets {number}")
    project = ProjectFactory()
    client.force_login(finance_officer)
    assert len(search(client, project, "appel").json()["results"]) == 20

    client.force_login(company_user)
    assert search(client, project, "appel").status_code in (302, 403)

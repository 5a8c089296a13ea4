"""The directory's history: who changed an organisation, a scheme or its calls, and how,
shown on the organisation's and the scheme's pages."""

import datetime

import pytest
from auditlog.context import set_actor
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projects.models import PartnerOrganisation, SupportScheme

from .test_matching_views import scheme_post

pytestmark = pytest.mark.django_db


def scheme_page(client, scheme) -> str:
    return client.get(reverse("projects:scheme_detail", args=[scheme.pk])).text


def organisation_page(client, organisation) -> str:
    return client.get(reverse("projects:organisation_detail", args=[organisation.pk])).text


def test_a_scheme_page_shows_who_created_and_changed_it_and_its_calls(client, manager, officer):
    agency = PartnerOrganisation.objects.create(name="ADEME", kind="agency")
    client.force_login(manager)
    client.post(reverse("projects:scheme_create"), scheme_post(agency))
    created = SupportScheme.objects.get()
    call = created.calls.get()
    edit = scheme_post(
        agency,
        description="Mesure des consommations des fours.",
        **{
            "appels-INITIAL_FORMS": "1",
            "appels-0-id": str(call.pk),
            "appels-0-closes_on": "2026-04-30",
        },
    )
    response = client.post(reverse("projects:scheme_edit", args=[created.pk]), edit)
    assert response.status_code == 302

    client.force_login(officer)
    page = scheme_page(client, created)
    assert "Historique des modifications" in page
    assert "Création — Dispositif : Diagnostic énergie" in page
    assert "Création — Appel à candidatures : Appel 2026" in page
    assert "Modification — Appel à candidatures : Appel 2026" in page
    assert "Clôture : 15/03/2026 → 30/04/2026" in page
    assert "Description : Mesure des consommations. → Mesure des consommations des fours." in page
    assert f"Par {manager}," in page


def test_an_organisation_page_shows_its_own_and_its_schemes_changes(client, manager, officer):
    with set_actor(manager):
        agency = PartnerOrganisation.objects.create(name="ADEME", kind="agency")
        agency.competences = "énergie, chaleur fatale"
        agency.save()
        scheme = SupportScheme.objects.create(organisation=agency, name="Diagnostic énergie")
        scheme.name = "Diagnostic énergie industrie"
        scheme.save()
    elsewhere = PartnerOrganisation.objects.create(name="Bpifrance", kind="funder")
    SupportScheme.objects.create(organisation=elsewhere, name="Prêt innovation")

    client.force_login(officer)
    page = organisation_page(client, agency)
    assert "Création — Organisation partenaire : ADEME" in page
    assert "énergie, chaleur fatale" in page
    assert "Nom du dispositif : Diagnostic énergie → Diagnostic énergie industrie" in page
    assert "Organisation : — → ADEME" in page
    assert "projects.Resource.None" not in page
    assert "Prêt innovation" not in page
    assert f"Par {manager}," in page


def test_the_history_takes_a_fixed_number_of_queries(client, officer):
    agency = PartnerOrganisation.objects.create(name="ADEME", kind="agency")
    scheme = SupportScheme.objects.create(organisation=agency, name="Diagnostic")
    client.force_login(officer)

    def queries(url) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    scheme_url = reverse("projects:scheme_detail", args=[scheme.pk])
    organisation_url = reverse("projects:organisation_detail", args=[agency.pk])
    few = queries(scheme_url), queries(organisation_url)
    for index in range(15):
        scheme.description = f"Version {index}"
        scheme.save()
        scheme.calls.create(opens_on=datetime.date(2026, 1, 1), closes_on=datetime.date(2026, 2, 1))
    assert (queries(scheme_url), queries(organisation_url)) == few

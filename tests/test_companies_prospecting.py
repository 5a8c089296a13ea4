"""From prospecting to a project: opening a project from a company's page, and the company's
prospecting status (prospect, contacted, project opened, supported) kept by the domain."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from companies.models import Company, ProspectingStatus
from projects import workflow
from projects.models import (
    DecisionOutcome,
    InterventionAxis,
    Project,
    Stage,
    StageChange,
    SupportAction,
)
from projects.services import intake_submit

from .factories import (
    NEW_COMPANY_SIRET,
    CompanyFactory,
    InteractionFactory,
    ProjectFactory,
    decided_project,
)
from .test_intake_service import submission

pytestmark = pytest.mark.django_db


def axis(code: str) -> InterventionAxis:
    return InterventionAxis.objects.get(code=code)


def open_url(company) -> str:
    return reverse("projects:project_open", args=[company.pk])


def open_data(officer, /, **overrides) -> dict:
    data = {
        "title": "Cellule de soudure robotisée",
        "description": "Automatiser la soudure des châssis, vue lors de la visite.",
        "axes": [str(axis("process").pk), str(axis("digital").pk)],
        "primary_axis": str(axis("process").pk),
        "officer": str(officer.pk),
        "comment": "",
    }
    data.update(overrides)
    return data


def status_of(company) -> str:
    return Company.objects.values_list("prospecting_status", flat=True).get(pk=company.pk)


# --- Opening a project from a company's page


def test_officer_opens_a_project_from_a_company_page_at_qualified_with_its_history(
    client, officer, company
):
    client.force_login(officer)

    response = client.post(
        open_url(company), open_data(officer, comment="Rencontrée au salon de Bordeaux.")
    )

    project = Project.objects.get(company=company)
    assert response.status_code == 302
    assert response.url == project.get_absolute_url()
    assert project.stage == Stage.QUALIFIED
    assert project.officer == officer
    assert project.primary_axis == axis("process")
    assert set(project.axes.values_list("code", flat=True)) == {"process", "digital"}
    change = StageChange.objects.get(project=project)
    assert (change.from_stage, change.to_stage) == (Stage.INTAKE, Stage.QUALIFIED)
    assert change.changed_by == officer
    assert change.comment == (
        f"Projet ouvert par {officer} lors de la prospection.\nRencontrée au salon de Bordeaux."
    )
    page = client.get(project.get_absolute_url()).text
    assert "Étape : Demande reçue → Qualifié" in page
    assert f"Projet ouvert par {officer} lors de la prospection." in page


def test_manager_opens_a_project_and_gives_it_to_an_officer(client, manager, officer, company):
    client.force_login(manager)

    client.post(open_url(company), open_data(officer))

    project = Project.objects.get(company=company)
    assert project.officer == officer
    change = project.stage_changes.get()
    assert change.changed_by == manager
    assert change.comment == (
        f"Projet ouvert par {manager} lors de la prospection, confié à {officer}."
    )


def test_the_officer_proposed_is_whoever_opens_the_project(client, officer, other_officer, company):
    client.force_login(officer)

    form = client.get(open_url(company)).context["form"]

    assert form["officer"].value() == f"{officer.pk} — {officer}"
    assert {officer, other_officer} <= set(form.fields["officer"].queryset)


def test_finance_officer_is_refused_with_the_reason(client, finance_officer, officer, company):
    client.force_login(finance_officer)

    shown = client.get(open_url(company))
    posted = client.post(open_url(company), open_data(officer))

    for response in (shown, posted):
        assert response.status_code == 403
        assert "Seuls les chargé·es de mission et le responsable du programme" in response.text
        assert "demandez-le à la personne chargée de mission" in response.text
    assert not Project.objects.exists()


@pytest.mark.parametrize("fixture_name", ["member", "company_user", "no_role_user"])
def test_people_outside_the_team_cannot_open_a_project(client, request, fixture_name, company):
    client.force_login(request.getfixturevalue(fixture_name))

    assert client.get(open_url(company)).status_code == 403
    assert not Project.objects.exists()


def test_anonymous_visitor_is_sent_to_login(client, company):
    response = client.get(open_url(company))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_an_unknown_company_is_a_404(client, officer):
    client.force_login(officer)

    assert client.get(reverse("projects:project_open", args=[999999])).status_code == 404


@pytest.mark.parametrize("fixture_name", ["officer", "manager"])
def test_the_company_page_offers_to_open_a_project_to_those_who_may(
    client, request, fixture_name, company
):
    client.force_login(request.getfixturevalue(fixture_name))

    page = client.get(company.get_absolute_url()).text

    assert open_url(company) in page
    assert "Ouvrir un projet" in page


def test_the_company_page_offers_no_opening_to_the_finance_officer(
    client, finance_officer, company
):
    client.force_login(finance_officer)

    page = client.get(company.get_absolute_url()).text

    assert open_url(company) not in page


def test_a_single_axis_is_the_primary_axis(client, officer, company):
    client.force_login(officer)

    client.post(
        open_url(company),
        open_data(officer, axes=[str(axis("marketing").pk)], primary_axis=""),
    )

    assert Project.objects.get(company=company).primary_axis == axis("marketing")


def test_several_axes_need_a_primary_one(client, officer, company):
    client.force_login(officer)

    response = client.post(open_url(company), open_data(officer, primary_axis=""))

    assert response.status_code == 200
    assert response.context["form"].errors["primary_axis"] == [
        "Choisissez l'axe principal parmi les axes cochés."
    ]
    assert not Project.objects.exists()


def test_the_primary_axis_must_be_one_of_the_axes(client, officer, company):
    client.force_login(officer)

    response = client.post(
        open_url(company), open_data(officer, primary_axis=str(axis("social").pk))
    )

    assert "doit faire partie des axes cochés" in response.context["form"].errors["primary_axis"][0]
    assert not Project.objects.exists()


def test_missing_fields_get_french_messages_and_keep_what_was_typed(client, officer, company):
    client.force_login(officer)

    response = client.post(
        open_url(company), open_data(officer, title="", description="Une idée", axes=[])
    )

    errors = response.context["form"].errors
    assert errors["title"] == ["Donnez un titre au projet."]
    assert errors["axes"] == ["Cochez au moins un axe d'intervention."]
    assert "Une idée" in response.text
    assert not Project.objects.exists()


@pytest.mark.parametrize("officer_value", ["999999", "x", "1" * 40])
def test_an_officer_outside_the_list_is_refused_without_a_server_error(
    client, officer, company, officer_value
):
    client.force_login(officer)

    response = client.post(open_url(company), open_data(officer, officer=officer_value))

    assert response.status_code == 200
    assert response.context["form"].errors["officer"]
    assert not Project.objects.exists()


def test_the_finance_officer_cannot_be_given_the_project(client, officer, finance_officer, company):
    client.force_login(officer)

    response = client.post(open_url(company), open_data(finance_officer))

    assert response.context["form"].errors["officer"] == ["Choisissez une personne de la liste."]
    assert not Project.objects.exists()


@pytest.mark.parametrize("bad_axis", ["abc", "1" * 40, "999999"])
def test_bad_axes_are_refused_without_a_server_error(client, officer, company, bad_axis):
    client.force_login(officer)

    response = client.post(open_url(company), open_data(officer, axes=[bad_axis]))

    assert response.status_code == 200
    assert response.context["form"].errors["axes"]


# --- The prospecting status, kept by the domain


def test_a_new_company_is_a_prospect(company):
    assert company.prospecting_status == ProspectingStatus.PROSPECT


def test_logging_an_exchange_with_a_prospect_makes_it_contacted(client, officer, company):
    client.force_login(officer)

    client.post(
        reverse("companies:interaction_create", args=[company.pk]),
        {
            "kind": "call",
            "occurred_on": timezone.localdate().isoformat(),
            "notes": "Premier appel au dirigeant.",
        },
    )

    assert company.interactions.count() == 1
    assert status_of(company) == ProspectingStatus.CONTACTED


def test_opening_a_project_marks_the_company_project_opened(client, officer):
    company = CompanyFactory(prospecting_status=ProspectingStatus.CONTACTED)
    client.force_login(officer)

    client.post(open_url(company), open_data(officer))

    assert status_of(company) == ProspectingStatus.PROJECT_OPENED


def test_a_public_intake_request_marks_the_company_project_opened(
    django_capture_on_commit_callbacks,
):
    known = CompanyFactory(siret=NEW_COMPANY_SIRET, prospecting_status=ProspectingStatus.CONTACTED)

    with django_capture_on_commit_callbacks(execute=True):
        intake_submit(**submission())

    assert status_of(known) == ProspectingStatus.PROJECT_OPENED


def test_a_new_company_from_the_intake_form_has_a_project_opened(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        project = intake_submit(**submission())

    assert status_of(project.company) == ProspectingStatus.PROJECT_OPENED


def test_entering_support_marks_the_company_supported(officer):
    project = decided_project(
        DecisionOutcome.APPROVED,
        officer=officer,
        stage=Stage.DECIDED,
        company=CompanyFactory(prospecting_status=ProspectingStatus.PROJECT_OPENED),
    )
    SupportAction.objects.create(project=project, kind="expertise", title="Audit")

    workflow.project_move(project=project, target=Stage.IN_SUPPORT, by=officer)

    assert status_of(project.company) == ProspectingStatus.SUPPORTED


def test_a_company_never_goes_back(client, officer):
    supported = CompanyFactory(prospecting_status=ProspectingStatus.SUPPORTED)
    opened = CompanyFactory(prospecting_status=ProspectingStatus.PROJECT_OPENED)
    client.force_login(officer)

    client.post(open_url(supported), open_data(officer))
    for company in (supported, opened):
        client.post(
            reverse("companies:interaction_create", args=[company.pk]),
            {
                "kind": "visit",
                "occurred_on": timezone.localdate().isoformat(),
                "notes": "Visite de suivi.",
            },
        )

    assert Project.objects.filter(company=supported).exists()
    assert status_of(supported) == ProspectingStatus.SUPPORTED
    assert status_of(opened) == ProspectingStatus.PROJECT_OPENED


def test_existing_companies_get_their_status_from_their_history(officer):
    prospect = CompanyFactory()
    contacted = CompanyFactory()
    InteractionFactory(company=contacted)
    opened = CompanyFactory()
    InteractionFactory(company=opened)
    ProjectFactory(company=opened, stage=Stage.DIAGNOSIS)
    in_support = ProjectFactory(stage=Stage.IN_SUPPORT).company
    started = ProjectFactory(
        stage=Stage.ABANDONED, support_started_on=datetime.date(2025, 5, 1)
    ).company
    moved = ProjectFactory(stage=Stage.ABANDONED)
    StageChange.objects.create(
        project=moved, from_stage=Stage.DECIDED, to_stage=Stage.IN_SUPPORT, changed_by=officer
    )
    completed = ProjectFactory(stage=Stage.COMPLETED).company
    Company.objects.update(prospecting_status=ProspectingStatus.PROSPECT)
    migration = importlib.import_module(
        "projects.migrations.0015_company_prospecting_status_from_history"
    )

    migration.statuses_from_history(apps, None)

    assert status_of(prospect) == ProspectingStatus.PROSPECT
    assert status_of(contacted) == ProspectingStatus.CONTACTED
    assert status_of(opened) == ProspectingStatus.PROJECT_OPENED
    for company in (in_support, started, moved.company, completed):
        assert status_of(company) == ProspectingStatus.SUPPORTED


# --- The company list, filtered by prospecting status


def test_the_company_list_filters_on_the_prospecting_status(client, officer):
    CompanyFactory(name="Atelier prospect")
    CompanyFactory(name="Atelier contacté", prospecting_status=ProspectingStatus.CONTACTED)
    CompanyFactory(name="Atelier accompagné", prospecting_status=ProspectingStatus.SUPPORTED)
    client.force_login(officer)

    response = client.get(reverse("companies:list"), {"prospection": "contacted"})

    names = [company.name for company in response.context["page_obj"]]
    assert names == ["Atelier contacté"]
    assert "Contactée" in response.text


def test_the_company_list_shows_each_status(client, officer):
    CompanyFactory(name="Atelier accompagné", prospecting_status=ProspectingStatus.SUPPORTED)
    client.force_login(officer)

    response = client.get(reverse("companies:list"))

    assert "Accompagnée" in response.text


def test_an_unknown_status_in_the_list_filter_is_ignored_with_a_french_message(client, officer):
    CompanyFactory(name="Atelier prospect")
    client.force_login(officer)

    response = client.get(reverse("companies:list"), {"prospection": "inconnu"})

    assert response.status_code == 200
    assert [c.name for c in response.context["page_obj"]] == ["Atelier prospect"]
    assert response.context["filter"].form.errors["prospection"]


def test_the_company_export_says_the_prospecting_status(client, officer):
    CompanyFactory(prospecting_status=ProspectingStatus.PROJECT_OPENED)
    client.force_login(officer)

    response = client.get(reverse("companies:export_csv"), {"prospection": "project_opened"})

    content = b"".join(response.streaming_content).decode("utf-8-sig")
    header, row = (line.split(";") for line in content.strip().split("\r\n"))
    assert row[header.index("Prospection")] == "Projet ouvert"

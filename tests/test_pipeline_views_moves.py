"""Moving a project between stages from its page (projects:move)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from projects.models import (
    DecisionOutcome,
    FinancingLine,
    InterventionAxis,
    Need,
    Stage,
    StageChange,
    SupportAction,
)

from .conftest import NON_STAFF_FIXTURES
from .factories import ProjectFactory, record_decision

pytestmark = pytest.mark.django_db


def move_url(project) -> str:
    return reverse("projects:move", args=[project.pk])


def stage_of(project) -> str:
    project.refresh_from_db()
    return project.stage


def complete_the_diagnosis(project) -> None:
    digital = InterventionAxis.objects.get(code="digital")
    project.primary_axis = digital
    project.budget = Decimal("120000")
    project.save()
    project.axes.add(digital)
    Need.objects.create(project=project, axis=digital, title="Connecter les machines")
    FinancingLine.objects.create(
        project=project, source_label="Région", kind="grant", amount_asked=Decimal("40000")
    )


@pytest.fixture
def project(officer):
    return ProjectFactory(officer=officer)


# --- Who may


@pytest.mark.parametrize("fixture_name", ["officer", "manager"])
def test_officers_and_the_manager_move_a_project_with_a_comment(
    client, as_user, fixture_name, project
):
    user = as_user(fixture_name)

    response = client.post(move_url(project), {"target": "qualified", "comment": "Appel fait"})

    assert response.status_code == 302
    assert response.url == project.get_absolute_url() + "#etape"
    assert stage_of(project) == Stage.QUALIFIED
    change = StageChange.objects.get()
    assert (change.from_stage, change.to_stage) == (Stage.INTAKE, Stage.QUALIFIED)
    assert change.changed_by == user
    assert change.comment == "Appel fait"


def test_the_move_is_confirmed_and_shown_on_the_timeline(client, officer, project):
    client.force_login(officer)

    response = client.post(
        move_url(project), {"target": "qualified", "comment": "<b>OK</b>"}, follow=True
    )

    assert "Le projet est passé à l&#x27;étape « Qualifié »." in response.text
    assert "Étape : Demande reçue → Qualifié" in response.text
    assert "&lt;b&gt;OK&lt;/b&gt;" in response.text


def test_the_finance_officer_may_not_move_a_project(client, finance_officer, project):
    client.force_login(finance_officer)
    response = client.post(move_url(project), {"target": "qualified", "comment": ""})
    assert response.status_code == 403
    assert stage_of(project) == Stage.INTAKE
    assert not StageChange.objects.exists()


@pytest.mark.parametrize("fixture_name", NON_STAFF_FIXTURES)
def test_other_roles_may_not_move_a_project(client, as_user, fixture_name, project):
    as_user(fixture_name)
    assert client.post(move_url(project), {"target": "qualified"}).status_code == 403
    assert stage_of(project) == Stage.INTAKE


def test_an_anonymous_visitor_is_sent_to_login(client, project):
    response = client.post(move_url(project), {"target": "qualified"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    assert stage_of(project) == Stage.INTAKE


def test_a_move_is_only_posted(client, officer, project):
    client.force_login(officer)
    assert client.get(move_url(project)).status_code == 405


def test_moving_an_unknown_project_is_a_404(client, officer):
    client.force_login(officer)
    url = reverse("projects:move", args=[999999])
    assert client.post(url, {"target": "qualified"}).status_code == 404


# --- Refused moves change nothing and say why, keeping what was typed


def test_a_missing_requirement_is_explained_and_the_comment_kept(client, officer):
    project = ProjectFactory(officer=officer, stage=Stage.DIAGNOSIS)
    client.force_login(officer)

    response = client.post(
        move_url(project), {"target": "dossier_ready", "comment": "Tout est prêt, je crois"}
    )

    assert response.status_code == 200
    assert stage_of(project) == Stage.DIAGNOSIS
    assert not StageChange.objects.exists()
    html = response.text
    assert "Le changement d'étape n'a pas été fait" in html
    assert "Indiquez le budget du projet." in html
    assert "Tout est prêt, je crois" in html


def test_abandoning_needs_a_comment(client, officer, project):
    client.force_login(officer)

    response = client.post(move_url(project), {"target": "abandoned", "comment": "   "})

    assert response.status_code == 200
    assert stage_of(project) == Stage.INTAKE
    html = response.text
    assert "Expliquez pourquoi dans le commentaire." in html
    assert "Le changement d'étape n'a pas été fait" in html
    assert 'href="#passage-abandoned"' in html
    assert "Revenir au passage à « Clos — abandonné »" in html


def test_abandoning_with_a_reason_closes_the_project(client, officer, project):
    client.force_login(officer)
    response = client.post(
        move_url(project), {"target": "abandoned", "comment": "L'entreprise renonce"}
    )
    assert response.status_code == 302
    assert stage_of(project) == Stage.ABANDONED
    assert StageChange.objects.get().comment == "L'entreprise renonce"


def test_a_complete_diagnosis_makes_the_dossier_ready(client, officer):
    project = ProjectFactory(officer=officer, stage=Stage.DIAGNOSIS)
    complete_the_diagnosis(project)
    client.force_login(officer)
    response = client.post(move_url(project), {"target": "dossier_ready"})
    assert response.status_code == 302
    assert stage_of(project) == Stage.DOSSIER_READY


@pytest.mark.parametrize(
    ("stage", "target"),
    [
        (Stage.DOSSIER_READY, Stage.ON_AGENDA),
        (Stage.ON_AGENDA, Stage.DECIDED),
        (Stage.ON_AGENDA, Stage.DOSSIER_READY),
    ],
)
def test_task_force_moves_are_refused_from_the_page(client, officer, stage, target):
    project = ProjectFactory(officer=officer, stage=stage)
    complete_the_diagnosis(project)
    client.force_login(officer)

    response = client.post(move_url(project), {"target": target})

    assert response.status_code == 200
    assert stage_of(project) == stage
    assert "Ce passage se fait depuis la task force" in response.text


def test_a_stage_cannot_be_skipped(client, officer, project):
    client.force_login(officer)
    response = client.post(move_url(project), {"target": "in_support"})
    assert response.status_code == 200
    assert stage_of(project) == Stage.INTAKE
    assert "ne peut pas passer à « En accompagnement »" in response.text


@pytest.mark.parametrize("stage", [Stage.COMPLETED, Stage.ABANDONED])
def test_a_closed_project_does_not_move(client, officer, stage):
    project = ProjectFactory(officer=officer, stage=stage)
    client.force_login(officer)
    for target in ("abandoned", "in_support", "diagnosis"):
        response = client.post(move_url(project), {"target": target, "comment": "Rouvrir"})
        assert response.status_code == 200
    assert stage_of(project) == stage
    assert not StageChange.objects.exists()


def test_support_needs_an_approved_decision_and_a_plan(client, officer):
    project = ProjectFactory(officer=officer, stage=Stage.DECIDED)
    record_decision(project, DecisionOutcome.REJECTED)
    client.force_login(officer)

    response = client.post(move_url(project), {"target": "in_support"})

    assert response.status_code == 200
    assert stage_of(project) == Stage.DECIDED
    assert "Seul un projet accordé par la task force" in response.text


def test_an_approved_project_with_a_plan_enters_support(client, officer):
    project = ProjectFactory(officer=officer, stage=Stage.DECIDED)
    record_decision(project, DecisionOutcome.APPROVED)
    SupportAction.objects.create(project=project, kind="expertise", title="Audit")
    client.force_login(officer)
    assert client.post(move_url(project), {"target": "in_support"}).status_code == 302
    assert stage_of(project) == Stage.IN_SUPPORT
    assert project.follow_ups.count() == 3


@pytest.mark.parametrize("target", ["", "nowhere", "qualified\x00"])
def test_an_unknown_target_is_refused_in_french(client, officer, project, target):
    client.force_login(officer)
    response = client.post(move_url(project), {"target": target})
    assert response.status_code == 200
    assert stage_of(project) == Stage.INTAKE
    assert "Le changement d'étape n'a pas été fait" in response.text


def test_a_nul_byte_in_the_comment_is_refused(client, officer, project):
    client.force_login(officer)
    response = client.post(move_url(project), {"target": "qualified", "comment": "ok\x00"})
    assert response.status_code == 200
    assert stage_of(project) == Stage.INTAKE
    assert "caractère nul" in response.text


def test_a_too_long_comment_is_refused_and_kept(client, officer, project):
    client.force_login(officer)
    comment = "Très long. " * 200
    response = client.post(move_url(project), {"target": "qualified", "comment": comment})
    assert response.status_code == 200
    assert stage_of(project) == Stage.INTAKE
    assert "2000 caractères" in response.text
    assert comment.strip() in response.text

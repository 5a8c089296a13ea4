"""`manage.py load_demo`: a believable programme, loaded once however often it runs."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from freezegun import freeze_time

from companies.models import Company, Contact, Department, Interaction
from companies.validators import luhn_is_valid
from pmi_aqt.accounts.models import Role, User
from pmi_aqt.mailing.models import OutboundEmail
from projects import demo_data
from projects.models import (
    FinancingLine,
    FollowUp,
    InterventionAxis,
    Need,
    Project,
    Stage,
    StageChange,
    SupportAction,
)
from projects.workflow import MOVES, find_move

pytestmark = pytest.mark.django_db

MODELS = [
    User,
    Company,
    Contact,
    Interaction,
    Project,
    StageChange,
    Need,
    FinancingLine,
    SupportAction,
    FollowUp,
    OutboundEmail,
]


def load_demo(**options) -> str:
    out = StringIO()
    call_command("load_demo", stdout=out, **options)
    return out.getvalue()


def snapshot() -> dict:
    return {
        "counts": {model.__name__: model.objects.count() for model in MODELS},
        "axes": sorted(
            Project.axes.through.objects.values_list("project_id", "interventionaxis_id")
        ),
        "sirets": sorted(Company.objects.values_list("siret", flat=True)),
        "passwords": sorted(User.objects.values_list("email", "password")),
        "projects": sorted(
            Project.objects.values_list("company__siret", "title", "stage", "created_at")
        ),
    }


@pytest.fixture
def demo():
    return load_demo()


def test_it_creates_one_user_per_role_who_can_log_in(demo, client):
    accounts = [*demo_data.USERS, demo_data.COMPANY_CONTACT_USER]
    assert {account.role for account in accounts} == set(Role.values)
    for account in accounts:
        user = User.objects.get(email=account.email)
        assert user.roles == {account.role}
        assert client.login(username=account.email, password=demo_data.DEMO_PASSWORD)
        client.logout()
    assert User.objects.with_role(Role.OFFICER).count() == 2


def test_the_manager_reaches_the_admin_and_the_contact_account_belongs_to_a_company(demo, client):
    manager = User.objects.get(email=demo_data.MANAGER_EMAIL)
    assert manager.is_manager and manager.is_staff
    client.force_login(manager)
    assert client.get("/admin/").status_code == 200

    contact_user = User.objects.get(email=demo_data.COMPANY_CONTACT_USER.email)
    assert contact_user.roles == {Role.COMPANY_CONTACT}
    assert not contact_user.is_staff
    assert contact_user.company_contact.company.projects.exists()


def test_task_force_members_come_from_several_partner_organisations(demo):
    members = User.objects.with_role(Role.TASKFORCE_MEMBER)
    assert members.count() >= 2
    assert len({member.email.split("@")[1] for member in members}) == members.count()
    assert not members.filter(is_staff=True).exists()


def test_the_logins_table_is_printed_with_the_password(demo):
    assert "Comptes de démonstration" in demo
    for email in [demo_data.MANAGER_EMAIL, demo_data.COMPANY_CONTACT_USER.email]:
        line = next(line for line in demo.splitlines() if email in line)
        assert demo_data.DEMO_PASSWORD in line
    assert "Responsable du programme" in demo
    assert "Entreprises" in demo and "Projets" in demo


def test_about_forty_companies_all_valid_across_the_five_departements(demo):
    companies = list(Company.objects.all())
    assert 35 <= len(companies) <= 50
    for company in companies:
        company.full_clean()  # SIRET key, SIREN uniqueness, NAF format, département
        assert luhn_is_valid(company.siren) and luhn_is_valid(company.siret)
        assert company.postcode[:2] == company.department
    assert len({company.siren for company in companies}) == len(companies)
    assert {company.department for company in companies} == set(Department.values)
    banded = [c for c in companies if c.headcount_band in {"10-49", "50-249"}]
    assert len(banded) > len(companies) * 0.8
    members = sum(company.federation_member for company in companies)
    assert len(companies) * 0.3 < members < len(companies) * 0.8


def test_every_company_has_contacts_and_exchanges_with_real_next_steps(demo):
    for company in Company.objects.all():
        contacts = list(company.contacts.all())
        assert 1 <= len(contacts) <= 3
        for contact in contacts:
            contact.full_clean()
            assert contact.email.endswith("@" + company.website.removeprefix("https://www."))
            assert contact.data_consent_at is not None
        assert 1 <= company.interactions.count() <= 5
    officers = set(User.objects.with_role(Role.OFFICER))
    assert {interaction.officer for interaction in Interaction.objects.all()} <= officers
    assert set(Interaction.objects.values_list("kind", flat=True)) == set(Interaction.Kind.values)
    assert Interaction.objects.filter(next_step_done_at__isnull=False).exists()
    assert Interaction.objects.with_open_next_step().filter(next_step_due__isnull=False).exists()


def test_projects_span_several_axes_and_stages_with_the_primary_axis_among_their_axes(demo):
    projects = list(Project.objects.prefetch_related("axes"))
    assert 30 <= len(projects) <= 45
    for project in projects:
        axes = set(project.axes.all())
        assert 1 <= len(axes) <= 3
        assert project.primary_axis in axes
        assert project.officer.has_role(Role.OFFICER)
        assert project.submitted_by.company_id == project.company_id
    used_axes = {axis.code for project in projects for axis in project.axes.all()}
    assert used_axes == set(InterventionAxis.objects.values_list("code", flat=True))
    stages = {project.stage for project in projects}
    assert {Stage.INTAKE, Stage.QUALIFIED, Stage.DIAGNOSIS, Stage.IN_SUPPORT} <= stages
    years = {project.created_at.year for project in projects}
    assert len(years) >= 2


def test_each_project_got_to_its_stage_through_allowed_moves_recorded_in_order(demo):
    for project in Project.objects.prefetch_related("stage_changes"):
        changes = sorted(project.stage_changes.all(), key=lambda change: change.changed_at)
        if project.stage == Stage.INTAKE:
            assert changes == []
            continue
        assert changes[0].from_stage == Stage.INTAKE
        assert changes[-1].to_stage == project.stage
        assert project.stage_changed_at == changes[-1].changed_at
        for previous, change in zip([None, *changes], changes, strict=False):
            assert find_move(change.from_stage, change.to_stage) is not None
            assert change.changed_by is not None and change.comment
            assert project.created_at < change.changed_at < timezone.now()
            if previous:
                assert change.from_stage == previous.to_stage
                assert previous.changed_at < change.changed_at


def test_each_project_meets_what_its_stage_required(demo):
    """What the workflow asked before each move the project made is there."""
    for project in Project.objects.exclude(stage=Stage.INTAKE):
        for change in project.stage_changes.all():
            move = next(
                m for m in MOVES if change.from_stage in m.sources and m.target == change.to_stage
            )
            if change.to_stage == Stage.COMPLETED:
                # Checked on the finished project: all its actions are over.
                assert not project.support_actions.exclude(status__in=SupportAction.FINISHED)
                continue
            missing = [reason for reason in (need(project) for need in move.requirements) if reason]
            assert missing == [], (project.title, change.to_stage, missing)
    in_support = Project.objects.filter(stage__in=[Stage.IN_SUPPORT, Stage.COMPLETED])
    assert in_support.exists()
    for project in in_support:
        assert project.support_started_on and project.is_approved
        assert project.follow_ups.count() == 3
        obtained = project.financing_lines.filter(amount_obtained__isnull=False)
        assert obtained.exists()
    decided = Project.objects.filter(stage=Stage.DECIDED)
    assert len({project.decision_outcome for project in decided}) > 1
    for project in Project.objects.exclude(budget=None):
        lines = project.financing_lines.all()
        if lines:
            assert sum(line.amount_asked for line in lines) == project.budget
        for line in lines:
            line.full_clean()


def test_running_it_twice_changes_nothing(demo):
    before = snapshot()
    output = load_demo()
    assert snapshot() == before
    assert output.count("(0 ajouté(s))") == 5


def natural_data() -> dict:
    """The demo as people see it, without database ids."""
    return {
        "companies": sorted(Company.objects.values_list("siret", "name", "city")),
        "contacts": sorted(Contact.objects.values_list("company__siret", "email", "job_title")),
        "interactions": sorted(
            Interaction.objects.values_list(
                "company__siret", "occurred_on", "kind", "notes", "next_step_due"
            )
        ),
        "projects": sorted(
            Project.objects.values_list("company__siret", "title", "stage", "created_at", "budget")
        ),
        "moves": sorted(
            StageChange.objects.values_list("project__title", "to_stage", "changed_at")
        ),
    }


def test_it_loads_the_same_programme_on_every_fresh_database():
    load_demo()
    first = natural_data()
    Interaction.objects.all().delete()
    Project.objects.all().delete()
    Company.objects.all().delete()
    User.objects.all().delete()
    load_demo()
    assert natural_data() == first


def test_a_run_on_a_later_day_still_finds_everything_it_loaded(demo):
    before = snapshot()
    with freeze_time(timezone.now() + timedelta(days=45)):
        output = load_demo()
    assert snapshot() == before
    assert output.count("(0 ajouté(s))") == 5


def test_it_sends_no_email(mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        load_demo()
        load_demo()
    assert callbacks == []
    assert mailoutbox == []
    assert not OutboundEmail.objects.exists()


def test_it_refuses_to_run_on_a_production_configuration(settings):
    settings.DEBUG = False
    settings.TESTING = False
    with pytest.raises(CommandError, match="DEBUG"):
        load_demo()
    assert not User.objects.exists()
    load_demo(force=True)
    assert Company.objects.exists()

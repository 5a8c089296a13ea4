"""`manage.py load_demo`: a believable programme, loaded once however often it runs."""

from datetime import date, datetime, timedelta
from io import StringIO

import pytest
from auditlog.context import disable_auditlog
from django.core.management import call_command
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from companies.models import (
    Company,
    Contact,
    Department,
    HeadcountBand,
    Interaction,
    ProspectingStatus,
)
from companies.validators import luhn_is_valid
from pmi_aqt.accounts.models import Role, User
from pmi_aqt.mailing.models import OutboundEmail
from projects.matching.ranking import suggest_schemes
from projects.matching.snapshot import UncommittedWrites
from projects.models import (
    CollectiveAction,
    CollectiveParticipation,
    Document,
    DocumentRequest,
    FinancingChange,
    FinancingLine,
    FollowUp,
    InterventionAxis,
    Need,
    PartnerOrganisation,
    Project,
    ProjectNote,
    Resource,
    SchemeKind,
    Stage,
    StageChange,
    StudentPlacement,
    SupportAction,
    SupportScheme,
    YearlyTarget,
)
from projects.models.project import APPROVED_OUTCOMES
from projects.reminders import PLACEMENTS_ENDING_WITHIN, officer_digests_collect
from projects.stats.cache import forget_figures
from projects.stats.period import Period
from projects.stats.supported import support_progress
from projects.workflow import MOVES, check_move, find_move, follow_up_due_dates, follow_ups_start
from taskforce.models import (
    AgendaItem,
    ConflictDeclaration,
    Review,
    ReviewCriterion,
    ReviewScore,
    Session,
    SessionMember,
    TaskforceMembership,
)
from tooling.demo import (
    account_data,
    company_data,
    directory_data,
    history_data,
    pipeline_data,
    programme_data,
)
from tooling.demo.taskforce import CONSULTATION_DAYS_LEFT, IMPORTED_PLACE

from .conftest import _reseed_reference_data

# One worker loads the demo for the whole module (make test runs with --dist loadgroup).
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo")]

MODELS = [
    User,
    Company,
    Contact,
    Interaction,
    Project,
    StageChange,
    Need,
    FinancingLine,
    FinancingChange,
    SupportAction,
    FollowUp,
    PartnerOrganisation,
    SupportScheme,
    Resource,
    DocumentRequest,
    Document,
    ProjectNote,
    OutboundEmail,
    TaskforceMembership,
    Session,
    SessionMember,
    AgendaItem,
    ConflictDeclaration,
    Review,
    ReviewScore,
    YearlyTarget,
    CollectiveAction,
    CollectiveParticipation,
    StudentPlacement,
    FinancingChange,
]
# The lines of the command's summary that say how many rows it added.
SUMMARY_COUNTS = 20


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
        "scheme_axes": sorted(
            SupportScheme.axes.through.objects.values_list(
                "supportscheme_id", "interventionaxis_id"
            )
        ),
        "resources": list(
            Resource.objects.order_by("pk").values_list(
                "project_id", "scheme_id", "status", "status_changed_on", "next_action_on"
            )
        ),
        "financing": list(
            FinancingLine.objects.order_by("pk").values_list("scheme_id", "source_label", "status")
        ),
        "actions": list(
            SupportAction.objects.order_by("pk").values_list("provider_id", "status", "starts_on")
        ),
        "prospecting": sorted(Company.objects.values_list("siret", "prospecting_status")),
        "financing_dates": list(
            FinancingLine.objects.order_by("pk").values_list(
                "deadline_on", "committee_on", "amount_granted"
            )
        ),
        "follow_ups": list(FollowUp.objects.order_by("pk").values_list("project_id", "due_on")),
    }


@pytest.fixture(scope="module")
def loaded_demo(django_db_setup, django_db_blocker):
    """The demo, loaded once for the module (a few seconds): each test runs in a savepoint of
    this transaction, so what a test changes is gone before the next one."""
    with django_db_blocker.unblock(), transaction.atomic():
        # A transactional test of another module may have flushed the reference data.
        if not YearlyTarget.objects.filter(year=history_data.PROGRAMME_START.year).exists():
            _reseed_reference_data()
        yield load_demo()
        transaction.set_rollback(True)


@pytest.fixture
def demo(loaded_demo, db):
    return loaded_demo


# --- What the demo holds


def test_it_creates_one_user_per_role_who_can_log_in(demo, client):
    accounts = [*account_data.USERS, account_data.COMPANY_CONTACT_USER]
    assert {account.role for account in accounts} == set(Role.values)
    for account in accounts:
        user = User.objects.get(email=account.email)
        assert user.roles == {account.role}
        assert client.login(username=account.email, password=account_data.DEMO_PASSWORD)
        client.logout()
    assert User.objects.with_role(Role.OFFICER).count() == 2


def test_the_manager_reaches_the_admin_and_the_contact_account_belongs_to_a_company(demo, client):
    manager = User.objects.get(email=account_data.MANAGER_EMAIL)
    assert manager.is_manager and manager.is_staff
    client.force_login(manager)
    assert client.get("/admin/").status_code == 200

    contact_user = User.objects.get(email=account_data.COMPANY_CONTACT_USER.email)
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
    for email in [account_data.MANAGER_EMAIL, account_data.COMPANY_CONTACT_USER.email]:
        line = next(line for line in demo.splitlines() if email in line)
        assert account_data.DEMO_PASSWORD in line
    assert "Responsable du programme" in demo
    assert "Entreprises" in demo and "Projets" in demo


def test_about_a_hundred_companies_all_valid_across_the_five_departements(demo):
    companies = list(Company.objects.all())
    assert 100 <= len(companies) <= 130
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
    not_yet_contacted = {
        spec.name for spec in company_data.COMPANIES if spec.slug in history_data.NOT_YET_CONTACTED
    }
    assert len(not_yet_contacted) >= 2
    for company in Company.objects.all():
        contacts = list(company.contacts.all())
        assert 1 <= len(contacts) <= 3
        for contact in contacts:
            contact.full_clean()
            assert contact.email.endswith("@" + company.website.removeprefix("https://www."))
            assert contact.data_consent_at is not None
        if company.name in not_yet_contacted:
            # Listed for prospecting: no exchange yet.
            assert not company.interactions.exists()
        else:
            assert 1 <= company.interactions.count() <= 5
    officers = set(User.objects.with_role(Role.OFFICER))
    assert {interaction.officer for interaction in Interaction.objects.all()} <= officers
    assert set(Interaction.objects.values_list("kind", flat=True)) == set(Interaction.Kind.values)
    assert Interaction.objects.filter(next_step_done_at__isnull=False).exists()
    assert Interaction.objects.with_open_next_step().filter(next_step_due__isnull=False).exists()


def test_projects_span_several_axes_and_stages_with_the_primary_axis_among_their_axes(demo):
    projects = list(Project.objects.prefetch_related("axes"))
    assert 250 <= len(projects) <= 350
    for project in projects:
        axes = set(project.axes.all())
        assert 1 <= len(axes) <= 3
        assert project.primary_axis in axes
        assert project.officer.has_role(Role.OFFICER)
        if project.title == programme_data.PROSPECTED_PROJECT.project.title:
            assert project.submitted_by is None  # opened by the officer, not asked for
        else:
            assert project.submitted_by.company_id == project.company_id
    used_axes = {axis.code for project in projects for axis in project.axes.all()}
    assert used_axes == set(InterventionAxis.objects.values_list("code", flat=True))
    stages = {project.stage for project in projects}
    assert {Stage.INTAKE, Stage.QUALIFIED, Stage.DIAGNOSIS, Stage.IN_SUPPORT} <= stages
    # Received every past year since the programme opened (and this year, but on 1 January),
    # never before.
    this_year = timezone.localdate().year
    years = {timezone.localtime(project.created_at).year for project in projects}
    assert set(range(2015, this_year)) <= years <= set(range(2015, this_year + 1))
    first = min(project.created_at for project in projects)
    assert timezone.localtime(first).date() >= date(2015, 3, 1)


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
    assert len({project.latest_decision.outcome for project in decided}) > 1
    for project in Project.objects.exclude(budget=None):
        lines = project.financing_lines.all()
        if lines:
            assert sum(line.amount_asked for line in lines) == project.budget
        for line in lines:
            line.full_clean()


def test_running_it_twice_changes_nothing_and_sends_nothing(
    demo, mailoutbox, django_capture_on_commit_callbacks
):
    before = snapshot()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        output = load_demo()
    assert snapshot() == before
    assert all(
        callback is forget_figures or isinstance(callback, UncommittedWrites)
        for callback in callbacks
    )
    assert mailoutbox == []
    assert not OutboundEmail.objects.exists()
    assert output.count("(0 ajouté(s))") == SUMMARY_COUNTS


def rows(values) -> list:
    """Rows in a stable order, whatever NULLs they hold."""
    return sorted(values, key=repr)


def natural_data() -> dict:
    """The demo as people see it, without database ids."""
    return {
        "companies": rows(
            Company.objects.values_list("siret", "name", "city", "prospecting_status")
        ),
        "contacts": rows(Contact.objects.values_list("company__siret", "email", "job_title")),
        "interactions": rows(
            Interaction.objects.values_list(
                "company__siret", "occurred_on", "kind", "notes", "next_step_due"
            )
        ),
        "projects": rows(
            Project.objects.values_list("company__siret", "title", "stage", "created_at", "budget")
        ),
        "moves": rows(StageChange.objects.values_list("project__title", "to_stage", "changed_at")),
        "organisations": rows(PartnerOrganisation.objects.values_list("name", "kind")),
        "schemes": rows(
            SupportScheme.objects.values_list("organisation__name", "name", "kind", "axes__code")
        ),
        "resources": rows(
            Resource.objects.values_list(
                "project__title",
                "scheme__organisation__name",
                "scheme__name",
                "status",
                "status_changed_on",
                "next_action_on",
                "created_at",
            )
        ),
        "financing": rows(
            FinancingLine.objects.values_list(
                "project__title",
                "source_label",
                "scheme__name",
                "amount_asked",
                "amount_granted",
                "status",
                "deadline_on",
                "committee_on",
            )
        ),
        "financing_changes": rows(
            FinancingChange.objects.values_list(
                "project__title",
                "action",
                "source",
                "description",
                "changed_by__email",
                "changed_at",
            )
        ),
        "follow_ups": rows(FollowUp.objects.values_list("project__title", "months", "due_on")),
        "collective_actions": rows(
            CollectiveAction.objects.values_list(
                "kind", "title", "provider__name", "starts_on", "ends_on", "total_cost", "status"
            )
        ),
        "participations": rows(
            CollectiveParticipation.objects.values_list(
                "action__title",
                "company__siret",
                "project__title",
                "days",
                "cost_share",
                "added_by__email",
                "created_at",
            )
        ),
        "placements": rows(
            StudentPlacement.objects.values_list(
                "project__title",
                "kind",
                "institution__name",
                "student_name",
                "degree",
                "starts_on",
                "ends_on",
                "company_supervisor",
                "school_supervisor",
                "contract_type",
                "cost",
                "aid_amount",
                "created_at",
            )
        ),
        "actions": rows(
            SupportAction.objects.values_list(
                "project__title", "title", "provider__name", "starts_on", "status", "created_at"
            )
        ),
        "document_requests": rows(
            DocumentRequest.objects.values_list(
                "project__title", "label", "requested_at", "due_on", "fulfilled_at"
            )
        ),
        "notes": rows(
            ProjectNote.objects.values_list("project__title", "author__email", "text", "created_at")
        ),
        "memberships": rows(
            TaskforceMembership.objects.values_list("user__email", "organisation__name")
        ),
        "sessions": rows(
            Session.objects.values_list(
                "date", "starts_at", "status", "published_at", "place", "video_link", "chair__email"
            )
        ),
        "seats": rows(
            SessionMember.objects.values_list("session__date", "user__email", "attended")
        ),
        "agenda": rows(
            AgendaItem.objects.values_list(
                "session__date",
                "project__title",
                "position",
                "presenter__email",
                "starts_at",
                "outcome",
                "conditions",
                "rationale",
                "no_review_reason",
                "amount_granted",
                "decided_at",
                "consultation_closes_on",
                "consultation_opened_at",
            )
        ),
        "conflicts": rows(
            ConflictDeclaration.objects.values_list(
                "project__title",
                "member__email",
                "kind",
                "comment",
                "declared_by__email",
                "created_at",
            )
        ),
        "reviews": rows(
            Review.objects.values_list(
                "agenda_item__project__title",
                "member__email",
                "status",
                "recommendation",
                "comments_for_taskforce",
                "comments_for_company",
                "submitted_at",
                "updated_at",
            )
        ),
        "scores": rows(
            ReviewScore.objects.values_list(
                "review__agenda_item__project__title",
                "review__member__email",
                "criterion__code",
                "score",
            )
        ),
    }


def test_a_run_on_a_later_day_still_finds_everything_it_loaded(demo):
    before = snapshot()
    with freeze_time(timezone.now() + timedelta(days=45)):
        output = load_demo()
    assert snapshot() == before
    assert output.count("(0 ajouté(s))") == SUMMARY_COUNTS


# --- The programme since 1 March 2015: yearly targets, companies supported every year


def test_the_founding_targets_and_one_for_every_year_up_to_the_next(demo):
    targets = dict(YearlyTarget.objects.values_list("year", "companies_target"))
    assert {2015: 15, 2016: 20, 2017: 25}.items() <= targets.items()
    next_year = timezone.localdate().year + 1
    assert set(targets) == set(range(2015, next_year + 1))
    assert all(25 <= targets[year] <= 30 for year in range(2018, next_year + 1))


def test_every_year_since_2015_has_supported_companies_short_of_or_near_its_target(demo):
    today = timezone.localdate()
    progress = support_progress(Period(2015, today.year - 1), today)
    for year in progress.years:
        assert year.target
        assert 0.5 * year.target <= year.supported <= 1.1 * year.target, year
    assert any(year.reached for year in progress.years)
    assert not all(year.reached for year in progress.years)


def test_the_current_year_has_a_target_and_companies_supported_on_the_way_to_it(demo):
    today = timezone.localdate()
    (year,) = support_progress(Period.year(today.year), today).years
    assert year.target and 0 < year.supported < year.target
    # On course for 60 to 90 % of the target by December.
    elapsed = (today - date(today.year, 1, 1)).days / 365
    assert year.supported <= max(0.9 * year.target * elapsed, 1) + 1


def test_the_dashboard_opens_on_the_current_years_progress(demo, client):
    client.force_login(User.objects.get(email=account_data.MANAGER_EMAIL))
    response = client.get(reverse("projects:dashboard"))
    assert response.status_code == 200
    progress = response.context["figures"].progress
    (year,) = progress.years
    assert year.year == timezone.localdate().year and year.target and year.supported
    assert progress.missing_targets == []
    assert "Aucun objectif fixé" not in response.text


def test_projects_entered_support_every_year_and_the_old_ones_are_closed(demo):
    today = timezone.localdate()
    entries = StageChange.objects.filter(to_stage=Stage.IN_SUPPORT).select_related("project")
    years = {move.project.support_started_on.year for move in entries}
    assert years == set(range(2015, today.year + 1))
    for move in entries:
        project = move.project
        # Started on the day (or the next: the first of January, loaded on that day).
        started_after = project.support_started_on - timezone.localtime(move.changed_at).date()
        assert started_after.days in {0, 1}
        assert project.stage in {Stage.IN_SUPPORT, Stage.COMPLETED}
        if move.changed_at.year < today.year - 2:
            assert project.stage == Stage.COMPLETED, project.title
            # Followed up a year after: the survey answered, most of the time.
            assert project.follow_ups.count() == 3
    old = FollowUp.objects.filter(due_on__year__lt=today.year - 1)
    assert old.filter(answered_at__isnull=False).count() > old.count() * 0.7
    # Some projects went no further: abandoned, or turned down by the task force.
    abandoned = Project.objects.filter(stage=Stage.ABANDONED)
    assert abandoned.filter(agenda_items__outcome="rejected").exists()
    assert abandoned.filter(agenda_items=None).count() >= 10


def test_a_company_supported_again_was_so_years_apart(demo):
    entries: dict[int, list[date]] = {}
    for company_id, moved_at in StageChange.objects.filter(to_stage=Stage.IN_SUPPORT).values_list(
        "project__company_id", "changed_at"
    ):
        entries.setdefault(company_id, []).append(timezone.localtime(moved_at).date())
    assert sum(len(days) > 1 for days in entries.values()) > 30
    for days in entries.values():
        days.sort()
        assert all(
            (later - earlier).days >= 365 for earlier, later in zip(days, days[1:], strict=False)
        )
    prospects = Company.objects.filter(projects__isnull=True)
    assert prospects.exists()
    for prospect in prospects:
        assert prospect.interactions.exists() == (
            prospect.prospecting_status == ProspectingStatus.CONTACTED
        )


# --- The ecosystem directory and the projects' follow-through


def test_the_directory_lists_the_regions_partners_and_their_schemes(demo):
    organisations = list(PartnerOrganisation.objects.prefetch_related("schemes"))
    # A believable Nouvelle-Aquitaine ecosystem (issue 13): at least 40 organisations and 120
    # schemes, every kind of partner.
    assert 40 <= len(organisations) <= 80
    kinds = {organisation.kind for organisation in organisations}
    assert kinds == set(PartnerOrganisation.Kind.values)
    for organisation in organisations:
        organisation.full_clean()
        assert organisation.is_active and organisation.description
        assert organisation.website.endswith(".example")
        assert organisation.contact_email.endswith(".example")
        assert organisation.contact_name and organisation.contact_phone
        assert organisation.schemes.exists()

    schemes = list(SupportScheme.objects.prefetch_related("axes"))
    assert 120 <= len(schemes) <= 200
    assert {scheme.kind for scheme in schemes} == set(SchemeKind.values)
    for scheme in schemes:
        scheme.full_clean()
        assert scheme.description and scheme.is_active
        assert scheme.axes.exists()
        assert set(scheme.headcount_bands) <= set(HeadcountBand.values)
        assert set(scheme.departments) <= set(Department.values)
    served = {axis.code for scheme in schemes for axis in scheme.axes.all()}
    assert served == set(InterventionAxis.objects.values_list("code", flat=True))
    assert sum(bool(scheme.headcount_bands) for scheme in schemes) >= 5
    assert sum(bool(scheme.departments) for scheme in schemes) >= 3
    assert SupportScheme.objects.filter(name="Contrat CIFRE", kind=SchemeKind.PHD).exists()


def test_each_project_passes_the_moves_that_led_it_to_its_stage(demo):
    """Replayed through the workflow: every move it made would be allowed now."""
    manager = User.objects.get(email=account_data.MANAGER_EMAIL)
    stages = set()
    for project in Project.objects.select_related("company"):
        stages.add(project.stage)
        final_stage = project.stage
        for change in sorted(project.stage_changes.all(), key=lambda c: c.changed_at):
            project.stage = change.from_stage
            check = check_move(project, change.to_stage, manager, by_taskforce=True)
            assert check.allowed, (project.title, change.to_stage, check.reasons)
            if check.move.comment_required:
                assert change.comment.strip()
        project.stage = final_stage
    assert stages == set(Stage.values)

    for project in Project.objects.filter(
        stage__in=[Stage.DOSSIER_READY, Stage.ON_AGENDA, Stage.DECIDED, Stage.IN_SUPPORT]
    ):
        assert project.primary_axis_id and project.needs.exists()
        assert project.budget and project.financing_lines.exists()
    for project in Project.objects.filter(stage__in=[Stage.IN_SUPPORT, Stage.COMPLETED]):
        assert project.is_approved and project.support_actions.exists()


def test_completed_projects_finished_every_action_and_every_action_has_a_provider(demo):
    completed = Project.objects.filter(stage=Stage.COMPLETED)
    assert completed.exists()
    for project in completed:
        assert all(action.is_finished for action in project.support_actions.all())
    for action in SupportAction.objects.select_related("provider", "project"):
        action.full_clean()
        assert action.provider is not None, action.title
        expected = {
            "intern": {"school"},
            "work_study": {"school"},
            "phd": {"lab"},
            "expertise": {"tech_centre"},
        }.get(action.kind)
        if expected:
            assert action.provider.kind in expected, (action.title, action.provider)
        if action.project.stage == Stage.DECIDED:
            assert action.status == SupportAction.Status.PLANNED
            assert action.starts_on > timezone.localdate()
    # The approved projects waiting to start have the plan the task force granted.
    waiting = Project.objects.filter(stage=Stage.DECIDED).approved()
    assert waiting.exists()
    for project in waiting:
        assert project.support_actions.exists()
    deferred = Project.objects.filter(agenda_items__outcome="deferred")
    assert deferred.exists()
    assert not SupportAction.objects.filter(project__in=deferred).exists()


def test_resources_fit_the_company_and_follow_the_stage(demo):
    specs = {(spec.organisation, spec.name): spec for spec in directory_data.SCHEMES}
    assert not Resource.objects.filter(project__stage=Stage.INTAKE).exists()
    for project in Project.objects.exclude(stage=Stage.INTAKE).select_related("company"):
        resources = list(project.resources.select_related("scheme__organisation"))
        assert resources, project.title
        company = project.company
        wanted_axes = set(project.axes.values_list("pk", flat=True)) | set(
            project.needs.values_list("axis_id", flat=True)
        )
        for resource in resources:
            resource.full_clean()
            scheme = resource.scheme
            assert scheme.fits_headcount(company.headcount_band), (project.title, scheme)
            assert scheme.fits_department(company.department), (project.title, scheme)
            assert set(scheme.axes.values_list("pk", flat=True)) & wanted_axes
            assert specs[(scheme.organisation.name, scheme.name)].suits(
                demo_data_activity(company)
            ), (project.title, scheme)
            assert project.created_at.date() <= resource.created_at.date()
            assert resource.created_at.date() <= resource.status_changed_on
            assert resource.status_changed_on < timezone.localdate()
            assert resource.added_by.is_programme_staff
            if project.is_closed:
                assert resource.next_action_on is None
        statuses = {resource.status for resource in resources}
        if project.stage == Stage.QUALIFIED:
            assert statuses == {Resource.Status.SUGGESTED}
        if project.stage == Stage.COMPLETED:
            assert statuses <= {Resource.Status.OBTAINED, Resource.Status.DECLINED}
        if project.stage in {Stage.IN_SUPPORT, Stage.COMPLETED}:
            assert Resource.Status.OBTAINED in statuses
    assert set(Resource.objects.values_list("status", flat=True)) >= {
        Resource.Status.SUGGESTED,
        Resource.Status.CONTACTED,
        Resource.Status.ENGAGED,
        Resource.Status.OBTAINED,
    }


def demo_data_activity(company: Company) -> str:
    return next(spec.activity for spec in company_data.COMPANIES if spec.name == company.name)


def test_a_qualified_projects_resource_is_the_portals_first_suggestion(demo):
    specs = {(spec.organisation, spec.name): spec for spec in directory_data.SCHEMES}
    qualified = Project.objects.filter(stage=Stage.QUALIFIED).select_related("company")
    assert qualified.exists()
    # Each was chosen from the history of everything but the qualified projects' own choices.
    retained = {}
    for project in qualified:
        (resource,) = project.resources.all()
        retained[project.pk] = resource.scheme
    Resource.objects.filter(project__in=qualified).delete()
    for project in qualified:
        scheme = retained[project.pk]
        suggestions = [
            suggestion.scheme
            for suggestion in suggest_schemes(project)
            if specs[(suggestion.scheme.organisation.name, suggestion.scheme.name)].suits(
                demo_data_activity(project.company)
            )
        ]
        assert suggestions[0] == scheme


def test_financing_lines_are_linked_to_the_schemes_that_fit(demo):
    linked = FinancingLine.objects.filter(scheme__isnull=False).select_related(
        "scheme", "project__company"
    )
    assert linked.count() >= 10
    for line in linked:
        company = line.project.company
        assert line.scheme.kind == SchemeKind.FUNDING
        assert line.kind in {FinancingLine.Kind.GRANT, FinancingLine.Kind.LOAN}
        assert line.scheme.fits_headcount(company.headcount_band)
        assert line.scheme.fits_department(company.department)
        # The scheme is among the project's resources, as far along as the line.
        resource = line.project.resources.get(scheme=line.scheme)
        assert resource.status == pipeline_data.RESOURCE_STATUS_OF_LINE[line.status]
    # Own funds and tax credits stay free text.
    assert not FinancingLine.objects.filter(
        scheme__isnull=False, kind__in=["own_funds", "tax_credit"]
    ).exists()
    for project in Project.objects.exclude(budget=None).prefetch_related("financing_lines"):
        lines = project.financing_lines.all()
        if lines:
            assert sum(line.amount_asked for line in lines) == project.budget


def test_follow_ups_already_due_are_answered_in_full(demo):
    today = timezone.localdate()
    answered = FollowUp.objects.filter(answered_at__isnull=False)
    assert answered.exists()
    for follow_up in answered:
        follow_up.full_clean()
        assert follow_up.due_on <= follow_up.answered_at.date() < today
        assert follow_up.jobs_created is not None and follow_up.jobs_kept is not None
        assert follow_up.turnover_effect and follow_up.satisfaction and follow_up.comment
        assert follow_up.product_launched is not None
    assert not FollowUp.objects.filter(answered_at__isnull=False, due_on__gt=today).exists()


def test_documents_are_asked_and_some_received_without_any_file(demo):
    requests = list(DocumentRequest.objects.select_related("project", "requested_by"))
    assert len(requests) >= 20
    received = [request for request in requests if request.fulfilled_at]
    assert 0 < len(received) < len(requests)
    for request in requests:
        request.full_clean()
        assert request.project.stage not in {Stage.INTAKE, Stage.QUALIFIED}
        assert request.project.created_at < request.requested_at < timezone.now()
        assert request.due_on > request.requested_at.date()
        assert request.requested_by.is_programme_staff
        if request.fulfilled_at:
            assert request.requested_at < request.fulfilled_at < timezone.now()
    # A project cannot have gone to the task force without its presentation.
    for project in Project.objects.filter(stage__in=[Stage.ON_AGENDA, Stage.DECIDED]):
        presentation = project.document_requests.get(kind="presentation")
        assert presentation.fulfilled_at is not None
    assert not Document.objects.exists()


def test_officers_keep_internal_notes_on_most_projects(demo):
    projects = list(Project.objects.exclude(stage=Stage.INTAKE).prefetch_related("notes"))
    with_notes = [project for project in projects if project.notes.all()]
    assert len(with_notes) >= len(projects) * 0.6
    authors = set()
    for note in ProjectNote.objects.select_related("author", "project"):
        note.full_clean()
        assert note.author.is_programme_staff
        authors.add(note.author.email)
        assert note.project.created_at < note.created_at < timezone.now()
        assert "{" not in note.text
    assert {account_data.FINANCE_EMAIL, account_data.MANAGER_EMAIL} <= authors
    assert authors & {account_data.OFFICER_NORTH_EMAIL, account_data.OFFICER_SOUTH_EMAIL}


def as_an_earlier_version_left_it():
    """Rows deleted to stand for a database an earlier version loaded: it never held them, so
    nor does its history (the deletions' entries would cost seconds and say nothing)."""
    return disable_auditlog()


def test_it_completes_a_demo_loaded_before_the_pipeline_data(demo):
    """A database loaded by an earlier version (projects, no directory) is brought up to date."""
    complete = natural_data()
    with as_an_earlier_version_left_it():
        Resource.objects.all().delete()
        ProjectNote.objects.all().delete()
        DocumentRequest.objects.all().delete()
        for candidates in pipeline_data.FINANCING_SCHEMES.items():
            original, schemes = candidates
            labels = [label for _, _, label in schemes]
            FinancingLine.objects.filter(source_label__in=labels).update(
                scheme=None, source_label=original
            )
        SupportAction.objects.filter(project__stage=Stage.DECIDED).delete()
        SupportAction.objects.update(provider=None)
        TaskforceMembership.objects.all().delete()  # they sit for partner organisations
        # Newer than the pipeline data; their schools, labs and providers are in the directory.
        StudentPlacement.objects.all().delete()
        CollectiveAction.objects.all().delete()
        SupportScheme.objects.all().delete()
        PartnerOrganisation.objects.all().delete()

    load_demo()
    assert natural_data() == complete


# --- The task force


def member_users() -> list[User]:
    return [
        User.objects.get(email=spec.email)
        for spec in account_data.USERS
        if spec.role == Role.TASKFORCE_MEMBER
    ]


def decided_move(project: Project) -> StageChange:
    return project.stage_changes.get(to_stage=Stage.DECIDED)


def recorded_sessions():
    """The held sessions the portal keeps, latest first (not those imported with the history)."""
    return Session.objects.past().exclude(place=IMPORTED_PLACE)


def listed_before(project: Project, moment: datetime) -> StageChange:
    """The project's move onto the agenda its decision of `moment` was taken on (a deferred
    dossier goes onto an agenda twice)."""
    return project.stage_changes.filter(to_stage=Stage.ON_AGENDA, changed_at__lte=moment).latest(
        "changed_at"
    )


def test_each_member_sits_for_a_partner_organisation_of_the_directory(demo):
    members = member_users()
    assert len(members) == 3
    organisations = set()
    for member in members:
        membership = member.taskforce_membership
        assert membership.is_active
        assert membership.organisation.name in {o.name for o in directory_data.ORGANISATIONS}
        organisations.add(membership.organisation_id)
    assert len(organisations) == len(members)


def test_the_coming_session_is_published_with_the_projects_waiting_on_the_agenda(demo):
    today = timezone.localdate()
    (session,) = Session.objects.coming()
    assert session.status == Session.Status.PUBLISHED
    assert 7 <= (session.date - today).days <= 14 and session.date.weekday() < 5
    assert session.published_at < timezone.now()
    assert session.chair.is_manager
    session.full_clean()
    items = list(session.agenda_items.select_related("project", "presenter"))
    waiting = set(Project.objects.filter(stage=Stage.ON_AGENDA))
    assert waiting and {item.project for item in items} == waiting
    assert sorted(item.position for item in items) == list(range(1, len(items) + 1))
    for item in items:
        assert not item.is_decided
        assert item.presenter == item.project.officer
        # Published once the dossier was on the agenda.
        on_agenda = item.project.stage_changes.filter(to_stage=Stage.ON_AGENDA).latest("changed_at")
        assert on_agenda.changed_at <= session.published_at
    assert set(session.members.all()) == set(member_users())


def test_the_coming_sessions_reviews_are_in_progress_with_a_conflict(demo):
    (session,) = Session.objects.coming()
    members = set(member_users())
    states = set()
    conflicts = 0
    for item in session.agenda_items.select_related("project"):
        reviews = {review.member: review for review in item.reviews.all()}
        conflicted = {c.member for c in ConflictDeclaration.objects.filter(project=item.project)}
        conflicts += len(conflicted)
        assert not set(reviews) & conflicted
        states |= {review.status for review in reviews.values()}
        if item.is_written_consultation:
            # Every member who may answer has, but one (test_a_dossier_of_the_coming_...).
            continue
        if not conflicted:
            # One submitted, one draft, one not started.
            assert sorted(r.status for r in reviews.values()) == ["draft", "submitted"]
            assert len(members - set(reviews)) == 1
    assert states == {Review.Status.SUBMITTED, Review.Status.DRAFT}
    assert conflicts == 1
    drafts = Review.objects.filter(agenda_item__session=session, status=Review.Status.DRAFT)
    for draft in drafts:
        assert draft.submitted_at is None and not draft.recommendation
        assert 0 < draft.scores.count() < ReviewCriterion.objects.filter(is_active=True).count()
    # Each member has something to do, seen in their workspace.
    for member in members:
        todo = [
            item
            for item in session.agenda_items.all()
            if not item.reviews.filter(member=member, status=Review.Status.SUBMITTED).exists()
            and not ConflictDeclaration.objects.filter(project=item.project, member=member)
        ]
        assert todo, member


def test_past_sessions_decided_every_project_past_the_task_force_on_the_day(demo):
    today = timezone.localdate()
    past = list(recorded_sessions())
    assert past and all(session.status == Session.Status.HELD for session in past)
    # Six, the latest held about two months ago; the portal keeps them since the first of them
    # (the decisions of the programme's earlier years came in with its history).
    assert len(past) == 6
    assert 30 <= (today - past[0].date).days <= 100
    kept_since = timezone.make_aware(datetime.combine(past[-1].date, datetime.min.time()))
    decided_moves = StageChange.objects.filter(to_stage=Stage.DECIDED)
    decided = Project.objects.filter(
        pk__in=decided_moves.filter(changed_at__gte=kept_since).values("project_id")
    )
    items = AgendaItem.objects.filter(session__in=past).select_related("project", "session")
    assert sorted(item.project.pk for item in items) == sorted(p.pk for p in decided)
    # Waiting to start, in support, completed, and deferred: back in preparation, or prepared
    # again and on the coming agenda.
    assert {item.project.stage for item in items} >= {
        Stage.DECIDED,
        Stage.IN_SUPPORT,
        Stage.COMPLETED,
        Stage.DIAGNOSIS,
        Stage.ON_AGENDA,
    }
    for item in items:
        session, project = item.session, item.project
        session.full_clean()
        assert session.date.weekday() < 5
        # The project's latest decision: its outcome is stored there only.
        assert project.latest_decision == item
        assert item.rationale
        assert bool(item.conditions) == (item.outcome in {"approved_conditions", "deferred"})
        move = decided_move(project)
        assert item.decided_at == move.changed_at
        assert item.decided_by == session.chair == move.changed_by
        # On the agenda before the session, decided on its day or the days after, once
        # attendance was recorded, with the members' reviews: as the task force's rules ask.
        on_agenda = listed_before(project, item.decided_at)
        assert on_agenda.changed_at <= session.published_at
        assert session.published_at.date() < session.date <= item.decided_at.date()
        assert (item.decided_at.date() - session.date).days <= 10
        assert {seat.attended for seat in session.session_members.all()} == {True}
        assert item.decision_timing_problem(today) is None
        assert not item.is_written_consultation and not item.no_review_reason
        assert item.reviews.filter(status=Review.Status.SUBMITTED).exists()


def test_the_decisions_before_the_portal_came_in_with_the_history(demo):
    """As the data migration keeps the decisions taken before the portal: one session per day,
    held, each decision with its day and who recorded it, no members nor reviews."""
    imported = Session.objects.filter(place=IMPORTED_PLACE)
    first_kept = recorded_sessions().last().date
    assert imported.count() > 40
    assert not imported.filter(date__gte=first_kept).exists()
    assert set(imported.values_list("status", flat=True)) == {Session.Status.HELD}
    assert not SessionMember.objects.filter(session__in=imported).exists()
    assert not Review.objects.filter(agenda_item__session__in=imported).exists()
    items = AgendaItem.objects.filter(session__in=imported).select_related("session", "project")
    kept_since = timezone.make_aware(datetime.combine(first_kept, datetime.min.time()))
    before = StageChange.objects.filter(to_stage=Stage.DECIDED, changed_at__lt=kept_since)
    assert before.count() > 200
    assert sorted(items.values_list("project_id", flat=True)) == sorted(
        before.values_list("project_id", flat=True)
    )
    assert {item.outcome for item in items} == {"approved", "approved_conditions", "rejected"}
    for item in items:
        move = decided_move(item.project)
        assert item.decided_at == move.changed_at and item.decided_by == move.changed_by
        assert item.session.date == timezone.localtime(item.decided_at).date()
        assert item.rationale and item.no_review_reason
        assert item.amount_granted is None and not item.is_written_consultation
        assert item.project.latest_decision == item
    # Every project supported since 2015 was approved by its latest decision.
    supported = Project.objects.filter(stage__in=[Stage.IN_SUPPORT, Stage.COMPLETED])
    assert supported.approved().count() == supported.count()


def test_a_dossier_deferred_at_a_past_session_is_back_in_preparation_with_its_requests(
    demo, client
):
    (project,) = Project.objects.filter(stage=Stage.DIAGNOSIS, agenda_items__outcome="deferred")
    decision = project.latest_decision
    assert decision.outcome == "deferred" and decision.session in recorded_sessions()
    assert len(decision.requests) == 2
    # The decision, then at once the move back to preparation, by whoever recorded it.
    decided, back = project.stage_changes.order_by("-changed_at")[:2][::-1]
    assert (decided.to_stage, back.from_stage, back.to_stage) == ("decided", "decided", "diagnosis")
    assert back.changed_by == decision.decided_by
    assert f"séance du {decision.session.date:%d/%m/%Y}" in back.comment
    assert all(request in back.comment for request in decision.requests)
    client.force_login(project.officer)
    page = client.get(project.get_absolute_url()).text
    box = page[page.index('id="demandes-task-force"') :]
    assert "Ajourné par la task force" in box
    for request in decision.requests:
        assert request.replace("'", "&#x27;") in box


def test_a_dossier_deferred_earlier_is_back_on_the_coming_agenda(demo, client):
    (coming,) = Session.objects.coming()
    (item,) = coming.agenda_items.filter(project__agenda_items__outcome="deferred")
    project = item.project
    earlier = project.latest_decision
    assert earlier.outcome == "deferred" and earlier.session == recorded_sessions().first()
    # Prepared again since: back to preparation, dossier ready, onto the coming agenda.
    after = list(
        project.stage_changes.filter(changed_at__gt=earlier.decided_at).order_by("changed_at")
    )
    assert [(c.from_stage, c.to_stage) for c in after] == [
        ("decided", "diagnosis"),
        ("diagnosis", "dossier_ready"),
        ("dossier_ready", "on_agenda"),
    ]
    assert after[-1].changed_at <= coming.published_at
    # Its dossier page lists the earlier passage and what was asked then.
    client.force_login(User.objects.get(email=account_data.MANAGER_EMAIL))
    page = client.get(item.get_absolute_url()).text
    assert "Passages précédents devant la task force" in page
    for request in earlier.requests:
        assert request.replace("'", "&#x27;") in page


def test_approvals_grant_amounts_per_financing_line_on_the_timeline(demo, client):
    approvals = AgendaItem.objects.filter(
        session__in=recorded_sessions(), outcome__in=sorted(APPROVED_OUTCOMES)
    ).select_related("project")
    assert approvals.exists()
    manager = User.objects.get(email=account_data.MANAGER_EMAIL)
    for item in approvals:
        lines = item.project.financing_lines.filter(kind__in=["grant", "loan"])
        assert lines and not lines.filter(amount_granted=None).exists()
        assert item.amount_granted == sum(line.amount_granted for line in lines)
        for line in lines:
            assert line.amount_granted <= line.amount_asked
            assert line.amount_obtained is None or line.amount_obtained <= line.amount_granted
            (change,) = FinancingChange.objects.filter(line=line)
            assert change.changed_by == manager and change.changed_at == item.decided_at
            assert change.description.startswith("Montant accordé : — → ")
        assert not item.project.financing_lines.exclude(kind__in=["grant", "loan"]).exclude(
            amount_granted=None
        )
    # No amount without an approval recorded in the portal.
    granted = FinancingLine.objects.exclude(amount_granted=None)
    assert (
        granted.count()
        == FinancingChange.objects.filter(description__startswith="Montant accordé").count()
    )
    item = approvals.first()
    client.force_login(item.project.officer)
    page = client.get(item.project.get_absolute_url()).text
    assert "Montant total accordé par la task force" in page
    assert "Montant accordé : —" in page[page.index('id="historique"') :]


def test_a_dossier_of_the_coming_session_is_decided_by_written_consultation(demo, client):
    today = timezone.localdate()
    (coming,) = Session.objects.coming()
    (item,) = coming.agenda_items.exclude(consultation_opened_at=None)
    assert item.consultation_closes_on == today + timedelta(days=CONSULTATION_DAYS_LEFT)
    assert item.consultation_closes_on < coming.date
    assert coming.published_at < item.consultation_opened_at < timezone.now()
    assert item.consultation_opened_by == coming.chair
    assert not item.project.agenda_items.filter(outcome="deferred").exists()
    # One member still to answer: every other one who may has submitted.
    conflicted = set(
        ConflictDeclaration.objects.filter(project=item.project).values_list("member", flat=True)
    )
    free = [member for member in member_users() if member.pk not in conflicted]
    submitted = set(
        item.reviews.filter(status=Review.Status.SUBMITTED).values_list("member", flat=True)
    )
    assert len(free) - len(submitted) == 1 and submitted < {m.pk for m in free}
    assert not item.consultation_all_answered()
    assert "consultation écrite est ouverte jusqu'au" in item.decision_timing_problem(today)
    client.force_login(coming.chair)
    page = client.get(item.get_absolute_url()).text
    assert "Ce dossier est décidé par consultation écrite" in page


def test_every_member_reviewed_the_past_dossiers_but_the_one_in_conflict(demo):
    past = recorded_sessions()
    members = set(member_users())
    conflicts = ConflictDeclaration.objects.filter(agenda_item__session__in=past)
    (conflict,) = conflicts
    assert conflict.declared_by == conflict.member
    assert conflict.comment and conflict.kind
    for item in AgendaItem.objects.filter(session__in=past).select_related("project"):
        reviewers = {review.member for review in item.reviews.all()}
        conflicted = {c.member for c in ConflictDeclaration.objects.filter(project=item.project)}
        assert reviewers == members - conflicted
        assert all(review.is_submitted for review in item.reviews.all())
        recommendations = [review.recommendation for review in item.reviews.all()]
        expected = {
            "approved": "approve",
            "approved_conditions": "approve_conditions",
            "deferred": "defer",
            "rejected": "reject",
        }[item.outcome]
        assert expected in recommendations


def test_reviews_score_every_criterion_from_1_to_5_between_publication_and_session(demo):
    criteria = set(ReviewCriterion.objects.filter(is_active=True))
    reviews = Review.objects.select_related("agenda_item__session", "member").prefetch_related(
        "scores__criterion"
    )
    assert reviews.count() >= 15
    for review in reviews:
        review.full_clean()
        session = review.agenda_item.session
        assert review.member.has_role(Role.TASKFORCE_MEMBER)
        assert all(1 <= score.score <= 5 for score in review.scores.all())
        for score in review.scores.all():
            score.full_clean()
        moment = review.submitted_at or review.updated_at
        assert session.published_at < moment < timezone.now()
        if session.status == Session.Status.HELD:
            start = timezone.make_aware(datetime.combine(session.date, session.starts_at))
            assert moment < start
        if review.is_submitted:
            assert {score.criterion for score in review.scores.all()} == criteria
            assert review.recommendation and review.comments_for_taskforce
            assert review.updated_at == review.submitted_at
    assert ReviewScore.objects.filter(score__lte=2).exists()
    assert ReviewScore.objects.filter(score=5).exists()
    assert Review.objects.exclude(comments_for_company="").exists()


def test_members_and_staff_find_the_sessions_in_the_portal(demo, client):
    coming = Session.objects.coming().get()
    for member in member_users():
        client.force_login(member)
        response = client.get(reverse("taskforce:workspace"))
        assert response.status_code == 200, member
        assert len(response.context["to_review"]) >= 1
        # The sessions they sat in: not those imported with the history.
        assert len(response.context["past"]) == recorded_sessions().count()
        for item in coming.agenda_items.all():
            conflicted = ConflictDeclaration.objects.filter(project=item.project, member=member)
            expected = 403 if conflicted.exists() else 200
            assert client.get(item.get_absolute_url()).status_code == expected
    client.force_login(User.objects.get(email=account_data.MANAGER_EMAIL))
    imported = Session.objects.filter(place=IMPORTED_PLACE).order_by("date")
    for session in [*recorded_sessions(), coming, imported.first(), imported.last()]:
        assert client.get(session.get_absolute_url()).status_code == 200
        aggregate = reverse("taskforce:session_aggregate", args=[session.pk])
        assert client.get(aggregate).status_code == 200


def test_it_completes_a_demo_loaded_before_the_task_force_data(demo):
    complete = natural_data()
    with as_an_earlier_version_left_it():
        Session.objects.all().delete()
        ConflictDeclaration.objects.all().delete()
        TaskforceMembership.objects.all().delete()
    load_demo()
    assert natural_data() == complete


# --- Collective actions, student placements, prospecting, the funders' calendar


def test_a_collective_action_gathers_several_companies_in_support(demo):
    actions = list(CollectiveAction.objects.select_related("provider", "created_by"))
    assert len(actions) == len(programme_data.COLLECTIVE_ACTIONS)
    assert {action.kind for action in actions} == {
        CollectiveAction.Kind.TRAINING,
        CollectiveAction.Kind.DIAGNOSIS,
        CollectiveAction.Kind.TRADE_FAIR,
        CollectiveAction.Kind.EXPERTISE,
    }
    today = timezone.localdate()
    for action in actions:
        action.full_clean()
        assert action.provider.name in {o.name for o in directory_data.ORGANISATIONS}
        assert action.created_by.is_manager
        assert action.created_at < timezone.now()
        assert action.created_at.date() < action.starts_on
        assert action.is_finished == (action.ends_on < today)
        participations = list(action.participations.select_related("project", "added_by"))
        assert 3 <= len(participations) <= 6
        assert len({p.company_id for p in participations}) == len(participations)
        assert sum(p.cost_share for p in participations) <= action.total_cost
        for participation in participations:
            participation.full_clean()
            project = participation.project
            assert participation.company_id == project.company_id
            assert participation.days > 0 and participation.cost_share > 0
            assert participation.added_by == project.officer
            # In support when the action began (or now, for one not over yet).
            assert project.support_started_on <= min(action.starts_on, today)
            assert project.stage in {Stage.IN_SUPPORT, Stage.COMPLETED}
            if project.stage == Stage.COMPLETED:
                assert timezone.localtime(project.stage_changed_at).date() > action.ends_on
            assert action.created_at < participation.created_at < timezone.now()
    # A dozen companies reached, at least.
    assert CollectiveParticipation.objects.values("company").distinct().count() >= 10


def test_the_dashboard_counts_the_companies_reached_and_the_students_this_year(demo, client):
    today = timezone.localdate()
    assert CollectiveAction.objects.filter(starts_on__year=today.year).exists()
    client.force_login(User.objects.get(email=account_data.MANAGER_EMAIL))
    figures = client.get(reverse("projects:dashboard")).context["figures"]
    assert figures.collective.companies >= 3 and figures.collective.actions >= 1
    # The last years placed students.
    years = set(range(today.year - 3, today.year))
    placed = StudentPlacement.objects.filter(starts_on__year__in=years)
    assert {placement.starts_on.year for placement in placed} == years


def test_the_follow_ups_not_yet_answered_count_from_the_earliest_action(demo):
    """Collective actions included, as the portal dates them."""
    projects = Project.objects.filter(stage__in=[Stage.IN_SUPPORT, Stage.COMPLETED]).exclude(
        follow_ups__answered_at__isnull=False
    )
    assert projects.filter(stage=Stage.IN_SUPPORT).exists()
    for project in projects.prefetch_related("follow_ups"):
        expected = dict(follow_up_due_dates(follow_ups_start(project)))
        assert {f.months: f.due_on for f in project.follow_ups.all()} == expected, project.title


def test_students_are_placed_from_the_directorys_schools_and_labs(demo):
    placements = list(StudentPlacement.objects.select_related("project", "institution"))
    kinds = {placement.kind for placement in placements}
    assert kinds == set(StudentPlacement.Kind.values)
    assert {p.contract_type for p in placements if p.kind == "phd"} == {"cifre"}
    for placement in placements:
        placement.full_clean()
        project = placement.project
        assert placement.institution.kind in {"school", "lab"}
        assert placement.contract_type in StudentPlacement.CONTRACTS_BY_KIND[placement.kind]
        assert placement.student_name and placement.degree
        assert placement.company_supervisor and placement.school_supervisor
        assert placement.cost > 0
        if placement.aid_amount is not None:
            assert 0 < placement.aid_amount <= placement.cost
        assert project.stage in {Stage.IN_SUPPORT, Stage.COMPLETED}
        assert project.support_started_on <= placement.starts_on < placement.ends_on
        assert placement.created_at < timezone.now()
    # Each student action under way or done has its student, with the action's dates and
    # school or lab.
    actions = SupportAction.objects.filter(
        kind__in=StudentPlacement.Kind.values,
        status__in=["in_progress", "done"],
        project__stage__in=[Stage.IN_SUPPORT, Stage.COMPLETED],
    )
    assert actions.exists()
    for action in actions:
        placement = StudentPlacement.objects.get(
            project=action.project_id, kind=action.kind, starts_on=action.starts_on
        )
        assert placement.ends_on == action.ends_on
        assert placement.institution_id == action.provider_id
    cifre = [p for p in placements if p.kind == "phd"]
    assert all(p.aid_amount == 42000 for p in cifre)


def test_a_placement_ends_within_the_month_and_the_digest_shows_it(demo):
    today = timezone.localdate()
    ending = StudentPlacement.objects.filter(
        ends_on__gte=today,
        ends_on__lte=today + PLACEMENTS_ENDING_WITHIN,
        project__stage=Stage.IN_SUPPORT,
    ).select_related("project__officer")
    assert ending.exists()
    officer = ending[0].project.officer
    (digest,) = [d for d in officer_digests_collect(today=today) if d.officer == officer]
    titles = [line.title for line in digest.ending_placements]
    assert f"{ending[0].student_name} — Stage" in titles
    text = render_to_string("projects/emails/officer_digest_details.txt", digest.context())
    assert "SE TERMINANT" in text and ending[0].student_name in text


def test_each_prospecting_status_is_represented_and_follows_the_companys_history(demo):
    companies = Company.objects.prefetch_related("projects", "interactions")
    for company in companies:
        projects = list(company.projects.all())
        if any(p.support_started_on or p.stage in {"in_support", "completed"} for p in projects):
            expected = ProspectingStatus.SUPPORTED
        elif projects:
            expected = ProspectingStatus.PROJECT_OPENED
        elif company.interactions.all():
            expected = ProspectingStatus.CONTACTED
        else:
            expected = ProspectingStatus.PROSPECT
        assert company.prospecting_status == expected, company.name
    statuses = {company.prospecting_status for company in companies}
    assert statuses == set(ProspectingStatus.values)


def test_an_officer_opened_a_project_while_prospecting(demo):
    spec = programme_data.PROSPECTED_PROJECT
    project = Project.objects.get(title=spec.project.title)
    officer = project.officer
    (move,) = project.stage_changes.all()
    assert (move.from_stage, move.to_stage) == (Stage.INTAKE, Stage.QUALIFIED)
    assert move.comment.startswith(f"Projet ouvert par {officer} lors de la prospection.")
    assert move.changed_by == officer and officer.has_role(Role.OFFICER)
    assert project.company.prospecting_status == ProspectingStatus.PROJECT_OPENED
    # Opened on the evening of the visit, some days ago.
    opened_on = timezone.localtime(move.changed_at).date()
    assert 1 <= (timezone.localdate() - opened_on).days <= 14
    visit = project.company.interactions.get(occurred_on=opened_on)
    assert visit.kind == Interaction.Kind.VISIT and visit.officer == officer
    assert visit.created_at < project.created_at < move.changed_at
    assert project.resources.filter(status="suggested").exists()


def test_the_finance_workspace_lists_upcoming_committees_and_deadlines(demo, client):
    today = timezone.localdate()
    finance = User.objects.get(email=account_data.FINANCE_EMAIL)
    client.force_login(finance)
    response = client.get(reverse("projects:financing_workspace"))
    assert response.status_code == 200
    coming = response.context["coming"]
    assert len(coming.committees) >= 3 and coming.deadlines
    assert all(line.committee_on >= today for line in coming.committees)
    assert all(line.deadline_on >= today for line in coming.deadlines)
    # Past deadlines too: those files went in.
    dated = FinancingLine.objects.filter(committee_on__isnull=False)
    assert dated.filter(deadline_on__lt=today).exists()
    for line in dated.select_related("project"):
        line.full_clean()
        assert line.status == FinancingLine.Status.REQUESTED
        assert line.created_at.date() < line.deadline_on < line.committee_on
        assert line.committee_on.weekday() < 5 and line.deadline_on.weekday() < 5
        (change,) = line.changes.all()
        assert change.changed_by == finance and change.action == "changed"
        assert (
            "Date du comité" in change.description and "Date limite de dépôt" in change.description
        )
        assert line.created_at < change.changed_at < timezone.now()
    # Amounts granted are the task force's (see the approvals' test), not filled in here.
    # The project's timeline shows the change.
    project = dated.first().project
    page = client.get(reverse("projects:detail", args=[project.pk]))
    assert page.status_code == 200
    assert "Date du comité" in page.text

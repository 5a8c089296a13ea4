"""Loading the newer parts of the programme year, once the projects and their follow-through
exist: collective actions, student placements, prospecting and the funders' calendar
(tables: tooling/demo/programme_data.py).

Like the rest of the demo it only adds what is missing, from fixed seeds and the reference day,
so that a second run changes nothing:

- collective actions are found again by title, their participants by (action, company); they
  join through the portal's service, which dates the participants' follow-ups again;
- student placements by (project, student): one per intern, work-study and PhD action under
  way or done, with the action's dates and provider, and a shorter internship ending within the
  month;
- the project opened while prospecting by (company, title), through the portal's service; then
  every demo company's prospecting status follows what the programme did with it, as the
  portal would have moved it (projects/migrations/0015 does the same for existing data);
- the committee and filing dates of the lines still waiting for a funder's answer, set through
  the portal's service, which records the change on the project's timeline; lines already
  dated, or already changed, are left as they are.
"""

import datetime as dt
import random
from decimal import ROUND_DOWN, Decimal

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from companies.models import Company, Interaction, ProspectingStatus
from pmi_aqt.accounts.models import User
from projects.models import (
    CollectiveAction,
    CollectiveParticipation,
    FinancingChange,
    FinancingLine,
    InterventionAxis,
    PartnerOrganisation,
    Project,
    Resource,
    StageChange,
    StudentPlacement,
    SupportAction,
)
from projects.services.collective import collective_action_save, collective_participant_add
from projects.services.financing import financing_line_save
from projects.services.prospecting import project_open
from tooling.demo import account_data, company_data, pipeline_data
from tooling.demo import programme_data as tables
from tooling.demo.context import Counts, DemoContext, Item
from tooling.demo.history import working_day
from tooling.demo.pipeline import PipelineLoader, between
from tooling.demo.plan import MovePlan, ProjectPlan, aware

STUDENT_KINDS = ("intern", "work_study", "phd")
# The directory's organisations a student may come from (projects/forms/placements.py).
INSTITUTION_KINDS = {
    PartnerOrganisation.Kind.SCHOOL,
    PartnerOrganisation.Kind.LAB,
    PartnerOrganisation.Kind.OTHER,
}
SUPPORTED_STAGES = ("in_support", "completed")
# Where a project's lines may still wait for a funder's answer.
FINANCING_STAGES = ("dossier_ready", "on_agenda", "decided", "in_support")
STARTED = (SupportAction.Status.IN_PROGRESS, SupportAction.Status.DONE)


def days(count: int) -> dt.timedelta:
    return dt.timedelta(days=count)


def person(rng: random.Random) -> str:
    """A first and last name from the demo's lists."""
    feminine = rng.random() < 0.45
    first = rng.choice(company_data.FIRST_NAMES_F if feminine else company_data.FIRST_NAMES_M)
    return f"{first} {rng.choice(company_data.LAST_NAMES)}"


def status_on(today: dt.date, starts_on: dt.date, ends_on: dt.date) -> str:
    if ends_on < today:
        return SupportAction.Status.DONE
    if starts_on <= today:
        return SupportAction.Status.IN_PROGRESS
    return SupportAction.Status.PLANNED


def officer_of(context: DemoContext, item: Item) -> User:
    return item.project.officer or context.users[account_data.MANAGER_EMAIL]


# --- Collective actions


def load_collective_actions(context: DemoContext) -> Counts:
    titles = [spec.title for spec in tables.COLLECTIVE_ACTIONS]
    stored = {action.title: action for action in CollectiveAction.objects.filter(title__in=titles)}
    manager = context.users[account_data.MANAGER_EMAIL]
    new_actions = 0
    for spec in tables.COLLECTIVE_ACTIONS:
        if spec.title in stored:
            continue
        rng = random.Random(f"{account_data.SEED}:collective:{spec.title}")
        starts_on = collective_start(spec, context.today)
        ends_on = starts_on + days(spec.duration_days - 1)
        action = collective_action_save(
            action=CollectiveAction(
                kind=spec.kind,
                title=spec.title,
                description=spec.description,
                provider=context.organisations[spec.provider],
                starts_on=starts_on,
                ends_on=ends_on,
                total_cost=spec.total_cost,
                status=status_on(context.today, starts_on, ends_on),
            ),
            by=manager,
        )
        # auto_now_add ignores the value given at creation: backdate afterwards.
        organised = min(starts_on - days(rng.randint(50, 80)), context.today - days(20))
        moment = aware(organised, 10, rng.randrange(60))
        CollectiveAction.objects.filter(pk=action.pk).update(created_at=moment, updated_at=moment)
        action.created_at = action.updated_at = moment
        stored[spec.title] = action
        new_actions += 1

    actions = list(stored.values())
    joined = set(
        CollectiveParticipation.objects.filter(action__in=actions).values_list(
            "action_id", "company_id"
        )
    )
    added = 0
    for spec in tables.COLLECTIVE_ACTIONS:
        action = stored[spec.title]
        for item, work, share, signed_up in plan_participants(context, spec, action):
            if (action.pk, item.project.company_id) in joined:
                continue
            participation = collective_participant_add(
                action=action,
                participation=CollectiveParticipation(
                    project=item.project, days=work, cost_share=share
                ),
                by=officer_of(context, item),
            )
            CollectiveParticipation.objects.filter(pk=participation.pk).update(created_at=signed_up)
            added += 1
    total = CollectiveParticipation.objects.filter(action__in=actions).count()
    return {
        "collective_actions": (len(tables.COLLECTIVE_ACTIONS), new_actions),
        "participations": (total, added),
    }


def collective_start(spec: tables.DemoCollectiveAction, today: dt.date) -> dt.date:
    day = working_day(today - days(spec.days_ago), dt.date.min)
    if spec.current_year and day.year < today.year:
        day = today + days(tables.CURRENT_ACTION_DAYS_AHEAD)
        if day.weekday() > 4:  # a weekend: the Monday after
            day += days(7 - day.weekday())
    return day


def plan_participants(context: DemoContext, spec, action: CollectiveAction):
    """The projects taking part, each with its days, its share of the cost and when it signed
    up: projects in support for the whole action (or, for one not over yet, in support now),
    those of the action's axes first, one per company."""
    rng = random.Random(f"{account_data.SEED}:collective:{spec.title}:participants")
    starts_on, ends_on = action.starts_on, action.ends_on or action.starts_on
    candidates = []
    for item in context.items:
        plan = item.plan
        started = plan.support_started_on
        if plan.stage not in SUPPORTED_STAGES or started is None:
            continue
        if started > min(starts_on, context.today - days(1)):
            continue
        completed = plan.moved_on("completed")
        if completed is not None and completed <= ends_on:
            continue
        candidates.append(item)
    fitting = [item for item in candidates if set(item.plan.spec.axes) & set(spec.axes)]
    others = [item for item in candidates if not set(item.plan.spec.axes) & set(spec.axes)]
    ordered = rng.sample(fitting, len(fitting)) + rng.sample(others, len(others))
    wanted = rng.randint(*spec.participants)
    chosen, companies = [], set()
    for item in ordered:
        if len(chosen) == wanted:
            break
        if item.project.company_id not in companies:
            companies.add(item.project.company_id)
            chosen.append(item)
    work = [Decimal(rng.choice(spec.days)) for _ in chosen]
    companies_part = spec.total_cost * spec.companies_share
    created = action.created_at
    participants = []
    for item, item_days in zip(chosen, work, strict=True):
        share = (companies_part * item_days / sum(work)).quantize(Decimal("1"), ROUND_DOWN)
        day = starts_on - days(rng.randint(*tables.COLLECTIVE_SIGN_UP_DAYS))
        decided = item.plan.moved_on("decided") or item.plan.support_started_on
        day = min(max(day, decided + days(1)), context.today - days(1))
        moment = aware(day, 11, rng.randrange(60))
        participants.append((item, item_days, share, max(moment, created + dt.timedelta(hours=1))))
    return participants


# --- Student placements


def load_placements(context: DemoContext) -> Counts:
    by_project = {item.project.pk: item for item in context.items}
    actions = list(
        SupportAction.objects.filter(
            project_id__in=by_project, kind__in=STUDENT_KINDS, status__in=STARTED
        )
        .select_related("provider")
        .order_by("project_id", "starts_on", "id")
    )
    planned = [
        placement_of(context, by_project[action.project_id], action)
        for action in actions
        if by_project[action.project_id].plan.stage in SUPPORTED_STAGES
    ]
    ending = ending_internship(context)
    if ending is not None:
        planned.append(ending)
    existing = set(
        StudentPlacement.objects.filter(project_id__in=by_project).values_list(
            "project_id", "student_name"
        )
    )
    new = [p for p, _ in planned if (p.project_id, p.student_name) not in existing]
    StudentPlacement.objects.bulk_create(new)
    # auto_now_add and auto_now ignore the values given at creation: backdate afterwards.
    signed = {(p.project_id, p.student_name): moment for p, moment in planned}
    for placement in new:
        placement.created_at = placement.updated_at = signed[
            (placement.project_id, placement.student_name)
        ]
    StudentPlacement.objects.bulk_update(new, ["created_at", "updated_at"])
    total = StudentPlacement.objects.filter(project_id__in=by_project).count()
    return {"placements": (total, len(new))}


def institution_for(context: DemoContext, item: Item, action: SupportAction | None, kind: str):
    """The action's provider when students come from it, else the usual school or lab."""
    if action is not None and action.provider and action.provider.kind in INSTITUTION_KINDS:
        return action.provider
    south = item.company.spec.department in pipeline_data.SOUTH_DEPARTMENTS
    return context.organisations[pipeline_data.ACTION_PROVIDERS[kind][south]]


def placement_of(context: DemoContext, item: Item, action: SupportAction):
    """The student behind an intern, work-study or PhD action, and when the portal got them."""
    rng = item.rng(f"placement:{action.kind}")
    kind = action.kind
    institution = institution_for(context, item, action, kind)
    months = max(round((action.ends_on - action.starts_on).days / 30), 1)
    low, high = tables.MONTHLY_COST[kind]
    cost = Decimal(months * rng.randint(low, high)).quantize(Decimal("1"))
    aid = None
    if kind == "intern":
        contract = StudentPlacement.Contract.INTERNSHIP_AGREEMENT
        degree = rng.choice(tables.DEGREES[kind])
    elif kind == "work_study":
        professionalisation = rng.random() < tables.PROFESSIONALISATION_SHARE
        contract = (
            StudentPlacement.Contract.PROFESSIONALISATION
            if professionalisation
            else StudentPlacement.Contract.APPRENTICESHIP
        )
        degree = rng.choice(tables.DEGREES[kind])
        aid = Decimal(
            next(
                amount
                for year, amount in reversed(tables.WORK_STUDY_AID)
                if year <= action.starts_on.year
            )
        )
    else:
        contract = StudentPlacement.Contract.CIFRE
        degree = tables.PHD_DEGREES.get(institution.name, tables.PHD_DEGREE)
        aid = Decimal(tables.CIFRE_GRANT_A_YEAR * max(round(months / 12), 1))
    placement = StudentPlacement(
        project=item.project,
        kind=kind,
        institution=institution,
        student_name=student_name(rng, item),
        degree=degree,
        starts_on=action.starts_on,
        ends_on=action.ends_on,
        company_supervisor=company_supervisor(item),
        school_supervisor=school_supervisor(rng, kind),
        contract_type=contract,
        cost=cost,
        aid_amount=min(aid, cost) if aid is not None else None,
    )
    recorded = action.starts_on - days(rng.randint(3, 20))
    recorded = max(recorded, item.plan.support_started_on)
    return placement, aware(min(recorded, context.today - days(1)), 15, rng.randrange(60))


def student_name(rng: random.Random, item: Item) -> str:
    """Someone other than the company's own people."""
    heads = {f"{c.first_name} {c.last_name}" for c in item.company.contacts}
    while (name := person(rng)) in heads:
        pass
    return name


def company_supervisor(item: Item) -> str:
    """The tutor at the company: its second contact if it has one (a manager), else its
    head."""
    contacts = item.company.contacts
    tutor = contacts[1] if len(contacts) > 1 else contacts[0]
    return f"{tutor.first_name} {tutor.last_name}"


def school_supervisor(rng: random.Random, kind: str) -> str:
    title = tables.SUPERVISOR_TITLES.get(kind)
    name = person(rng)
    return f"{title} {name}" if title else name


def ending_internship(context: DemoContext):
    """A three-month internship ending within the month, on a project in support since before
    it began: the officers' digest lists it."""
    today = context.today
    rng = random.Random(f"{account_data.SEED}:ending-internship")
    starts_on = working_day(today - days(tables.INTERNSHIP_DAYS_AGO), dt.date.min)
    candidates = [
        item
        for item in context.items
        if item.plan.stage == "in_support" and item.plan.support_started_on < starts_on
    ]
    if not candidates:
        return None
    item = rng.choice(candidates)
    ends_on = today + days(rng.randint(*tables.INTERNSHIP_ENDS_IN))
    months = round((ends_on - starts_on).days / 30)
    low, high = tables.MONTHLY_COST["intern"]
    placement = StudentPlacement(
        project=item.project,
        kind=StudentPlacement.Kind.INTERN,
        institution=institution_for(context, item, None, "intern"),
        student_name=student_name(rng, item),
        degree=tables.ENDING_INTERNSHIP_DEGREE,
        starts_on=starts_on,
        ends_on=ends_on,
        company_supervisor=company_supervisor(item),
        school_supervisor=school_supervisor(rng, "intern"),
        contract_type=StudentPlacement.Contract.INTERNSHIP_AGREEMENT,
        cost=Decimal(months * rng.randint(low, high)),
    )
    return placement, aware(starts_on - days(rng.randint(10, 25)), 16, rng.randrange(60))


# --- Prospecting


def load_prospecting(context: DemoContext) -> Counts:
    opened = open_prospected_project(context)
    moved = update_prospecting_statuses(context)
    return {"prospected": (1, opened), "prospecting_statuses": (len(context.companies), moved)}


def open_prospected_project(context: DemoContext) -> int:
    """The project an officer opened after visiting a company met while prospecting, its
    visit logged that day, with the resource the portal suggested first. 1 if opened now."""
    spec = tables.PROSPECTED_PROJECT
    company_plan = next(c for c in context.plan.companies if c.spec.slug == spec.project.company)
    company = context.companies[company_plan.spec.slug]
    officer = context.users[account_data.OFFICER_BY_DEPARTMENT[company.department]]
    head = company_plan.contacts[0]
    visited_on = working_day(context.today - days(spec.visit_days_ago), dt.date.min)
    notes = spec.visit_notes.format(contact=f"{head.first_name} {head.last_name}")
    visit, _ = Interaction.objects.get_or_create(
        company=company,
        occurred_on=visited_on,
        kind=Interaction.Kind.VISIT,
        notes=notes,
        defaults={
            "officer": officer,
            "contact": context.contacts[(company.pk, head.email)],
            "next_step": spec.next_step,
            "next_step_due": visited_on + days(spec.next_step_days),
        },
    )
    if timezone.localdate(visit.created_at) != visited_on:
        Interaction.objects.filter(pk=visit.pk).update(created_at=aware(visited_on, 17, 10))

    project = Project.objects.filter(company=company, title=spec.project.title).first()
    opened = project is None
    if opened:
        axes = {axis.code: axis for axis in InterventionAxis.objects.all()}
        project = project_open(
            company=company,
            title=spec.project.title,
            description=spec.project.description,
            axes=[axes[code] for code in spec.project.axes],
            primary_axis=axes[spec.project.axes[0]],
            officer=officer,
            by=officer,
            comment=spec.comment,
        )
        # Opened that evening, back from the visit: the service dated it now.
        created_at, moved_at = aware(visited_on, 17, 35), aware(visited_on, 17, 36)
        Project.objects.filter(pk=project.pk).update(
            created_at=created_at, updated_at=moved_at, stage_changed_at=moved_at
        )
        StageChange.objects.filter(project=project).update(changed_at=moved_at)
    if project.stage == "qualified" and not project.resources.exists():
        retain_first_suggestion(context, project.pk, company_plan)
    return int(opened)


def retain_first_suggestion(context: DemoContext, project_id: int, company_plan) -> None:
    """The resource the portal suggested first, retained as for every qualified project."""
    project = Project.objects.select_related("company", "officer").get(pk=project_id)
    moves = [
        MovePlan(change.from_stage, change.to_stage, change.changed_at, change.comment)
        for change in project.stage_changes.order_by("changed_at", "id")
    ]
    plan = ProjectPlan(
        spec=tables.PROSPECTED_PROJECT.project,
        stage=project.stage,
        received_at=project.created_at,
        timing=project.timing,
        submitted_by_index=0,
        moves=moves,
    )
    resources = PipelineLoader(context).plan_resources(Item(project, plan, company_plan), [], [])
    Resource.objects.bulk_create([resource for resource, _ in resources])
    for resource, moment in resources:
        resource.created_at = moment
    Resource.objects.bulk_update([resource for resource, _ in resources], ["created_at"])


def update_prospecting_statuses(context: DemoContext) -> int:
    """Each demo company's status from its history, furthest first: supported if a project
    of it entered support, project opened if it has one, contacted after an exchange. The
    number of companies that moved on (none on a second run)."""
    companies = Company.objects.filter(pk__in=[c.pk for c in context.companies.values()])
    projects = Project.objects.filter(company=OuterRef("pk"))
    supported = projects.filter(Q(support_started_on__isnull=False) | Q(stage__in=SUPPORTED_STAGES))
    exchanges = Interaction.objects.filter(company=OuterRef("pk"))
    return (
        companies.filter(Exists(supported)).reach_prospecting_status(ProspectingStatus.SUPPORTED)
        + companies.filter(Exists(projects)).reach_prospecting_status(
            ProspectingStatus.PROJECT_OPENED
        )
        + companies.filter(Exists(exchanges)).reach_prospecting_status(ProspectingStatus.CONTACTED)
    )


# --- The funders' calendar


def load_financing_calendar(context: DemoContext) -> Counts:
    """Committee and filing dates on the lines still asked of a funder, noted by the finance
    officer; the amounts granted of the lines obtained."""
    by_project = {item.project.pk: item for item in context.items}
    lines = list(
        FinancingLine.objects.filter(project_id__in=by_project)
        .select_related("scheme")
        .order_by("id")
    )
    changed_lines = set(
        FinancingChange.objects.filter(project_id__in=by_project, line__isnull=False).values_list(
            "line_id", flat=True
        )
    )
    finance = context.users[account_data.FINANCE_EMAIL]
    to_date = [
        line
        for line in lines
        if line.status == FinancingLine.Status.REQUESTED
        and line.kind in tables.COMMITTEE_KINDS
        and by_project[line.project_id].plan.stage in FINANCING_STAGES
        and line.committee_on is None
        and line.deadline_on is None
        and line.pk not in changed_lines
    ]
    changes, moments = [], []
    for line in to_date:
        item = by_project[line.project_id]
        rng = item.rng(f"committee:{line.source}")
        line.committee_on = committee_day(rng, line.kind, context.today)
        filed = working_day(
            line.committee_on - days(rng.randint(*tables.FILE_BEFORE_COMMITTEE_DAYS)), dt.date.min
        )
        added = item.plan.financing_added_at or line.created_at
        line.deadline_on = max(filed, added.date() + days(3))
        change = financing_line_save(line=line, by=finance)
        # Noted once the request went out, before its deadline if that is yet to come, during
        # office hours.
        until = min(context.now, aware(line.deadline_on, 9))
        day = timezone.localdate(between(rng, added, max(until, added), 0.1, 0.6))
        moment = aware(day, rng.randint(9, 17), rng.randrange(60))
        changes.append(change)
        moments.append(min(max(moment, added + dt.timedelta(hours=1)), context.now))
    for change, moment in zip(changes, moments, strict=True):
        change.changed_at = moment
    FinancingChange.objects.bulk_update(changes, ["changed_at"])

    dated = FinancingLine.objects.filter(project_id__in=by_project).filter(
        Q(committee_on__isnull=False) | Q(deadline_on__isnull=False)
    )
    recorded = FinancingChange.objects.filter(project_id__in=by_project)
    return {
        "financing_dates": (dated.count(), len(to_date)),
        "financing_changes": (recorded.count(), len(changes)),
    }


def committee_day(rng: random.Random, kind: str, today: dt.date) -> dt.date:
    """One of the funder's next committees: they sit on a set weekday, every so many days."""
    weekday, every = tables.COMMITTEES[kind]
    first = today + days(tables.COMMITTEE_NOT_BEFORE_DAYS)
    first += days((weekday - first.weekday()) % 7)
    return first + days(every * rng.randrange(tables.COMMITTEES_AHEAD))

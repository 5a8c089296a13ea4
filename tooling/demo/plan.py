"""What `manage.py load_demo` loads, computed in pure Python without touching the database.

Everything comes from fixed seeds (one generator per company and per project, one for the
history) and is dated from a reference day, so the same day gives the same plan:

- the projects of project_data.py (the current pipeline) are dated back from the reference
  day; those already past the task force were decided at the sessions the portal keeps. One
  of them was deferred there and is back in preparation with the task force's requests;
  another, deferred at the latest of them, was prepared again and waits on the coming agenda;
- the history of tooling/demo/history.py adds, for every year since March 2015, the projects
  that make up the year's supported companies, and a few that went no further; its dates are
  absolute, those of the current year run up to the day before the reference day.

tooling/demo/loader.py writes the plan.
"""

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.text import slugify

from companies.validators import luhn_is_valid
from projects.models import (
    DecisionOutcome,
    FinancingLine,
    FollowUp,
    SupportAction,
    Timing,
)
from projects.workflow import follow_up_due_dates
from taskforce.services import deferral_comment, session_passage
from tooling.demo import account_data, company_data, history_data, project_data
from tooling.demo.history import (
    History,
    PastProject,
    TaskforceCalendar,
    taskforce_calendar,
    working_day,
    yearly_targets,
)

BUDGET_RANGES = {  # thousands of euros, by headcount band
    "1-9": (30, 150),
    "10-49": (60, 400),
    "50-249": (150, 1200),
    "250-499": (400, 2000),
}


# --- The plan


@dataclass
class ContactPlan:
    first_name: str
    last_name: str
    job_title: str
    email: str
    phone: str
    contact_consent: bool


@dataclass
class InteractionPlan:
    kind: str
    occurred_on: dt.date
    contact_index: int
    notes: str
    next_step: str = ""
    next_step_due: dt.date | None = None
    next_step_done_at: dt.datetime | None = None


@dataclass
class MovePlan:
    from_stage: str
    to_stage: str
    changed_at: dt.datetime
    comment: str
    # Made by the task force's decision rather than by the officer (a deferral's move back to
    # preparation); the moves onto the agenda and to "decided" always are.
    by_taskforce: bool = False


@dataclass
class ActionPlan:
    kind: str
    title: str
    starts_on: dt.date
    ends_on: dt.date
    days: Decimal | None
    status: str


@dataclass
class ProjectPlan:
    spec: project_data.DemoProject
    stage: str
    received_at: dt.datetime
    timing: str
    submitted_by_index: int
    moves: list[MovePlan] = field(default_factory=list)
    budget: Decimal | None = None
    with_finance_officer: bool = False
    # The task force's latest decision on the project ("" before any).
    decision_outcome: str = ""
    # A deferral's requests, one per line: the agenda item's conditions, and what the move back
    # to preparation says.
    deferral_requests: str = ""
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    support_started_on: dt.date | None = None
    needs: list[tuple[str, str, str]] = field(default_factory=list)  # axis, title, priority
    needs_noted_at: dt.datetime | None = None
    financing: list[FinancingLine] = field(default_factory=list)  # unsaved, project unset
    financing_added_at: dt.datetime | None = None
    actions: list[ActionPlan] = field(default_factory=list)
    follow_ups: list[FollowUp] = field(default_factory=list)  # unsaved, project unset
    # When the support began, if later than the move to "in support" (see PastProject).
    support_start: dt.date | None = None

    @property
    def stage_changed_at(self) -> dt.datetime:
        return self.moves[-1].changed_at if self.moves else self.received_at

    def moved_on(self, stage: str) -> dt.date | None:
        return next((m.changed_at.date() for m in self.moves if m.to_stage == stage), None)


@dataclass
class CompanyPlan:
    spec: company_data.DemoCompany
    siret: str
    contacts: list[ContactPlan] = field(default_factory=list)
    projects: list[ProjectPlan] = field(default_factory=list)
    first_seen: dt.datetime | None = None  # set once all its projects are planned
    interactions: list[InteractionPlan] = field(default_factory=list)


@dataclass
class DemoPlan:
    """The whole demo as planned. A later feature's demo is planned from it: the collaborative
    support actions of projects in support at the same time make a collective action, the
    intern, work-study and PhD actions the student placements (`ProjectPlan.actions`)."""

    today: dt.date  # the reference day
    calendar: TaskforceCalendar
    targets: dict[int, int]  # companies to support, by year
    companies: list[CompanyPlan]

    def projects(self):
        """Each project's plan with its company's, in the order of the tables."""
        for company in self.companies:
            for project in company.projects:
                yield company, project


def luhn_completed(digits: str) -> str:
    """`digits` followed by the one check digit that makes the whole number Luhn-valid."""
    return next(digits + str(d) for d in range(10) if luhn_is_valid(digits + str(d)))


def make_siret(rng: random.Random, taken_sirens: set[str]) -> str:
    """A valid SIRET whose SIREN is not in `taken_sirens` (which it joins)."""
    while True:
        siren = luhn_completed(f"{rng.randrange(30_000_000, 99_999_999):08d}")
        # La Poste's SIREN follows another rule; never collide with another demo company.
        if siren not in taken_sirens and siren != "356000000":
            taken_sirens.add(siren)
            # The establishment number (NIC): four digits and its own Luhn key over all 14.
            return luhn_completed(siren + f"{rng.randrange(1, 60):04d}")


def aware(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def euros(amount: float) -> Decimal:
    """Rounded to 500 €, as financing plans are written."""
    return Decimal(int(round(amount / 500)) * 500)


def phone_number(rng: random.Random, department: str) -> str:
    pairs = " ".join(f"{rng.randrange(10, 100)}" for _ in range(3))
    return f"{company_data.PHONE_PREFIXES[department]} {pairs}"


def plan_contacts(rng: random.Random, spec: company_data.DemoCompany) -> list[ContactPlan]:
    count = rng.choices([1, 2, 3], weights=[3, 5, 2])[0]
    contacts: list[ContactPlan] = []
    used_names: set[tuple[str, str]] = set()
    other_titles = rng.sample(company_data.OTHER_TITLES, k=2)
    for index in range(count):
        feminine = rng.random() < 0.4
        while True:
            first = rng.choice(
                company_data.FIRST_NAMES_F if feminine else company_data.FIRST_NAMES_M
            )
            last = rng.choice(company_data.LAST_NAMES)
            if (first, last) not in used_names:
                used_names.add((first, last))
                break
        titles = rng.choice(company_data.HEAD_TITLES) if index == 0 else other_titles[index - 1]
        contacts.append(
            ContactPlan(
                first_name=first,
                last_name=last,
                job_title=titles[1] if feminine else titles[0],
                email=f"{slugify(first)}.{slugify(last)}@{spec.domain}",
                phone=phone_number(rng, spec.department),
                contact_consent=rng.random() < 0.8,
            )
        )
    if spec.slug == account_data.CONTACT_COMPANY:
        account = account_data.COMPANY_CONTACT_USER
        contacts[0] = ContactPlan(
            first_name=account.first_name,
            last_name=account.last_name,
            job_title=account_data.COMPANY_CONTACT_JOB_TITLE,
            email=account.email,
            phone=account.phone,
            contact_consent=True,
        )
    return contacts


def plan_interactions(
    rng: random.Random,
    spec: company_data.DemoCompany,
    contacts: list[ContactPlan],
    today: dt.date,
    first_day: dt.date,
    busy: bool,
) -> list[InteractionPlan]:
    """1 to 5 exchanges from `first_day` to two days ago, the first one a prospecting contact."""
    count = rng.randint(2, 5) if busy else rng.randint(1, 3)
    span = max((today - first_day).days - 1, count)
    offsets = sorted(rng.sample(range(1, span), k=count - 1)) if count > 1 else []
    days = [first_day] + [first_day + dt.timedelta(days=offset) for offset in offsets]
    events = [
        name for name, naf in company_data.EVENTS if naf is None or spec.naf_code.startswith(naf)
    ]
    interactions = []
    for position, day in enumerate(days):
        if position == 0:
            kind = rng.choice(["call", "event"])
        else:
            kind = rng.choices(["call", "visit", "email", "event"], weights=[7, 5, 6, 2])[0]
        contact_index = rng.randrange(len(contacts))
        contact = contacts[contact_index]
        notes = rng.choice(company_data.NOTES[kind]).format(
            contact=f"{contact.first_name} {contact.last_name}",
            activity=spec.activity,
            event=rng.choice(events),
        )
        interaction = InteractionPlan(kind, day, contact_index, notes)
        latest = position == len(days) - 1
        if rng.random() < (0.7 if latest else 0.45):
            interaction.next_step = rng.choice(company_data.NEXT_STEPS)
            if rng.random() < 0.85:
                interaction.next_step_due = day + dt.timedelta(days=rng.randint(7, 45))
            # Earlier exchanges' steps were nearly all done since; the latest exchange's step is
            # still open if not yet due, and sometimes overdue once its date has passed.
            due_passed = interaction.next_step_due is not None and interaction.next_step_due < today
            done_probability = 0.55 if due_passed else 0.0
            if not latest:
                done_probability = 0.92
            if rng.random() < done_probability:
                done = day + dt.timedelta(days=rng.randint(1, 30))
                done = min(done, today - dt.timedelta(days=1))
                interaction.next_step_done_at = aware(done, rng.randint(8, 18))
        interactions.append(interaction)
    return interactions


def move_comment(target: str, outcome: str, closing: str) -> str:
    if target == "abandoned":
        return closing
    label = DecisionOutcome(outcome).label.lower() if outcome else ""
    return project_data.MOVE_COMMENTS[target].format(outcome=label)


def plan_moves(
    rng: random.Random,
    stage: str,
    outcome: str,
    received_at: dt.datetime,
    until: dt.date,
    closing: str = project_data.ABANDON_REASON,
) -> list[MovePlan]:
    """The stage changes that brought a project short of a decision where it is, spread from
    its receipt to the day before `until` (an abandoned one left at ABANDONED_FROM)."""
    if stage == "abandoned":
        path = project_data.PIPELINE[
            : project_data.PIPELINE.index(project_data.ABANDONED_FROM) + 1
        ] + ["abandoned"]
    else:
        path = project_data.PIPELINE[: project_data.PIPELINE.index(stage) + 1]
    steps = len(path) - 1
    if not steps:
        return []
    received = received_at.date()
    available = (until - received).days * rng.uniform(0.6, 0.9)
    weights = [
        project_data.STAGE_DURATION_WEIGHTS[target] * rng.uniform(0.7, 1.3) for target in path[1:]
    ]
    moves, elapsed, previous_day = [], 0.0, received
    for index, (source, target) in enumerate(zip(path, path[1:], strict=False)):
        elapsed += weights[index]
        day = received + dt.timedelta(days=round(available * elapsed / sum(weights)))
        day = min(max(day, previous_day + dt.timedelta(days=1)), until - dt.timedelta(days=1))
        day = previous_day = working_day(day, previous_day + dt.timedelta(days=1))
        comment = move_comment(target, outcome, closing)
        moves.append(MovePlan(source, target, aware(day, rng.randint(9, 18)), comment))
    return moves


def plan_moves_through_taskforce(
    rng: random.Random,
    outcome: str,
    decided_on: dt.date,
    *,
    entered_on: dt.date | None = None,
    completed_on: dt.date | None = None,
    closed_on: dt.date | None = None,
    closing: str = "",
) -> tuple[dt.datetime, list[MovePlan]]:
    """When a project decided at the session of `decided_on` was received, and its moves: back
    from the session to its receipt, then on to its support, its closing or its abandonment."""
    before = ["intake", "qualified", "diagnosis", "dossier_ready", "on_agenda"]
    gaps = [rng.randint(*history_data.DAYS_BEFORE_SESSION[stage]) for stage in before[::-1]]
    # The first sessions of 2015 decided projects received since the programme opened.
    room = (decided_on - history_data.PROGRAMME_START).days - 2
    if sum(gaps) > room:
        gaps = [max(gap * room // sum(gaps), 1) for gap in gaps]
    days, day = {}, decided_on
    for stage, gap in zip(before[::-1], gaps, strict=True):
        day = working_day(day - dt.timedelta(days=gap), history_data.PROGRAMME_START)
        days[stage] = day
    path = [(stage, days[stage]) for stage in before[1:]] + [("decided", decided_on)]
    path += [
        (stage, day)
        for stage, day in [
            ("in_support", entered_on),
            ("completed", completed_on),
            ("abandoned", closed_on),
        ]
        if day is not None
    ]
    moves, source = [], "intake"
    for target, day in path:
        # Decisions are recorded once the session (from 8:30) has deliberated.
        hour = rng.randint(10, 17) if target == "decided" else rng.randint(9, 18)
        comment = move_comment(target, outcome, closing)
        moves.append(MovePlan(source, target, aware(day, hour, rng.randrange(60)), comment))
        source = target
    received_at = aware(days["intake"], rng.randint(8, 19), rng.randrange(60))
    return received_at, moves


def plan_pipeline_details(
    rng: random.Random, plan: ProjectPlan, spec: company_data.DemoCompany, today: dt.date
) -> None:
    """What each stage needs before the next: budget, needs, financing, support, follow-ups."""
    reached = {plan.stage, *(move.to_stage for move in plan.moves)}
    if "diagnosis" in reached:
        low, high = BUDGET_RANGES[spec.headcount_band]
        plan.budget = euros(rng.randint(low, high) * 1000)
    if "diagnosis" in reached and ("dossier_ready" in reached or rng.random() < 0.5):
        diagnosed = plan.moved_on("diagnosis")
        noted = diagnosed + dt.timedelta(days=rng.randint(1, 10))
        plan.needs_noted_at = aware(min(noted, plan.moved_on("dossier_ready") or today), 8)
        for index, axis in enumerate(plan.spec.axes):
            priority = "high" if index == 0 else rng.choice(["medium", "low"])
            plan.needs.append((axis, rng.choice(project_data.NEEDS[axis]), priority))
    if "dossier_ready" not in reached:
        return
    ready = plan.moved_on("dossier_ready")
    plan.with_finance_officer = True
    plan.starts_on = ready + dt.timedelta(days=rng.randint(30, 90))
    plan.ends_on = plan.starts_on + dt.timedelta(days=rng.randint(270, 720))
    added = max(ready - dt.timedelta(days=rng.randint(1, 7)), plan.moved_on("diagnosis"))
    plan.financing_added_at = aware(added, 11)
    approved = plan.decision_outcome in {"approved", "approved_conditions"}
    supported = "in_support" in reached
    remaining = plan.budget
    for source, kind, (low, high) in project_data.FINANCING_SOURCES:
        asked = euros(float(plan.budget) * rng.uniform(low, high))
        remaining -= asked
        line = FinancingLine(source_label=source, kind=kind, amount_asked=asked)
        if supported or (approved and kind == "grant"):
            line.status = FinancingLine.Status.GRANTED
            line.amount_obtained = euros(float(asked) * rng.uniform(0.7, 1.0))
        elif kind == "tax_credit":
            line.status = FinancingLine.Status.PLANNED
        else:
            line.status = FinancingLine.Status.REQUESTED
        plan.financing.append(line)
    plan.financing.append(
        FinancingLine(
            source_label=project_data.OWN_FUNDS_LABEL,
            kind=FinancingLine.Kind.OWN_FUNDS,
            amount_asked=remaining,
            amount_obtained=remaining if supported else None,
            status=FinancingLine.Status.GRANTED if supported else FinancingLine.Status.PLANNED,
        )
    )
    if not supported:
        return
    start = plan.support_start or plan.moved_on("in_support")
    plan.support_started_on = plan.starts_on = start
    plan.ends_on = max(plan.ends_on, start + dt.timedelta(days=180))
    closed = plan.moved_on("completed")
    # A closed project's actions were short and all done; an open one may have a long one.
    choices = (
        [a for a in project_data.SUPPORT_ACTIONS if a[3] <= 6]
        if closed
        else project_data.SUPPORT_ACTIONS
    )
    for kind, title, days, months in rng.sample(choices, k=rng.randint(2, 3)):
        starts_on = start + dt.timedelta(days=rng.randint(0, 45))
        ends_on = starts_on + dt.timedelta(days=months * 30)
        if closed:
            ends_on = min(ends_on, closed - dt.timedelta(days=1))
            starts_on = min(starts_on, ends_on)
            status = SupportAction.Status.DONE
        elif ends_on < today:
            status = SupportAction.Status.DONE
        elif starts_on <= today:
            status = SupportAction.Status.IN_PROGRESS
        else:
            status = SupportAction.Status.PLANNED
        work = Decimal(days) + Decimal(rng.choice(["0", "0.5", "1", "2"])) if days else None
        plan.actions.append(ActionPlan(kind, title, starts_on, ends_on, work, status))
    # Followed up from the earliest action's start, as the portal dates them.
    for months, due_on in follow_up_due_dates(min(action.starts_on for action in plan.actions)):
        follow_up = FollowUp(months=months, due_on=due_on)
        if due_on < today - dt.timedelta(days=10) and rng.random() < 0.8:
            answered = due_on + dt.timedelta(days=rng.randint(2, 20))
            answered = min(answered, today - dt.timedelta(days=1))
            follow_up.answered_at = aware(answered, rng.randint(9, 18))
            follow_up.jobs_created = rng.choice([0, 0, 1, 1, 2, 3])
            follow_up.jobs_kept = rng.randint(8, 60)
            follow_up.turnover_effect = rng.choice(FollowUp.TurnoverEffect.values)
            follow_up.product_launched = months >= 6 and rng.random() < 0.6
            follow_up.satisfaction = rng.choice([3, 4, 4, 5, 5])
            follow_up.comment = rng.choice(project_data.FOLLOW_UP_COMMENTS)
        plan.follow_ups.append(follow_up)


def build_plan(today: dt.date) -> DemoPlan:
    """Everything the loader writes, computed without touching the database."""
    calendar = taskforce_calendar(today)
    targets = yearly_targets(today)
    dealt = deal_stages()
    decided_on = decision_days(dealt, calendar)

    taken_sirens: set[str] = set()
    companies: dict[str, CompanyPlan] = {}
    rngs: dict[str, random.Random] = {}
    for spec in company_data.COMPANIES:
        # One generator per company (and per project), so that editing one row of the tables
        # leaves the rest of the demo as it was.
        rng = rngs[spec.slug] = random.Random(f"{account_data.SEED}:{spec.slug}")
        siret = make_siret(rng, taken_sirens)
        company = companies[spec.slug] = CompanyPlan(spec, siret, plan_contacts(rng, spec))
        for project_spec, stage, outcome in dealt.get(spec.slug, []):
            key = (spec.slug, project_spec.title)
            company.projects.append(
                plan_current_project(
                    company, project_spec, stage, outcome, decided_on.get(key), today
                )
            )

    supported_on: dict[str, list[dt.date]] = {}
    for company in companies.values():
        for project in company.projects:
            entered = project.moved_on("in_support")
            if entered:
                supported_on.setdefault(company.spec.slug, []).append(entered)
    titles = {
        slug: {project.spec.title for project in company.projects}
        for slug, company in companies.items()
    }
    for past in History(today, calendar, targets, supported_on, titles).projects():
        company = companies[past.company]
        company.projects.append(plan_past_project(company, past, today))

    for spec in company_data.COMPANIES:
        plan_exchanges(rngs[spec.slug], companies[spec.slug], today)
    return DemoPlan(today, calendar, targets, list(companies.values()))


def deal_stages() -> dict[str, list[tuple[project_data.DemoProject, str, str]]]:
    """The projects of project_data.py by company, each with its stage and decision."""
    if len(project_data.STAGE_PLAN) != len(project_data.PROJECTS):
        raise CommandError("project_data.STAGE_PLAN must have one stage per project.")
    deal_rng = random.Random(f"{account_data.SEED}:stages")
    stages = list(project_data.STAGE_PLAN)
    deal_rng.shuffle(stages)
    decided_outcomes = iter(project_data.DECIDED_OUTCOMES * len(stages))
    dealt: dict[str, list[tuple[project_data.DemoProject, str, str]]] = {}
    presented_again = False
    for spec, stage in zip(project_data.PROJECTS, stages, strict=True):
        if stage == "decided":
            # The deferred one went back to preparation (plan_current_project).
            outcome = next(decided_outcomes)
        elif stage in {"in_support", "completed"}:
            outcome = deal_rng.choice(["approved", "approved_conditions"])
        elif stage == "on_agenda" and not presented_again:
            # Deferred at the latest session kept, prepared again, back on the coming agenda.
            outcome, presented_again = DecisionOutcome.DEFERRED, True
        else:
            outcome = ""
        dealt.setdefault(spec.company, []).append((spec, stage, outcome))
    return dealt


def decision_days(dealt, calendar: TaskforceCalendar) -> dict[tuple[str, str], dt.date]:
    """The session the portal keeps that decided each project of project_data.py past the task
    force, by (company, title): those still waiting to start at the latest sessions, those in
    support at earlier ones, the completed ones at the oldest, so that each session has one;
    the dossier back on the coming agenda was deferred at the latest."""
    order = list(project_data.DECIDED_STAGES)
    decided = sorted(
        (
            (company, spec.title, stage)
            for company, projects in dealt.items()
            for spec, stage, _outcome in projects
            if stage in order
        ),
        key=lambda row: order.index(row[2]),
    )
    newest_first = calendar.recorded[::-1]
    days = {
        (company, title): newest_first[index * len(newest_first) // len(decided)]
        for index, (company, title, _stage) in enumerate(decided)
    }
    for company, projects in dealt.items():
        for spec, stage, outcome in projects:
            if stage == "on_agenda" and outcome:
                days[(company, spec.title)] = newest_first[0]
    return days


def new_project(
    rng: random.Random,
    company: CompanyPlan,
    spec: project_data.DemoProject,
    stage: str,
    outcome: str,
    dates: tuple[dt.datetime, list[MovePlan]],
    today: dt.date,
    support_start: dt.date | None = None,
) -> ProjectPlan:
    """The plan of a project received and moved on the `dates` given, with what its stage
    required."""
    if company.spec.slug == account_data.CONTACT_COMPANY or rng.random() < 0.7:
        submitted_by = 0  # the head of the company
    else:
        submitted_by = rng.randrange(len(company.contacts))
    received_at, moves = dates
    plan = ProjectPlan(
        spec=spec,
        stage=stage,
        received_at=received_at,
        timing=rng.choice(Timing.values),
        submitted_by_index=submitted_by,
        moves=moves,
        decision_outcome=outcome,
        support_start=support_start,
    )
    plan_pipeline_details(rng, plan, company.spec, today)
    return plan


def plan_current_project(
    company: CompanyPlan,
    spec: project_data.DemoProject,
    stage: str,
    outcome: str,
    decided_on: dt.date | None,
    today: dt.date,
) -> ProjectPlan:
    """A project of project_data.py: received some days or months before the reference day, or
    decided at one of the sessions the portal keeps."""
    rng = random.Random(f"{account_data.SEED}:{company.spec.slug}:{spec.title}")
    if decided_on is None:
        low, high = project_data.STAGE_AGE_DAYS[stage]
        received = today - dt.timedelta(days=rng.randint(low, high))
        received_at = aware(received, rng.randint(8, 19), rng.randrange(60))
        dates = received_at, plan_moves(rng, stage, outcome, received_at, today)
    else:
        entered_on = completed_on = None
        after_session = decided_on + dt.timedelta(days=1)
        if stage == "in_support":
            entered_on = decided_on + dt.timedelta(days=rng.randint(20, 75))
            entered_on = working_day(min(entered_on, today - dt.timedelta(days=1)), after_session)
        elif stage == "completed":
            entered_on = working_day(
                decided_on + dt.timedelta(days=rng.randint(20, 45)), after_session
            )
            completed_on = entered_on + dt.timedelta(days=rng.randint(150, 260))
            completed_on = working_day(
                min(completed_on, today - dt.timedelta(days=3)), entered_on + dt.timedelta(days=1)
            )
        dates = plan_moves_through_taskforce(
            rng, outcome, decided_on, entered_on=entered_on, completed_on=completed_on
        )
    if outcome != DecisionOutcome.DEFERRED:
        return new_project(rng, company, spec, stage, outcome, dates, today)
    # Deferred: back to preparation with the task force's requests; the dossier waiting on the
    # coming agenda was then made ready and put on it again.
    requests = "\n".join(rng.sample(project_data.DEFERRAL_REQUESTS, k=2))
    received_at, moves = dates
    moves += plan_moves_after_deferral(
        rng, moves[-1].changed_at, requests, today if stage == "on_agenda" else None
    )
    stage = moves[-1].to_stage
    plan = new_project(rng, company, spec, stage, outcome, (received_at, moves), today)
    plan.deferral_requests = requests
    return plan


def plan_moves_after_deferral(
    rng: random.Random, decided_at: dt.datetime, requests: str, until: dt.date | None
) -> list[MovePlan]:
    """A deferred dossier's move back to preparation, as the decision makes it; with `until`,
    its moves to "dossier ready" and onto an agenda again, spread up to the day before."""
    decided_on = timezone.localdate(decided_at)
    comment = deferral_comment(passage=session_passage(decided_on), requests=requests)
    moves = [
        MovePlan(
            "decided", "diagnosis", decided_at + dt.timedelta(minutes=2), comment, by_taskforce=True
        )
    ]
    if until is None:
        return moves
    span = (until - decided_on).days - 1
    ready = working_day(
        decided_on + dt.timedelta(days=round(span * rng.uniform(0.4, 0.55))),
        decided_on + dt.timedelta(days=1),
    )
    listed = working_day(
        decided_on + dt.timedelta(days=round(span * rng.uniform(0.75, 0.9))),
        ready + dt.timedelta(days=1),
    )
    moves += [
        MovePlan(
            "diagnosis",
            "dossier_ready",
            aware(ready, rng.randint(9, 18)),
            project_data.PRESENTED_AGAIN_COMMENTS["dossier_ready"],
        ),
        MovePlan(
            "dossier_ready",
            "on_agenda",
            aware(listed, rng.randint(9, 18)),
            project_data.PRESENTED_AGAIN_COMMENTS["on_agenda"],
        ),
    ]
    return moves


def plan_past_project(company: CompanyPlan, past: PastProject, today: dt.date) -> ProjectPlan:
    """A project of the history, as tooling/demo/history.py dated it."""
    theme = past.theme
    spec = project_data.DemoProject(
        company.spec.slug,
        theme.title,
        theme.description.format(activity=company.spec.activity),
        theme.axes,
    )
    rng = random.Random(f"{account_data.SEED}:{company.spec.slug}:{spec.title}")
    if past.completed_on:
        stage = "completed"
    elif past.entered_on:
        stage = "in_support"
    else:
        stage = "abandoned"
    if past.decided_on is None:
        received_at = aware(past.received_on, rng.randint(8, 19), rng.randrange(60))
        reason = rng.choice(history_data.ABANDON_REASONS)
        dates = received_at, plan_moves(rng, stage, "", received_at, past.closed_on, reason)
    else:
        dates = plan_moves_through_taskforce(
            rng,
            past.outcome,
            past.decided_on,
            entered_on=past.entered_on,
            completed_on=past.completed_on,
            closed_on=past.closed_on,
            closing=history_data.REJECTION_CLOSING,
        )
    return new_project(rng, company, spec, stage, past.outcome, dates, today, past.support_start)


def plan_exchanges(rng: random.Random, company: CompanyPlan, today: dt.date) -> None:
    """When the officers first met the company, and their exchanges since."""
    start = history_data.PROGRAMME_START
    if company.spec.slug in history_data.NOT_YET_CONTACTED:
        # Listed for prospecting, no exchange yet.
        listed = today - dt.timedelta(days=rng.randint(*history_data.LISTED_DAYS_AGO))
        company.first_seen = aware(listed, 9)
        return
    if company.projects:
        # Prospected some weeks or months before the first request.
        oldest = min(project.received_at.date() for project in company.projects)
        first_day = oldest - dt.timedelta(days=rng.randint(20, 240))
        if (today - first_day).days > 560:
            first_day = oldest - dt.timedelta(days=rng.randint(10, 30))
        first_day = min(max(first_day, start), oldest - dt.timedelta(days=1))
    else:
        # Or at some point in the last 18 months.
        first_day = today - dt.timedelta(days=rng.randint(20, 540))
    company.first_seen = aware(first_day, 9)
    company.interactions = plan_interactions(
        rng, company.spec, company.contacts, today, first_day, busy=bool(company.projects)
    )

"""`manage.py load_demo`: fill the portal with a believable, fictional programme.

Safe to run again and again (`make run` does it each time): every row is looked up by its
natural key first, and everything is computed from fixed seeds, so a second run creates nothing
and changes nothing. The dates are counted back from a reference day — the day the demo manager
account was created, i.e. the first run — so that later runs, on later days, still find the same
rows. Sends no email.

The command first computes a plan (pure Python, no database), then writes what is missing. The
ecosystem directory and what follows intake (resources, scheme-backed financing, providers,
document requests, notes) are loaded by projects/demo/pipeline.py, from the project plans, and
the task force (members, sessions, reviews, decisions) by projects/demo/taskforce.py.
"""

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from companies.models import Company, Contact, Interaction
from companies.validators import luhn_is_valid
from pmi_aqt.accounts.models import Role, User
from projects.models import (
    DecisionOutcome,
    FinancingLine,
    FollowUp,
    InterventionAxis,
    Need,
    Project,
    StageChange,
    SupportAction,
    Timing,
)
from projects.stats import forget_figures
from projects.workflow import follow_up_due_dates
from tooling.demo import project_data as data
from tooling.demo.pipeline import PipelineLoader, load_directory
from tooling.demo.taskforce import TaskforceLoader

# A fixed salt makes the demo password's hash the same on every run, so a run can tell whether
# an account still has the demo password with a string comparison instead of one (deliberately
# slow) hash per account. 24 characters: enough entropy for Django not to ask for a rehash.
DEMO_SALT = "pmiaqtdemo2026loaddemo24"

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
    spec: data.DemoProject
    stage: str
    received_at: dt.datetime
    timing: str
    submitted_by_index: int
    moves: list[MovePlan] = field(default_factory=list)
    budget: Decimal | None = None
    with_finance_officer: bool = False
    decision_outcome: str = ""
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    support_started_on: dt.date | None = None
    needs: list[tuple[str, str, str]] = field(default_factory=list)  # axis, title, priority
    needs_noted_at: dt.datetime | None = None
    financing: list[FinancingLine] = field(default_factory=list)  # unsaved, project unset
    financing_added_at: dt.datetime | None = None
    actions: list[ActionPlan] = field(default_factory=list)
    follow_ups: list[FollowUp] = field(default_factory=list)  # unsaved, project unset

    @property
    def stage_changed_at(self) -> dt.datetime:
        return self.moves[-1].changed_at if self.moves else self.received_at

    def moved_on(self, stage: str) -> dt.date | None:
        return next((m.changed_at.date() for m in self.moves if m.to_stage == stage), None)


@dataclass
class CompanyPlan:
    spec: data.DemoCompany
    siret: str
    first_seen: dt.datetime
    contacts: list[ContactPlan] = field(default_factory=list)
    interactions: list[InteractionPlan] = field(default_factory=list)
    projects: list[ProjectPlan] = field(default_factory=list)


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
    return f"{data.PHONE_PREFIXES[department]} {pairs}"


def plan_contacts(rng: random.Random, spec: data.DemoCompany) -> list[ContactPlan]:
    count = rng.choices([1, 2, 3], weights=[3, 5, 2])[0]
    contacts: list[ContactPlan] = []
    used_names: set[tuple[str, str]] = set()
    other_titles = rng.sample(data.OTHER_TITLES, k=2)
    for index in range(count):
        feminine = rng.random() < 0.4
        while True:
            first = rng.choice(data.FIRST_NAMES_F if feminine else data.FIRST_NAMES_M)
            last = rng.choice(data.LAST_NAMES)
            if (first, last) not in used_names:
                used_names.add((first, last))
                break
        titles = rng.choice(data.HEAD_TITLES) if index == 0 else other_titles[index - 1]
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
    if spec.slug == data.CONTACT_COMPANY:
        account = data.COMPANY_CONTACT_USER
        contacts[0] = ContactPlan(
            first_name=account.first_name,
            last_name=account.last_name,
            job_title=data.COMPANY_CONTACT_JOB_TITLE,
            email=account.email,
            phone=account.phone,
            contact_consent=True,
        )
    return contacts


def plan_interactions(
    rng: random.Random,
    spec: data.DemoCompany,
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
    events = [name for name, naf in data.EVENTS if naf is None or spec.naf_code.startswith(naf)]
    interactions = []
    for position, day in enumerate(days):
        if position == 0:
            kind = rng.choice(["call", "event"])
        else:
            kind = rng.choices(["call", "visit", "email", "event"], weights=[7, 5, 6, 2])[0]
        contact_index = rng.randrange(len(contacts))
        contact = contacts[contact_index]
        notes = rng.choice(data.NOTES[kind]).format(
            contact=f"{contact.first_name} {contact.last_name}",
            activity=spec.activity,
            event=rng.choice(events),
        )
        interaction = InteractionPlan(kind, day, contact_index, notes)
        latest = position == len(days) - 1
        if rng.random() < (0.7 if latest else 0.45):
            interaction.next_step = rng.choice(data.NEXT_STEPS)
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


def plan_moves(rng: random.Random, plan: ProjectPlan, today: dt.date) -> list[MovePlan]:
    """The stage changes that brought the project where it is, spread since it was received."""
    if plan.stage == "abandoned":
        path = data.PIPELINE[: data.PIPELINE.index(data.ABANDONED_FROM) + 1] + ["abandoned"]
    else:
        path = data.PIPELINE[: data.PIPELINE.index(plan.stage) + 1]
    steps = len(path) - 1
    if not steps:
        return []
    received = plan.received_at.date()
    available = (today - received).days * rng.uniform(0.6, 0.9)
    weights = [data.STAGE_DURATION_WEIGHTS[target] * rng.uniform(0.7, 1.3) for target in path[1:]]
    moves, elapsed, previous_day = [], 0.0, received
    for index, (source, target) in enumerate(zip(path, path[1:], strict=False)):
        elapsed += weights[index]
        day = received + dt.timedelta(days=round(available * elapsed / sum(weights)))
        day = min(max(day, previous_day + dt.timedelta(days=1)), today - dt.timedelta(days=1))
        previous_day = day
        if target == "abandoned":
            comment = data.ABANDON_REASON
        else:
            outcome = plan.decision_outcome
            comment = data.MOVE_COMMENTS[target].format(
                outcome=DecisionOutcome(outcome).label.lower() if outcome else ""
            )
        moves.append(MovePlan(source, target, aware(day, rng.randint(9, 18)), comment))
    return moves


def plan_pipeline_details(
    rng: random.Random, plan: ProjectPlan, spec: data.DemoCompany, today: dt.date
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
            plan.needs.append((axis, rng.choice(data.NEEDS[axis]), priority))
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
    for source, kind, (low, high) in data.FINANCING_SOURCES:
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
            source_label=data.OWN_FUNDS_LABEL,
            kind=FinancingLine.Kind.OWN_FUNDS,
            amount_asked=remaining,
            amount_obtained=remaining if supported else None,
            status=FinancingLine.Status.GRANTED if supported else FinancingLine.Status.PLANNED,
        )
    )
    if not supported:
        return
    start = plan.support_started_on = plan.starts_on = plan.moved_on("in_support")
    plan.ends_on = max(plan.ends_on, start + dt.timedelta(days=180))
    closed = plan.moved_on("completed")
    # A closed project's actions were short and all done; an open one may have a long one.
    choices = [a for a in data.SUPPORT_ACTIONS if a[3] <= 6] if closed else data.SUPPORT_ACTIONS
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
    for months, due_on in follow_up_due_dates(start):
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
            follow_up.comment = rng.choice(data.FOLLOW_UP_COMMENTS)
        plan.follow_ups.append(follow_up)


def build_plan(today: dt.date) -> list[CompanyPlan]:
    """Everything the command writes, computed without touching the database."""
    if len(data.STAGE_PLAN) != len(data.PROJECTS):
        raise CommandError("demo_data.STAGE_PLAN must have one stage per project.")
    deal_rng = random.Random(f"{data.SEED}:stages")
    stages = list(data.STAGE_PLAN)
    deal_rng.shuffle(stages)
    decided_outcomes = iter(data.DECIDED_OUTCOMES * len(stages))
    projects_by_company: dict[str, list[tuple[data.DemoProject, str, str]]] = {}
    for spec, stage in zip(data.PROJECTS, stages, strict=True):
        if stage == "decided":
            outcome = next(decided_outcomes)
        elif stage in {"in_support", "completed"}:
            outcome = deal_rng.choice(["approved", "approved_conditions"])
        else:
            outcome = ""
        projects_by_company.setdefault(spec.company, []).append((spec, stage, outcome))

    taken_sirens: set[str] = set()
    plans = []
    for spec in data.COMPANIES:
        # One generator per company (and per project), so that editing one row of the tables
        # leaves the rest of the demo as it was.
        rng = random.Random(f"{data.SEED}:{spec.slug}")
        siret = make_siret(rng, taken_sirens)
        contacts = plan_contacts(rng, spec)
        projects = []
        for project_spec, stage, outcome in projects_by_company.get(spec.slug, []):
            project_rng = random.Random(f"{data.SEED}:{spec.slug}:{project_spec.title}")
            low, high = data.STAGE_AGE_DAYS[stage]
            received = today - dt.timedelta(days=project_rng.randint(low, high))
            if spec.slug == data.CONTACT_COMPANY or project_rng.random() < 0.7:
                submitted_by = 0  # the head of the company
            else:
                submitted_by = project_rng.randrange(len(contacts))
            project = ProjectPlan(
                spec=project_spec,
                stage=stage,
                received_at=aware(received, project_rng.randint(8, 19), project_rng.randrange(60)),
                timing=project_rng.choice(Timing.values),
                submitted_by_index=submitted_by,
                decision_outcome=outcome,
            )
            project.moves = plan_moves(project_rng, project, today)
            plan_pipeline_details(project_rng, project, spec, today)
            projects.append(project)
        # Prospected some weeks or months before the first request, or at some point in the last
        # 18 months.
        if projects:
            oldest = min(project.received_at.date() for project in projects)
            first_day = oldest - dt.timedelta(days=rng.randint(20, 240))
            if (today - first_day).days > 560:
                first_day = oldest - dt.timedelta(days=rng.randint(10, 30))
        else:
            first_day = today - dt.timedelta(days=rng.randint(20, 540))
        plan = CompanyPlan(
            spec=spec,
            siret=siret,
            first_seen=aware(first_day, 9),
            contacts=contacts,
            projects=projects,
        )
        plan.interactions = plan_interactions(
            rng, spec, contacts, today, first_day, busy=bool(projects)
        )
        plans.append(plan)
    return plans


# --- The command


class Command(BaseCommand):
    help = (
        "Charge un programme de démonstration fictif (comptes, annuaire des partenaires et de "
        "leurs dispositifs, entreprises, contacts, échanges, projets et leur avancement). Peut "
        "être relancée sans rien dupliquer ; n'envoie aucun e-mail."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Charger même hors mode DEBUG (crée des comptes au mot de passe public).",
        )

    def handle(self, *args, **options):
        if not (settings.DEBUG or getattr(settings, "TESTING", False) or options["force"]):
            raise CommandError(
                "Les données de démonstration créent des comptes au mot de passe connu de tous. "
                "Lancez la commande avec DEBUG=true, ou ajoutez --force si c'est voulu."
            )
        self.counts: dict[str, tuple[int, int]] = {}
        with transaction.atomic():
            today = self.reference_date()
            plans = build_plan(today)
            users = self.load_users()
            organisations, schemes, counts = load_directory()
            self.counts.update(counts)
            companies = self.load_companies(plans)
            contacts = self.load_contacts(plans, companies)
            self.link_contact_account(contacts, companies, users)
            self.load_interactions(plans, companies, contacts, users)
            self.load_projects(plans, companies, contacts, users)
            pipeline = PipelineLoader(plans, companies, users, organisations, schemes, today)
            self.counts.update(pipeline.load())
            taskforce = TaskforceLoader(plans, companies, users, organisations, today)
            self.counts.update(taskforce.load())
        forget_figures()  # Committed; rows went in by bulk_create, which sends no signal.
        self.report(today, plans)

    def reference_date(self) -> dt.date:
        manager = User.objects.filter(email=data.MANAGER_EMAIL).first()
        return timezone.localdate(manager.date_joined if manager else timezone.now())

    def load_users(self) -> dict[str, User]:
        password = make_password(data.DEMO_PASSWORD, salt=DEMO_SALT)
        groups = {group.name: group for group in Group.objects.filter(name__in=Role.values)}
        users, created_count = {}, 0
        for spec in [*data.USERS, data.COMPANY_CONTACT_USER]:
            user, created = User.objects.get_or_create(
                email=spec.email,
                defaults={
                    "first_name": spec.first_name,
                    "last_name": spec.last_name,
                    "phone": spec.phone,
                    "is_staff": spec.is_staff,
                    "is_superuser": spec.is_superuser,
                    "password": password,
                },
            )
            created_count += created
            # The printed logins must work, even if someone changed them during a demo.
            wanted = {
                "password": password,
                "is_active": True,
                "is_staff": user.is_staff or spec.is_staff,
                "is_superuser": user.is_superuser or spec.is_superuser,
            }
            changed = [name for name, value in wanted.items() if getattr(user, name) != value]
            for name in changed:
                setattr(user, name, wanted[name])
            if changed:
                user.save(update_fields=changed)
            user.groups.add(groups[spec.role])
            users[spec.email] = user
        self.counts["users"] = (len(users), created_count)
        return users

    def load_companies(self, plans: list[CompanyPlan]) -> dict[str, Company]:
        sirets = [plan.siret for plan in plans]
        known = set(Company.objects.filter(siret__in=sirets).values_list("siret", flat=True))
        new = [plan for plan in plans if plan.siret not in known]
        Company.objects.bulk_create(
            [
                Company(
                    name=plan.spec.name,
                    siret=plan.siret,
                    naf_code=plan.spec.naf_code,
                    headcount_band=plan.spec.headcount_band,
                    turnover_band=plan.spec.turnover_band,
                    address=plan.spec.address,
                    postcode=plan.spec.postcode,
                    city=plan.spec.city,
                    department=plan.spec.department,
                    website=plan.spec.website,
                    federation_member=plan.spec.federation_member,
                )
                for plan in new
            ]
        )
        by_siret = {company.siret: company for company in Company.objects.filter(siret__in=sirets)}
        for plan in new:
            # auto_now_add ignores the value given at creation: backdate afterwards.
            Company.objects.filter(pk=by_siret[plan.siret].pk).update(
                created_at=plan.first_seen, updated_at=plan.first_seen
            )
        self.counts["companies"] = (len(plans), len(new))
        return {plan.spec.slug: by_siret[plan.siret] for plan in plans}

    def load_contacts(self, plans, companies) -> dict[tuple[int, str], Contact]:
        company_ids = [company.pk for company in companies.values()]
        existing = set(
            Contact.objects.filter(company_id__in=company_ids).values_list("company_id", "email")
        )
        new_contacts = [
            Contact(
                company=companies[plan.spec.slug],
                first_name=contact.first_name,
                last_name=contact.last_name,
                job_title=contact.job_title,
                email=contact.email,
                phone=contact.phone,
                data_consent_at=plan.first_seen,
                contact_consent=contact.contact_consent,
                contact_consent_at=plan.first_seen if contact.contact_consent else None,
            )
            for plan in plans
            for contact in plan.contacts
            if (companies[plan.spec.slug].pk, contact.email) not in existing
        ]
        Contact.objects.bulk_create(new_contacts)
        for contact in new_contacts:
            Contact.objects.filter(pk=contact.pk).update(created_at=contact.data_consent_at)
        self.counts["contacts"] = (sum(len(plan.contacts) for plan in plans), len(new_contacts))
        return {
            (contact.company_id, contact.email): contact
            for contact in Contact.objects.filter(company_id__in=company_ids)
        }

    def link_contact_account(self, contacts, companies, users) -> None:
        email = data.COMPANY_CONTACT_USER.email
        contact = contacts[(companies[data.CONTACT_COMPANY].pk, email)]
        if contact.user_id != users[email].pk:
            contact.user = users[email]
            contact.save(update_fields=["user"])

    def load_interactions(self, plans, companies, contacts, users) -> None:
        company_ids = [company.pk for company in companies.values()]
        existing = set(
            Interaction.objects.filter(company_id__in=company_ids).values_list(
                "company_id", "occurred_on", "kind", "notes"
            )
        )
        new_interactions = []
        for plan in plans:
            company = companies[plan.spec.slug]
            officer = users[data.OFFICER_BY_DEPARTMENT[plan.spec.department]]
            for item in plan.interactions:
                if (company.pk, item.occurred_on, item.kind, item.notes) in existing:
                    continue
                email = plan.contacts[item.contact_index].email
                new_interactions.append(
                    Interaction(
                        company=company,
                        kind=item.kind,
                        occurred_on=item.occurred_on,
                        officer=officer,
                        contact=contacts[(company.pk, email)],
                        notes=item.notes,
                        next_step=item.next_step,
                        next_step_due=item.next_step_due,
                        next_step_done_at=item.next_step_done_at,
                    )
                )
        Interaction.objects.bulk_create(new_interactions)
        for interaction in new_interactions:
            # Logged the evening of the exchange.
            Interaction.objects.filter(pk=interaction.pk).update(
                created_at=aware(interaction.occurred_on, 18, 30)
            )
        total = sum(len(plan.interactions) for plan in plans)
        self.counts["interactions"] = (total, len(new_interactions))

    def load_projects(self, plans, companies, contacts, users) -> None:
        """Create the missing projects, each with its history and what its stage implies."""
        axes = {axis.code: axis for axis in InterventionAxis.objects.all()}
        company_ids = [company.pk for company in companies.values()]
        existing = set(
            Project.objects.filter(company_id__in=company_ids).values_list("company_id", "title")
        )
        manager = users[data.MANAGER_EMAIL]
        new: list[tuple[Project, ProjectPlan]] = []
        for plan in plans:
            company = companies[plan.spec.slug]
            officer = users[data.OFFICER_BY_DEPARTMENT[plan.spec.department]]
            for item in plan.projects:
                if (company.pk, item.spec.title) in existing:
                    continue
                submitter = plan.contacts[item.submitted_by_index].email
                project = Project(
                    company=company,
                    title=item.spec.title,
                    description=item.spec.description,
                    primary_axis=axes[item.spec.axes[0]],
                    stage=item.stage,
                    stage_changed_at=item.stage_changed_at,
                    timing=item.timing,
                    budget=item.budget,
                    starts_on=item.starts_on,
                    ends_on=item.ends_on,
                    decision_outcome=item.decision_outcome,
                    submitted_by=contacts[(company.pk, submitter)],
                    officer=officer,
                    finance_officer=users[data.FINANCE_EMAIL]
                    if item.with_finance_officer
                    else None,
                    support_started_on=item.support_started_on,
                )
                new.append((project, item))
        Project.objects.bulk_create([project for project, _ in new])

        through = Project.axes.through
        through.objects.bulk_create(
            [
                through(project_id=project.pk, interventionaxis_id=axes[code].pk)
                for project, item in new
                for code in item.spec.axes
            ]
        )
        StageChange.objects.bulk_create(
            [
                StageChange(
                    project=project,
                    from_stage=move.from_stage,
                    to_stage=move.to_stage,
                    changed_by=(
                        manager if move.to_stage in data.TASKFORCE_MOVES else project.officer
                    ),
                    changed_at=move.changed_at,
                    comment=move.comment,
                )
                for project, item in new
                for move in item.moves
            ]
        )
        Need.objects.bulk_create(
            [
                Need(project=project, axis=axes[axis], title=title, priority=priority)
                for project, item in new
                for axis, title, priority in item.needs
            ]
        )
        for project, item in new:
            for line in item.financing:
                line.project = project
            for follow_up in item.follow_ups:
                follow_up.project = project
        FinancingLine.objects.bulk_create([line for _, item in new for line in item.financing])
        FollowUp.objects.bulk_create([f for _, item in new for f in item.follow_ups])
        SupportAction.objects.bulk_create(
            [
                SupportAction(
                    project=project,
                    kind=action.kind,
                    title=action.title,
                    starts_on=action.starts_on,
                    ends_on=action.ends_on,
                    days=action.days,
                    status=action.status,
                )
                for project, item in new
                for action in item.actions
            ]
        )
        for project, item in new:
            # auto_now_add ignores the value given at creation: backdate afterwards.
            Project.objects.filter(pk=project.pk).update(
                created_at=item.received_at, updated_at=item.stage_changed_at
            )
            if item.needs:
                Need.objects.filter(project=project).update(created_at=item.needs_noted_at)
            if item.financing:
                FinancingLine.objects.filter(project=project).update(
                    created_at=item.financing_added_at
                )
            if item.actions:
                SupportAction.objects.filter(project=project).update(
                    created_at=aware(item.support_started_on, 10)
                )
        total = sum(len(plan.projects) for plan in plans)
        self.counts["projects"] = (total, len(new))

    # --- Reporting

    def report(self, today: dt.date, plans: list[CompanyPlan]) -> None:
        sirets = [plan.siret for plan in plans]
        overdue = Interaction.objects.overdue(timezone.localdate()).filter(
            company__siret__in=sirets
        )
        projects = Project.objects.filter(company__siret__in=sirets)
        lines = [
            ("Comptes", "users", ""),
            ("Partenaires", "organisations", ""),
            ("Dispositifs", "schemes", ""),
            ("Entreprises", "companies", ""),
            ("Contacts", "contacts", ""),
            ("Échanges", "interactions", f", dont {overdue.count()} prochaines étapes en retard"),
            ("Projets", "projects", ""),
            ("Ressources", "resources", ""),
            ("Demandes de pièces", "document_requests", ""),
            ("Notes internes", "notes", ""),
            ("Membres task force", "taskforce_members", ""),
            ("Séances task force", "sessions", ""),
            ("Avis des membres", "reviews", ""),
        ]
        self.stdout.write(
            self.style.SUCCESS(
                f"Données de démonstration chargées (dates calculées depuis le {today:%d/%m/%Y})."
            )
        )
        for label, key, extra in lines:
            total, created = self.counts[key]
            self.stdout.write(f"  {label:<18} {total:>4}  ({created} ajouté(s)){extra}")
        follow_ups = FollowUp.objects.filter(project__in=projects)
        financing = FinancingLine.objects.filter(project__in=projects)
        details = {
            "changements d'étape": StageChange.objects.filter(project__in=projects).count(),
            "besoins": Need.objects.filter(project__in=projects).count(),
            "lignes de financement": financing.count(),
            "liées à un dispositif": financing.filter(scheme__isnull=False).count(),
            "actions d'accompagnement": SupportAction.objects.filter(project__in=projects).count(),
            "suivis": follow_ups.count(),
            "suivis répondus": follow_ups.filter(answered_at__isnull=False).count(),
        }
        self.stdout.write(
            "  Avancement des projets : "
            + ", ".join(f"{count} {label}" for label, count in details.items())
        )

        rows = [
            (spec.email, str(Role(spec.role).label), data.DEMO_PASSWORD)
            for spec in [*data.USERS, data.COMPANY_CONTACT_USER]
        ]
        headers = ("E-mail", "Rôle", "Mot de passe")
        widths = [max(len(row[i]) for row in [headers, *rows]) for i in range(3)]
        self.stdout.write("")
        self.stdout.write("Comptes de démonstration :")
        for row in [headers, tuple("-" * width for width in widths), *rows]:
            cells = (cell.ljust(width) for cell, width in zip(row, widths, strict=True))
            self.stdout.write("  " + "  ".join(cells).rstrip())

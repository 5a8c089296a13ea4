"""Loading the demo: `manage.py load_demo` parses its options and calls `DemoLoader.run()`.

Safe to run again and again (`make run` does it each time): every row is looked up by its
natural key first, and everything is computed from fixed seeds, so a second run creates nothing
and changes nothing. The dates are counted from a reference day — the day the demo manager
account was created, i.e. the first run — so that later runs, on later days, still find the same
rows. Sends no email.

The loader first computes a plan (tooling/demo/plan.py: pure Python, no database), then runs
the STEPS below in order, in one transaction. Each step reads the context (the plan, and what the
earlier steps stored: tooling/demo/context.py), writes what is missing and returns its counts
for the summary. The accounts, companies, contacts, exchanges, projects and yearly targets are
written here; the ecosystem directory and what follows intake (resources, scheme-backed
financing, providers, document requests, notes) in tooling/demo/pipeline.py; the task force
(members, sessions, reviews, decisions, which hold each project's outcome) in
tooling/demo/taskforce.py; the newer parts of the programme year (collective actions, student
placements, prospecting, the funders' calendar) in tooling/demo/programme.py.
"""

import datetime as dt

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from companies.models import Company, Contact, Interaction, ProspectingStatus
from pmi_aqt.accounts.models import Role, User
from projects.matching.history import forget_history
from projects.models import (
    FinancingLine,
    FollowUp,
    InterventionAxis,
    Need,
    Project,
    StageChange,
    StudentPlacement,
    SupportAction,
    YearlyTarget,
)
from projects.reminders import PLACEMENTS_ENDING_WITHIN
from projects.stats.cache import forget_figures
from projects.stats.period import Period
from projects.stats.summary import counted_after, rebuild_summary
from projects.stats.supported import support_progress
from tooling.demo import account_data, history_data, project_data
from tooling.demo.context import Counts, DemoContext
from tooling.demo.directory import load_directory
from tooling.demo.pipeline import PipelineLoader
from tooling.demo.plan import ProjectPlan, aware, build_plan
from tooling.demo.programme import (
    load_collective_actions,
    load_financing_calendar,
    load_placements,
    load_prospecting,
)
from tooling.demo.taskforce import TaskforceLoader

# A fixed salt makes the demo password's hash the same on every run, so a run can tell whether
# an account still has the demo password with a string comparison instead of one (deliberately
# slow) hash per account. 24 characters: enough entropy for Django not to ask for a rehash.
DEMO_SALT = "pmiaqtdemo2026loaddemo24"


class DemoLoader:
    """Writes the demo's missing rows in one transaction, then reports the totals to `stdout`
    (a management command's output wrapper, whose `style` colours the summary)."""

    def __init__(self, stdout, style):
        self.stdout = stdout
        self.style = style

    def run(self) -> None:
        with transaction.atomic(), counted_after():
            context = DemoContext(plan=build_plan(self.reference_date()))
            counts: Counts = {}
            for step in STEPS:
                counts.update(step(context))
            # The dashboard's counters once, from every row (many went in by bulk_create).
            rebuild_summary()
        forget_figures()  # Committed; rows went in by bulk_create, which sends no signal.
        forget_history()  # The suggestions' evidence of similar projects, for the same reason.
        self.report(context, counts)

    def reference_date(self) -> dt.date:
        manager = User.objects.filter(email=account_data.MANAGER_EMAIL).first()
        return timezone.localdate(manager.date_joined if manager else timezone.now())

    # --- Reporting

    def report(self, context: DemoContext, counts: Counts) -> None:
        today = context.today
        sirets = [plan.siret for plan in context.plan.companies]
        overdue = Interaction.objects.overdue(timezone.localdate()).filter(
            company__siret__in=sirets
        )
        projects = Project.objects.filter(company__siret__in=sirets)
        self.stdout.write(
            self.style.SUCCESS(
                f"Données de démonstration chargées (dates calculées depuis le {today:%d/%m/%Y})."
            )
        )
        extras = {
            "interactions": f", dont {overdue.count()} prochaines étapes en retard",
            "placements": f", dont {ending_soon(projects)} se terminant d'ici 30 jours",
        }
        for label, key in SUMMARY:
            total, created = counts[key]
            extra = extras.get(key, "")
            self.stdout.write(f"  {label:<{LABEL_WIDTH}} {total:>4}  ({created} ajouté(s)){extra}")
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
        statuses = dict(
            Company.objects.filter(siret__in=sirets)
            .order_by()
            .values_list("prospecting_status")
            .annotate(count=Count("id"))
        )
        self.stdout.write(
            "  Prospection des entreprises : "
            + ", ".join(
                f"{str(label).lower()} {statuses.get(value, 0)}"
                for value, label in ProspectingStatus.choices
            )
        )
        # What the dashboard shows: companies supported each year against the year's target.
        period = Period(history_data.PROGRAMME_START.year, today.year)
        progress = support_progress(period, timezone.localdate())
        self.stdout.write(
            "  Entreprises accompagnées / objectif : "
            + ", ".join(
                f"{year.year} {year.supported}/{year.target or '–'}" for year in progress.years
            )
        )

        rows = [
            (spec.email, str(Role(spec.role).label), account_data.DEMO_PASSWORD)
            for spec in [*account_data.USERS, account_data.COMPANY_CONTACT_USER]
        ]
        headers = ("E-mail", "Rôle", "Mot de passe")
        widths = [max(len(row[i]) for row in [headers, *rows]) for i in range(3)]
        self.stdout.write("")
        self.stdout.write("Comptes de démonstration :")
        for row in [headers, tuple("-" * width for width in widths), *rows]:
            cells = (cell.ljust(width) for cell, width in zip(row, widths, strict=True))
            self.stdout.write("  " + "  ".join(cells).rstrip())


def ending_soon(projects) -> int:
    """The placements the officers' digests list: those of open projects ending soon."""
    today = timezone.localdate()
    return StudentPlacement.objects.filter(
        project__in=projects.open(),
        ends_on__gte=today,
        ends_on__lte=today + PLACEMENTS_ENDING_WITHIN,
    ).count()


# --- The steps


def load_accounts(context: DemoContext) -> Counts:
    password = make_password(account_data.DEMO_PASSWORD, salt=DEMO_SALT)
    groups = {group.name: group for group in Group.objects.filter(name__in=Role.values)}
    created_count = 0
    for spec in [*account_data.USERS, account_data.COMPANY_CONTACT_USER]:
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
        context.users[spec.email] = user
    return {"users": (len(context.users), created_count)}


def load_partners(context: DemoContext) -> Counts:
    context.organisations, context.schemes, counts = load_directory(context.today)
    return counts


def load_companies(context: DemoContext) -> Counts:
    """The companies, their contacts (one with the contact account) and the exchanges."""
    counts = write_companies(context)
    counts.update(write_contacts(context))
    link_contact_account(context)
    counts.update(write_interactions(context))
    return counts


def write_companies(context: DemoContext) -> Counts:
    plans = context.plan.companies
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
    backdated = []
    for plan in new:
        # auto_now_add ignores the value given at creation: backdate afterwards.
        company = by_siret[plan.siret]
        company.created_at = company.updated_at = plan.first_seen
        backdated.append(company)
    Company.objects.bulk_update(backdated, ["created_at", "updated_at"])
    context.companies = {plan.spec.slug: by_siret[plan.siret] for plan in plans}
    return {"companies": (len(plans), len(new))}


def write_contacts(context: DemoContext) -> Counts:
    plans, companies = context.plan.companies, context.companies
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
        contact.created_at = contact.data_consent_at
    Contact.objects.bulk_update(new_contacts, ["created_at"])
    context.contacts = {
        (contact.company_id, contact.email): contact
        for contact in Contact.objects.filter(company_id__in=company_ids)
    }
    return {"contacts": (sum(len(plan.contacts) for plan in plans), len(new_contacts))}


def link_contact_account(context: DemoContext) -> None:
    email = account_data.COMPANY_CONTACT_USER.email
    company = context.companies[account_data.CONTACT_COMPANY]
    contact = context.contacts[(company.pk, email)]
    if contact.user_id != context.users[email].pk:
        contact.user = context.users[email]
        contact.save(update_fields=["user"])


def write_interactions(context: DemoContext) -> Counts:
    plans, companies = context.plan.companies, context.companies
    company_ids = [company.pk for company in companies.values()]
    existing = set(
        Interaction.objects.filter(company_id__in=company_ids).values_list(
            "company_id", "occurred_on", "kind", "notes"
        )
    )
    new_interactions = []
    for plan in plans:
        company = companies[plan.spec.slug]
        officer = context.users[account_data.OFFICER_BY_DEPARTMENT[plan.spec.department]]
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
                    contact=context.contacts[(company.pk, email)],
                    notes=item.notes,
                    next_step=item.next_step,
                    next_step_due=item.next_step_due,
                    next_step_done_at=item.next_step_done_at,
                )
            )
    Interaction.objects.bulk_create(new_interactions)
    for interaction in new_interactions:
        # Logged the evening of the exchange.
        interaction.created_at = aware(interaction.occurred_on, 18, 30)
    Interaction.objects.bulk_update(new_interactions, ["created_at"])
    total = sum(len(plan.interactions) for plan in plans)
    return {"interactions": (total, len(new_interactions))}


def load_projects(context: DemoContext) -> Counts:
    """Create the missing projects, each with its history and what its stage implies; the
    later steps find them, stored, in `context.items`."""
    axes = {axis.code: axis for axis in InterventionAxis.objects.all()}
    companies = context.companies
    existing = set(
        Project.objects.filter(
            company_id__in=[company.pk for company in companies.values()]
        ).values_list("company_id", "title")
    )
    manager = context.users[account_data.MANAGER_EMAIL]
    new: list[tuple[Project, ProjectPlan]] = []
    for company_plan, item in context.plan.projects():
        company = companies[company_plan.spec.slug]
        if (company.pk, item.spec.title) in existing:
            continue
        officer = context.users[account_data.OFFICER_BY_DEPARTMENT[company_plan.spec.department]]
        submitter = company_plan.contacts[item.submitted_by_index].email
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
            submitted_by=context.contacts[(company.pk, submitter)],
            officer=officer,
            finance_officer=context.users[account_data.FINANCE_EMAIL]
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
                    manager
                    if move.by_taskforce or move.to_stage in project_data.TASKFORCE_MOVES
                    else project.officer
                ),
                changed_at=move.changed_at,
                comment=move.comment,
            )
            for project, item in new
            for move in item.moves
        ]
    )
    # auto_now_add ignores the value given at creation: the rows are backdated once created.
    needs = [
        Need(project=project, axis=axes[axis], title=title, priority=priority)
        for project, item in new
        for axis, title, priority in item.needs
    ]
    Need.objects.bulk_create(needs)
    noted_at = [item.needs_noted_at for _, item in new for _ in item.needs]
    for need, moment in zip(needs, noted_at, strict=True):
        need.created_at = moment
    Need.objects.bulk_update(needs, ["created_at"])
    for project, item in new:
        for line in item.financing:
            line.project = project
        for follow_up in item.follow_ups:
            follow_up.project = project
    lines = [line for _, item in new for line in item.financing]
    FinancingLine.objects.bulk_create(lines)
    for _, item in new:
        for line in item.financing:
            line.created_at = item.financing_added_at
    FinancingLine.objects.bulk_update(lines, ["created_at"])
    FollowUp.objects.bulk_create([f for _, item in new for f in item.follow_ups])
    actions = [
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
    SupportAction.objects.bulk_create(actions)
    started_on = [item.support_started_on for _, item in new for _ in item.actions]
    for action, day in zip(actions, started_on, strict=True):
        action.created_at = aware(day, 10)
    SupportAction.objects.bulk_update(actions, ["created_at"])
    for project, item in new:
        project.created_at, project.updated_at = item.received_at, item.stage_changed_at
    Project.objects.bulk_update([project for project, _ in new], ["created_at", "updated_at"])
    context.load_items()
    total = sum(1 for _ in context.plan.projects())
    return {"projects": (total, len(new))}


def load_targets(context: DemoContext) -> Counts:
    """The yearly targets, from 2015 to the year after the reference day's. A year whose target
    exists keeps it: the founding ones come with the migrations, the manager may change any."""
    targets = context.plan.targets
    known = set(YearlyTarget.objects.filter(year__in=list(targets)).values_list("year", flat=True))
    YearlyTarget.objects.bulk_create(
        [
            YearlyTarget(year=year, companies_target=companies)
            for year, companies in targets.items()
            if year not in known
        ]
    )
    return {"targets": (len(targets), len(targets) - len(known))}


def load_pipeline(context: DemoContext) -> Counts:
    return PipelineLoader(context).load()


def load_taskforce(context: DemoContext) -> Counts:
    return TaskforceLoader(context).load()


# What the demo loads, in order: each step may read what the steps before it stored in the
# context. A feature's demo is one more step, and its lines in SUMMARY. The newer parts of the
# programme year (tooling/demo/programme.py) come once the pipeline has given the support
# actions their providers (the placements' institutions) and the financing lines their schemes.
STEPS = (
    load_accounts,
    load_partners,
    load_companies,
    load_projects,
    load_targets,
    load_pipeline,
    load_taskforce,
    load_collective_actions,
    load_placements,
    load_prospecting,
    load_financing_calendar,
)

# The summary's lines: (label, count key).
SUMMARY = [
    ("Comptes", "users"),
    ("Partenaires", "organisations"),
    ("Dispositifs", "schemes"),
    ("Entreprises", "companies"),
    ("Contacts", "contacts"),
    ("Échanges", "interactions"),
    ("Projets", "projects"),
    ("Objectifs annuels", "targets"),
    ("Ressources", "resources"),
    ("Demandes de pièces", "document_requests"),
    ("Notes internes", "notes"),
    ("Membres task force", "taskforce_members"),
    ("Séances task force", "sessions"),
    ("Avis des membres", "reviews"),
    ("Actions collectives", "collective_actions"),
    ("Participations", "participations"),
    ("Stages et contrats", "placements"),
    ("Projets de prospection", "prospected"),
    ("Échéances financeurs", "financing_dates"),
    ("Changements financement", "financing_changes"),
]
LABEL_WIDTH = max(len(label) for label, _ in SUMMARY)

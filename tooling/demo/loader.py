"""Loading the demo: `manage.py load_demo` parses its options and calls `DemoLoader.run()`.

Safe to run again and again (`make run` does it each time): every row is looked up by its
natural key first, and everything is computed from fixed seeds, so a second run creates nothing
and changes nothing. The dates are counted back from a reference day — the day the demo manager
account was created, i.e. the first run — so that later runs, on later days, still find the same
rows. Sends no email.

The loader first computes a plan (tooling/demo/plan.py: pure Python, no database), then writes
what is missing: the accounts, companies, contacts, exchanges and projects here; the ecosystem
directory and what follows intake (resources, scheme-backed financing, providers, document
requests, notes) in tooling/demo/pipeline.py, from the project plans; the task force (members,
sessions, reviews, decisions) in tooling/demo/taskforce.py.
"""

import datetime as dt

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from companies.models import Company, Contact, Interaction
from pmi_aqt.accounts.models import Role, User
from projects.models import (
    FinancingLine,
    FollowUp,
    InterventionAxis,
    Need,
    Project,
    StageChange,
    SupportAction,
)
from projects.stats.cache import forget_figures
from tooling.demo import account_data, project_data
from tooling.demo.pipeline import PipelineLoader, load_directory
from tooling.demo.plan import CompanyPlan, ProjectPlan, aware, build_plan
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
        self.counts: dict[str, tuple[int, int]] = {}

    def run(self) -> None:
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
        manager = User.objects.filter(email=account_data.MANAGER_EMAIL).first()
        return timezone.localdate(manager.date_joined if manager else timezone.now())

    def load_users(self) -> dict[str, User]:
        password = make_password(account_data.DEMO_PASSWORD, salt=DEMO_SALT)
        groups = {group.name: group for group in Group.objects.filter(name__in=Role.values)}
        users, created_count = {}, 0
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
        email = account_data.COMPANY_CONTACT_USER.email
        contact = contacts[(companies[account_data.CONTACT_COMPANY].pk, email)]
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
            officer = users[account_data.OFFICER_BY_DEPARTMENT[plan.spec.department]]
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
        manager = users[account_data.MANAGER_EMAIL]
        new: list[tuple[Project, ProjectPlan]] = []
        for plan in plans:
            company = companies[plan.spec.slug]
            officer = users[account_data.OFFICER_BY_DEPARTMENT[plan.spec.department]]
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
                    finance_officer=users[account_data.FINANCE_EMAIL]
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
                        if move.to_stage in project_data.TASKFORCE_MOVES
                        else project.officer
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

"""What the steps of `manage.py load_demo` share: the plan, and what the earlier steps stored.

tooling/demo/loader.py runs the steps in order; each reads the context, writes what is missing
and returns its counts.
"""

import datetime as dt
import random
from dataclasses import dataclass, field

from companies.models import Company, Contact
from pmi_aqt.accounts.models import User
from projects.models import PartnerOrganisation, Project, SupportScheme
from tooling.demo import account_data
from tooling.demo.plan import CompanyPlan, DemoPlan, ProjectPlan, aware

Counts = dict[str, tuple[int, int]]  # what: (how many the demo holds, how many were added)
SchemeKey = tuple[str, str]  # (organisation name, scheme name)


@dataclass
class Item:
    """A demo project as planned and as stored."""

    project: Project
    plan: ProjectPlan
    company: CompanyPlan

    @property
    def visited(self) -> list[str]:
        """The stages the project went through, in order, its current one last."""
        return ["intake", *(move.to_stage for move in self.plan.moves)]

    @property
    def rng_key(self) -> str:
        return f"{account_data.SEED}:{self.company.spec.slug}:{self.plan.spec.title}"

    def rng(self, purpose: str) -> random.Random:
        # One generator per project and purpose: the plan of the rest stays as it was.
        return random.Random(f"{self.rng_key}:{purpose}")


@dataclass
class DemoContext:
    plan: DemoPlan
    users: dict[str, User] = field(default_factory=dict)  # by email
    organisations: dict[str, PartnerOrganisation] = field(default_factory=dict)  # by name
    schemes: dict[SchemeKey, SupportScheme] = field(default_factory=dict)
    companies: dict[str, Company] = field(default_factory=dict)  # by DemoCompany slug
    contacts: dict[tuple[int, str], Contact] = field(default_factory=dict)  # (company, email)
    # The demo's projects as stored, with their plans, in the order of the plan: set once the
    # projects are written, read by every later step.
    items: list[Item] = field(default_factory=list)

    @property
    def today(self) -> dt.date:
        """The reference day the demo's dates count from."""
        return self.plan.today

    @property
    def now(self) -> dt.datetime:
        """The latest moment anything of the demo happened: the evening before the reference
        day."""
        return aware(self.today - dt.timedelta(days=1), 20)

    def load_items(self) -> None:
        """The demo's projects as stored, with their company, officers, axes and needs."""
        stored = {
            (project.company_id, project.title): project
            for project in Project.objects.filter(
                company_id__in=[company.pk for company in self.companies.values()]
            )
            .select_related("company", "officer", "finance_officer")
            .prefetch_related("axes", "needs")
        }
        self.items = [
            Item(project, plan, company)
            for company, plan in self.plan.projects()
            if (project := stored.get((self.companies[company.spec.slug].pk, plan.spec.title)))
        ]

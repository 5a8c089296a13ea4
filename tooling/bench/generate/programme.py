"""Collective actions with their participants, and student placements: a few per hundred
supported projects, spread over the history (the dashboard counts them by start date)."""

import datetime as dt
import time
from decimal import Decimal

from projects.models import CollectiveAction, CollectiveParticipation, StudentPlacement

from .base import GeneratorBase
from .tables import HISTORY_DAYS, SURNAMES

COLLECTIVE_ACTIONS_AT_SCALE_1 = 1500
PLACEMENTS_AT_SCALE_1 = 6000
DEGREES = ["Master génie mécanique", "Diplôme d'ingénieur", "Doctorat matériaux", "BUT GMP"]


class ProgrammeSteps(GeneratorBase):
    def programme(self) -> None:
        started = time.perf_counter()
        if not self.supported:
            return
        rng = self.rng
        actions = self._writer(
            CollectiveAction,
            [
                "kind",
                "title",
                "description",
                "provider",
                "starts_on",
                "ends_on",
                "total_cost",
                "status",
                "created_by",
                "created_at",
                "updated_at",
            ],
        )
        participations = self._writer(
            CollectiveParticipation,
            ["action", "project", "company", "days", "cost_share", "added_by", "created_at"],
        )
        for n in range(max(3, round(COLLECTIVE_ACTIONS_AT_SCALE_1 * self.scale))):
            pk = self._id(CollectiveAction)
            starts = self.today - dt.timedelta(days=rng.randint(-60, HISTORY_DAYS))
            created = dt.datetime.combine(starts, dt.time(9), dt.UTC)
            created -= dt.timedelta(days=30)
            held = starts < self.today
            actions.add(
                (
                    pk,
                    rng.choice(CollectiveAction.Kind.values),
                    f"Action collective {n + 1}",
                    "",
                    rng.choice(self.organisations),
                    starts,
                    starts + dt.timedelta(days=rng.randint(0, 4)),
                    Decimal(rng.randint(2, 60) * 500),
                    rng.choice(["done", "done", "cancelled"]) if held else "planned",
                    None,
                    created,
                    created,
                )
            )
            # A company once per action (the database refuses it twice), through one project.
            taken = set()
            for project, company, _start in rng.sample(
                self.supported, min(len(self.supported), rng.randint(3, 15))
            ):
                if company in taken:
                    continue
                taken.add(company)
                participations.add(
                    (
                        self._id(CollectiveParticipation),
                        pk,
                        project,
                        company,
                        Decimal(rng.randint(1, 6)),
                        Decimal(rng.randint(1, 20) * 100),
                        None,
                        created,
                    )
                )
        self._done("collective_actions", actions, started)
        self._done("collective_participations", participations, time.perf_counter())

        started = time.perf_counter()
        placements = self._writer(
            StudentPlacement,
            [
                "project",
                "kind",
                "institution",
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
                "updated_at",
            ],
        )
        for _n in range(max(3, round(PLACEMENTS_AT_SCALE_1 * self.scale))):
            project, _company, support_start = rng.choice(self.supported)
            kind = rng.choice(StudentPlacement.Kind.values)
            contract = rng.choice(sorted(StudentPlacement.CONTRACTS_BY_KIND[kind]))
            starts = support_start + dt.timedelta(days=rng.randint(0, 200))
            months = {"intern": 6, "work_study": 24, "phd": 36}[kind]
            cost = Decimal(rng.randint(4, 60) * 1000)
            created = dt.datetime.combine(starts, dt.time(9), dt.UTC)
            placements.add(
                (
                    self._id(StudentPlacement),
                    project,
                    kind,
                    rng.choice(self.organisations),
                    f"Étudiant·e {rng.choice(SURNAMES)}",
                    rng.choice(DEGREES),
                    starts,
                    starts + dt.timedelta(days=round(months * 30.4)),
                    "",
                    "",
                    contract,
                    cost,
                    (cost * Decimal(rng.randint(0, 50)) / 100).quantize(Decimal("1")),
                    created,
                    created,
                )
            )
        self._done("placements", placements, started)

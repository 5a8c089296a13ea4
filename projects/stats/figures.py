"""The figures of the projects received in a period, and all the programme's figures together.

The pipeline, the breakdowns by axis, département and headcount band, the financing, the
support actions and the follow-up outcomes are about the projects **received** in the period
(their intake date), so each figure matches the project list filtered by year. The time from
intake to decision is measured on the projects whose first decision was recorded in the period.

Each count links to the project list showing exactly what it counts: the conditions below
(`received_in`, `first_decided_in`, `COUNTED_ACTIONS`, `OBTAINED`, `latest_answers`) are those
the list's filters apply (projects/filters.py).

Collective actions and student placements count in the period they **start** in, whichever
projects they serve, so each figure matches their own list filtered by year.
"""

from collections import Counter
from dataclasses import InitVar, dataclass, field
from datetime import date, datetime
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Avg, Count, DecimalField, Exists, F, Min, OuterRef, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from companies.models import Department, HeadcountBand

from ..models import (
    CollectiveAction,
    FinancingLine,
    FollowUp,
    InterventionAxis,
    Project,
    Stage,
    StageChange,
    StudentPlacement,
    SupportAction,
)
from .period import Period
from .supported import SupportedCompany, SupportProgress, support_progress, supported_companies

NOT_GIVEN = "none"
# The project list's value of `effectif` for the companies whose band is not given.
HEADCOUNT_NOT_GIVEN = "aucun"

ZERO_EUROS = Value(Decimal("0"), output_field=DecimalField(max_digits=14, decimal_places=2))
ZERO_DAYS = Value(Decimal("0"), output_field=DecimalField(max_digits=10, decimal_places=1))
ZERO_JOBS = Value(Decimal("0"), output_field=DecimalField(max_digits=10, decimal_places=1))


# --- Which projects the figures are about


def received_in(period: Period, prefix: str = "") -> Q:
    """Projects received (intake date) during the period; `prefix` reaches them from a relation."""
    return Q(**{f"{prefix}created_at__gte": period.start, f"{prefix}created_at__lt": period.end})


def project_list_url(received: Period | None = None, **filters: str) -> str:
    """The project list with the filters of a figure, limited to the projects received in the
    `received` period when given (one year: the list's year of intake; more: `recus`)."""
    query = {key: value for key, value in filters.items() if value}
    if received is not None:
        if received.is_single_year:
            query["annee"] = str(received.first_year)
        else:
            query["recus"] = received.param
    return f"{reverse('projects:list')}?{urlencode(query)}" if query else reverse("projects:list")


def list_url(name: str, period: Period, **filters: str) -> str:
    """A list with the filters of a figure; these lists filter on a single year only (`annee`)."""
    query = {key: value for key, value in filters.items() if value}
    if period.is_single_year:
        query["annee"] = str(period.first_year)
    return f"{reverse(name)}?{urlencode(query)}" if query else reverse(name)


# Support actions counted by the figures: the cancelled ones are left out.
COUNTED_ACTIONS = ~Q(status=SupportAction.Status.CANCELLED)
# A financing line counts as obtained once an amount is obtained.
OBTAINED = Q(amount_obtained__gt=0)


# --- The figures' building blocks


def share(value: int | Decimal, largest: int | Decimal) -> int:
    """A bar's length in percent of the largest bar."""
    return round(100 * value / largest) if largest else 0


@dataclass(frozen=True)
class Bar:
    """One labelled count of a breakdown, with the list it counts."""

    key: str
    label: str
    value: int
    url: str = ""


@dataclass(frozen=True)
class Breakdown:
    bars: list[Bar]
    total: int | None = None

    @property
    def max_value(self) -> int:
        return max((bar.value for bar in self.bars), default=0)

    def with_shares(self) -> list[tuple[Bar, int]]:
        """Each bar with its length in percent of the longest (for the PDF, drawn in SVG)."""
        return [(bar, share(bar.value, self.max_value)) for bar in self.bars]

    def chart(self) -> dict:
        return {
            "labels": [bar.label for bar in self.bars],
            "values": [bar.value for bar in self.bars],
        }


# The projects received in the period counted once by (stage, main axis, département, headcount
# band): the pipeline and the breakdowns add these up instead of reading the projects each.
ReceivedCounts = Counter[tuple[str, int | None, str, str]]
STAGE, MAIN_AXIS, DEPARTMENT, HEADCOUNT_BAND = range(4)


def received_counts(period: Period) -> ReceivedCounts:
    """The projects received in the period, counted by stage, main axis, département and band."""
    rows = (
        Project.objects.filter(received_in(period))
        .order_by()
        .values("stage", "primary_axis_id", "company__department", "company__headcount_band")
        .annotate(total=Count("pk"))
        .values_list(
            "stage", "primary_axis_id", "company__department", "company__headcount_band", "total"
        )
    )
    return Counter({tuple(row[:4]): row[4] for row in rows})


def totals_by(received: ReceivedCounts, position: int) -> Counter:
    """The received projects per value of one of the counted properties."""
    totals = Counter()
    for key, count in received.items():
        totals[key[position]] += count
    return totals


def pipeline(period: Period, received: ReceivedCounts | None = None) -> Breakdown:
    """Projects received in the period by the stage they are at now, in the pipeline's order."""
    return stage_bars(
        period, totals_by(received_counts(period) if received is None else received, STAGE)
    )


def stage_bars(period: Period, counts: Counter) -> Breakdown:
    """The pipeline's bars from the received projects counted by stage."""
    bars = [
        Bar(
            stage.value,
            str(stage.label),
            counts.get(stage.value, 0),
            project_list_url(period, etape=stage.value),
        )
        for stage in Stage
    ]
    return Breakdown(bars, total=sum(bar.value for bar in bars))


def by_axis(period: Period, received: ReceivedCounts | None = None) -> Breakdown:
    """Projects received in the period per axis, main or secondary (a project may have several).

    The secondary axes are counted in one GROUP BY (each project once per axis, and how many of
    those are also its main axis); the main axes come from the received counts. A project counts
    once per axis: its secondary axes, plus its main axis unless it is also a secondary one.
    """
    main = totals_by(received_counts(period) if received is None else received, MAIN_AXIS)
    counts = Counter()
    tagged = {
        row["interventionaxis_id"]: row
        for row in Project.axes.through.objects.filter(received_in(period, "project__"))
        .order_by()
        .values("interventionaxis_id")
        .annotate(
            total=Count("pk"),
            also_main=Count("pk", filter=Q(interventionaxis_id=F("project__primary_axis_id"))),
        )
    }
    for axis_id in {*tagged, *main} - {None}:
        row = tagged.get(axis_id, {"total": 0, "also_main": 0})
        counts[axis_id] = row["total"] + main.get(axis_id, 0) - row["also_main"]
    return axis_bars(period, counts)


def axis_bars(period: Period, counts: Counter) -> Breakdown:
    """The bars of every axis, in the programme's order, from the projects counted by axis id."""
    return Breakdown(
        [
            Bar(
                axis.code,
                axis.label,
                counts.get(axis.pk, 0),
                project_list_url(period, axe=axis.code),
            )
            for axis in InterventionAxis.objects.all()
        ]
    )


def by_department(period: Period, received: ReceivedCounts | None = None) -> Breakdown:
    return department_bars(
        period, totals_by(received_counts(period) if received is None else received, DEPARTMENT)
    )


def department_bars(period: Period, counts: Counter) -> Breakdown:
    bars = [
        Bar(
            department.value,
            str(department.label),
            counts.get(department.value, 0),
            project_list_url(period, departement=department.value),
        )
        for department in Department
    ]
    return Breakdown(bars, total=sum(counts.values()))


def by_headcount(period: Period, received: ReceivedCounts | None = None) -> Breakdown:
    return headcount_bars(
        period,
        totals_by(received_counts(period) if received is None else received, HEADCOUNT_BAND),
    )


def headcount_bars(period: Period, counts: Counter) -> Breakdown:
    bars = [
        Bar(
            band.value,
            str(band.label),
            counts.get(band.value, 0),
            project_list_url(period, effectif=band.value),
        )
        for band in HeadcountBand
    ]
    if counts.get(""):
        bars.append(
            Bar(
                NOT_GIVEN,
                str(_("Effectif non renseigné")),
                counts[""],
                project_list_url(period, effectif=HEADCOUNT_NOT_GIVEN),
            )
        )
    return Breakdown(bars, total=sum(counts.values()))


@dataclass(frozen=True)
class DecisionTimes:
    """The summary of the days to decision (kept, not the days: the figures are cached)."""

    days: InitVar[list[int]]
    # The list of the projects decided (the `count` of them).
    url: str = ""
    count: int = field(init=False)
    median: float | None = field(init=False)
    shortest: int | None = field(init=False)
    longest: int | None = field(init=False)

    def __post_init__(self, days: list[int] | Counter) -> None:
        """`days`: each duration, or how many times each occurs (the summary's counters)."""
        if not isinstance(days, Counter):
            days = Counter(days)
        ordered = sorted((day, count) for day, count in days.items() if count)
        count = sum(times for _day, times in ordered)
        object.__setattr__(self, "count", count)
        object.__setattr__(self, "median", median_of(ordered, count))
        object.__setattr__(self, "shortest", ordered[0][0] if ordered else None)
        object.__setattr__(self, "longest", ordered[-1][0] if ordered else None)


def median_of(ordered: list[tuple[int, int]], count: int) -> float | int | None:
    """The median of durations given in order with how many times each occurs: the middle one,
    or the mean of the middle two (as `statistics.median`)."""
    if not count:
        return None
    middle = [(count - 1) // 2, count // 2]
    found, seen = [], 0
    for day, times in ordered:
        while len(found) < 2 and middle[len(found)] < seen + times:
            found.append(day)
        seen += times
        if len(found) == 2:
            break
    low, high = found
    return low if count % 2 else (low + high) / 2


def first_decisions(period: Period):
    """The moves to "decided" dated in the period, of the projects not decided before it.

    Reads the decisions dated in the period (the index on to_stage, changed_at) and leaves out
    the projects already decided before it, rather than every decision ever recorded.
    """
    decided_before = StageChange.objects.filter(
        project_id=OuterRef("project_id"), to_stage=Stage.DECIDED, changed_at__lt=period.start
    )
    return StageChange.objects.filter(
        to_stage=Stage.DECIDED, changed_at__gte=period.start, changed_at__lt=period.end
    ).filter(~Exists(decided_before))


def first_decided_in(period: Period) -> Q:
    """Projects whose first decision was recorded in the period."""
    return Q(pk__in=first_decisions(period).values("project_id"))


def decision_times(period: Period) -> DecisionTimes:
    """Days from intake to the first decision, for the decisions recorded in the period."""
    firsts = (
        first_decisions(period)
        .order_by()
        .values("project_id", "project__created_at")
        .annotate(decided_at=Min("changed_at"))
        .values_list("project__created_at", "decided_at")
    )
    days = sorted(
        (timezone.localdate(decided_at) - timezone.localdate(received_at)).days
        for received_at, decided_at in firsts
    )
    return DecisionTimes(days, url=project_list_url(decides=period.param))


@dataclass(frozen=True)
class FinancingRow:
    kind: str
    label: str
    lines: int
    projects: int
    asked: Decimal
    obtained: Decimal
    # Projects with an amount obtained of this kind.
    obtained_projects: int = 0
    url: str = ""
    obtained_url: str = ""


@dataclass(frozen=True)
class Financing:
    rows: list[FinancingRow]

    @property
    def asked(self) -> Decimal:
        return sum((row.asked for row in self.rows), Decimal("0"))

    @property
    def obtained(self) -> Decimal:
        return sum((row.obtained for row in self.rows), Decimal("0"))

    @property
    def lines(self) -> int:
        return sum(row.lines for row in self.rows)

    def with_shares(self) -> list[tuple[FinancingRow, int, int]]:
        """Each kind with the lengths of its asked and obtained bars, in percent of the largest."""
        largest = max((max(row.asked, row.obtained) for row in self.rows), default=0)
        return [(row, share(row.asked, largest), share(row.obtained, largest)) for row in self.rows]

    def chart(self) -> dict:
        return {
            "labels": [row.label for row in self.rows],
            "asked": [float(row.asked) for row in self.rows],
            "obtained": [float(row.obtained) for row in self.rows],
        }


def rows_by_kind(rows, kinds, make_row, **aggregates):
    """One row per kind, in the order of `kinds`, each with the aggregates over its `rows`.

    `aggregates` maps each name to (the aggregate, its value for a kind without rows).
    """
    found = {
        row["kind"]: row
        for row in rows.order_by()
        .values("kind")
        .annotate(**{name: aggregate for name, (aggregate, _) in aggregates.items()})
    }
    return [
        make_row(
            kind=kind.value,
            label=str(kind.label),
            **{
                name: found.get(kind.value, {}).get(name, none)
                for name, (_, none) in aggregates.items()
            },
        )
        for kind in kinds
    ]


def financing(period: Period) -> Financing:
    """Money asked and obtained by kind of financing, for the projects received in the period."""
    rows = rows_by_kind(
        FinancingLine.objects.filter(received_in(period, "project__")),
        FinancingLine.Kind,
        lambda **row: FinancingRow(
            **row,
            url=project_list_url(period, financement=row["kind"]),
            obtained_url=project_list_url(period, financement_obtenu=row["kind"]),
        ),
        lines=(Count("pk"), 0),
        projects=(Count("project", distinct=True), 0),
        asked=(Coalesce(Sum("amount_asked"), ZERO_EUROS), Decimal("0")),
        obtained=(Coalesce(Sum("amount_obtained"), ZERO_EUROS), Decimal("0")),
        obtained_projects=(Count("project", distinct=True, filter=OBTAINED), 0),
    )
    return Financing(rows)


@dataclass(frozen=True)
class ActionRow:
    kind: str
    label: str
    actions: int
    projects: int
    days: Decimal
    # The list of the `projects` with an action of this kind.
    url: str = ""


@dataclass(frozen=True)
class SupportActions:
    rows: list[ActionRow]

    @property
    def actions(self) -> int:
        return sum(row.actions for row in self.rows)

    @property
    def days(self) -> Decimal:
        return sum((row.days for row in self.rows), Decimal("0"))

    def chart(self) -> dict:
        return {
            "labels": [row.label for row in self.rows],
            "actions": [row.actions for row in self.rows],
            "days": [float(row.days) for row in self.rows],
        }


def support_actions(period: Period) -> SupportActions:
    """Support actions (cancelled ones left out) and their days of effort, by kind."""
    rows = rows_by_kind(
        SupportAction.objects.filter(received_in(period, "project__")).filter(COUNTED_ACTIONS),
        SupportAction.Kind,
        lambda **row: ActionRow(**row, url=project_list_url(period, action=row["kind"])),
        actions=(Count("pk"), 0),
        projects=(Count("project", distinct=True), 0),
        days=(Coalesce(Sum("days"), ZERO_DAYS), Decimal("0")),
    )
    return SupportActions(rows)


@dataclass(frozen=True)
class Outcomes:
    answers: int
    projects: int
    # In full-time equivalents ("1,5").
    jobs_created: Decimal
    jobs_kept: Decimal
    products_launched: int
    satisfaction: Decimal | None
    satisfaction_answers: int
    # The lists of the projects that answered, and of those whose latest answer says a product
    # or process was launched.
    url: str
    products_url: str

    def chart(self) -> dict:
        return {
            "labels": [
                str(_("Emplois créés")),
                str(_("Emplois maintenus")),
                str(_("Produits ou procédés lancés")),
            ],
            "values": [float(self.jobs_created), float(self.jobs_kept), self.products_launched],
        }


# The project list's values of `suivi`: projects that answered a follow-up, and those whose
# latest answer says a product or process was launched.
ANSWERED = "repondu"
PRODUCT_LAUNCHED = "produit"


def latest_answers(answers=None):
    """Of `answers` (all answered follow-ups by default), each project's latest one: it tells
    what happened since the support started, so it alone counts."""
    answered = FollowUp.objects.filter(answered_at__isnull=False)
    answers = answered if answers is None else answers
    later_answer = answered.filter(project=OuterRef("project"), months__gt=OuterRef("months"))
    return answers.filter(~Exists(later_answer))


def outcomes(period: Period) -> Outcomes:
    """Follow-up outcomes of the projects received in the period.

    The company answers each follow-up about what happened since its support started, so the
    answers add up across projects but not across one project's follow-ups: each project counts
    with its latest answer.
    """
    in_period = FollowUp.objects.filter(answered_at__isnull=False).filter(
        received_in(period, "project__")
    )
    # Two queries: the correlated "is it the latest?" once per answer in WHERE, rather than
    # once per figure in six FILTER clauses (which also pushed PostgreSQL into JIT compiling).
    latest = latest_answers(in_period).aggregate(
        projects=Count("pk"),
        jobs_created=Coalesce(Sum("jobs_created"), ZERO_JOBS),
        jobs_kept=Coalesce(Sum("jobs_kept"), ZERO_JOBS),
        products_launched=Count("pk", filter=Q(product_launched=True)),
        mean_satisfaction=Avg("satisfaction"),
        satisfaction_answers=Count("satisfaction"),
    )
    figures = {"answers": in_period.count(), **latest}
    satisfaction = figures.pop("mean_satisfaction")
    if satisfaction is not None:
        satisfaction = Decimal(str(satisfaction)).quantize(Decimal("0.1"))
    return Outcomes(
        satisfaction=satisfaction,
        url=project_list_url(period, suivi=ANSWERED),
        products_url=project_list_url(period, suivi=PRODUCT_LAUNCHED),
        **figures,
    )


# --- Collective actions and student placements, by the date they start


@dataclass(frozen=True)
class CollectiveReach:
    """Whom the collective actions starting in the period reached (cancelled ones left out)."""

    actions: int
    companies: int
    participations: int
    url: str


def collective_reach(period: Period) -> CollectiveReach:
    """One query: the same count as the collective actions' list filtered by year."""
    reach = CollectiveAction.objects.starting_in(period.start_date, period.end_date).reach()
    return CollectiveReach(url=list_url("projects:collective_action_list", period), **reach)


@dataclass(frozen=True)
class Placements:
    by_kind: Breakdown
    by_institution: Breakdown

    @property
    def total(self) -> int:
        return self.by_kind.total or 0


def placements(period: Period) -> Placements:
    """Student placements starting in the period, by kind and by institution: one GROUP BY
    (kind, institution), added up both ways here."""
    rows = (
        StudentPlacement.objects.filter(
            starts_on__gte=period.start_date, starts_on__lt=period.end_date
        )
        .order_by()
        .values("kind", "institution_id", "institution__name")
        .annotate(total=Count("pk"))
        .values_list("kind", "institution_id", "institution__name", "total")
    )
    by_kind: Counter = Counter()
    by_institution: Counter = Counter()
    names: dict[int, str] = {}
    for kind, institution_id, name, total in rows:
        by_kind[kind] += total
        by_institution[institution_id] += total
        names[institution_id] = name
    kind_bars = [
        Bar(
            kind.value,
            str(kind.label),
            by_kind.get(kind.value, 0),
            list_url("projects:placement_list", period, nature=kind.value),
        )
        for kind in StudentPlacement.Kind
    ]
    institution_bars = [
        Bar(
            str(institution_id),
            names[institution_id],
            count,
            list_url("projects:placement_list", period, etablissement=str(institution_id)),
        )
        for institution_id, count in sorted(
            by_institution.items(), key=lambda item: (-item[1], names[item[0]].lower())
        )
    ]
    total = sum(by_kind.values())
    return Placements(
        by_kind=Breakdown(kind_bars, total=total),
        by_institution=Breakdown(institution_bars, total=total),
    )


# --- All the figures of a period


@dataclass(frozen=True)
class ProgrammeFigures:
    period: Period
    today: date
    progress: SupportProgress
    supported: list[SupportedCompany]
    pipeline: Breakdown
    axes: Breakdown
    departments: Breakdown
    headcounts: Breakdown
    decisions: DecisionTimes
    financing: Financing
    actions: SupportActions
    outcomes: Outcomes
    collective: CollectiveReach
    placements: Placements
    # Names these figures in the cache (with their version); empty when they are not cached.
    # A page may cache what it renders from them under it: stale when they are.
    cache_key: str = ""
    # When the cached figures were computed (None when not cached).
    computed_at: datetime | None = None
    # True for figures cached before the last write, shown while the current ones are computed.
    stale: bool = False

    @property
    def received(self) -> int:
        return self.pipeline.total or 0

    @property
    def supported_not_shown(self) -> int:
        """Supported companies left out of a capped list."""
        return max(self.progress.distinct_companies - len(self.supported), 0)

    @property
    def received_url(self) -> str:
        return project_list_url(self.period)

    @property
    def supported_projects_url(self) -> str:
        """The projects that entered support in the period (`progress.projects` of them)."""
        return project_list_url(accompagnes=self.period.param)

    def placements_url(self) -> str:
        return list_url("projects:placement_list", self.period)

    def charts(self) -> dict[str, dict]:
        """What the browser draws, keyed by chart: plain lists of labels and numbers."""
        return {
            "progress": self.progress.chart(),
            "pipeline": self.pipeline.chart(),
            "axes": self.axes.chart(),
            "departments": self.departments.chart(),
            "headcounts": self.headcounts.chart(),
            "financing": self.financing.chart(),
            "actions": self.actions.chart(),
            "outcomes": self.outcomes.chart(),
        }


def compute_programme_figures(
    period: Period, today: date, supported_limit: int | None = None
) -> ProgrammeFigures:
    """Every figure, from the database: fourteen queries, whatever the volume."""
    received = received_counts(period)
    return ProgrammeFigures(
        period=period,
        today=today,
        progress=support_progress(period, today),
        supported=supported_companies(period, limit=supported_limit),
        pipeline=pipeline(period, received),
        axes=by_axis(period, received),
        departments=by_department(period, received),
        headcounts=by_headcount(period, received),
        decisions=decision_times(period),
        financing=financing(period),
        actions=support_actions(period),
        outcomes=outcomes(period),
        collective=collective_reach(period),
        placements=placements(period),
    )

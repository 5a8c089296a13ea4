"""The programme's figures for a year or a range of years: dashboard and yearly report.

Every figure is an aggregate computed by the database; only the median time to decision is
taken in Python, over durations fetched in one query. Building all the figures costs a fixed
number of queries whatever the number of projects (see `programme_figures`).

What each figure counts:

- A company counts as **supported** in a year when one of its projects entered "in support"
  that year: a stage change to "in support" dated that year, or a support start date in it.
- The pipeline, the breakdowns by axis, département and headcount band, the financing, the
  support actions and the follow-up outcomes are about the projects **received** in the
  period (their intake date), so each figure matches the project list filtered by year.
- The time from intake to decision is measured on the projects whose first decision was
  recorded in the period.
"""

import dataclasses
import logging
import statistics
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import InitVar, dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from urllib.parse import urlencode

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models import (
    Avg,
    Count,
    DecimalField,
    Exists,
    F,
    Min,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from companies.models import Company, Department, HeadcountBand

from .models import (
    FinancingLine,
    FollowUp,
    InterventionAxis,
    Project,
    Stage,
    StageChange,
    SupportAction,
    YearlyTarget,
)

logger = logging.getLogger(__name__)

MAX_SPAN_YEARS = 20
NOT_GIVEN = "none"

ZERO_EUROS = Value(Decimal("0"), output_field=DecimalField(max_digits=14, decimal_places=2))
ZERO_DAYS = Value(Decimal("0"), output_field=DecimalField(max_digits=10, decimal_places=1))


@dataclass(frozen=True)
class Period:
    """Whole calendar years, from `first_year` to `last_year` included, in local time."""

    first_year: int
    last_year: int

    def __post_init__(self) -> None:
        if self.last_year < self.first_year:
            raise ValueError("A period ends after it starts.")

    @classmethod
    def year(cls, year: int) -> "Period":
        return cls(year, year)

    @property
    def years(self) -> range:
        return range(self.first_year, self.last_year + 1)

    @property
    def is_single_year(self) -> bool:
        return self.first_year == self.last_year

    @property
    def start_date(self) -> date:
        return date(self.first_year, 1, 1)

    @property
    def end_date(self) -> date:
        """The first day after the period."""
        return date(self.last_year + 1, 1, 1)

    @property
    def start(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.start_date, time.min))

    @property
    def end(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.end_date, time.min))

    @property
    def label(self) -> str:
        if self.is_single_year:
            return str(self.first_year)
        return f"{self.first_year}–{self.last_year}"

    def as_query(self) -> dict[str, int]:
        """The dashboard's GET parameters for this period."""
        if self.is_single_year:
            return {"annee": self.first_year}
        return {"annee": self.first_year, "fin": self.last_year}


# --- Which projects each figure is about


def entered_support_in(period: Period) -> Q:
    """Projects that entered "in support" during the period (the programme's definition).

    A UNION of two id sets, each read through an index (moves by `to_stage, changed_at`, start
    dates by `support_started_on`): an OR of the two conditions would read every project.
    """
    started = Project.objects.filter(
        support_started_on__gte=period.start_date, support_started_on__lt=period.end_date
    )
    return Q(pk__in=moved_in_support(period).values("project_id").union(started.values("pk")))


def entered_support_among(period: Period) -> Q:
    """The same condition as `entered_support_in`, for rows a WHERE has already narrowed down.

    An OR: one hashed subquery and a date test per row, cheaper than a second UNION there.
    """
    return Q(pk__in=moved_in_support(period).values("project_id")) | Q(
        support_started_on__gte=period.start_date, support_started_on__lt=period.end_date
    )


def moved_in_support(period: Period):
    """The moves to "in support" dated in the period (the index on to_stage, changed_at)."""
    return StageChange.objects.filter(
        to_stage=Stage.IN_SUPPORT, changed_at__gte=period.start, changed_at__lt=period.end
    )


def received_in(period: Period, prefix: str = "") -> Q:
    """Projects received (intake date) during the period; `prefix` reaches them from a relation."""
    return Q(**{f"{prefix}created_at__gte": period.start, f"{prefix}created_at__lt": period.end})


def project_list_url(period: Period, **filters: str) -> str:
    """The project list with the filters of a figure; the list filters on a single year only."""
    query = {key: value for key, value in filters.items() if value}
    if period.is_single_year:
        query["annee"] = str(period.first_year)
    return f"{reverse('projects:list')}?{urlencode(query)}" if query else reverse("projects:list")


# --- Figures


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


@dataclass(frozen=True)
class YearProgress:
    year: int
    supported: int
    target: int | None
    months_left: int

    @property
    def remaining(self) -> int | None:
        if self.target is None:
            return None
        return max(self.target - self.supported, 0)

    @property
    def reached(self) -> bool:
        return self.target is not None and self.supported >= self.target

    @property
    def pace(self) -> Decimal | None:
        """Companies to support per remaining month (this month included) to reach the target."""
        if self.remaining is None or not self.months_left:
            return None
        return (Decimal(self.remaining) / self.months_left).quantize(Decimal("0.1"))

    @property
    def percent(self) -> int | None:
        if not self.target:
            return None
        return round(100 * self.supported / self.target)


@dataclass(frozen=True)
class SupportProgress:
    years: list[YearProgress]
    distinct_companies: int

    @property
    def supported_sum(self) -> int:
        return sum(year.supported for year in self.years)

    @property
    def target_sum(self) -> int | None:
        targets = [year.target for year in self.years if year.target is not None]
        return sum(targets) if targets else None

    @property
    def missing_targets(self) -> list[int]:
        return [year.year for year in self.years if year.target is None]

    @property
    def current(self) -> YearProgress | None:
        """The first year of the period not over yet: the one whose pace matters now."""
        return next((year for year in self.years if year.months_left), None)

    def chart(self) -> dict:
        return {
            "labels": [str(year.year) for year in self.years],
            "supported": [year.supported for year in self.years],
            "targets": [year.target for year in self.years],
        }


def months_left_in(year: int, today: date) -> int:
    """Months left to act in `year`, the current month included; none for a past year."""
    if year < today.year:
        return 0
    if year > today.year:
        return 12
    return 12 - today.month + 1


def support_progress(period: Period, today: date) -> SupportProgress:
    """Companies supported each year of the period against the year's target: two queries."""
    # A single year's count is the distinct count: no second pass over its entries.
    per_year = {
        f"y{year}": Count("company", distinct=True, filter=entered_support_among(Period.year(year)))
        for year in period.years
        if not period.is_single_year
    }
    counts = (
        Project.objects.filter(entered_support_in(period))
        .order_by()
        .aggregate(distinct=Count("company", distinct=True), **per_year)
    )
    targets = dict(
        YearlyTarget.objects.filter(year__in=list(period.years)).values_list(
            "year", "companies_target"
        )
    )
    years = [
        YearProgress(
            year=year,
            supported=counts.get(f"y{year}", counts["distinct"]),
            target=targets.get(year),
            months_left=months_left_in(year, today),
        )
        for year in period.years
    ]
    return SupportProgress(years=years, distinct_companies=counts["distinct"])


@dataclass(frozen=True)
class ListedCompany:
    """What the list of supported companies shows of a company: plain values, cheap to cache."""

    pk: int
    name: str
    city: str
    department: str
    department_label: str
    url: str


@dataclass(frozen=True)
class ListedProject:
    """What the list of supported companies shows of a project: plain values, cheap to cache."""

    pk: int
    title: str
    url: str
    entered_support_on: date


@dataclass
class SupportedCompany:
    company: ListedCompany
    projects: list[ListedProject] = field(default_factory=list)
    # The axes of its supported projects, in the programme's order, each once.
    axes: list[InterventionAxis] = field(default_factory=list)


def entry_date(project: Project, period: Period) -> date:
    """When the project entered support in the period: the stage move, else the start date."""
    if project.moved_in_at is not None:
        return timezone.localdate(project.moved_in_at)
    return project.support_started_on


def supported_companies(period: Period, limit: int | None = None) -> list[SupportedCompany]:
    """The companies supported in the period with their projects and axes: two queries.

    `limit` keeps the first companies by name (the dashboard and the yearly report show the
    first ones; the export of the supported companies lists them all).
    """
    return list(each_supported_company(period, limit))


def each_supported_company(period: Period, limit: int | None = None) -> Iterator[SupportedCompany]:
    """supported_companies() one company at a time, reading the projects in chunks: a
    national programme supports tens of thousands of companies a year (the export)."""
    moved_in = moved_in_support(period).filter(project=OuterRef("pk")).order_by("changed_at")
    projects = Project.objects.filter(entered_support_in(period))
    if limit is not None:
        first_companies = (
            Company.objects.filter(pk__in=projects.values("company_id"))
            .order_by("name", "pk")
            .values("pk")[:limit]
        )
        projects = projects.filter(company_id__in=first_companies)
    projects = (
        projects.annotate(moved_in_at=Subquery(moved_in.values("changed_at")[:1]))
        .select_related("company", "primary_axis")
        .prefetch_related(Prefetch("axes", to_attr="tagged_axes"))
        .order_by("company__name", "company_id", "title", "pk")
        # What the dashboard and the report show, and no more: the list is also cached.
        .only(
            "title",
            "support_started_on",
            "company__name",
            "company__department",
            "company__city",
            "primary_axis__code",
            "primary_axis__label",
            "primary_axis__position",
        )
    )
    row: SupportedCompany | None = None
    each_axis: dict[int, InterventionAxis] = {}
    # Ordered by company: a company's projects come together, its row is done at the next one.
    for project in projects.iterator(chunk_size=2000):
        company = project.company
        if row is None or row.company.pk != company.pk:
            if row is not None:
                yield _sorted_axes(row)
            row = SupportedCompany(
                ListedCompany(
                    pk=company.pk,
                    name=company.name,
                    city=company.city,
                    department=company.department,
                    department_label=company.get_department_display(),
                    url=company.get_absolute_url(),
                )
            )
        row.projects.append(
            ListedProject(
                pk=project.pk,
                title=project.title,
                url=project.get_absolute_url(),
                entered_support_on=entry_date(project, period),
            )
        )
        for axis in [project.primary_axis, *project.tagged_axes]:
            if axis is not None and axis not in row.axes:
                # One instance per axis, shared by the rows: the list is cached, hence pickled.
                row.axes.append(each_axis.setdefault(axis.pk, axis))
    if row is not None:
        yield _sorted_axes(row)


def _sorted_axes(row: SupportedCompany) -> SupportedCompany:
    row.axes.sort(key=lambda axis: (axis.position, axis.code))
    return row


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
    counts = totals_by(received_counts(period) if received is None else received, STAGE)
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
    bars = []
    for axis in InterventionAxis.objects.all():
        row = tagged.get(axis.pk, {"total": 0, "also_main": 0})
        count = row["total"] + main.get(axis.pk, 0) - row["also_main"]
        bars.append(Bar(axis.code, axis.label, count, project_list_url(period, axe=axis.code)))
    return Breakdown(bars)


def by_department(period: Period, received: ReceivedCounts | None = None) -> Breakdown:
    counts = totals_by(received_counts(period) if received is None else received, DEPARTMENT)
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
    counts = totals_by(received_counts(period) if received is None else received, HEADCOUNT_BAND)
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
        # No list filter for a missing band: the bar has no link.
        bars.append(Bar(NOT_GIVEN, str(_("Effectif non renseigné")), counts[""]))
    return Breakdown(bars, total=sum(counts.values()))


@dataclass(frozen=True)
class DecisionTimes:
    """The summary of the days to decision (kept, not the days: the figures are cached)."""

    days: InitVar[list[int]]
    count: int = field(init=False)
    median: float | None = field(init=False)
    shortest: int | None = field(init=False)
    longest: int | None = field(init=False)

    def __post_init__(self, days: list[int]) -> None:
        object.__setattr__(self, "count", len(days))
        object.__setattr__(self, "median", statistics.median(days) if days else None)
        object.__setattr__(self, "shortest", min(days, default=None))
        object.__setattr__(self, "longest", max(days, default=None))


def decision_times(period: Period) -> DecisionTimes:
    """Days from intake to the first decision, for the decisions recorded in the period.

    Reads the decisions dated in the period (the index on to_stage, changed_at) and leaves out
    the projects already decided before it, rather than every decision ever recorded.
    """
    decided_before = StageChange.objects.filter(
        project_id=OuterRef("project_id"), to_stage=Stage.DECIDED, changed_at__lt=period.start
    )
    firsts = (
        StageChange.objects.filter(
            to_stage=Stage.DECIDED, changed_at__gte=period.start, changed_at__lt=period.end
        )
        .filter(~Exists(decided_before))
        .order_by()
        .values("project_id", "project__created_at")
        .annotate(decided_at=Min("changed_at"))
        .values_list("project__created_at", "decided_at")
    )
    days = sorted(
        (timezone.localdate(decided_at) - timezone.localdate(received_at)).days
        for received_at, decided_at in firsts
    )
    return DecisionTimes(days)


@dataclass(frozen=True)
class FinancingRow:
    kind: str
    label: str
    lines: int
    projects: int
    asked: Decimal
    obtained: Decimal


@dataclass(frozen=True)
class Financing:
    rows: list[FinancingRow]
    url: str

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
        FinancingRow,
        lines=(Count("pk"), 0),
        projects=(Count("project", distinct=True), 0),
        asked=(Coalesce(Sum("amount_asked"), ZERO_EUROS), Decimal("0")),
        obtained=(Coalesce(Sum("amount_obtained"), ZERO_EUROS), Decimal("0")),
    )
    return Financing(rows, project_list_url(period))


@dataclass(frozen=True)
class ActionRow:
    kind: str
    label: str
    actions: int
    projects: int
    days: Decimal


@dataclass(frozen=True)
class SupportActions:
    rows: list[ActionRow]
    url: str

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
        SupportAction.objects.filter(received_in(period, "project__")).exclude(
            status=SupportAction.Status.CANCELLED
        ),
        SupportAction.Kind,
        ActionRow,
        actions=(Count("pk"), 0),
        projects=(Count("project", distinct=True), 0),
        days=(Coalesce(Sum("days"), ZERO_DAYS), Decimal("0")),
    )
    return SupportActions(rows, project_list_url(period))


@dataclass(frozen=True)
class Outcomes:
    answers: int
    projects: int
    jobs_created: int
    jobs_kept: int
    products_launched: int
    satisfaction: Decimal | None
    satisfaction_answers: int
    url: str

    def chart(self) -> dict:
        return {
            "labels": [
                str(_("Emplois créés")),
                str(_("Emplois maintenus")),
                str(_("Produits ou procédés lancés")),
            ],
            "values": [self.jobs_created, self.jobs_kept, self.products_launched],
        }


def outcomes(period: Period) -> Outcomes:
    """Follow-up outcomes of the projects received in the period.

    The company answers each follow-up about what happened since its support started, so the
    answers add up across projects but not across one project's follow-ups: each project counts
    with its latest answer.
    """
    answered = FollowUp.objects.filter(answered_at__isnull=False)
    later_answer = answered.filter(project=OuterRef("project"), months__gt=OuterRef("months"))
    in_period = answered.filter(received_in(period, "project__"))
    # Two queries: the correlated "is it the latest?" once per answer in WHERE, rather than
    # once per figure in six FILTER clauses (which also pushed PostgreSQL into JIT compiling).
    latest = in_period.filter(~Exists(later_answer)).aggregate(
        projects=Count("pk"),
        jobs_created=Coalesce(Sum("jobs_created"), 0),
        jobs_kept=Coalesce(Sum("jobs_kept"), 0),
        products_launched=Count("pk", filter=Q(product_launched=True)),
        mean_satisfaction=Avg("satisfaction"),
        satisfaction_answers=Count("satisfaction"),
    )
    figures = {"answers": in_period.count(), **latest}
    satisfaction = figures.pop("mean_satisfaction")
    if satisfaction is not None:
        satisfaction = Decimal(str(satisfaction)).quantize(Decimal("0.1"))
    return Outcomes(satisfaction=satisfaction, url=project_list_url(period), **figures)


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


# --- The figures of a period, cached until something they count changes
#
# Every figure reads tens of thousands of rows a year at national scale, so a period's figures
# are kept in the cache under a version that any write to what they count replaces
# (`watch_figure_sources`): a page shown twice without a change in between is computed once.
# The dashboard may show the previous version's figures while a worker computes the current
# ones (`allow_stale`): writes happen all day, and a recomputation takes seconds.

FIGURES_VERSION_KEY = "programme-figures:version"
# Only for tidiness and as a bound for writes made outside the ORM: invalidation is by version.
FIGURES_CACHE_SECONDS = 60 * 60


def forget_figures() -> None:
    """Make every cached period's figures stale now (after a commit, or outside a transaction)."""
    cache.set(FIGURES_VERSION_KEY, uuid.uuid4().hex, None)


def figures_changed(using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    """Make every cached period's figures stale, after a write to what they count.

    Now, for what this transaction reads next; at commit too, because another request may have
    computed and cached the figures meanwhile without seeing the uncommitted write. Also the
    receiver of the signals connected by `watch_figure_sources`.
    """
    forget_figures()
    if transaction.get_connection(using).in_atomic_block:
        transaction.on_commit(forget_figures, using=using)


def watch_figure_sources() -> None:
    """Connect the writes that change a figure to the cache's version (from the app's ready())."""
    through = Project.axes.through
    for model in (
        Project,
        through,
        StageChange,
        Company,
        FinancingLine,
        SupportAction,
        FollowUp,
        YearlyTarget,
        InterventionAxis,
    ):
        uid = f"programme-figures:{model._meta.label}"
        post_save.connect(figures_changed, sender=model, dispatch_uid=uid)
        post_delete.connect(figures_changed, sender=model, dispatch_uid=uid)
    m2m_changed.connect(figures_changed, sender=through, dispatch_uid="programme-figures:axes")


# How long a period's refresh may take before another one may be handed to the workers (a
# worker lost mid-refresh must not leave the period stale until its figures expire).
REFRESH_LOCK_SECONDS = 5 * 60


def programme_figures(
    period: Period,
    today: date | None = None,
    supported_limit: int | None = None,
    *,
    allow_stale: bool = False,
) -> ProgrammeFigures:
    """Every figure of the dashboard and the report, from the cache while nothing changed.

    One cache read when cached; otherwise twelve queries whatever the volume, and a write.
    `supported_limit` caps the list of supported companies (the first ones by name); their
    number is always `progress.distinct_companies`.

    With `allow_stale`, figures cached before the last write are returned at once (marked
    `stale`) while a Celery task computes the current ones; computed here only when none are
    cached or the broker is down. The report never asks for stale figures.
    """
    today = today or timezone.localdate()
    key = figures_key(period, today, supported_limit)
    found = cache.get_many([FIGURES_VERSION_KEY, key])
    version = found.get(FIGURES_VERSION_KEY)
    if version is not None and key in found and found[key][0] == version:
        return found[key][1]
    stale = found.get(key) if allow_stale and version is not None else None
    if stale is not None and _refresh_later(key, period, today, supported_limit):
        # An eager Celery (or a quick worker) may have stored the current figures already.
        again = cache.get_many([FIGURES_VERSION_KEY, key])
        if key in again and again[key][0] == again.get(FIGURES_VERSION_KEY):
            return again[key][1]
        return dataclasses.replace(stale[1], stale=True)
    return _compute_and_store(key, version, period, today, supported_limit)


def figures_key(period: Period, today: date, supported_limit: int | None) -> str:
    """The cache key of a period's figures (their version is in the cached value)."""
    return ":".join(
        [
            "programme-figures",
            translation.get_language() or "",
            period.label,
            today.isoformat(),
            str(supported_limit),
        ]
    )


def _compute_and_store(
    key: str, version: str | None, period: Period, today: date, supported_limit: int | None
) -> ProgrammeFigures:
    computed_at = timezone.now()
    figures = compute_programme_figures(period, today, supported_limit)
    if version is None:
        # No version yet (or the cache lost it): start one, unless another request just did.
        version = uuid.uuid4().hex
        if not cache.add(FIGURES_VERSION_KEY, version, None):
            return figures
    # Stored under the version read before computing: a write meanwhile leaves it stale.
    figures = dataclasses.replace(figures, cache_key=f"{key}:{version}", computed_at=computed_at)
    cache.set(key, (version, figures), FIGURES_CACHE_SECONDS)
    return figures


def _refresh_lock_key(key: str) -> str:
    return f"{key}:refreshing"


def _refresh_later(key: str, period: Period, today: date, supported_limit: int | None) -> bool:
    """Hand the period's refresh to the workers, once at a time; False if the broker is down."""
    from .tasks import refresh_programme_figures

    lock = _refresh_lock_key(key)
    if not cache.add(lock, True, REFRESH_LOCK_SECONDS):
        return True  # Already handed over: its result will come.
    try:
        refresh_programme_figures.delay(
            first_year=period.first_year,
            last_year=period.last_year,
            today=today.isoformat(),
            supported_limit=supported_limit,
            language=translation.get_language() or "",
        )
    except Exception:  # noqa: BLE001 - broker down: computed in the request, never lost.
        logger.warning(
            "Broker unavailable, programme figures computed in the request", exc_info=True
        )
        cache.delete(lock)
        return False
    return True


def programme_figures_refresh(
    period: Period, today: date, supported_limit: int | None = None
) -> bool:
    """Compute and cache the period's figures unless the current ones are cached already (the
    Celery task's work); frees the period's refresh. True when computed."""
    key = figures_key(period, today, supported_limit)
    try:
        found = cache.get_many([FIGURES_VERSION_KEY, key])
        version = found.get(FIGURES_VERSION_KEY)
        if version is not None and key in found and found[key][0] == version:
            return False
        _compute_and_store(key, version, period, today, supported_limit)
        return True
    finally:
        cache.delete(_refresh_lock_key(key))


def compute_programme_figures(
    period: Period, today: date, supported_limit: int | None = None
) -> ProgrammeFigures:
    """Every figure, from the database: twelve queries, whatever the volume."""
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
    )

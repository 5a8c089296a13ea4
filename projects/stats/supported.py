"""The companies supported in a period: their number each year against the year's target, and
the list of them with their projects (the dashboard, the yearly report and the export).

A company counts as supported in a year when one of its projects entered "in support" that
year: a stage change to "in support" dated that year, or a support start date in it.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery
from django.utils import timezone

from companies.models import Company

from ..models import InterventionAxis, Project, Stage, StageChange, YearlyTarget
from .period import Period


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
    # The projects that entered support in the period (a company may have several).
    projects: int = 0

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
        .aggregate(distinct=Count("company", distinct=True), projects=Count("pk"), **per_year)
    )
    return progress_of(
        period,
        today,
        {year: counts.get(f"y{year}", counts["distinct"]) for year in period.years},
        distinct=counts["distinct"],
        projects=counts["projects"],
    )


def progress_of(
    period: Period, today: date, supported: dict[int, int], distinct: int, projects: int
) -> SupportProgress:
    """The progress from the companies supported each year, against the targets (one query)."""
    targets = dict(
        YearlyTarget.objects.filter(year__in=list(period.years)).values_list(
            "year", "companies_target"
        )
    )
    years = [
        YearProgress(
            year=year,
            supported=supported[year],
            target=targets.get(year),
            months_left=months_left_in(year, today),
        )
        for year in period.years
    ]
    return SupportProgress(years=years, distinct_companies=distinct, projects=projects)


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


def each_supported_company(
    period: Period, limit: int | None = None, among: list[int] | None = None
) -> Iterator[SupportedCompany]:
    """supported_companies() one company at a time, reading the projects in chunks: a
    national programme supports tens of thousands of companies a year (the export).

    `among`: the companies to list, already known to be supported in the period (the first
    ones by name, from the dashboard's summary): only their projects are read.
    """
    moved_in = moved_in_support(period).filter(project=OuterRef("pk")).order_by("changed_at")
    if among is not None:
        # Each of these few projects tested on its own moves, not against every move of
        # the period.
        projects = Project.objects.filter(company_id__in=among).filter(
            Exists(moved_in)
            | Q(support_started_on__gte=period.start_date, support_started_on__lt=period.end_date)
        )
    else:
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
    # The export reads its thousands of projects in chunks; a few hundred come in one go.
    rows = projects if among is not None else projects.iterator(chunk_size=2000)
    for project in rows:
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

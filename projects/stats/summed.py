"""The programme's figures from the summary's counters (`summary`): what the dashboard and the
report show, the same figures as `figures.compute_programme_figures` computes from the rows,
in a fixed number of small queries whatever the number of projects.

The collective actions, the placements and the list of supported companies are read from their
rows as before: they are few, or limited to the first companies by name.
"""

from collections import Counter
from datetime import date
from decimal import Decimal

from django.db.models import Exists, OuterRef

from companies.models import Company

from ..models import FigureCount, FinancingLine, SupportAction, SupportedYear
from ..models.financing import FinancingSums
from . import summary
from .figures import (
    ANSWERED,
    PRODUCT_LAUNCHED,
    ActionRow,
    DecisionTimes,
    Financing,
    FinancingRow,
    Outcomes,
    ProgrammeFigures,
    SupportActions,
    axis_bars,
    collective_reach,
    department_bars,
    headcount_bars,
    placements,
    project_list_url,
    stage_bars,
)
from .period import Period
from .supported import (
    SupportedCompany,
    each_supported_company,
    progress_of,
    supported_companies,
)

CENTS = Decimal("0.01")
TENTHS = Decimal("0.1")


def summarised_programme_figures(
    period: Period, today: date, supported_limit: int | None = None
) -> ProgrammeFigures:
    """Every figure of the period: the counters in two queries, plus the few read from rows."""
    counts = summary.PeriodCounts(period)
    return ProgrammeFigures(
        period=period,
        today=today,
        progress=progress_of(
            period,
            today,
            {year: counts.in_year(summary.SUPPORT_COMPANIES, year) for year in period.years},
            distinct=counts.over_period(summary.SUPPORT_COMPANIES),
            projects=counts.over_period(summary.SUPPORT_PROJECTS),
        ),
        supported=first_supported_companies(period, supported_limit),
        pipeline=stage_bars(period, _whole(counts.of(summary.STAGE))),
        axes=axis_bars(period, _whole(counts.of(summary.AXIS), int)),
        departments=department_bars(period, _whole(counts.of(summary.DEPARTMENT))),
        headcounts=headcount_bars(period, _whole(counts.of(summary.HEADCOUNT))),
        decisions=DecisionTimes(
            _whole(counts.of(summary.DECIDED_DAYS), int),
            url=project_list_url(decides=period.param),
        ),
        financing=_financing(period, counts),
        actions=_actions(period, counts),
        outcomes=_outcomes(period, counts),
        collective=collective_reach(period),
        placements=placements(period),
    )


def first_supported_companies(period: Period, limit: int | None) -> list[SupportedCompany]:
    """The first `limit` companies by name supported in the period (all without a limit): by
    the company name's index, each tested on its supported years, then their projects."""
    if limit is None:
        return supported_companies(period)
    supported_then = SupportedYear.objects.filter(
        company=OuterRef("pk"), year__gte=period.first_year, year__lte=period.last_year
    )
    first = list(
        Company.objects.filter(Exists(supported_then))
        .order_by("name", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    return list(each_supported_company(period, among=first))


def _whole(counts: Counter, key_type=str) -> Counter:
    """Counters as whole numbers, keyed as the figures key them (text, or ids and days)."""
    return Counter({key_type(key): int(value) for key, value in counts.items() if value})


def _financing(period: Period, counts: summary.PeriodCounts) -> Financing:
    return Financing(
        [
            FinancingRow(
                kind=kind.value,
                label=str(kind.label),
                lines=counts.count(summary.FIN_LINES, kind.value),
                projects=counts.count(summary.FIN_PROJECTS, kind.value),
                asked=_amount(counts, summary.FIN_ASKED, kind.value, summary.FIN_LINES, CENTS),
                obtained=_amount(
                    counts, summary.FIN_OBTAINED, kind.value, summary.FIN_LINES, CENTS
                ),
                obtained_projects=counts.count(summary.FIN_OBTAINED_PROJECTS, kind.value),
                url=project_list_url(period, financement=kind.value),
                obtained_url=project_list_url(period, financement_obtenu=kind.value),
            )
            for kind in FinancingLine.Kind
        ]
    )


def _actions(period: Period, counts: summary.PeriodCounts) -> SupportActions:
    return SupportActions(
        [
            ActionRow(
                kind=kind.value,
                label=str(kind.label),
                actions=counts.count(summary.ACT_ACTIONS, kind.value),
                projects=counts.count(summary.ACT_PROJECTS, kind.value),
                days=_amount(counts, summary.ACT_DAYS, kind.value, summary.ACT_ACTIONS, TENTHS),
                url=project_list_url(period, action=kind.value),
            )
            for kind in SupportAction.Kind
        ]
    )


def _outcomes(period: Period, counts: summary.PeriodCounts) -> Outcomes:
    answered = counts.count(summary.OUT_SATISFACTION_ANSWERS)
    satisfaction = None
    if answered:
        # As the database's average, then rounded to a tenth like `figures.outcomes`.
        mean = float(counts.of(summary.OUT_SATISFACTION_SUM)[""]) / answered
        satisfaction = Decimal(str(mean)).quantize(TENTHS)
    return Outcomes(
        answers=counts.count(summary.OUT_ANSWERS),
        projects=counts.count(summary.OUT_LATEST),
        jobs_created=counts.count(summary.OUT_JOBS_CREATED),
        jobs_kept=counts.count(summary.OUT_JOBS_KEPT),
        products_launched=counts.count(summary.OUT_PRODUCTS),
        satisfaction=satisfaction,
        satisfaction_answers=answered,
        url=project_list_url(period, suivi=ANSWERED),
        products_url=project_list_url(period, suivi=PRODUCT_LAUNCHED),
    )


def _amount(
    counts: summary.PeriodCounts, figure: str, kind: str, rows: str, places: Decimal
) -> Decimal:
    """A sum as the database gives it: to the field's decimals, or a plain 0 without rows."""
    if not counts.count(rows, kind):
        return Decimal("0")
    return Decimal(counts.of(figure)[kind]).quantize(places)


def every_financing_line_sums() -> FinancingSums:
    """What `FinancingLine.objects.sums()` adds up, from the summary's running totals: one
    query of four counters instead of reading every line."""
    totals = dict(
        FigureCount.objects.filter(
            year=summary.RUNNING, figure__in=summary.WORKSPACE_FINANCING, key=""
        ).values_list("figure", "value")
    )
    return FinancingSums(
        count=int(totals.get(summary.ALL_LINES, 0)),
        asked=totals.get(summary.ALL_ASKED, Decimal(0)),
        granted=totals.get(summary.ALL_GRANTED, Decimal(0)),
        obtained=totals.get(summary.ALL_OBTAINED, Decimal(0)),
    )


def held_projects() -> dict[tuple[int, str], int]:
    """Open projects each person holds per stage, as officer or finance officer (once when
    both), from the summary's running counters: one query of a few counters per person."""
    held = {}
    for key, value in FigureCount.objects.filter(
        year=summary.RUNNING, figure=summary.HELD, value__gt=0
    ).values_list("key", "value"):
        person_id, stage = key.split(":", 1)
        held[int(person_id), stage] = int(value)
    return held

"""The dashboard's summary: counters per year that the writes keep up to date.

Every figure of a period is a sum over the years of the period of what the projects received
that year add up to (their stage, axes, financing, actions, answers), or of what they did that
year (their first decision). Each project's part, and each company's (the years it was
supported), is computed from its rows and kept (`FigureSource`); a write to a project, its
company or its rows computes the new part and adds the difference to the counters
(`FigureCount`), in the transaction of the write. Reading a period's figures then sums a few
hundred counters instead of reading every project received in it.

Distinct counts over several years (a company supported two years counts once) are kept as
"supported in year Y, last supported before in year P" counters: a company counts in a period
once, in the first of its years inside it, the one whose previous year is before the period.

`rebuild_summary` computes everything again from the rows (writes that send no signal: COPY,
bulk_create, QuerySet.update — the scale generator and the demo loader call it).
"""

import threading
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import F, Q, Sum
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from companies.models import Company

from ..models import (
    FigureCount,
    FigureSource,
    FinancingLine,
    FollowUp,
    Project,
    Stage,
    StageChange,
    SupportAction,
    SupportedYear,
)
from ..models.project import CLOSED_STAGES
from .period import Period

# The figures counted, each per year and key.
STAGE = "stage"  # received projects by their stage now
AXIS = "axis"  # received projects per axis, main or secondary (key: the axis id)
DEPARTMENT = "department"
HEADCOUNT = "headcount"
FINANCING = ("fin_lines", "fin_projects", "fin_asked", "fin_obtained", "fin_obtained_projects")
FIN_LINES, FIN_PROJECTS, FIN_ASKED, FIN_OBTAINED, FIN_OBTAINED_PROJECTS = FINANCING
ACT_ACTIONS, ACT_PROJECTS, ACT_DAYS = "act_actions", "act_projects", "act_days"
OUT_ANSWERS = "out_answers"
OUT_LATEST = "out_latest"  # latest answers counted (one per project, or more on a tie)
OUT_JOBS_CREATED, OUT_JOBS_KEPT = "out_jobs_created", "out_jobs_kept"
OUT_PRODUCTS = "out_products"
OUT_SATISFACTION_SUM, OUT_SATISFACTION_ANSWERS = "out_satisfaction_sum", "out_satisfaction_n"
DECIDED_DAYS = "decided_days"  # year of the first decision; key: days from intake
# Year entered support; key: the previous year it did (empty for the first).
SUPPORT_PROJECTS, SUPPORT_COMPANIES = "support_projects", "support_companies"
YEARLY = (SUPPORT_PROJECTS, SUPPORT_COMPANIES)
# Running totals no period reads, kept under year 0 (periods start at a real year): the
# financing workspace's totals over every line, and each person's open projects per stage for
# the team view (key: "person id:stage"; a person both officer and finance officer holds once).
RUNNING = 0
WORKSPACE_FINANCING = ("all_lines", "all_asked", "all_granted", "all_obtained")
ALL_LINES, ALL_ASKED, ALL_GRANTED, ALL_OBTAINED = WORKSPACE_FINANCING
HELD = "held"

ONE = Decimal(1)
Counts = dict[str, Decimal]


def counter_key(year: int, figure: str, key: object = "") -> str:
    return f"{year}|{figure}|{key}"


def local_year(moment: datetime) -> int:
    return timezone.localdate(moment).year


# --- What one project and one company add up to


def support_years(project: dict, moves: Iterable[dict]) -> set[int]:
    """The years a project entered support: a move to "in support", or its start date."""
    years = {
        local_year(move["changed_at"]) for move in moves if move["to_stage"] == Stage.IN_SUPPORT
    }
    if project["support_started_on"] is not None:
        years.add(project["support_started_on"].year)
    return years


def yearly_counts(figure: str, years: Iterable[int]) -> Counts:
    """One per year, keyed by the year before it (see the module's docstring)."""
    counts: Counts = {}
    previous = ""
    for year in sorted(years):
        counts[counter_key(year, figure, previous)] = ONE
        previous = year
    return counts


def project_counts(
    project: dict,
    axes: Iterable[int],
    lines: Iterable[dict],
    actions: Iterable[dict],
    answers: Iterable[dict],
    moves: Iterable[dict],
) -> Counts:
    """What a project adds to the counters, from its rows (the same conditions as figures.py)."""
    counts: Counter = Counter()
    year = local_year(project["created_at"])

    def add(figure: str, key: object, value: Decimal | int = ONE) -> None:
        counts[counter_key(year, figure, key)] += Decimal(value)

    add(STAGE, project["stage"])
    add(DEPARTMENT, project["department"])
    add(HEADCOUNT, project["headcount_band"])
    for axis_id in {*axes, project["primary_axis_id"]} - {None}:
        add(AXIS, axis_id)
    if project["stage"] not in CLOSED_STAGES:
        for person_id in {project["officer_id"], project["finance_officer_id"]} - {None}:
            counts[counter_key(RUNNING, HELD, f"{person_id}:{project['stage']}")] += ONE

    obtained_kinds, line_kinds = set(), set()
    for line in lines:
        line_kinds.add(line["kind"])
        add(FIN_LINES, line["kind"])
        add(FIN_ASKED, line["kind"], line["amount_asked"] or 0)
        add(FIN_OBTAINED, line["kind"], line["amount_obtained"] or 0)
        if line["amount_obtained"] and line["amount_obtained"] > 0:
            obtained_kinds.add(line["kind"])
        # As FinancingLineQuerySet.sums: a refused line no longer counts in the total asked.
        counts[counter_key(RUNNING, ALL_LINES)] += ONE
        if line["status"] != FinancingLine.Status.REFUSED:
            counts[counter_key(RUNNING, ALL_ASKED)] += line["amount_asked"] or 0
        counts[counter_key(RUNNING, ALL_GRANTED)] += line["amount_granted"] or 0
        counts[counter_key(RUNNING, ALL_OBTAINED)] += line["amount_obtained"] or 0
    for kind in line_kinds:
        add(FIN_PROJECTS, kind)
    for kind in obtained_kinds:
        add(FIN_OBTAINED_PROJECTS, kind)

    action_kinds = set()
    for action in actions:
        if action["status"] == SupportAction.Status.CANCELLED:
            continue
        action_kinds.add(action["kind"])
        add(ACT_ACTIONS, action["kind"])
        add(ACT_DAYS, action["kind"], action["days"] or 0)
    for kind in action_kinds:
        add(ACT_PROJECTS, kind)

    answers = [answer for answer in answers if answer["answered_at"] is not None]
    if answers:
        add(OUT_ANSWERS, "", len(answers))
        latest_months = max(answer["months"] for answer in answers)
        for answer in answers:
            if answer["months"] != latest_months:
                continue  # A later answer tells what happened since: it alone counts.
            add(OUT_LATEST, "")
            add(OUT_JOBS_CREATED, "", answer["jobs_created"] or 0)
            add(OUT_JOBS_KEPT, "", answer["jobs_kept"] or 0)
            if answer["product_launched"]:
                add(OUT_PRODUCTS, "")
            if answer["satisfaction"] is not None:
                add(OUT_SATISFACTION_SUM, "", answer["satisfaction"])
                add(OUT_SATISFACTION_ANSWERS, "")

    moves = list(moves)
    decisions = [move["changed_at"] for move in moves if move["to_stage"] == Stage.DECIDED]
    if decisions:
        decided_on = timezone.localdate(min(decisions))
        days = (decided_on - timezone.localdate(project["created_at"])).days
        counts[counter_key(decided_on.year, DECIDED_DAYS, days)] += ONE

    counts.update(yearly_counts(SUPPORT_PROJECTS, support_years(project, moves)))
    return {key: value for key, value in counts.items() if value}


PROJECT_FIELDS = {
    "pk": "pk",
    "created_at": "created_at",
    "stage": "stage",
    "primary_axis_id": "primary_axis_id",
    "support_started_on": "support_started_on",
    "company_id": "company_id",
    "officer_id": "officer_id",
    "finance_officer_id": "finance_officer_id",
    "department": F("company__department"),
    "headcount_band": F("company__headcount_band"),
}
LINE_FIELDS = ("project_id", "kind", "status", "amount_asked", "amount_granted", "amount_obtained")
ACTION_FIELDS = ("project_id", "kind", "status", "days")
ANSWER_FIELDS = (
    "project_id",
    "answered_at",
    "months",
    "jobs_created",
    "jobs_kept",
    "product_launched",
    "satisfaction",
)
MOVE_FIELDS = ("project_id", "to_stage", "changed_at")
COUNTED_MOVES = Q(to_stage__in=[Stage.DECIDED, Stage.IN_SUPPORT])


def project_values(projects):
    names = [name for name, value in PROJECT_FIELDS.items() if isinstance(value, str)]
    expressions = {
        name: value for name, value in PROJECT_FIELDS.items() if not isinstance(value, str)
    }
    return projects.order_by().values(*names, **expressions)


def read_project_counts(project_id: int) -> tuple[Counts, int | None]:
    """A project's part of the counters and its company, read from its rows: six queries."""
    project = project_values(Project.objects.filter(pk=project_id)).first()
    if project is None:
        return {}, None
    axes = Project.axes.through.objects.filter(project_id=project_id).values_list(
        "interventionaxis_id", flat=True
    )
    counts = project_counts(
        project,
        axes,
        FinancingLine.objects.filter(project_id=project_id).values(*LINE_FIELDS),
        SupportAction.objects.filter(project_id=project_id).values(*ACTION_FIELDS),
        FollowUp.objects.filter(project_id=project_id, answered_at__isnull=False).values(
            *ANSWER_FIELDS
        ),
        StageChange.objects.filter(COUNTED_MOVES, project_id=project_id).values(*MOVE_FIELDS),
    )
    return counts, project["company_id"]


def read_company_years(company_id: int) -> set[int]:
    """The years one of a company's projects entered support (two queries)."""
    years = {
        local_year(changed_at)
        for changed_at in StageChange.objects.filter(
            project__company_id=company_id, to_stage=Stage.IN_SUPPORT
        ).values_list("changed_at", flat=True)
    }
    years |= {
        started.year
        for started in Project.objects.filter(
            company_id=company_id, support_started_on__isnull=False
        ).values_list("support_started_on", flat=True)
    }
    return years


# --- Keeping the counters up to date


def parse_key(key: str) -> tuple[int, str, str]:
    year, figure, rest = key.split("|", 2)
    return int(year), figure, rest


def add_to_counters(delta: Counts) -> None:
    """Add each difference to its counter (created at zero when missing), in a fixed order so
    that two writers touching the same counters never wait for each other in a circle."""
    delta = {key: value for key, value in delta.items() if value}
    if not delta:
        return
    FigureCount.objects.bulk_create(
        [FigureCount(year=y, figure=f, key=k) for y, f, k in map(parse_key, sorted(delta))],
        ignore_conflicts=True,
    )
    for key in sorted(delta):
        year, figure, rest = parse_key(key)
        FigureCount.objects.filter(year=year, figure=figure, key=rest).update(
            value=F("value") + delta[key]
        )


def _replace(
    kind: str, subject_id: int, counts: Counts, company_id: int | None = None
) -> int | None:
    """Swap a subject's kept part for `counts`, adding the difference to the counters; returns
    the company it counted for before.

    The subject's part is read under a row lock: two transactions writing to the same project
    take turns, and the second one computes its part with the first one's rows.
    """
    source = (
        FigureSource.objects.select_for_update().filter(kind=kind, subject_id=subject_id).first()
    )
    before = {key: Decimal(value) for key, value in (source.counts if source else {}).items()}
    delta = {key: counts.get(key, 0) - before.get(key, 0) for key in {*before, *counts}}
    add_to_counters(delta)
    stored = {key: str(value) for key, value in counts.items()}
    company_before = source.company_id if source else None
    if source is None:
        if counts:
            FigureSource.objects.create(
                kind=kind, subject_id=subject_id, counts=stored, company_id=company_id
            )
    elif not counts:
        source.delete()
    elif source.counts != stored or source.company_id != company_id:
        source.counts, source.company_id = stored, company_id
        source.save(update_fields=["counts", "company_id"])
    return company_before


def project_changed(project_id: int) -> None:
    """Count a project again, and its company (and the one it left, if it moved)."""
    with transaction.atomic():
        # The project's row lock first, when it exists: concurrent writers queue behind it.
        list(Project.objects.select_for_update().filter(pk=project_id).values_list("pk"))
        counts, company_id = read_project_counts(project_id)
        before = _replace(FigureSource.Kind.PROJECT, project_id, counts, company_id)
        companies = {company_id, before} - {None}
        for each in sorted(companies):
            company_changed(each)


def company_changed(company_id: int) -> None:
    with transaction.atomic():
        list(Company.objects.select_for_update().filter(pk=company_id).values_list("pk"))
        years = read_company_years(company_id)
        _replace(FigureSource.Kind.COMPANY, company_id, yearly_counts(SUPPORT_COMPANIES, years))
        kept = set(
            SupportedYear.objects.filter(company_id=company_id).values_list("year", flat=True)
        )
        if kept - years:
            SupportedYear.objects.filter(company_id=company_id, year__in=kept - years).delete()
        if years - kept:
            SupportedYear.objects.bulk_create(
                [SupportedYear(company_id=company_id, year=year) for year in years - kept]
            )


def projects_changed(project_ids: Iterable[int]) -> None:
    for project_id in sorted(set(project_ids)):
        project_changed(project_id)


# --- The writes that change a project's or a company's part (connected in the app's ready())

_state = threading.local()


@contextmanager
def counted_after() -> Iterator[None]:
    """Writes not counted one by one, for a bulk load that rebuilds the summary when done."""
    _state.paused = True
    try:
        yield
    finally:
        _state.paused = False


def _counting() -> bool:
    return not getattr(_state, "paused", False)


def _on_project(sender, instance, **kwargs) -> None:
    if _counting():
        project_changed(instance.pk)


def _on_project_row(sender, instance, **kwargs) -> None:
    if _counting():
        project_changed(instance.project_id)


def _on_company_saved(sender, instance, **kwargs) -> None:
    """Its département and headcount band count with its projects: those counted with other
    ones are counted again (one query when neither changed, as on most saves)."""
    if not _counting():
        return
    now = {(DEPARTMENT, instance.department), (HEADCOUNT, instance.headcount_band)}
    stale = [
        subject_id
        for subject_id, counts in FigureSource.objects.filter(
            kind=FigureSource.Kind.PROJECT, company_id=instance.pk
        ).values_list("subject_id", "counts")
        if not now <= {parse_key(key)[1:] for key in counts}
    ]
    projects_changed(stale)


def _on_company_deleted(sender, instance, **kwargs) -> None:
    if _counting():
        company_changed(instance.pk)


def _on_axes(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    if not _counting():
        return
    if not reverse:
        if action.startswith("post_"):
            project_changed(instance.pk)
    elif action == "pre_clear":
        # An axis's projects about to be cleared: noted now, counted again once they are.
        instance._summary_cleared = list(
            sender.objects.filter(interventionaxis_id=instance.pk).values_list(
                "project_id", flat=True
            )
        )
    elif action == "post_clear":
        projects_changed(getattr(instance, "_summary_cleared", ()))
    elif action.startswith("post_") and pk_set:
        projects_changed(pk_set)


def watch_summary_sources() -> None:
    """Connect the writes the counters count (from the app's ready())."""
    uid = "figure-summary:"
    for model, receiver in (
        (Project, _on_project),
        (StageChange, _on_project_row),
        (FinancingLine, _on_project_row),
        (SupportAction, _on_project_row),
        (FollowUp, _on_project_row),
    ):
        post_save.connect(receiver, sender=model, dispatch_uid=uid + model._meta.label)
        post_delete.connect(receiver, sender=model, dispatch_uid=uid + model._meta.label)
    post_save.connect(_on_company_saved, sender=Company, dispatch_uid=uid + "company-saved")
    post_delete.connect(_on_company_deleted, sender=Company, dispatch_uid=uid + "company-deleted")
    m2m_changed.connect(_on_axes, sender=Project.axes.through, dispatch_uid=uid + "axes")


# --- Reading a period's counters


class PeriodCounts:
    """The counters of a period, added up over its years: two queries."""

    def __init__(self, period: Period):
        self.period = period
        in_period = FigureCount.objects.filter(
            year__gte=period.first_year, year__lte=period.last_year
        )
        self.sums: dict[str, Counter] = defaultdict(Counter)
        for figure, key, total in (
            in_period.exclude(figure__in=YEARLY)
            .order_by()
            .values_list("figure", "key")
            .annotate(total=Sum("value"))
            .values_list("figure", "key", "total")
        ):
            self.sums[figure][key] = total
        self.yearly = list(
            in_period.filter(figure__in=YEARLY).values_list("year", "figure", "key", "value")
        )

    def of(self, figure: str) -> Counter:
        return self.sums[figure]

    def count(self, figure: str, key: str = "") -> int:
        return int(self.sums[figure][key])

    def in_year(self, figure: str, year: int) -> int:
        """Companies (or projects) that entered support in the year."""
        return int(sum(v for y, f, _k, v in self.yearly if f == figure and y == year))

    def over_period(self, figure: str) -> int:
        """Each once over the period: counted in its first year in it."""
        first = self.period.first_year
        return int(
            sum(v for _y, f, k, v in self.yearly if f == figure and (k == "" or int(k) < first))
        )


# --- Rebuilding everything from the rows


def rebuild_summary(chunk: int = 20000) -> dict[str, int]:
    """Compute every project's and company's part again and the counters from them.

    In one transaction: the figures are never read half rebuilt. Projects are read by ranges of
    ids, with their rows, a few queries a range.
    """
    with transaction.atomic():
        FigureCount.objects.all().delete()
        FigureSource.objects.all().delete()
        SupportedYear.objects.all().delete()
        totals: Counter = Counter()
        company_years: dict[int, set[int]] = defaultdict(set)
        projects = 0
        last = 0
        while True:
            rows = list(
                project_values(Project.objects.filter(pk__gt=last).order_by("pk")).order_by("pk")[
                    :chunk
                ]
            )
            if not rows:
                break
            low, high = rows[0]["pk"], rows[-1]["pk"]
            last = high
            within = {"project_id__gte": low, "project_id__lte": high}
            axes = _group(
                Project.axes.through.objects.filter(**within).values(
                    "project_id", "interventionaxis_id"
                )
            )
            lines = _group(FinancingLine.objects.filter(**within).values(*LINE_FIELDS))
            actions = _group(SupportAction.objects.filter(**within).values(*ACTION_FIELDS))
            answers = _group(
                FollowUp.objects.filter(answered_at__isnull=False, **within).values(*ANSWER_FIELDS)
            )
            moves = _group(StageChange.objects.filter(COUNTED_MOVES, **within).values(*MOVE_FIELDS))
            sources = []
            for project in rows:
                pk = project["pk"]
                counts = project_counts(
                    project,
                    [axis["interventionaxis_id"] for axis in axes.get(pk, ())],
                    lines.get(pk, ()),
                    actions.get(pk, ()),
                    answers.get(pk, ()),
                    moves.get(pk, ()),
                )
                company_years[project["company_id"]] |= support_years(project, moves.get(pk, ()))
                totals.update(counts)
                sources.append(
                    FigureSource(
                        kind=FigureSource.Kind.PROJECT,
                        subject_id=pk,
                        company_id=project["company_id"],
                        counts={key: str(value) for key, value in counts.items()},
                    )
                )
            FigureSource.objects.bulk_create(sources, batch_size=2000)
            projects += len(rows)
        companies = []
        for company_id, years in company_years.items():
            counts = yearly_counts(SUPPORT_COMPANIES, years)
            if counts:
                totals.update(counts)
                companies.append(
                    FigureSource(
                        kind=FigureSource.Kind.COMPANY,
                        subject_id=company_id,
                        counts={key: str(value) for key, value in counts.items()},
                    )
                )
        FigureSource.objects.bulk_create(companies, batch_size=2000)
        SupportedYear.objects.bulk_create(
            (
                SupportedYear(company_id=company_id, year=year)
                for company_id, years in company_years.items()
                for year in years
            ),
            batch_size=5000,
        )
        counters = [
            FigureCount(year=year, figure=figure, key=key, value=value)
            for (year, figure, key), value in (
                (parse_key(key), value) for key, value in totals.items() if value
            )
        ]
        FigureCount.objects.bulk_create(counters, batch_size=2000)
    return {"projects": projects, "companies": len(companies), "counters": len(counters)}


def _group(rows) -> dict[int, list[dict]]:
    grouped: dict[int, list[dict]] = defaultdict(list)
    for row in rows:
        grouped[row["project_id"]].append(row)
    return grouped

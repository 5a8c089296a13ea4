"""Calls for applications worth an officer's attention: those that opened since the last
digest or close soon, for the schemes that fit one of the officer's open projects.

A scheme fits a project as in the suggestions (ranking.py): it serves one of the project's axes
or of its needs' axes, the rules of eligibility.py let it through (size, territory, trade,
excluded activities, budget), and it is neither retained for the project nor dismissed.

Tens of thousands of open projects meet dozens of notable calls at national scale: the pairs
are not judged one by one. The projects are read once as rows and grouped by what the rules
read of them (`OpenProjects`: their company's size, département and NAF code, their budget,
whether their words hold a trade a scheme names), and each scheme judges one project of each
group for all. A fixed number of queries whatever the numbers: the calls, the schemes and their
axes, the projects, their axes and needs, and the pairs already retained or dismissed.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

from django.db.models import Q, QuerySet

from ..models import (
    CallWindow,
    Need,
    Project,
    Resource,
    SchemeCall,
    SuggestionDismissal,
    SupportScheme,
)
from . import naf, text
from .eligibility import (
    Candidate,
    ProjectProfile,
    bounds_budget,
    judge,
    trade_phrases,
)


class ProjectLine(NamedTuple):
    """An open project as a call's line names it."""

    pk: int
    title: str
    officer_id: int | None


@dataclass
class FittingCall:
    """A call that opened or closes soon, and the projects its scheme fits."""

    scheme_id: int
    scheme_name: str
    organisation: str
    window: CallWindow
    opened: bool  # opened since the last digest (else: closes soon)
    # officer id → the officer's projects the scheme fits, by id (the first ones only when
    # the caller asks so), and how many there are.
    projects_by_officer: dict[int | None, list[ProjectLine]] = field(default_factory=dict)
    count_by_officer: dict[int | None, int] = field(default_factory=dict)


class _Shares(NamedTuple):
    projects_by_officer: dict[int | None, list[ProjectLine]]
    count_by_officer: dict[int | None, int]


class _Row(NamedTuple):
    title: str
    officer_id: int | None
    budget: Decimal | None
    description: str
    naf_code: str
    headcount_band: str
    department: str


# The projects of one kind of company serving one axis: (axis, size band, département, NAF).
_Cell = tuple[int, str, str, str]


class OpenProjects:
    """The open projects some notable call may concern, read once as plain rows (tens of
    thousands at national scale, whose model instances would cost more than the matching), and
    grouped by what a scheme's rules read of them, so that a scheme judges one project of each
    kind, not each project.

    `trade_terms` are the terms of the trades the schemes name in words: of a project's words,
    only those are kept (a project's whole vocabulary, tens of thousands of times over, would
    weigh hundreds of megabytes); `judge` reads them only to find a trade's words, so only the
    projects on one of `trade_axes` (the axes of the schemes naming trades) have their words
    read: folding and splitting every description was most of the time."""

    def __init__(
        self,
        projects: QuerySet,
        served: set[int],
        today: datetime.date,
        trade_terms: frozenset[str] = frozenset(),
        trade_axes: frozenset[int] = frozenset(),
    ) -> None:
        self.today = today
        rows = {
            pk: (primary_axis_id, _Row(*row))
            for pk, primary_axis_id, *row in projects.order_by().values_list(
                "pk",
                "primary_axis_id",
                "title",
                "officer_id",
                "budget",
                "description",
                "company__naf_code",
                "company__headcount_band",
                "company__department",
            )
        }
        # Their axes and needs read through `projects` as a subquery, not a list of ids; of
        # their axes only those a scheme serves (a third of them at scale 1).
        axes_of: dict[int, set[int]] = defaultdict(set)
        for pk, axis_id in Project.axes.through.objects.filter(
            project__in=projects, interventionaxis_id__in=served
        ).values_list("project_id", "interventionaxis_id"):
            axes_of[pk].add(axis_id)
        need_titles: dict[int, list[str]] = defaultdict(list)
        for pk, axis_id, title in Need.objects.filter(project__in=projects).values_list(
            "project_id", "axis_id", "title"
        ):
            axes_of[pk].add(axis_id)
            need_titles[pk].append(title)
        self.rows: dict[int, _Row] = {}
        self.lines: dict[int, ProjectLine] = {}
        self.of_officer: dict[int | None, set[int]] = defaultdict(set)
        self.cells: dict[_Cell, set[int]] = defaultdict(set)
        self.trade_terms: dict[int, frozenset[str]] = {}  # each project's, among `trade_terms`
        self.having: dict[str, set[int]] = defaultdict(set)  # trade term → projects
        for pk, (primary_axis_id, line) in rows.items():
            wanted = axes_of.get(pk, set()) | {primary_axis_id}
            wanted &= served
            if not wanted:
                continue
            self.rows[pk] = line
            self.lines[pk] = ProjectLine(pk, line.title, line.officer_id)
            self.of_officer[line.officer_id].add(pk)
            for axis_id in wanted:
                self.cells[
                    axis_id, line.headcount_band or "", line.department, line.naf_code or ""
                ].add(pk)
            if trade_terms and not wanted.isdisjoint(trade_axes):
                found = trade_terms & _activity_terms(line.naf_code)
                found |= trade_terms & text.term_set(line.title, line.description, *need_titles[pk])
                self.trade_terms[pk] = found
                for term in found:
                    self.having[term].add(pk)

    def fitting(self, candidate: Candidate, axes: set[int]) -> set[int]:
        """The projects serving one of `axes` that `judge` lets the scheme fit (its call left
        out). One project of each kind is judged, for all: projects of companies alike, of the
        same budget when the scheme bounds one, holding one of its trades' words or not when it
        names some (all that `judge` reads of them)."""
        phrases = [terms for _phrase, terms in trade_phrases(candidate.trades) if terms]
        said: set[int] = set()  # the projects whose words hold one of the trades
        for terms in phrases:
            said |= set.intersection(*(self.having.get(term, set()) for term in terms))
        verdicts: dict[tuple, bool] = {}
        fitting: set[int] = set()
        for (axis_id, *company), pks in self.cells.items():
            if axis_id not in axes:
                continue
            for holds_trade, alike in ((True, pks & said), (False, pks - said)):
                for budget, group in self._by_budget(alike, bounds_budget(candidate)):
                    kind = (*company, budget, holds_trade)
                    if kind not in verdicts:
                        example = self.profile(min(group))
                        verdicts[kind] = judge(candidate, example, calls=False).eligible
                    if verdicts[kind]:
                        fitting |= group
        return fitting

    def shares(self, fits: set[int], first: int | None) -> "_Shares":
        """Each officer's share of `fits`: their first projects (by id; all when `first` is
        None) and how many there are. By intersecting sets: a call may fit tens of thousands
        of projects, an officer holds a few hundred."""
        projects_by_officer: dict[int | None, list[ProjectLine]] = {}
        count_by_officer: dict[int | None, int] = {}
        for officer_id, theirs in self.of_officer.items():
            if mine := fits & theirs:
                projects_by_officer[officer_id] = [self.lines[pk] for pk in sorted(mine)[:first]]
                count_by_officer[officer_id] = len(mine)
        return _Shares(projects_by_officer, count_by_officer)

    def _by_budget(self, pks: set[int], split: bool) -> list[tuple[Decimal | None, set[int]]]:
        if not pks:
            return []
        if not split:
            return [(None, pks)]
        groups: dict[Decimal | None, set[int]] = defaultdict(set)
        for pk in pks:
            groups[self.rows[pk].budget].add(pk)
        return list(groups.items())

    def profile(self, pk: int) -> ProjectProfile:
        row = self.rows[pk]
        return ProjectProfile(
            headcount_band=row.headcount_band,
            department=row.department,
            naf_code=row.naf_code,
            budget=row.budget,
            terms=set(self.trade_terms.get(pk, ())),
            today=self.today,
        )


@lru_cache(maxsize=2_000)
def _activity_terms(naf_code: str) -> frozenset[str]:
    return frozenset(text.term_set(naf.activity_text(naf_code)))


def notable_calls(
    today: datetime.date, since: datetime.date, closing_within: int
) -> dict[int, tuple[CallWindow, bool]]:
    """scheme id → (the occurrence of its call worth saying, whether it just opened) for the
    active schemes whose call opened after `since` (up to today), or is open and closes within
    `closing_within` days; a call just opened is said rather than one closing."""
    horizon = today + datetime.timedelta(days=closing_within)
    rows = SchemeCall.objects.filter(
        Q(recurs_yearly=True)
        | Q(opens_on__gt=since, opens_on__lte=today)
        | Q(opens_on__lte=today, closes_on__gte=today, closes_on__lte=horizon),
        scheme__is_active=True,
        scheme__organisation__is_active=True,
    ).values_list("scheme_id", "opens_on", "closes_on", "recurs_yearly")
    found: dict[int, tuple[CallWindow, bool]] = {}
    for scheme_id, opens_on, closes_on, recurs in rows:
        _past, upcoming = SchemeCall(
            opens_on=opens_on, closes_on=closes_on, recurs_yearly=recurs
        ).window(today)
        if upcoming is None or upcoming.opens_on > today:
            continue
        opened = upcoming.opens_on > since
        if not opened and upcoming.closes_on > horizon:
            continue
        known = found.get(scheme_id)
        if known is None or (opened, -upcoming.closes_on.toordinal()) > (
            known[1],
            -known[0].closes_on.toordinal(),
        ):
            found[scheme_id] = (upcoming, opened)
    return found


def fitting_calls(
    projects: QuerySet,
    *,
    today: datetime.date,
    since: datetime.date,
    closing_within: int,
    projects_per_officer: int | None = None,
) -> list[FittingCall]:
    """The notable calls whose scheme fits one of `projects` (open projects, say), soonest
    deadline first, each with those projects by officer: all of them, or the first
    `projects_per_officer` (a call may fit a million pairs of project and officer; a digest
    names three of each officer's)."""
    notable = notable_calls(today, since, closing_within)
    if not notable:
        return []
    schemes = {
        row[0]: row
        for row in SupportScheme.objects.filter(pk__in=list(notable)).values_list(
            "pk",
            "name",
            "organisation__name",
            "kind",
            "headcount_bands",
            "departments",
            "naf_included",
            "naf_excluded",
            "trades",
            "budget_min",
            "budget_max",
        )
    }
    scheme_axes: dict[int, set[int]] = defaultdict(set)
    for scheme_id, axis_id in SupportScheme.axes.through.objects.filter(
        supportscheme_id__in=list(notable)
    ).values_list("supportscheme_id", "interventionaxis_id"):
        scheme_axes[scheme_id].add(axis_id)
    served = set().union(*scheme_axes.values()) if scheme_axes else set()
    if not served:
        return []
    candidates = {
        scheme_id: _candidate(schemes[scheme_id], window)
        for scheme_id, (window, _opened) in notable.items()
        if scheme_id in schemes
    }
    trade_terms: set[str] = set()
    trade_axes: set[int] = set()
    for scheme_id, candidate in candidates.items():
        if said := [terms for _phrase, terms in trade_phrases(candidate.trades) if terms]:
            trade_terms.update(*said)
            trade_axes |= scheme_axes[scheme_id]
    concerned = OpenProjects(projects, served, today, frozenset(trade_terms), frozenset(trade_axes))
    if not concerned.rows:
        return []
    taken: dict[int, set[int]] = defaultdict(set)  # scheme → projects retaining or dismissing it
    for model in (Resource, SuggestionDismissal):
        for project_id, scheme_id in model.objects.filter(
            project__in=projects, scheme_id__in=list(candidates)
        ).values_list("project_id", "scheme_id"):
            taken[scheme_id].add(project_id)

    # Schemes of the same rules on the same axes fit the same projects (`judge` reads nothing
    # else of a scheme), and give each officer the same share when the same ones of these
    # projects retain or dismiss them: a programme's schemes often share their rules, so each
    # set of rules is matched once.
    fitting_for: dict[tuple, set[int]] = {}
    shares_for: dict[tuple, _Shares] = {}
    fitting = []
    for scheme_id, candidate in candidates.items():
        window, opened = notable[scheme_id]
        rules = _rules(candidate, scheme_axes[scheme_id])
        if rules not in fitting_for:
            # The call spoken of is open (or opening): only the scheme's other rules are judged.
            fitting_for[rules] = concerned.fitting(candidate, scheme_axes[scheme_id])
        fits = fitting_for[rules]
        kept_out = frozenset(taken[scheme_id] & fits)
        if (rules, kept_out) not in shares_for:
            shares_for[rules, kept_out] = concerned.shares(fits - kept_out, projects_per_officer)
        projects_by_officer, count_by_officer = shares_for[rules, kept_out]
        if not count_by_officer:
            continue
        row = schemes[scheme_id]
        fitting.append(
            FittingCall(
                scheme_id,
                row[1],
                row[2],
                window,
                opened,
                dict(projects_by_officer),
                dict(count_by_officer),
            )
        )
    fitting.sort(key=lambda call: (not call.opened, call.window.closes_on, call.scheme_name))
    return fitting


def _rules(candidate: Candidate, axes: set[int]) -> tuple:
    """All that `OpenProjects.fitting` reads of a scheme: its rules (not its call) and axes."""
    return (
        tuple(candidate.headcount_bands),
        tuple(candidate.departments),
        tuple(candidate.naf_included),
        tuple(candidate.naf_excluded),
        candidate.trades,
        candidate.budget_min,
        candidate.budget_max,
        frozenset(axes),
    )


def _candidate(row: tuple, window: CallWindow) -> Candidate:
    pk, name, organisation, kind, bands, departments, naf_in, naf_out, trades, low, high = row
    return Candidate(
        pk=pk,
        name=name,
        organisation=organisation,
        kind=kind,
        headcount_bands=bands,
        departments=departments,
        naf_included=naf_in,
        naf_excluded=naf_out,
        trades=trades,
        budget_min=low,
        budget_max=high,
        # The call said: the scheme is open for it.
        calls=[(window.opens_on, window.closes_on, False)],
    )

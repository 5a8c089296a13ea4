"""Which support schemes fit a project, best first, and why; and which are ruled out, and why.

A scheme is a candidate when it is active, not already retained for the project, and serves one
of the project's axes (or of its needs' axes): the programme's axes say what kind of help a
project is after; the words say which scheme of that kind fits it best. The rules of
eligibility.py keep out those that do not fit the company, the budget or the calendar; the
others are scored:

- words: each term the project and the scheme share counts its weight in the project (title and
  needs count double), its weight in the scheme (name and keywords count three times the
  description) and its rarity in the directory (idf); the sum is scaled by the project's own
  words so that a long description does not outweigh the axes;
- axes: the primary axis served, the other axes, the needs' axes (by priority);
- aim: one point for each of the scheme's conditions that names the company (its size, its
  département), three when the scheme is reserved to the project's trade;
- history: mobilised and obtained for similar projects;
- dismissals: officers' dismissals for similar projects divide the score, less so when the
  scheme was also retained for similar projects.

All schemes are scored by the same formula with the same weights; docs/matching.md tells how
they are measured on labelled cases. The directory is read from the process's snapshot
(snapshot.py), not from the database: a fixed number of queries whatever its size, and no
scheme row read but those shown.
"""

import datetime
import heapq
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..models import (
    Need,
    Project,
    SuggestionDismissal,
    SupportScheme,
)
from . import eligibility, history, naf, snapshot, text
from .eligibility import CallState, Candidate, ProjectProfile, Verdict, day, judge

# Where the project's words are written, and how much that says of what it needs.
TITLE_WEIGHT = 2.0
NEED_TITLE_WEIGHT = 2.0
DESCRIPTION_WEIGHT = 1.0
NEED_RATIONALE_WEIGHT = 1.0
ACTIVITY_WEIGHT = 0.3  # the company's NAF labels: they describe the company, not the project

TEXT_POINTS = 10.0  # a scheme sharing all the project's words at weight 1 earns this much
PRIMARY_AXIS_POINTS = 3
OTHER_AXIS_POINTS = 2
NEED_POINTS = {Need.Priority.HIGH: 2, Need.Priority.MEDIUM: 1, Need.Priority.LOW: 1}
TARGETED_FIT_POINTS = 1  # per condition naming the company's size or département
TRADE_POINTS = 3  # reserved to the project's trade
HISTORY_POINTS_PER_PROJECT = 0.5  # mobilised for a similar project; as much again if obtained
HISTORY_POINTS_MAX = 3
WORDS_SHOWN = 6
NO_EVIDENCE = history.Evidence()


@dataclass
class Suggestion:
    scheme: SupportScheme
    score: int
    reasons: list[str] = field(default_factory=list)
    words: list[str] = field(default_factory=list)  # the project's words it shares
    call: CallState = field(default_factory=CallState)
    deadline_soon: bool = False
    relevance: float = 0.0  # the exact score, for sorting


@dataclass
class Exclusion:
    """A scheme that would be relevant but is ruled out, and why."""

    scheme: SupportScheme
    reasons: list[str]
    dismissed: bool = False
    relevance: float = 0.0


@dataclass
class Matching:
    suggestions: list[Suggestion]
    excluded: list[Exclusion]


@dataclass
class _Query:
    """The project's words: term → weight, and term → the word as the project writes it."""

    weights: dict[str, float] = field(default_factory=dict)
    shown: dict[str, str] = field(default_factory=dict)

    def add(self, source: str, weight: float) -> None:
        for term, word in text.terms_with_words(source):
            self.weights[term] = max(self.weights.get(term, 0.0), weight)
            self.shown.setdefault(term, word)


def suggest_schemes(
    project: Project,
    *,
    limit: int = 10,
    needs: list[Need] | None = None,
    today: datetime.date | None = None,
) -> list[Suggestion]:
    """The ranked suggestions for a project (see `match_project`)."""
    return match_project(
        project, limit=limit, needs=needs, today=today, excluded_limit=0
    ).suggestions


def match_project(
    project: Project,
    *,
    limit: int = 10,
    excluded_limit: int = 20,
    needs: list[Need] | None = None,
    today: datetime.date | None = None,
) -> Matching:
    """The `limit` best suggestions and the `excluded_limit` most relevant schemes ruled out.

    `needs`: the project's needs, when the caller read them. A fixed number of queries: the
    project's axes (unless prefetched) and needs (unless given), then the directory's version
    (a cache read), the project's dismissals and retained schemes, the history (three), the
    schemes shown; and four more when the directory changed since this process last read it.
    """
    today = today or timezone.localdate()
    company = project.company
    axes = list(project.axes.all())
    if needs is None:
        needs = list(project.needs.all())
    wanted_axis_ids = {axis.pk for axis in axes} | {need.axis_id for need in needs}
    if project.primary_axis_id:
        wanted_axis_ids.add(project.primary_axis_id)

    query = _Query()
    query.add(project.title, TITLE_WEIGHT)
    query.add(project.description, DESCRIPTION_WEIGHT)
    for need in needs:
        query.add(need.title, NEED_TITLE_WEIGHT)
        query.add(need.rationale, NEED_RATIONALE_WEIGHT)
    query.add(naf.activity_text(company.naf_code), ACTIVITY_WEIGHT)
    if not wanted_axis_ids:
        return Matching([], [])

    profile = ProjectProfile(
        headcount_band=company.headcount_band,
        department=company.department,
        naf_code=company.naf_code,
        budget=project.budget,
        terms=set(query.weights),
        today=today,
    )
    directory = snapshot.current()
    own_dismissals = _own_dismissals(project)
    left_out = set(
        project.resources.filter(scheme__isnull=False).values_list("scheme_id", flat=True)
    )
    if not excluded_limit:
        # Only the eligible schemes are ranked: those dismissed for the project are not.
        left_out.update(own_dismissals)
    verdicts = _Verdicts(directory, profile)
    groups = []  # (group, its verdict, the members not left out) serving a wanted axis
    for index in sorted(
        set().union(*(directory.groups_by_axis.get(axis_id, ()) for axis_id in wanted_axis_ids))
    ):
        group = directory.groups[index]
        verdict = verdicts.of(group.candidate.pk)
        if excluded_limit or verdict.eligible:
            members = [pk for pk in group.members if pk not in left_out]
            if members:
                groups.append((group, verdict, members))
    rarity = directory.rarity(query.weights)
    words_sum = _words_sums(query, directory, rarity)
    # The history's cache is the directory's too (actions count for the organisation's
    # schemes): not for a transaction reading its own directory writes.
    evidence = history.evidence(
        project,
        wanted_axis_ids,
        directory_version=directory.version if directory.uncommitted is None else None,
    )
    serves_primary = any(
        project.primary_axis_id in group.candidate.axis_ids for group, *_ in groups
    )
    rules = _axis_rules(project, axes, needs, serves_primary=serves_primary)
    query_mass = sum(query.weights[term] * idf for term, idf in rarity.items()) or 1.0

    # The score is `_relevance`; without a history it is the same sum, in the same order (the
    # same float), without adding 0.0 and dividing by 1.
    eligible_rows, ruled_out_rows = [], []
    for group, verdict, members in groups:
        axis_points = sum(
            points for points, _reason, axis in rules if axis in group.candidate.axis_ids
        )
        targeted_points = TARGETED_FIT_POINTS * verdict.targeted
        trade_points = TRADE_POINTS * verdict.trade_targeted
        for pk in members:
            words_points = TEXT_POINTS * words_sum.get(pk, 0.0) / query_mass
            record = evidence.get(pk)
            if record is None:
                relevance = words_points + axis_points + targeted_points + trade_points
            else:
                relevance = _relevance(
                    words_points, axis_points, targeted_points, trade_points, record
                )
            if pk in own_dismissals or not verdict.eligible:
                ruled_out_rows.append((relevance, pk, verdict))
            else:
                eligible_rows.append((relevance, pk, verdict))
    schemes_of = directory.schemes
    best = [
        (relevance, schemes_of[pk], verdict)
        for relevance, pk, verdict in _best(eligible_rows, limit, schemes_of)
    ]
    ruled_out = [
        (
            (relevance, schemes_of[pk], verdict),
            [own_dismissals[pk]] if pk in own_dismissals else verdict.exclusions,
            pk in own_dismissals,
        )
        for relevance, pk, verdict in _best(ruled_out_rows, excluded_limit, schemes_of)
    ]
    # Not the stored text vector: the free-text search's, never shown.
    schemes = (
        SupportScheme.objects.select_related("organisation")
        .defer("search_vector")
        .order_by()  # a dict: the model's order would only sort
        .in_bulk([row[1].pk for row in best] + [row[1].pk for row, _r, _d in ruled_out])
    )

    def suggestion(relevance: float, candidate: Candidate, verdict: Verdict) -> Suggestion:
        """The suggestion with its reasons, worded only for the schemes shown."""
        shared = _shared_terms(candidate.pk, directory, rarity)
        record = evidence.get(candidate.pk, NO_EVIDENCE)
        # Words worth as much in alphabetical order of their terms, as the index gave them.
        words = [
            query.shown[term]
            for term in sorted(shared, key=lambda t: (-query.weights[t] * shared[t] * rarity[t], t))
        ][:WORDS_SHOWN]
        reasons = [reason for _points, reason, axis in rules if axis in candidate.axis_ids]
        if words:
            reasons.append(_("mots en commun : %(words)s") % {"words": ", ".join(words)})
        reasons += verdict.fits + _history_reasons(record)
        return Suggestion(
            scheme=schemes[candidate.pk],
            score=round(relevance),
            reasons=reasons,
            words=words,
            call=verdict.call,
            deadline_soon=verdict.deadline_soon,
            relevance=relevance,
        )

    return Matching(
        suggestions=[suggestion(*row) for row in best],
        excluded=[
            Exclusion(schemes[row[1].pk], reasons, dismissed, row[0])
            for row, reasons, dismissed in ruled_out
        ],
    )


class _Verdicts:
    """Each candidate's verdict for the project, `judge`'s in two halves: the rules once per
    distinct set of conditions, the calls once per distinct set of calls (thousands of schemes
    share a few hundred of each)."""

    def __init__(self, directory: snapshot.Directory, profile: ProjectProfile) -> None:
        self.directory = directory
        self.profile = profile
        self.rules: dict[int, Verdict] = {}
        self.calls: dict[int, Verdict] = {}
        self.both: dict[tuple[int, int], Verdict] = {}

    def of(self, pk: int) -> Verdict:
        rules_number = self.directory.conditions_of[pk]
        calls_number = self.directory.calls_of[pk]
        verdict = self.both.get((rules_number, calls_number))
        if verdict is None:
            candidate = self.directory.schemes[pk]
            rules = self.rules.get(rules_number)
            if rules is None:
                rules = self.rules[rules_number] = judge(candidate, self.profile, calls=False)
            calls = self.calls.get(calls_number)
            if calls is None:
                calls = self.calls[calls_number] = eligibility.judge_calls(candidate, self.profile)
            verdict = self.both[rules_number, calls_number] = eligibility.joined(rules, calls)
        return verdict


def _words_sums(
    query: _Query, directory: snapshot.Directory, rarity: dict[str, float]
) -> dict[int, float]:
    """scheme id → the sum, over the terms it shares with the project, of the term's weight in
    the project, in the scheme and its rarity."""
    sums: defaultdict[int, float] = defaultdict(float)  # 0.0 + x is x: the same sums
    for term, idf in rarity.items():
        wanted = query.weights[term]
        for scheme_id, weight in directory.postings[term].items():
            sums[scheme_id] += wanted * weight * idf
    return sums


def _shared_terms(
    scheme_id: int, directory: snapshot.Directory, rarity: dict[str, float]
) -> dict[str, float]:
    """The project's terms the scheme holds → their weight in the scheme."""
    shared = {}
    for term in rarity:
        weight = directory.postings[term].get(scheme_id)
        if weight is not None:
            shared[term] = weight
    return shared


def _relevance(
    words_points: float,
    axis_points: int,
    targeted_points: int,
    trade_points: int,
    record: history.Evidence,
) -> float:
    """A scheme's score: its points, with its history among similar projects (a scheme without
    any scores the sum of its points, as adding 0.0 and dividing by 1 leave it)."""
    relevance = words_points + axis_points + targeted_points + trade_points
    relevance += _history_points(record)
    return relevance / (1 + record.dismissed / (1 + record.mobilised))


def _best(rows: list[tuple], count: int, schemes: dict[int, Candidate]) -> list[tuple]:
    """The `count` best rows (relevance, scheme id, …): by relevance, then organisation and
    name. Only the rows as relevant as the count-th are sorted."""
    if not count or not rows:
        return []
    if len(rows) > count:
        threshold = heapq.nlargest(count, [row[0] for row in rows])[-1]
        rows = [row for row in rows if row[0] >= threshold]
    rows.sort(key=lambda row: (-row[0], schemes[row[1]].organisation, schemes[row[1]].name))
    return rows[:count]


def _own_dismissals(project: Project) -> dict[int, str]:
    """scheme id → why an officer dismissed it for this very project."""
    rows = SuggestionDismissal.objects.filter(project=project).values_list(
        "scheme_id",
        "reason",
        "dismissed_at",
        "dismissed_by__first_name",
        "dismissed_by__last_name",
    )
    return {
        scheme_id: _("écarté pour ce projet le %(date)s%(by)s : %(reason)s")
        % {
            "date": day(timezone.localtime(at).date()),
            "by": _(" par %(name)s") % {"name": f"{first} {last}".strip()} if first or last else "",
            "reason": reason,
        }
        for scheme_id, reason, at, first, last in rows
    }


def _axis_rules(
    project: Project, axes: list, needs: list[Need], *, serves_primary: bool
) -> list[tuple[int, str, int]]:
    """(points, reason, axis) for each way of serving the project's axes and needs, in the
    order reasons are shown; worded once, not once per candidate. `serves_primary`: some
    candidate serves the primary axis (its label is read only then)."""
    rules = []
    if serves_primary:
        # The primary axis is among the project's axes (`keep_primary_axis_among_axes`).
        primary = next((axis for axis in axes if axis.pk == project.primary_axis_id), None)
        rules.append(
            (
                PRIMARY_AXIS_POINTS,
                _("sert l'axe principal « %(axis)s »")
                % {"axis": (primary or project.primary_axis).label},
                project.primary_axis_id,
            )
        )
    for axis in axes:
        if axis.pk != project.primary_axis_id:
            rules.append(
                (OTHER_AXIS_POINTS, _("sert l'axe « %(axis)s »") % {"axis": axis}, axis.pk)
            )
    for need in needs:
        rules.append(
            (
                NEED_POINTS[need.priority],
                _("répond au besoin « %(need)s »") % {"need": need.title},
                need.axis_id,
            )
        )
    return rules


def _history_points(record: history.Evidence) -> float:
    points = HISTORY_POINTS_PER_PROJECT * (record.mobilised + record.obtained)
    return min(HISTORY_POINTS_MAX, points)


def _history_reasons(record: history.Evidence) -> list[str]:
    reasons = []
    if record.mobilised:
        mobilised = ngettext(
            "mobilisé pour %(count)s projet semblable",
            "mobilisé pour %(count)s projets semblables",
            record.mobilised,
        ) % {"count": record.mobilised}
        obtained = ngettext("obtenu %(count)s fois", "obtenu %(count)s fois", record.obtained) % {
            "count": record.obtained
        }
        reasons.append(f"{mobilised}, {obtained}")
    if record.dismissed:
        reasons.append(
            ngettext(
                "écarté pour %(count)s projet semblable",
                "écarté pour %(count)s projets semblables",
                record.dismissed,
            )
            % {"count": record.dismissed}
        )
    return reasons

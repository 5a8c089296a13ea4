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
they are measured on labelled cases. A fixed number of queries whatever the directory's size.
"""

import datetime
import json
import math
from dataclasses import dataclass, field

from django.db.models import Count, Func, Subquery, TextField
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..models import (
    Need,
    Project,
    SchemeCall,
    SchemeTerm,
    SuggestionDismissal,
    SupportScheme,
)
from . import eligibility, history, naf, text
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
    project's axes (unless prefetched) and needs (unless given), then seven.
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
    active = SupportScheme.objects.filter(is_active=True, organisation__is_active=True)
    own_dismissals = _own_dismissals(project)
    if excluded_limit:
        # Every candidate is judged and scored: the schemes ruled out are ranked too.
        candidates, axis_labels = _candidates(project, active, wanted_axis_ids)
        judged = [(candidate, judge(candidate, profile)) for candidate in candidates]
        matches, rarity = _word_matches(query, active)
    else:
        # Only the schemes that may pass the hard rules are read, and their words only.
        prefiltered = (
            active.annotate(**eligibility.prefilter_annotations())
            .filter(eligibility.sql_prefilter(profile))
            .exclude(pk__in=list(own_dismissals))
        )
        candidates, axis_labels = _candidates(project, prefiltered, wanted_axis_ids)
        judged = [(candidate, judge(candidate, profile)) for candidate in candidates]
        judged = [(candidate, verdict) for candidate, verdict in judged if verdict.eligible]
        matches, rarity = _word_matches(query, active, [c.pk for c, _verdict in judged])
    evidence = history.evidence(project, wanted_axis_ids)
    rules = _axis_rules(project, axes, needs, axis_labels)
    query_mass = sum(query.weights[term] * idf for term, idf in rarity.items()) or 1.0

    scored = []
    for candidate, verdict in judged:
        shared = matches.get(candidate.pk, {})
        words_points = (
            TEXT_POINTS
            * sum(query.weights[term] * weight * rarity[term] for term, weight in shared.items())
            / query_mass
        )
        record = evidence.get(candidate.pk, NO_EVIDENCE)
        relevance = (
            words_points
            + sum(points for points, _reason, axis in rules if axis in candidate.axis_ids)
            + TARGETED_FIT_POINTS * verdict.targeted
            + TRADE_POINTS * verdict.trade_targeted
            + _history_points(record)
        )
        relevance /= 1 + record.dismissed / (1 + record.confirmed)
        scored.append((relevance, candidate, verdict))
    scored.sort(key=lambda row: (-row[0], row[1].organisation, row[1].name))

    best, ruled_out = [], []
    for row in scored:
        _relevance, candidate, verdict = row
        if candidate.pk in own_dismissals:
            ruled_out.append((row, [own_dismissals[candidate.pk]], True))
        elif not verdict.eligible:
            ruled_out.append((row, verdict.exclusions, False))
        elif len(best) < limit:
            best.append(row)
    ruled_out = ruled_out[:excluded_limit]
    schemes = SupportScheme.objects.select_related("organisation").in_bulk(
        [row[1].pk for row in best] + [row[1].pk for row, _r, _d in ruled_out]
    )

    def suggestion(relevance: float, candidate: Candidate, verdict: Verdict) -> Suggestion:
        """The suggestion with its reasons, worded only for the schemes shown."""
        shared = matches.get(candidate.pk, {})
        record = evidence.get(candidate.pk, NO_EVIDENCE)
        words = [
            query.shown[term]
            for term in sorted(shared, key=lambda t: -query.weights[t] * shared[t] * rarity[t])
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


def _word_matches(
    query: _Query, active, scheme_ids: list[int] | None = None
) -> tuple[dict[int, dict[str, float]], dict[str, float]]:
    """scheme id → {shared term: its weight in the scheme}; and each query term found in the
    directory → its rarity (idf), always counted over the whole active directory.

    Every active scheme's terms in one query (the directory's size comes along each row); or,
    given `scheme_ids`, those schemes' terms in one query and the terms' counts in another.
    """
    directory_size = Subquery(
        active.order_by().annotate(total=Func("pk", function="COUNT")).values("total")[:1]
    )
    in_directory = SchemeTerm.objects.filter(
        term__in=list(query.weights), scheme__in=active.values("pk")
    )
    matches: dict[int, dict[str, float]] = {}
    frequency: dict[str, int] = {}
    size = 0
    if scheme_ids is None:
        rows = in_directory.annotate(directory_size=directory_size).values_list(
            "scheme_id", "term", "weight", "directory_size"
        )
        for scheme_id, term, weight, directory_size_now in rows:
            matches.setdefault(scheme_id, {})[term] = weight
            frequency[term] = frequency.get(term, 0) + 1
            size = directory_size_now
    else:
        counts = (
            in_directory.order_by()
            .values("term")
            .annotate(schemes=Count("pk"), directory_size=directory_size)
            .values_list("term", "schemes", "directory_size")
        )
        for term, count, directory_size_now in counts:
            frequency[term] = count
            size = directory_size_now
        if scheme_ids:
            rows = SchemeTerm.objects.filter(
                term__in=list(frequency), scheme_id__in=scheme_ids
            ).values_list("scheme_id", "term", "weight")
            for scheme_id, term, weight in rows:
                matches.setdefault(scheme_id, {})[term] = weight
    rarity = {term: math.log(1 + size / count) for term, count in frequency.items()}
    return matches, rarity


def _candidates(
    project: Project, active, wanted_axis_ids: set[int]
) -> tuple[list[Candidate], dict[int, str]]:
    """The active schemes serving a wanted axis and not retained yet, with their conditions,
    the wanted axes they serve and their calls (two queries); and the labels of the wanted axes
    served."""
    already_retained = project.resources.filter(scheme__isnull=False).values("scheme_id")
    candidate_ids = (
        active.filter(axes__in=wanted_axis_ids).exclude(pk__in=already_retained).values("pk")
    )
    # One row per (scheme, wanted axis). The JSON lists come as text, decoded once per
    # distinct value: decoding them row by row through the field cost more than the query
    # itself at scale.
    rows = (
        SupportScheme.axes.through.objects.filter(
            supportscheme_id__in=candidate_ids, interventionaxis_id__in=wanted_axis_ids
        )
        .annotate(
            bands=Cast("supportscheme__headcount_bands", TextField()),
            departments=Cast("supportscheme__departments", TextField()),
            naf_in=Cast("supportscheme__naf_included", TextField()),
            naf_out=Cast("supportscheme__naf_excluded", TextField()),
        )
        .values_list(
            "supportscheme_id",
            "interventionaxis_id",
            "interventionaxis__label",
            "supportscheme__name",
            "supportscheme__organisation__name",
            "supportscheme__kind",
            "bands",
            "departments",
            "naf_in",
            "naf_out",
            "supportscheme__trades",
            "supportscheme__budget_min",
            "supportscheme__budget_max",
        )
    )
    decoded: dict[str, list] = {}

    def decode(value: str) -> list:
        if value not in decoded:
            decoded[value] = json.loads(value) if value else []
        return decoded[value]

    candidates: dict[int, Candidate] = {}
    axis_labels: dict[int, str] = {}
    for (
        pk,
        axis_id,
        axis_label,
        name,
        organisation,
        kind,
        bands,
        departments,
        naf_in,
        naf_out,
        trades,
        budget_min,
        budget_max,
    ) in rows:
        candidate = candidates.get(pk)
        if candidate is None:
            candidate = candidates[pk] = Candidate(
                pk=pk,
                name=name,
                organisation=organisation,
                kind=kind,
                headcount_bands=decode(bands),
                departments=decode(departments),
                naf_included=decode(naf_in),
                naf_excluded=decode(naf_out),
                trades=trades,
                budget_min=budget_min,
                budget_max=budget_max,
            )
        candidate.axis_ids.add(axis_id)
        axis_labels[axis_id] = axis_label
    calls = SchemeCall.objects.filter(scheme_id__in=candidate_ids).values_list(
        "scheme_id", "opens_on", "closes_on", "recurs_yearly"
    )
    for scheme_id, opens_on, closes_on, recurs in calls:
        if scheme_id in candidates:
            candidates[scheme_id].calls.append((opens_on, closes_on, recurs))
    return list(candidates.values()), axis_labels


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
    project: Project, axes: list, needs: list[Need], axis_labels: dict[int, str]
) -> list[tuple[int, str, int]]:
    """(points, reason, axis) for each way of serving the project's axes and needs, in the
    order reasons are shown; worded once, not once per candidate."""
    rules = []
    if project.primary_axis_id in axis_labels:
        rules.append(
            (
                PRIMARY_AXIS_POINTS,
                _("sert l'axe principal « %(axis)s »")
                % {"axis": axis_labels[project.primary_axis_id]},
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
    points = HISTORY_POINTS_PER_PROJECT * (len(record.mobilised) + len(record.obtained))
    return min(HISTORY_POINTS_MAX, points)


def _history_reasons(record: history.Evidence) -> list[str]:
    reasons = []
    if record.mobilised:
        mobilised = ngettext(
            "mobilisé pour %(count)s projet semblable",
            "mobilisé pour %(count)s projets semblables",
            len(record.mobilised),
        ) % {"count": len(record.mobilised)}
        obtained = ngettext(
            "obtenu %(count)s fois", "obtenu %(count)s fois", len(record.obtained)
        ) % {"count": len(record.obtained)}
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

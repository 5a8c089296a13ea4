"""Which support schemes fit a project, best first, and why.

A scheme is a candidate when it is active, serves at least one of the project's axes (or of
its needs' axes) and does not exclude the company by size or territory. Its score adds up what
it matches; each match is a reason shown to the officer.
"""

import json
from dataclasses import dataclass, field

from django.db.models import TextField
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from companies.models import Department, HeadcountBand

from .models import Need, Project, SupportScheme

PRIMARY_AXIS_POINTS = 3
OTHER_AXIS_POINTS = 2
NEED_POINTS = {Need.Priority.HIGH: 2, Need.Priority.MEDIUM: 1, Need.Priority.LOW: 1}
TARGETED_FIT_POINTS = 1


@dataclass
class Suggestion:
    scheme: SupportScheme
    score: int = 0
    reasons: list[str] = field(default_factory=list)


def suggest_schemes(
    project: Project, *, limit: int = 10, needs: list[Need] | None = None
) -> list[Suggestion]:
    """Ranked scheme suggestions for a project (four queries whatever the directory's size).

    Candidates are scored from plain rows (the wanted axes they serve, their sizes, territories
    and names); only the `limit` best are then read as schemes. Reading the whole directory as
    model instances with their axes, and wording every candidate's reasons, took most of the
    project page's time at scale. `needs`: the project's needs, when the caller read them.
    """
    company = project.company
    project_axes = list(project.axes.all())
    project_axis_ids = {axis.pk for axis in project_axes}
    if needs is None:
        needs = list(project.needs.all())
    wanted_axis_ids = project_axis_ids | {need.axis_id for need in needs}
    if project.primary_axis_id:
        wanted_axis_ids.add(project.primary_axis_id)
    if not wanted_axis_ids:
        return []

    candidates, axis_labels = _candidates(project, wanted_axis_ids)
    rules = _point_rules(project, project_axes, needs, axis_labels)
    scored = []
    for candidate in candidates:
        # The scheme's own rules, applied to the row (it has the fields they read).
        if company.headcount_band and not SupportScheme.fits_headcount(
            candidate, company.headcount_band
        ):
            continue
        if not SupportScheme.fits_department(candidate, company.department):
            continue
        earned = [rule for rule in rules if rule.earned_by(candidate)]
        scored.append((sum(rule.points for rule in earned), candidate, earned))
    scored.sort(key=lambda row: (-row[0], row[1].organisation, row[1].name))
    best = scored[:limit]
    schemes = SupportScheme.objects.select_related("organisation").in_bulk(
        [candidate.pk for _score, candidate, _earned in best]
    )
    return [
        Suggestion(schemes[candidate.pk], score, [rule.reason for rule in earned])
        for score, candidate, earned in best
    ]


@dataclass
class _Candidate:
    """A scheme as read for scoring: what the rules and the ranking need, nothing more."""

    pk: int
    headcount_bands: list[str]
    departments: list[str]
    organisation: str
    name: str
    axis_ids: set[int] = field(default_factory=set)  # only the axes the project wants


def _candidates(
    project: Project, wanted_axis_ids: set[int]
) -> tuple[list[_Candidate], dict[int, str]]:
    """Active schemes of active organisations serving a wanted axis, not already retained;
    and the labels of the wanted axes they serve."""
    already_retained = project.resources.filter(scheme__isnull=False).values("scheme_id")
    candidate_ids = (
        SupportScheme.objects.filter(
            is_active=True, organisation__is_active=True, axes__in=wanted_axis_ids
        )
        .exclude(pk__in=already_retained)
        .values("pk")
    )
    # One row per (scheme, wanted axis). The JSON lists come as text, decoded once per distinct
    # value: decoding them row by row through the field cost more than the query itself.
    rows = (
        SupportScheme.axes.through.objects.filter(
            supportscheme_id__in=candidate_ids, interventionaxis_id__in=wanted_axis_ids
        )
        .annotate(
            bands=Cast("supportscheme__headcount_bands", TextField()),
            departments=Cast("supportscheme__departments", TextField()),
        )
        .values_list(
            "supportscheme_id",
            "interventionaxis_id",
            "interventionaxis__label",
            "bands",
            "departments",
            "supportscheme__organisation__name",
            "supportscheme__name",
        )
    )
    decoded: dict[str, list] = {}
    candidates: dict[int, _Candidate] = {}
    axis_labels: dict[int, str] = {}
    for scheme_id, axis_id, axis_label, bands, departments, organisation, name in rows:
        candidate = candidates.get(scheme_id)
        if candidate is None:
            for text in (bands, departments):
                if text not in decoded:
                    decoded[text] = json.loads(text)
            candidate = candidates[scheme_id] = _Candidate(
                scheme_id, decoded[bands], decoded[departments], organisation, name
            )
        candidate.axis_ids.add(axis_id)
        axis_labels[axis_id] = axis_label
    return list(candidates.values()), axis_labels


@dataclass(frozen=True)
class _Rule:
    """One way a scheme earns points for this project, and the reason then shown."""

    points: int
    reason: str
    axis_id: int | None = None  # earned by a scheme serving this axis
    headcount_band: str = ""  # earned by a scheme aimed at this size (among others)
    department: str = ""  # earned by a scheme working in this territory (among others)

    def earned_by(self, candidate: _Candidate) -> bool:
        if self.axis_id is not None:
            return self.axis_id in candidate.axis_ids
        if self.headcount_band:
            return self.headcount_band in candidate.headcount_bands
        return self.department in candidate.departments


def _point_rules(
    project: Project, project_axes: list, needs: list[Need], axis_labels: dict[int, str]
) -> list[_Rule]:
    """Every way a scheme can earn points for this project, in the order reasons are shown.

    The reasons depend only on the project, so they are worded once, not once per candidate.
    The primary axis is named from the candidates' rows (no scheme serving it, no rule).
    """
    rules = []
    if project.primary_axis_id in axis_labels:
        rules.append(
            _Rule(
                PRIMARY_AXIS_POINTS,
                _("sert l'axe principal « %(axis)s »")
                % {"axis": axis_labels[project.primary_axis_id]},
                axis_id=project.primary_axis_id,
            )
        )
    for axis in project_axes:
        if axis.pk != project.primary_axis_id:
            rules.append(
                _Rule(
                    OTHER_AXIS_POINTS,
                    _("sert l'axe « %(axis)s »") % {"axis": axis},
                    axis_id=axis.pk,
                )
            )
    for need in needs:
        rules.append(
            _Rule(
                NEED_POINTS[need.priority],
                _("répond au besoin « %(need)s »") % {"need": need.title},
                axis_id=need.axis_id,
            )
        )
    company = project.company
    if company.headcount_band in HeadcountBand.values:
        rules.append(
            _Rule(
                TARGETED_FIT_POINTS,
                _("destiné aux entreprises de %(band)s")
                % {"band": HeadcountBand(company.headcount_band).label.lower()},
                headcount_band=company.headcount_band,
            )
        )
    if company.department in Department.values:
        rules.append(
            _Rule(
                TARGETED_FIT_POINTS,
                _("intervient en %(department)s")
                % {"department": Department(company.department).label},
                department=company.department,
            )
        )
    return rules

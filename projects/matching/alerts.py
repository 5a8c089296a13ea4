"""Calls for applications worth an officer's attention: those that opened since the last
digest or close soon, for the schemes that fit one of the officer's open projects.

A scheme fits a project as in the suggestions (ranking.py): it serves one of the project's axes
or of its needs' axes, the rules of eligibility.py let it through (size, territory, trade,
excluded activities, budget), and it is neither retained for the project nor dismissed.
A fixed number of queries whatever the numbers: the calls, the schemes and their axes, the
projects with their axes and needs, and the pairs already retained or dismissed.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

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
from .eligibility import Candidate, ProjectProfile, judge


@dataclass
class FittingCall:
    """A call that opened or closes soon, and the projects its scheme fits."""

    scheme_id: int
    scheme_name: str
    organisation: str
    window: CallWindow
    opened: bool  # opened since the last digest (else: closes soon)
    projects: list[Project] = field(default_factory=list)


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
    projects: QuerySet, *, today: datetime.date, since: datetime.date, closing_within: int
) -> list[FittingCall]:
    """The notable calls whose scheme fits one of `projects` (open projects, say), soonest
    deadline first, each with those projects."""
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
    concerned = list(
        projects.filter(Q(axes__in=served) | Q(primary_axis__in=served) | Q(needs__axis__in=served))
        .distinct()
        .select_related("company")
        .order_by("pk")
    )
    if not concerned:
        return []
    project_ids = [project.pk for project in concerned]
    # The projects' axes and needs as plain rows: tens of thousands of projects at national
    # scale, whose prefetched model instances cost more than the judging itself.
    axes_of: dict[int, set[int]] = defaultdict(set)
    for project_id, axis_id in Project.axes.through.objects.filter(
        project_id__in=project_ids
    ).values_list("project_id", "interventionaxis_id"):
        axes_of[project_id].add(axis_id)
    need_titles: dict[int, list[str]] = defaultdict(list)
    for project_id, axis_id, title in Need.objects.filter(project_id__in=project_ids).values_list(
        "project_id", "axis_id", "title"
    ):
        axes_of[project_id].add(axis_id)
        need_titles[project_id].append(title)
    taken = set(
        Resource.objects.filter(
            project_id__in=project_ids, scheme_id__in=list(notable)
        ).values_list("project_id", "scheme_id")
    ) | set(
        SuggestionDismissal.objects.filter(
            project_id__in=project_ids, scheme_id__in=list(notable)
        ).values_list("project_id", "scheme_id")
    )

    found = {
        scheme_id: FittingCall(
            scheme_id, schemes[scheme_id][1], schemes[scheme_id][2], *notable[scheme_id]
        )
        for scheme_id in notable
        if scheme_id in schemes
    }
    candidates = {
        scheme_id: _candidate(schemes[scheme_id], call.window) for scheme_id, call in found.items()
    }
    for project in concerned:
        wanted = set(axes_of[project.pk])
        if project.primary_axis_id:
            wanted.add(project.primary_axis_id)
        profile = None  # its words are read only for a project some call may fit
        for scheme_id, call in found.items():
            if not wanted & scheme_axes[scheme_id] or (project.pk, scheme_id) in taken:
                continue
            profile = profile or _profile(project, need_titles[project.pk], today)
            # The call spoken of is open (or opening): only the scheme's other rules are judged.
            if judge(candidates[scheme_id], profile, calls=False).eligible:
                call.projects.append(project)
    fitting = [call for call in found.values() if call.projects]
    fitting.sort(key=lambda call: (not call.opened, call.window.closes_on, call.scheme_name))
    return fitting


def _profile(project: Project, need_titles: list[str], today: datetime.date) -> ProjectProfile:
    words = [project.title, project.description, naf.activity_text(project.company.naf_code)]
    words += need_titles
    terms = set()
    for source in words:
        terms.update(text.terms(source))
    return ProjectProfile(
        headcount_band=project.company.headcount_band,
        department=project.company.department,
        naf_code=project.company.naf_code,
        budget=project.budget,
        terms=terms,
        today=today,
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

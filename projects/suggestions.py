"""Which support schemes fit a project, best first, and why.

A scheme is a candidate when it is active, serves at least one of the project's axes (or of
its needs' axes) and does not exclude the company by size or territory. Its score adds up what
it matches; each match is a reason shown to the officer.
"""

from dataclasses import dataclass, field

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


def suggest_schemes(project: Project, *, limit: int = 10) -> list[Suggestion]:
    """Ranked scheme suggestions for a project (three queries whatever the directory's size)."""
    company = project.company
    project_axes = list(project.axes.all())
    project_axis_ids = {axis.pk for axis in project_axes}
    needs = list(project.needs.select_related("axis"))
    wanted_axis_ids = project_axis_ids | {need.axis_id for need in needs}
    if project.primary_axis_id:
        wanted_axis_ids.add(project.primary_axis_id)
    if not wanted_axis_ids:
        return []

    already_retained = project.resources.filter(scheme__isnull=False).values("scheme_id")
    schemes = (
        SupportScheme.objects.filter(
            is_active=True, organisation__is_active=True, axes__in=wanted_axis_ids
        )
        .exclude(pk__in=already_retained)
        .select_related("organisation")
        .prefetch_related("axes")
        .distinct()
    )

    suggestions = []
    for scheme in schemes:
        if company.headcount_band and not scheme.fits_headcount(company.headcount_band):
            continue
        if not scheme.fits_department(company.department):
            continue
        suggestions.append(_score(scheme, project, project_axes, needs))
    suggestions.sort(key=lambda s: (-s.score, s.scheme.organisation.name, s.scheme.name))
    return suggestions[:limit]


def _score(
    scheme: SupportScheme, project: Project, project_axes: list, needs: list[Need]
) -> Suggestion:
    suggestion = Suggestion(scheme)
    axes = {axis.pk: axis for axis in scheme.axes.all()}
    if project.primary_axis_id in axes:
        suggestion.score += PRIMARY_AXIS_POINTS
        suggestion.reasons.append(
            _("sert l'axe principal « %(axis)s »") % {"axis": axes[project.primary_axis_id]}
        )
    for axis in project_axes:
        if axis.pk in axes and axis.pk != project.primary_axis_id:
            suggestion.score += OTHER_AXIS_POINTS
            suggestion.reasons.append(_("sert l'axe « %(axis)s »") % {"axis": axis})
    for need in needs:
        if need.axis_id in axes:
            suggestion.score += NEED_POINTS[need.priority]
            suggestion.reasons.append(_("répond au besoin « %(need)s »") % {"need": need.title})
    company = project.company
    if scheme.headcount_bands and company.headcount_band in scheme.headcount_bands:
        suggestion.score += TARGETED_FIT_POINTS
        suggestion.reasons.append(
            _("destiné aux entreprises de %(band)s")
            % {"band": HeadcountBand(company.headcount_band).label.lower()}
        )
    if scheme.departments and company.department in scheme.departments:
        suggestion.score += TARGETED_FIT_POINTS
        suggestion.reasons.append(
            _("intervient en %(department)s") % {"department": Department(company.department).label}
        )
    return suggestion

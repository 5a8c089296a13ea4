"""What the programme's own history says of each scheme for a project: how often it was
mobilised for similar projects and obtained, and how often officers dismissed it for them.

Similar projects: the other projects that share the project's primary axis (any of its axes
when it has none), or whose company works in the same NAF division. A fixed number of queries,
grouped by scheme, whatever the history's size.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet

from ..models import (
    FinancingLine,
    Project,
    Resource,
    SchemeKind,
    SuggestionDismissal,
    SupportAction,
)

STARTED_ACTIONS = (SupportAction.Status.IN_PROGRESS, SupportAction.Status.DONE)


@dataclass
class Evidence:
    """One scheme's record with similar projects."""

    mobilised: set[int] = field(default_factory=set)  # project ids
    obtained: set[int] = field(default_factory=set)
    dismissed: int = 0

    @property
    def confirmed(self) -> int:
        return len(self.mobilised)


def similar_projects(project: Project, axis_ids: set[int]) -> QuerySet:
    axes = {project.primary_axis_id} if project.primary_axis_id else axis_ids
    through = Project.axes.through
    shares_axis = Exists(
        through.objects.filter(project_id=OuterRef("pk"), interventionaxis_id__in=axes)
    )
    similar = Q(shares_axis) if axes else Q(pk__in=[])
    division = (project.company.naf_code or "")[:2]
    if division:
        similar |= Q(company__naf_code__startswith=division)
    return Project.objects.filter(similar).exclude(pk=project.pk).values("pk")


def evidence(project: Project, axis_ids: set[int]) -> dict[int, Evidence]:
    """scheme id → its evidence among similar projects (four queries)."""
    similar = similar_projects(project, axis_ids)
    found: dict[int, Evidence] = {}

    def of(scheme_id: int) -> Evidence:
        return found.setdefault(scheme_id, Evidence())

    resources = (
        Resource.objects.filter(project__in=similar, scheme__isnull=False)
        .values_list("scheme_id", "project_id", "status")
        .distinct()
    )
    for scheme_id, project_id, status in resources:
        of(scheme_id).mobilised.add(project_id)
        if status == Resource.Status.OBTAINED:
            of(scheme_id).obtained.add(project_id)
    lines = (
        FinancingLine.objects.filter(project__in=similar, scheme__isnull=False)
        .values_list("scheme_id", "project_id", "status")
        .distinct()
    )
    for scheme_id, project_id, status in lines:
        of(scheme_id).mobilised.add(project_id)
        if status == FinancingLine.Status.GRANTED:
            of(scheme_id).obtained.add(project_id)
    # Actions name an organisation, not a scheme: each counts for that organisation's schemes
    # of the same kind (a collaborative action for its research partnerships).
    actions = (
        SupportAction.objects.filter(project__in=similar)
        .exclude(status=SupportAction.Status.CANCELLED)
        .filter(
            Q(provider__schemes__kind=F("kind"))
            | Q(
                kind=SupportAction.Kind.COLLABORATIVE,
                provider__schemes__kind=SchemeKind.RESEARCH,
            )
        )
        .values_list("provider__schemes__id", "project_id", "status")
        .distinct()
    )
    for scheme_id, project_id, status in actions:
        of(scheme_id).mobilised.add(project_id)
        if status in STARTED_ACTIONS:
            of(scheme_id).obtained.add(project_id)
    dismissals = (
        SuggestionDismissal.objects.filter(project__in=similar)
        .values("scheme_id")
        .annotate(count=Count("id"))
    )
    for row in dismissals:
        of(row["scheme_id"]).dismissed = row["count"]
    return found

"""What the programme's own history says of each scheme for a project: how often it was
mobilised for similar projects and obtained, and how often officers dismissed it for them.

Similar projects: the other projects that share the project's primary axis (any of its axes
when it has none), or whose company works in the same NAF division: the latest
SIMILAR_PROJECTS_READ of them. Three queries, whose cost does not grow with the years of history: at
national scale a primary axis is shared by tens of thousands of projects, and reading all their
resources took a second per project page.
"""

import json
from dataclasses import dataclass

from django.db import connection
from django.db.models import Case, F, Q, Value, When
from django.db.models.expressions import RawSQL

from ..models import (
    FinancingLine,
    Project,
    Resource,
    SchemeKind,
    SuggestionDismissal,
    SupportAction,
)

STARTED_ACTIONS = (SupportAction.Status.IN_PROGRESS, SupportAction.Status.DONE)
# What a row of history says of a scheme for a similar project.
MOBILISED, OBTAINED, DISMISSED = "mobilised", "obtained", "dismissed"
# The recent history the evidence is read from (the newest similar projects).
SIMILAR_PROJECTS_READ = 2000


@dataclass(frozen=True)
class Evidence:
    """One scheme's record with similar projects: counts of projects, and of dismissals."""

    mobilised: int = 0  # similar projects it was mobilised for
    obtained: int = 0  # of those, the projects that obtained it
    dismissed: int = 0


def similar_projects(project: Project, axis_ids: set[int]) -> list[int]:
    """The ids of the newest SIMILAR_PROJECTS_READ similar projects, newest first.

    The newest of those sharing the axes and the newest of those in the same division are read
    apart, each down an index from the newest, then merged: the newest of both are among them.
    Read as one query, PostgreSQL at times joined every project with every company (0.5 s)."""
    axes = {project.primary_axis_id} if project.primary_axis_id else axis_ids
    wanted = SIMILAR_PROJECTS_READ + 1  # the project itself may be among them
    found: set[int] = set()
    if axes:
        sharing = Project.axes.through.objects.filter(interventionaxis_id__in=axes)
        found.update(
            sharing.order_by("-project_id").values_list("project_id", flat=True).distinct()[:wanted]
        )
    division = (project.company.naf_code or "")[:2]
    if division:
        same_trade = Project.objects.filter(company__naf_code__startswith=division)
        if len(found) == wanted:
            # Older than the oldest of those, no project can be among the newest.
            same_trade = same_trade.filter(pk__gte=min(found))
        found.update(same_trade.order_by("-pk").values_list("pk", flat=True)[:wanted])
    found.discard(project.pk)
    return sorted(found, reverse=True)[:SIMILAR_PROJECTS_READ]


def evidence(project: Project, axis_ids: set[int]) -> dict[int, Evidence]:
    """scheme id → its evidence among similar projects, in three queries: the similar projects
    (two), then the resources, the financing lines, the support actions and the dismissals of
    similar projects as rows of (scheme, project, what happened), counted per scheme."""
    # Read once, then looked up by key in each of the four parts of the union, handed over as
    # one parameter: 2,000 ids as a list of 8,000 parameters took Django longer to prepare
    # than the database to answer.
    similar_ids = similar_projects(project, axis_ids)
    if not similar_ids:
        return {}
    similar = _ids_parameter(similar_ids)

    def outcome(obtained: Q) -> Case:
        return Case(When(obtained, then=Value(OBTAINED)), default=Value(MOBILISED))

    resources = (
        Resource.objects.filter(project__in=similar, scheme__isnull=False)
        .annotate(outcome=outcome(Q(status=Resource.Status.OBTAINED)))
        .values_list("scheme_id", "project_id", "outcome")
        .order_by()
    )
    lines = (
        FinancingLine.objects.filter(project__in=similar, scheme__isnull=False)
        .annotate(outcome=outcome(Q(status=FinancingLine.Status.GRANTED)))
        .values_list("scheme_id", "project_id", "outcome")
        .order_by()
    )
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
        .annotate(outcome=outcome(Q(status__in=STARTED_ACTIONS)))
        .values_list("provider__schemes__id", "project_id", "outcome")
        .order_by()
    )
    dismissals = (
        SuggestionDismissal.objects.filter(project__in=similar)
        .annotate(outcome=Value(DISMISSED))
        .values_list("scheme_id", "project_id", "outcome")
        .order_by()
    )
    # The union would take Resource's default ordering, which names no column of the rows.
    # UNION ALL: a repeated row changes no count of distinct projects, and a project dismisses
    # a scheme once (one row per project and scheme); removing duplicates cost a tenth of the
    # query.
    rows = resources.union(lines, actions, dismissals, all=True).order_by()
    # Counted per scheme by the database: reading the rows (tens of thousands for a common
    # axis) and gathering them in sets took most of a ranking's time.
    rows_sql, params = rows.query.sql_with_params()
    counted = f"""
        WITH history (scheme_id, project_id, outcome) AS ({rows_sql})
        SELECT scheme_id,
            COUNT(DISTINCT CASE WHEN outcome <> %s THEN project_id END),
            COUNT(DISTINCT CASE WHEN outcome = %s THEN project_id END),
            COUNT(CASE WHEN outcome = %s THEN 1 END)
        FROM history GROUP BY scheme_id"""  # noqa: S608 (the ORM's SQL, values bound)
    with connection.cursor() as cursor:
        cursor.execute(counted, (*params, DISMISSED, OBTAINED, DISMISSED))
        return {
            scheme_id: Evidence(mobilised=mobilised, obtained=obtained, dismissed=dismissed)
            for scheme_id, mobilised, obtained, dismissed in cursor.fetchall()
        }


def _ids_parameter(ids: list[int]) -> RawSQL:
    """These ids as a subquery of a single JSON parameter, for `…__in=`."""
    if connection.vendor == "postgresql":
        sql = "SELECT jsonb_array_elements_text(%s::jsonb)::bigint"
    else:
        sql = "SELECT value FROM json_each(%s)"
    return RawSQL(sql, [json.dumps(ids)])  # noqa: S611 (constant SQL, the ids bound)

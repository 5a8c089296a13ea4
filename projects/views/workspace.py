"""The officer's workspace: "my portfolio", the project list and its CSV and Excel exports."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Count, F, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from companies.models import Interaction
from pmi_aqt.accounts.models import User
from pmi_aqt.accounts.permissions import require
from pmi_aqt.pagination import IdPaginator

from ..filters import SORTS, ProjectFilter
from ..forms.workspace import PortfolioOwnerForm
from ..models import FollowUp, Project, Stage, SupportAction
from ..models.project import CLOSED_STAGES
from ..permissions import (
    can_export_projects,
    can_view_others_portfolios,
    can_view_project,
    visible_projects,
)
from ..services import exports

PROJECTS_PER_PAGE = 25
ACTIONS_ENDING_WITHIN = timedelta(days=30)
FOLLOW_UPS_DUE_WITHIN = timedelta(days=14)

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _days_since(moment: datetime, today: date) -> int:
    return (today - timezone.localdate(moment)).days


# Each list of the portfolio shows its first rows only, with its total and a link that
# opens it in full (?tout=<section>): the page costs the same for 30 or 3,000 projects.
PORTFOLIO_ROWS = 10
FULL_SECTIONS = frozenset({"etapes", "actions", "suivis"})


@dataclass
class StageGroup:
    stage: Stage
    projects: list[Project] = field(default_factory=list)
    total: int = 0

    @property
    def truncated(self) -> bool:
        return self.total > len(self.projects)


@dataclass
class Portfolio:
    """What one person holds: open projects by stage and what needs doing about them."""

    owner: User
    today: date
    stage_groups: list[StageGroup]
    overdue_steps: list[Interaction]
    ending_actions: list[SupportAction]
    due_follow_ups: list[FollowUp]
    overdue_steps_total: int = 0
    ending_actions_total: int = 0
    due_follow_ups_total: int = 0

    @property
    def open_count(self) -> int:
        return sum(group.total for group in self.stage_groups)


def _first_rows(queryset: QuerySet, limit: int | None) -> tuple[list, int]:
    """The first `limit` rows (all with None) and the total, in one query."""
    queryset = queryset.annotate(full_count=Window(Count("id")))
    rows = list(queryset if limit is None else queryset[:limit])
    return rows, (rows[0].full_count if rows else 0)


def build_portfolio(owner: User, today: date, full: str = "") -> Portfolio:
    """Four queries whatever the number of projects, steps, actions and follow-ups.

    Every list is bounded (PORTFOLIO_ROWS per stage and per section) unless `full` names it:
    a stage's value, or one of FULL_SECTIONS.
    """
    held = Project.objects.filter(Q(officer=owner) | Q(finance_officer=owner))
    open_held = held.open()
    groups = {
        stage: StageGroup(Stage(stage)) for stage in Stage.values if stage not in CLOSED_STAGES
    }
    by_stage = F("stage")
    ranked = (
        open_held.annotate(
            stage_rank=Window(
                RowNumber(), partition_by=[by_stage], order_by=[F("stage_changed_at"), F("id")]
            ),
            stage_total=Window(Count("id"), partition_by=[by_stage]),
        )
        .filter(Q(stage_rank__lte=PORTFOLIO_ROWS) | Q(stage=full))
        .select_related("company")
        .only("id", "title", "stage", "stage_changed_at", "company__id", "company__name")
        .order_by("stage_changed_at", "id")
    )
    for project in ranked:
        project.days_in_stage = _days_since(project.stage_changed_at, today)
        group = groups[project.stage]
        group.projects.append(project)
        group.total = project.stage_total

    def limit(section: str) -> int | None:
        return None if full == section else PORTFOLIO_ROWS

    # Steps logged by the owner, or on the companies of the projects they hold now (a
    # company whose projects are all closed is no longer theirs to follow up). The two halves
    # are a UNION, each read from its own partial index: with an OR, PostgreSQL walked every
    # open step due before today (thousands at scale) to keep a few dozen.
    overdue = Interaction.objects.overdue(today)
    overdue_ids = (
        overdue.filter(officer=owner)
        .values("pk")
        .union(overdue.filter(company_id__in=open_held.values("company_id")).values("pk"))
    )
    overdue_steps, overdue_total = _first_rows(
        Interaction.objects.filter(pk__in=overdue_ids)
        .select_related("company", "officer")
        .order_by("next_step_due", "id"),
        limit("etapes"),
    )
    ending_actions, ending_total = _first_rows(
        SupportAction.objects.exclude(status__in=SupportAction.FINISHED)
        .filter(project__in=held.values("pk"), ends_on__lte=today + ACTIONS_ENDING_WITHIN)
        .select_related("project__company", "provider")
        .order_by("ends_on", "id"),
        limit("actions"),
    )
    due_follow_ups, follow_ups_total = _first_rows(
        FollowUp.objects.filter(
            project__in=held.values("pk"),
            answered_at__isnull=True,
            due_on__lte=today + FOLLOW_UPS_DUE_WITHIN,
        )
        .select_related("project__company")
        .order_by("due_on", "id"),
        limit("suivis"),
    )
    return Portfolio(
        owner=owner,
        today=today,
        stage_groups=list(groups.values()),
        overdue_steps=overdue_steps,
        ending_actions=ending_actions,
        due_follow_ups=due_follow_ups,
        overdue_steps_total=overdue_total,
        ending_actions_total=ending_total,
        due_follow_ups_total=follow_ups_total,
    )


@require(can_view_project)
@require_safe
def portfolio(request: HttpRequest) -> HttpResponse:
    owner_form, owner = None, request.user
    if can_view_others_portfolios(request.user):
        owner_form, owner = PortfolioOwnerForm.for_viewer(request.GET, request.user)
    full = request.GET.get("tout", "")
    if full not in FULL_SECTIONS and full not in Stage.values:
        full = ""
    query = request.GET.copy()
    query.pop("tout", None)
    context = {
        "portfolio": build_portfolio(owner, timezone.localdate(), full),
        "owner_form": owner_form,
        "is_own": owner.pk == request.user.pk,
        "full_section": full,
        # "Voir tout" links keep the chosen person: ?personne=…&tout=<section>
        "full_link_prefix": f"?{query.urlencode()}&tout=" if query else "?tout=",
    }
    return render(request, "projects/workspace/portfolio.html", context)


def _filtered_projects(request: HttpRequest, queryset: QuerySet) -> ProjectFilter:
    return ProjectFilter(request.GET, queryset=visible_projects(request.user, queryset))


@require(can_view_project)
@require_safe
def project_list(request: HttpRequest) -> HttpResponse:
    project_filter = _filtered_projects(request, Project.objects.all())
    paginator = IdPaginator(
        project_filter.qs,
        PROJECTS_PER_PAGE,
        ordering=SORTS[project_filter.current_sort],
        rows=Project.objects.select_related("company", "primary_axis", "officer"),
    )
    page = paginator.get_page(request.GET.get("page"))
    today = timezone.localdate()
    for project in page:
        project.days_in_stage = _days_since(project.stage_changed_at, today)
    context = {"filter": project_filter, "page_obj": page, "columns": project_filter.columns()}
    return render(request, "projects/workspace/project_list.html", context)


@require(can_export_projects)
@require_safe
def export_csv(request: HttpRequest) -> StreamingHttpResponse:
    # Streamed: the first rows leave while the last are read, in a bounded memory.
    projects = _filtered_projects(request, exports.export_queryset()).qs
    response = StreamingHttpResponse(
        exports.projects_csv(projects), content_type="text/csv; charset=utf-8"
    )
    filename = exports.export_filename("csv")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require(can_export_projects)
@require_safe
def export_xlsx(request: HttpRequest) -> FileResponse:
    projects = _filtered_projects(request, exports.export_queryset()).qs
    return FileResponse(
        exports.projects_xlsx(projects),
        as_attachment=True,
        filename=exports.export_filename("xlsx"),
        content_type=XLSX_CONTENT_TYPE,
    )

"""The officer's workspace: "my portfolio", the project list and its CSV and Excel exports."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from companies.models import Interaction
from pmi_aqt.accounts.models import User
from pmi_aqt.accounts.permissions import staff_required

from ..filters import SORTS, ProjectFilter
from ..forms.workspace import PortfolioOwnerForm
from ..models import FollowUp, Project, Stage, SupportAction
from ..models.project import CLOSED_STAGES
from ..services import exports

PROJECTS_PER_PAGE = 25
ACTIONS_ENDING_WITHIN = timedelta(days=30)
FOLLOW_UPS_DUE_WITHIN = timedelta(days=14)

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _days_since(moment: datetime, today: date) -> int:
    return (today - timezone.localdate(moment)).days


@dataclass
class StageGroup:
    stage: Stage
    projects: list[Project] = field(default_factory=list)


@dataclass
class Portfolio:
    """What one person holds: open projects by stage and what needs doing about them."""

    owner: User
    today: date
    stage_groups: list[StageGroup]
    overdue_steps: list[Interaction]
    ending_actions: list[SupportAction]
    due_follow_ups: list[FollowUp]

    @property
    def open_count(self) -> int:
        return sum(len(group.projects) for group in self.stage_groups)


def build_portfolio(owner: User, today: date) -> Portfolio:
    """Four queries whatever the number of projects, steps, actions and follow-ups."""
    held = Project.objects.filter(Q(officer=owner) | Q(finance_officer=owner))
    groups = {
        stage: StageGroup(Stage(stage)) for stage in Stage.values if stage not in CLOSED_STAGES
    }
    for project in held.open().select_related("company").order_by("stage_changed_at", "id"):
        project.days_in_stage = _days_since(project.stage_changed_at, today)
        groups[project.stage].projects.append(project)

    overdue_steps = (
        Interaction.objects.overdue(today)
        .filter(Q(officer=owner) | Q(company_id__in=held.values("company_id")))
        .select_related("company", "officer")
        .order_by("next_step_due", "id")
    )
    ending_actions = (
        SupportAction.objects.exclude(status__in=SupportAction.FINISHED)
        .filter(project__in=held.values("pk"), ends_on__lte=today + ACTIONS_ENDING_WITHIN)
        .select_related("project__company", "provider")
        .order_by("ends_on", "id")
    )
    due_follow_ups = (
        FollowUp.objects.filter(
            project__in=held.values("pk"),
            answered_at__isnull=True,
            due_on__lte=today + FOLLOW_UPS_DUE_WITHIN,
        )
        .select_related("project__company")
        .order_by("due_on", "id")
    )
    return Portfolio(
        owner=owner,
        today=today,
        stage_groups=list(groups.values()),
        overdue_steps=list(overdue_steps),
        ending_actions=list(ending_actions),
        due_follow_ups=list(due_follow_ups),
    )


@staff_required
@require_safe
def portfolio(request: HttpRequest) -> HttpResponse:
    owner_form, owner = None, request.user
    if request.user.is_manager:
        owner_form, owner = PortfolioOwnerForm.for_viewer(request.GET, request.user)
    context = {
        "portfolio": build_portfolio(owner, timezone.localdate()),
        "owner_form": owner_form,
        "is_own": owner.pk == request.user.pk,
    }
    return render(request, "projects/workspace/portfolio.html", context)


def _filtered_projects(request: HttpRequest, queryset: QuerySet) -> ProjectFilter:
    return ProjectFilter(request.GET, queryset=queryset.visible_to(request.user))


class IdPaginator(Paginator):
    """Pages chosen over the projects' ids alone, then the page's rows read by id.

    The OFFSET walks the filtered and sorted ids only (an index-only scan for the default
    sort), never the joined rows of the pages skipped; the page's 25 rows are then read with
    their company, axis and officer in the same query (`pk IN (… LIMIT 25 OFFSET n)`).
    """

    def __init__(self, object_list: QuerySet, per_page: int, ordering, rows: QuerySet):
        super().__init__(object_list, per_page)
        self.ordering = ordering
        self.rows = rows

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        page_ids = self.object_list.order_by(*self.ordering).values("pk")[bottom:top]
        rows = self.rows.filter(pk__in=page_ids).order_by(*self.ordering)
        return self._get_page(rows, number, self)


@staff_required
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


def _attachment(content: bytes, content_type: str, extension: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    filename = exports.export_filename(extension)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@staff_required
@require_safe
def export_csv(request: HttpRequest) -> HttpResponse:
    projects = _filtered_projects(request, exports.export_queryset()).qs
    return _attachment(exports.projects_csv(projects), "text/csv; charset=utf-8", "csv")


@staff_required
@require_safe
def export_xlsx(request: HttpRequest) -> HttpResponse:
    projects = _filtered_projects(request, exports.export_queryset()).qs
    return _attachment(exports.projects_xlsx(projects), XLSX_CONTENT_TYPE, "xlsx")

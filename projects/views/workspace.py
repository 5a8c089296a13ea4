"""The officer's workspace: "my portfolio", the manager's team view, the project list and its CSV
and Excel exports."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Case, Count, F, Q, QuerySet, Sum, Value, When, Window
from django.db.models.functions import RowNumber
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    JsonResponse,
    StreamingHttpResponse,
)
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from companies.models import Interaction
from pmi_aqt.accounts.models import User
from pmi_aqt.accounts.permissions import require
from pmi_aqt.exports import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE
from pmi_aqt.jobs.views import background, beyond_direct_limit, query_parameters
from pmi_aqt.pagination import SEARCH_COUNT_LIMIT, IdPaginator

from ..background import PROJECTS_CSV, PROJECTS_XLSX
from ..filters import SORTS, ProjectFilter
from ..forms.workspace import PortfolioOwnerForm, portfolio_owners
from ..models import FollowUp, Project, Stage, SupportAction
from ..models.project import CLOSED_STAGES, STALLED_AFTER_DAYS, stalled_condition
from ..people import TEAM_SETS, team_field
from ..permissions import (
    can_export_projects,
    can_search_team,
    can_view_others_portfolios,
    can_view_project,
    can_view_team,
    can_view_unassigned_requests,
    visible_projects,
)
from ..services import exports
from ..stats.summed import held_projects

PROJECTS_PER_PAGE = 25
TEAM_PER_PAGE = 50
ACTIONS_ENDING_WITHIN = timedelta(days=30)
FOLLOW_UPS_DUE_WITHIN = timedelta(days=14)


def _days_since(moment: datetime, today: date) -> int:
    return (today - timezone.localdate(moment)).days


# Each list of the portfolio shows its first rows only, with its total and a link that
# opens it in full (?tout=<section>): the page costs the same for 30 or 3,000 projects.
PORTFOLIO_ROWS = 10
FULL_SECTIONS = frozenset({"etapes", "actions", "suivis", "seances"})
OPEN_STAGES = [Stage(stage) for stage in Stage.values if stage not in CLOSED_STAGES]


@dataclass
class StageGroup:
    stage: Stage
    projects: list[Project] = field(default_factory=list)
    total: int = 0
    # Of `total`, the projects in the stage for longer than it allows (STALLED_AFTER_DAYS).
    stalled: int = 0

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


# What the portfolio's rows show of a project and of a person (see `build_portfolio`).
_PROJECT_COLUMNS = (
    "project__id",
    "project__title",
    "project__company__id",
    "project__company__name",
)
_PERSON_COLUMNS = ("officer__id", "officer__first_name", "officer__last_name", "officer__email")


def build_portfolio(owner: User, today: date, full: str = "") -> Portfolio:
    """Four queries whatever the number of projects, steps, actions and follow-ups.

    Every list is bounded (PORTFOLIO_ROWS per stage and per section) unless `full` names it:
    a stage's value, or one of FULL_SECTIONS.
    """
    held = Project.objects.filter(Q(officer=owner) | Q(finance_officer=owner))
    open_held = held.open()
    groups = {stage.value: StageGroup(stage) for stage in OPEN_STAGES}
    by_stage = F("stage")
    stalled = Case(When(stalled_condition(timezone.now()), then=Value(1)), default=Value(0))
    ranked = (
        open_held.annotate(
            stage_rank=Window(
                RowNumber(), partition_by=[by_stage], order_by=[F("stage_changed_at"), F("id")]
            ),
            stage_total=Window(Count("id"), partition_by=[by_stage]),
            is_stalled=stalled,
            stage_stalled=Window(Sum(stalled), partition_by=[by_stage]),
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
        group.stalled = project.stage_stalled

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
        # The columns the rows show: whole rows of three tables were most of the decoding.
        .only(
            "id",
            "next_step",
            "next_step_due",
            "company__id",
            "company__name",
            *_PERSON_COLUMNS,
        )
        .order_by("next_step_due", "id"),
        limit("etapes"),
    )
    ending_actions, ending_total = _first_rows(
        SupportAction.objects.exclude(status__in=SupportAction.FINISHED)
        .filter(project__in=held.values("pk"), ends_on__lte=today + ACTIONS_ENDING_WITHIN)
        .select_related("project__company", "provider")
        .only(
            "id",
            "kind",
            "title",
            "status",
            "ends_on",
            "provider__id",
            "provider__name",
            *_PROJECT_COLUMNS,
        )
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
        .only("id", "months", "due_on", *_PROJECT_COLUMNS)
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


@dataclass
class Unassigned:
    """The new requests no officer holds yet, oldest first: the first rows and their number."""

    projects: list[Project]
    total: int

    @property
    def truncated(self) -> bool:
        return self.total > len(self.projects)

    @property
    def list_url(self) -> str:
        """The project list holding exactly these requests, the longest waiting first."""
        return f"{reverse('projects:list')}?etape={Stage.INTAKE}&charge=aucun&tri=recu"


def unassigned_requests(today: date, limit: int = PORTFOLIO_ROWS) -> Unassigned:
    """One query whatever their number."""
    projects, total = _first_rows(
        Project.objects.filter(stage=Stage.INTAKE, officer__isnull=True)
        .select_related("company")
        .only("id", "title", "created_at", "company__id", "company__name", "company__department")
        .order_by("created_at", "id"),
        limit,
    )
    for project in projects:
        project.days_waiting = _days_since(project.created_at, today)
    return Unassigned(projects, total)


@require(can_view_project)
@require_safe
def portfolio(request: HttpRequest) -> HttpResponse:
    owner_form, owner = None, request.user
    if can_view_others_portfolios(request.user):
        owner_form, owner = PortfolioOwnerForm.for_viewer(
            request.GET, request.user, search_url=reverse("projects:portfolio_people")
        )
    full = request.GET.get("tout", "")
    if full not in FULL_SECTIONS and full not in Stage.values:
        full = ""
    query = request.GET.copy()
    query.pop("tout", None)
    today = timezone.localdate()
    context = {
        "portfolio": build_portfolio(owner, today, full),
        "owner_form": owner_form,
        "is_own": owner.pk == request.user.pk,
        "full_section": full,
        "full_task_forces": full == "seances",
        # "Voir tout" links keep the chosen person: ?personne=…&tout=<section>
        "full_link_prefix": f"?{query.urlencode()}&tout=" if query else "?tout=",
        "unassigned": (
            unassigned_requests(today) if can_view_unassigned_requests(request.user) else None
        ),
        "may_view_team": can_view_team(request.user),
    }
    return render(request, "projects/workspace/portfolio.html", context)


@require(can_view_others_portfolios)
@require_safe
def portfolio_people(request: HttpRequest) -> JsonResponse:
    """The first members of the team matching `q`, as the portfolio's selector writes them."""
    field = PortfolioOwnerForm().fields["personne"]
    return JsonResponse({"results": field.suggestions(request.GET.get("q", "")[:200])})


@require(can_search_team)
@require_safe
def team_people(request: HttpRequest, among: str) -> JsonResponse:
    """The first people of the team matching `q` that a field choosing among `among` accepts
    (projects/people.py), as its input writes them."""
    if among not in TEAM_SETS:
        raise Http404
    field = team_field(among)
    return JsonResponse({"results": field.suggestions(request.GET.get("q", "")[:200])})


# --- The manager's view of the team


@dataclass
class TeamMember:
    """One person of the team: what they hold and what is waiting on them."""

    person: User
    by_stage: list[tuple[Stage, int]]
    stalled: int
    overdue_steps: int

    @property
    def open_count(self) -> int:
        return sum(count for _stage, count in self.by_stage)

    @property
    def portfolio_url(self) -> str:
        return f"{reverse('projects:portfolio')}?personne={self.person.pk}"


def _stalled_counts(held: dict[tuple[int, str], int], now: datetime) -> Counter:
    """Open projects in their stage for longer than it allows, per person who holds them as
    officer or finance officer (once when both): those `held` in such a stage less those that
    reached it lately. One grouped query over the recent moves only (by the stage and date
    index), so its cost follows the team's activity, not the number of projects."""
    first, *others = [
        Project.objects.filter(stage=stage, stage_changed_at__gte=now - timedelta(days=days))
        .order_by()
        .values("officer_id", "finance_officer_id")
        .annotate(total=Count("*"))
        .values_list("officer_id", "finance_officer_id", "total")
        for stage, days in STALLED_AFTER_DAYS.items()
    ]
    counts: Counter = Counter()
    for (person_id, stage), total in held.items():
        if stage in STALLED_AFTER_DAYS:
            counts[person_id] += total
    for officer_id, finance_officer_id, total in first.union(*others, all=True).order_by():
        for person_id in {officer_id, finance_officer_id} - {None}:
            counts[person_id] -= total
    return counts


def _overdue_step_counts(today: date, people_ids: set[int]) -> Counter:
    """Overdue next steps per person of `people_ids` (a page of the team), as each one's
    portfolio counts them (steps they logged, and steps on the companies of the open projects
    they hold): two queries, each step once per person.

    The open projects these people hold on the overdue steps' companies are read first (the
    steps through their partial index), then the overdue steps these people logged or that
    are on those companies, and put together here: joining the steps' companies to every open
    project read 130,000 index entries at national scale, for the whole team on each visit.
    """
    overdue = Interaction.objects.overdue(today).order_by()
    holders: dict[int, set[int]] = {}
    on_those_companies = Project.objects.filter(
        stage__in=[stage.value for stage in OPEN_STAGES],
        # A subquery, not the 8,650 companies' ids written out: with the list, PostgreSQL read
        # every open project's index entry.
        company_id__in=overdue.values("company_id"),
    ).order_by()
    columns = ("company_id", "officer_id", "finance_officer_id")
    # One part per role, each read from its index (an OR of the two read them all).
    held = (
        on_those_companies.filter(officer_id__in=people_ids)
        .values_list(*columns)
        .union(
            on_those_companies.filter(finance_officer_id__in=people_ids).values_list(*columns),
            all=True,
        )
        .order_by()
    )
    for company_id, officer_id, finance_officer_id in held:
        holders.setdefault(company_id, set()).update({officer_id, finance_officer_id} & people_ids)
    steps = overdue.filter(Q(officer_id__in=people_ids) | Q(company_id__in=list(holders)))
    counts: Counter = Counter()
    for officer_id, company_id in steps.values_list("officer_id", "company_id"):
        people = holders.get(company_id, set())
        counts.update(people | {officer_id} if officer_id in people_ids else people)
    return counts


def build_team(people: list[User], today: date) -> list[TeamMember]:
    """These people of the team (a page) with their counts: five queries whatever their
    number or the team's."""
    held = held_projects()
    stalled = _stalled_counts(held, timezone.now())
    overdue = _overdue_step_counts(today, {person.pk for person in people})
    team = []
    for person in people:
        by_stage = [(stage, held.get((person.pk, stage.value), 0)) for stage in OPEN_STAGES]
        team.append(
            TeamMember(person, by_stage, stalled.get(person.pk, 0), overdue.get(person.pk, 0))
        )
    return team


@require(can_view_team)
@require_safe
def team(request: HttpRequest) -> HttpResponse:
    """The team by name, a page of TEAM_PER_PAGE people at a time: some 600 people of eleven
    cells made a 1.3 MB page, and their overdue steps were counted for all of them."""
    today = timezone.localdate()
    page = IdPaginator(portfolio_owners(), TEAM_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page_obj": page,
        "team": build_team(list(page), today),
        "stages": OPEN_STAGES,
        "unassigned": (
            unassigned_requests(today) if can_view_unassigned_requests(request.user) else None
        ),
    }
    return render(request, "projects/workspace/team.html", context)


def _filtered_projects(request: HttpRequest, queryset: QuerySet) -> ProjectFilter:
    return ProjectFilter(request.GET, queryset=visible_projects(request.user, queryset))


@require(can_view_project)
@require_safe
def project_list(request: HttpRequest) -> HttpResponse:
    project_filter = _filtered_projects(request, Project.objects.all())
    listed = project_filter.qs
    paginator = IdPaginator(
        listed,
        PROJECTS_PER_PAGE,
        ordering=SORTS[project_filter.current_sort],
        rows=Project.objects.select_related("company", "primary_axis", "officer"),
        # A search lists its first thousand projects in the order chosen; the exports hold all.
        count_limit=SEARCH_COUNT_LIMIT if project_filter.form.cleaned_data.get("q") else None,
    )
    page = paginator.get_page(request.GET.get("page"))
    today = timezone.localdate()
    for project in page:
        project.days_in_stage = _days_since(project.stage_changed_at, today)
    context = {
        "filter": project_filter,
        "page_obj": page,
        "columns": project_filter.columns(),
        "criteria": project_filter.drill_down(),
    }
    return render(request, "projects/workspace/project_list.html", context)


def _export(request: HttpRequest, kind: str, extension: str) -> HttpResponse:
    """Small lists are exported at once; longer ones, or a POST, become a background job."""
    listed = _filtered_projects(request, Project.objects.all()).qs
    if request.method == "POST" or beyond_direct_limit(listed):
        return background(request, kind=kind, parameters=query_parameters(request))
    projects = _filtered_projects(request, exports.export_queryset()).qs
    filename = exports.export_filename(extension)
    if extension == "csv":
        # Streamed: the first rows leave while the last are read, in a bounded memory.
        response = StreamingHttpResponse(
            exports.projects_csv(projects), content_type=CSV_CONTENT_TYPE
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    return FileResponse(
        exports.projects_xlsx(projects),
        as_attachment=True,
        filename=filename,
        content_type=XLSX_CONTENT_TYPE,
    )


@require(can_export_projects)
@require_http_methods(["GET", "HEAD", "POST"])
def export_csv(request: HttpRequest) -> HttpResponse:
    return _export(request, PROJECTS_CSV, "csv")


@require(can_export_projects)
@require_http_methods(["GET", "HEAD", "POST"])
def export_xlsx(request: HttpRequest) -> HttpResponse:
    return _export(request, PROJECTS_XLSX, "xlsx")

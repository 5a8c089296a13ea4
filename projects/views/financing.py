"""The financing plan: its section on the project page, the screens that change its lines,
and the finance officer's workspace across projects with its CSV export."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from pmi_aqt.accounts.permissions import require
from pmi_aqt.exports import CSV_CONTENT_TYPE, export_filename
from pmi_aqt.jobs.views import background, beyond_direct_limit, query_parameters
from pmi_aqt.pagination import SEARCH_COUNT_LIMIT

from ..background import FINANCING_CSV
from ..filters import FinancingLineFilter, workspace_scheme_field
from ..forms.financing import FinancingLineForm
from ..models import FinancingLine, Project
from ..models.financing import FinancingSums
from ..permissions import (
    can_edit_financing,
    can_export_financing,
    can_view_financing_workspace,
    sees_every_financing_line,
    visible_financing_lines,
)
from ..services.financing import financing_line_remove, financing_line_save, financing_totals
from ..services.financing_workspace import (
    ENTRY_ORDER,
    LINE_ORDER,
    coming_dates,
    financing_lines_csv,
    workspace_page,
)
from ..stats.summed import every_financing_line_sums
from .common import project_for

SECTION = "financement"


def financing_context(project, user) -> dict:
    """What the project page's financing section needs: one query, whatever the lines."""
    lines = list(project.financing_lines.select_related("scheme"))
    return {
        "financing_section": {
            "lines": lines,
            "totals": financing_totals(project, lines),
            "can_edit": can_edit_financing(user, project),
        }
    }


def _project(request: HttpRequest, pk: int) -> Project:
    return project_for(request, pk, can_edit_financing)


def _line(project: Project, line_pk: int) -> FinancingLine:
    # With its scheme: the form writes the chosen scheme's name in its input.
    return get_object_or_404(
        FinancingLine.objects.select_related("scheme__organisation"), pk=line_pk, project=project
    )


def _section_url(project: Project) -> str:
    return f"{project.get_absolute_url()}#{SECTION}"


@require(can_edit_financing)
@require_http_methods(["GET", "POST"])
def financing_line_create(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(request, pk)
    return _line_form(request, project, FinancingLine(project=project))


@require(can_edit_financing)
@require_http_methods(["GET", "POST"])
def financing_line_edit(request: HttpRequest, pk: int, line_pk: int) -> HttpResponse:
    project = _project(request, pk)
    return _line_form(request, project, _line(project, line_pk))


@require(can_edit_financing)
@require_safe
def financing_schemes(request: HttpRequest, pk: int) -> JsonResponse:
    """The first schemes matching `q`, as the financing line's input writes them."""
    project = _project(request, pk)
    field = FinancingLineForm(instance=FinancingLine(project=project)).fields["scheme"]
    return JsonResponse({"results": field.suggestions(request.GET.get("q", "")[:200])})


def _line_form(request: HttpRequest, project: Project, line: FinancingLine) -> HttpResponse:
    adding = line._state.adding
    form = FinancingLineForm(
        request.POST if request.method == "POST" else None,
        instance=line,
        search_url=reverse("projects:financing_schemes", args=[project.pk]),
    )
    if form.is_bound and form.is_valid():
        financing_line_save(line=form.save(commit=False), by=request.user)
        if adding:
            messages.success(request, _("La ligne de financement a été ajoutée."))
        else:
            messages.success(request, _("La ligne de financement a été mise à jour."))
        return redirect(_section_url(project))
    title = (
        _("Ajouter une ligne au plan de financement")
        if adding
        else _("Modifier une ligne du plan de financement")
    )
    return render(
        request,
        "projects/financing/form.html",
        {
            "form": form,
            "project": project,
            "line": line,
            "title": title,
            "section_url": _section_url(project),
        },
    )


@require(can_edit_financing)
@require_POST
def financing_line_delete(request: HttpRequest, pk: int, line_pk: int) -> HttpResponse:
    project = _project(request, pk)
    line = _line(project, line_pk)
    source = line.source
    financing_line_remove(line=line, by=request.user)
    messages.success(
        request,
        _("La ligne « %(source)s » a été retirée du plan de financement.") % {"source": source},
    )
    return redirect(_section_url(project))


# --- The finance officer's workspace


def _filtered_lines(request: HttpRequest) -> FinancingLineFilter:
    return FinancingLineFilter(request.GET, queryset=visible_financing_lines(request.user))


def _line_pk(value: str | None) -> int | None:
    """A page link's line (`apres`, `avant`): its id, or None for anything else typed."""
    return int(value) if value and value.isascii() and value.isdigit() and len(value) < 19 else None


def _workspace_sums(request: HttpRequest, line_filter: FinancingLineFilter) -> FinancingSums:
    """The listed lines' totals: every line's are the summary's running totals (adding up
    458,000 lines took about 100 ms at scale 1); a narrowed list adds up its own."""
    if line_filter.narrows() or not sees_every_financing_line(request.user):
        return line_filter.qs.sums()
    return every_financing_line_sums()


@require(can_view_financing_workspace)
@require_safe
def financing_workspace(request: HttpRequest) -> HttpResponse:
    """Every financing line across projects, filtered, summed and paged, with the funders'
    coming committees and deadlines: a fixed number of queries whatever the number of lines,
    and a page deep in the list costs what the first costs (its links name a line).

    A search finding more than SEARCH_COUNT_LIMIT lines (a common word finds tens of
    thousands) is neither added up nor sorted by company, which read every line found on each
    visit: the page says so, lists the lines in the order they were entered, and the export
    still holds them all."""
    line_filter = _filtered_lines(request)
    too_many = line_filter.finds_more_than(SEARCH_COUNT_LIMIT)
    if too_many:
        lines, order = line_filter.qs_tested_line_by_line(), ENTRY_ORDER
    else:
        lines, order = line_filter.qs, LINE_ORDER
    page = workspace_page(
        lines,
        after=_line_pk(request.GET.get("apres")),
        before=_line_pk(request.GET.get("avant")),
        last="fin" in request.GET,
        order=order,
    )
    context = {
        "filter": line_filter,
        "page_obj": page,
        "sums": None if too_many else _workspace_sums(request, line_filter),
        "count_limit": SEARCH_COUNT_LIMIT,
        "coming": coming_dates(visible_financing_lines(request.user), timezone.localdate()),
        "may_edit": can_edit_financing(request.user),
        "may_export": can_export_financing(request.user),
    }
    return render(request, "projects/financing/workspace.html", context)


@require(can_view_financing_workspace)
@require_safe
def financing_workspace_schemes(request: HttpRequest) -> JsonResponse:
    """The first schemes named by lines that match `q`, as the workspace's filter writes them."""
    suggestions = workspace_scheme_field().suggestions(request.GET.get("q", "")[:200])
    return JsonResponse({"results": suggestions})


@require(can_export_financing)
@require_http_methods(["GET", "HEAD", "POST"])
def financing_export_csv(request: HttpRequest) -> HttpResponse:
    """The workspace's lines under the same filters, every page: streamed when few, a
    background job when many (or on a POST)."""
    lines = _filtered_lines(request).qs
    if request.method == "POST" or beyond_direct_limit(lines):
        return background(request, kind=FINANCING_CSV, parameters=query_parameters(request))
    response = StreamingHttpResponse(financing_lines_csv(lines), content_type=CSV_CONTENT_TYPE)
    filename = export_filename("financements", "csv")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response

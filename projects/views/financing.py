"""The financing plan: its section on the project page and the screens that change its lines."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from pmi_aqt.accounts.permissions import require

from ..forms.financing import FinancingLineForm
from ..models import FinancingLine, Project
from ..permissions import can_edit_financing
from ..services.financing import financing_totals
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
    return get_object_or_404(FinancingLine, pk=line_pk, project=project)


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


def _line_form(request: HttpRequest, project: Project, line: FinancingLine) -> HttpResponse:
    adding = line._state.adding
    form = FinancingLineForm(request.POST if request.method == "POST" else None, instance=line)
    if form.is_bound and form.is_valid():
        form.save()
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
    line.delete()
    messages.success(
        request,
        _("La ligne « %(source)s » a été retirée du plan de financement.") % {"source": source},
    )
    return redirect(_section_url(project))

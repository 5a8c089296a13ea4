"""Students placed in supported companies: each project's, in its support section, and the
list of all of them.

Who may: officers and the manager add, change and remove a project's placements; the whole
team (the finance officer included) reads them and the list (projects/permissions.py).
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from pmi_aqt.accounts.permissions import require

from ..forms.placements import StudentPlacementFilter, StudentPlacementForm
from ..models import Project, StudentPlacement
from ..permissions import can_edit_placements, can_view_placements
from .common import project_for

PLACEMENTS_PER_PAGE = 25
SECTION = "accompagnement-etudiants"


def _project(request: HttpRequest, pk: int) -> Project:
    return project_for(request, pk, can_edit_placements, "company")


def _section_url(project: Project) -> str:
    return f"{project.get_absolute_url()}#{SECTION}"


@require(can_view_placements)
@require_safe
def placement_list(request: HttpRequest) -> HttpResponse:
    placement_filter = StudentPlacementFilter(
        request.GET,
        queryset=StudentPlacement.objects.select_related("institution", "project__company"),
    )
    placements = placement_filter.qs.order_by("-starts_on", "-id")
    page = Paginator(placements, PLACEMENTS_PER_PAGE).get_page(request.GET.get("page"))
    context = {"filter": placement_filter, "page_obj": page}
    return render(request, "projects/placements/list.html", context)


@require(can_edit_placements)
@require_http_methods(["GET", "POST"])
def placement_create(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(request, pk)
    return _placement_form(request, project, StudentPlacement(project=project))


@require(can_edit_placements)
@require_http_methods(["GET", "POST"])
def placement_edit(request: HttpRequest, pk: int, placement_pk: int) -> HttpResponse:
    project = _project(request, pk)
    placement = get_object_or_404(StudentPlacement, pk=placement_pk, project=project)
    return _placement_form(request, project, placement)


def _placement_form(
    request: HttpRequest, project: Project, placement: StudentPlacement
) -> HttpResponse:
    adding = placement._state.adding
    saved_name = placement.student_name  # Validation writes what was typed onto the instance.
    form = StudentPlacementForm(
        request.POST if request.method == "POST" else None, instance=placement
    )
    if form.is_bound and form.is_valid():
        form.save()
        if adding:
            messages.success(request, _("L'étudiant·e est ajouté·e au projet."))
        else:
            messages.success(request, _("Le stage ou contrat est mis à jour."))
        return redirect(_section_url(project))
    if adding:
        title = _("Ajouter un stage, une alternance ou un doctorat")
    else:
        title = _("Modifier le stage ou contrat de %(name)s") % {"name": saved_name}
    return render(
        request,
        "projects/placements/form.html",
        {
            "form": form,
            "project": project,
            "placement": placement,
            "title": title,
            "section_url": _section_url(project),
        },
    )


@require(can_edit_placements)
@require_POST
def placement_delete(request: HttpRequest, pk: int, placement_pk: int) -> HttpResponse:
    project = _project(request, pk)
    placement = get_object_or_404(StudentPlacement, pk=placement_pk, project=project)
    name = placement.student_name
    placement.delete()
    messages.success(
        request, _("Le stage ou contrat de %(name)s est retiré du projet.") % {"name": name}
    )
    return redirect(_section_url(project))

"""The project page: the officer's single screen for a project, and what it posts to.

Who may do what:
- read the page, write an internal note: the programme's team (officers, finance officers,
  the programme manager);
- edit the diagnosis and the needs: officers and the programme manager;
- move the project between stages: whoever projects/workflow.py allows (it answers 403 for
  anyone else, the finance officer included).
"""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from pmi_aqt.accounts.permissions import require

from .. import workflow
from ..forms.pipeline import DiagnosisForm, MoveForm, NeedForm, NoteForm
from ..models import Need, Project, ProjectNote, Stage
from ..permissions import can_edit_diagnosis, can_move_project, can_view_project, can_write_note
from ..services.pipeline import (
    STAGE_EXPLANATIONS,
    needs_by_axis,
    project_timeline,
    taskforce_passages,
)
from .common import project_for, visible_project
from .directory import directory_context
from .documents import documents_context
from .financing import financing_context
from .support import support_context

LATEST_NOTES_SHOWN = 5


@dataclass
class MoveOption:
    """A move offered on the page, with its form (bound again when it was refused)."""

    check: workflow.MoveCheck
    form: MoveForm

    @property
    def target_label(self) -> str:
        return Stage(self.check.move.target).label


PAGE_RELATED = ("company", "primary_axis", "officer", "finance_officer", "submitted_by")


def _project_url(project: Project, anchor: str = "") -> str:
    return project.get_absolute_url() + (f"#{anchor}" if anchor else "")


def _move_options(project: Project, user, refused: MoveForm | None) -> list[MoveOption]:
    options = []
    for check in workflow.moves_for(project, user):
        target = check.move.target
        if refused is not None and refused.data.get("target") == target:
            form = refused
        else:
            form = MoveForm(
                initial={"target": target}, comment_required=check.move.comment_required
            )
        form.auto_id = f"id_move_{target}_%s"
        options.append(MoveOption(check, form))
    return options


def _render_project_page(
    request: HttpRequest,
    project: Project,
    *,
    move_form: MoveForm | None = None,
    move_errors: list[str] | None = None,
    note_form: NoteForm | None = None,
) -> HttpResponse:
    """The whole project page; the move and note views show it again, bound, when refused."""
    user = request.user
    # Read once for the page and the scheme suggestions, which both list the project's axes.
    prefetch_related_objects([project], "axes")
    passages = taskforce_passages(project)  # sets project.latest_decision, which moves read
    move_options = _move_options(project, user, move_form)
    needs = needs_by_axis(project)  # the needs section's, and the suggestions'
    documents = documents_context(project, user)
    support = support_context(project, user)
    # The documents and collective actions those sections read in full, not read again.
    timeline = project_timeline(
        project,
        documents=documents["documents_section"]["documents"],
        participations=support["support_section"]["collective"],
    )
    context = {
        **directory_context(project, user, needs),
        **financing_context(project, user),
        **documents,
        **support,
    }
    context.update(
        {
            "project": project,
            "passages": passages,
            "latest_decision": project.latest_decision,
            # What a deferral asked, shown until the project is closed.
            "deferral": project.latest_decision
            if project.is_deferred and not project.is_closed
            else None,
            "axes": list(project.axes.all()),
            "needs": needs,
            "stage_explanation": STAGE_EXPLANATIONS[project.stage],
            "move_options": move_options,
            "move_errors": move_errors or [],
            # An error summary at the top links to the refused move's form, which keeps the
            # comment; when that form is no longer offered, the summary gives the comment back.
            "refused_option": next(
                (o for o in move_options if o.form is move_form and o.check.allowed), None
            ),
            "refused_comment": move_form.data.get("comment", "") if move_form else "",
            "may_move": can_move_project(user, project),
            "may_edit": can_edit_diagnosis(user, project),
            "note_form": note_form or NoteForm(),
            "latest_notes": [e.item for e in timeline if e.kind == "note"][:LATEST_NOTES_SHOWN],
            "timeline": timeline,
        }
    )
    return render(request, "projects/project_detail.html", context)


@require(can_view_project)
@require_http_methods(["GET", "HEAD"])
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_project_page(request, project_for(request, pk, can_view_project, *PAGE_RELATED))


@require(can_view_project)
@require_POST
def project_move(request: HttpRequest, pk: int) -> HttpResponse:
    # Who may move projects is asked by the workflow, with the moves' own rules.
    project = visible_project(request, pk, *PAGE_RELATED)
    move = workflow.find_move(project.stage, request.POST.get("target", ""))
    form = MoveForm(request.POST, comment_required=bool(move and move.comment_required))
    if not form.is_valid():
        errors = [error for errors in form.errors.values() for error in errors]
        return _render_project_page(request, project, move_form=form, move_errors=errors)
    target = form.cleaned_data["target"]
    try:
        # PermissionDenied (a role that may not move projects) becomes Django's 403.
        workflow.project_move(
            project=project, target=target, by=request.user, comment=form.cleaned_data["comment"]
        )
    except ValidationError as refusal:
        form.add_error(None, refusal)
        return _render_project_page(request, project, move_form=form, move_errors=refusal.messages)
    messages.success(
        request, _("Le projet est passé à l'étape « %(stage)s ».") % {"stage": Stage(target).label}
    )
    return redirect(_project_url(project, "etape"))


@require(can_edit_diagnosis)
@require_http_methods(["GET", "POST"])
def diagnosis_edit(request: HttpRequest, pk: int) -> HttpResponse:
    project = project_for(request, pk, can_edit_diagnosis, *PAGE_RELATED)
    form = DiagnosisForm(request.POST if request.method == "POST" else None, instance=project)
    if form.is_bound and form.is_valid():
        form.save()
        messages.success(request, _("Le diagnostic est à jour."))
        return redirect(_project_url(project, "diagnostic"))
    return _render_form(
        request, form, project, title=_("Modifier le diagnostic"), cancel_anchor="diagnostic"
    )


@require(can_edit_diagnosis)
@require_http_methods(["GET", "POST"])
def need_create(request: HttpRequest, pk: int) -> HttpResponse:
    project = project_for(request, pk, can_edit_diagnosis, *PAGE_RELATED)
    return _need_form(request, project, Need(project=project))


@require(can_edit_diagnosis)
@require_http_methods(["GET", "POST"])
def need_edit(request: HttpRequest, pk: int, need_pk: int) -> HttpResponse:
    project = project_for(request, pk, can_edit_diagnosis, *PAGE_RELATED)
    return _need_form(request, project, get_object_or_404(project.needs, pk=need_pk))


def _need_form(request: HttpRequest, project: Project, need: Need) -> HttpResponse:
    adding = need._state.adding
    saved_title = need.title  # Validation writes what was typed onto the instance.
    form = NeedForm(request.POST if request.method == "POST" else None, instance=need)
    if form.is_bound and form.is_valid():
        form.save()
        messages.success(request, _("Le besoin a été ajouté.") if adding else _("Besoin modifié."))
        return redirect(_project_url(project, "besoins"))
    if adding:
        title = _("Ajouter un besoin")
    else:
        title = _("Modifier le besoin « %(title)s »") % {"title": saved_title}
    return _render_form(request, form, project, title=title, cancel_anchor="besoins")


@require(can_edit_diagnosis)
@require_POST
def need_delete(request: HttpRequest, pk: int, need_pk: int) -> HttpResponse:
    project = project_for(request, pk, can_edit_diagnosis, *PAGE_RELATED)
    need = get_object_or_404(project.needs, pk=need_pk)
    need.delete()
    messages.success(request, _("Le besoin « %(title)s » a été supprimé.") % {"title": need.title})
    return redirect(_project_url(project, "besoins"))


@require(can_write_note)
@require_POST
def note_create(request: HttpRequest, pk: int) -> HttpResponse:
    project = project_for(request, pk, can_write_note, *PAGE_RELATED)
    form = NoteForm(request.POST, instance=ProjectNote(project=project, author=request.user))
    if not form.is_valid():
        return _render_project_page(request, project, note_form=form)
    form.save()
    messages.success(request, _("La note a été ajoutée."))
    return redirect(_project_url(project, "notes"))


def _render_form(
    request: HttpRequest, form, project: Project, *, title: str, cancel_anchor: str
) -> HttpResponse:
    context = {
        "form": form,
        "project": project,
        "title": title,
        "cancel_url": _project_url(project, cancel_anchor),
        "action_url": request.path,
    }
    return render(request, "projects/pipeline/form.html", context)

"""The support plan: its section on the project page, its actions and the follow-ups' answers.

The section also lists the collective actions the project takes part in (projects/views/
collective.py) and the students placed in the company (projects/views/placements.py).
"""

from decimal import Decimal

from django.contrib import messages
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from pmi_aqt.accounts.permissions import require

from ..forms.support import FollowUpAnswersForm, SupportActionForm
from ..models import FollowUp, Project, SupportAction
from ..permissions import can_edit_placements, can_edit_support
from ..services import support as services
from .common import project_for

SECTION = "accompagnement"


def support_context(project, user) -> dict:
    """What the project page's support section needs: four queries, whatever the number of
    actions, collective actions, placements and follow-ups."""
    actions = list(project.support_actions.select_related("provider"))
    collective = list(
        # Who added each: the project page's timeline reads these rows too.
        project.collective_participations.select_related("action__provider", "added_by")
        .annotate(participant_count=Count("action__participations"))
        .order_by("action__starts_on", "action_id")
    )
    placements = list(project.placements.select_related("institution"))
    follow_ups = list(project.follow_ups.all())
    return {
        "support_section": {
            "actions": actions,
            "total_days": sum((a.days for a in actions if a.days is not None), Decimal("0")),
            "collective": collective,
            "placements": placements,
            "follow_ups": follow_ups,
            "today": timezone.localdate(),
            "can_edit": can_edit_support(user, project),
            "can_edit_placements": can_edit_placements(user, project),
        }
    }


def _project(request: HttpRequest, pk: int) -> Project:
    return project_for(request, pk, can_edit_support)


def _section_url(project: Project) -> str:
    return f"{project.get_absolute_url()}#{SECTION}"


def _render_form(request: HttpRequest, project: Project, form, **context) -> HttpResponse:
    return render(
        request,
        "projects/support/form.html",
        {"form": form, "project": project, "section_url": _section_url(project), **context},
    )


@require(can_edit_support)
@require_http_methods(["GET", "POST"])
def support_action_create(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(request, pk)
    return _action_form(request, project, SupportAction(project=project))


@require(can_edit_support)
@require_http_methods(["GET", "POST"])
def support_action_edit(request: HttpRequest, pk: int, action_pk: int) -> HttpResponse:
    project = _project(request, pk)
    action = get_object_or_404(SupportAction, pk=action_pk, project=project)
    return _action_form(request, project, action)


def _action_form(request: HttpRequest, project: Project, action: SupportAction) -> HttpResponse:
    adding = action._state.adding
    form = SupportActionForm(request.POST if request.method == "POST" else None, instance=action)
    if form.is_bound and form.is_valid():
        services.support_action_save(action=form.instance)
        if adding:
            messages.success(request, _("L'action d'accompagnement a été ajoutée."))
        else:
            messages.success(request, _("L'action d'accompagnement a été mise à jour."))
        return redirect(_section_url(project))
    title = (
        _("Ajouter une action d'accompagnement")
        if adding
        else _("Modifier une action d'accompagnement")
    )
    return _render_form(request, project, form, title=title, action=action)


@require(can_edit_support)
@require_POST
def support_action_delete(request: HttpRequest, pk: int, action_pk: int) -> HttpResponse:
    project = _project(request, pk)
    action = get_object_or_404(SupportAction, pk=action_pk, project=project)
    title = action.title
    services.support_action_delete(action=action)
    messages.success(
        request,
        _("L'action « %(title)s » a été retirée du plan d'accompagnement.") % {"title": title},
    )
    return redirect(_section_url(project))


@require(can_edit_support)
@require_http_methods(["GET", "POST"])
def follow_up_answer(request: HttpRequest, pk: int, follow_up_pk: int) -> HttpResponse:
    project = _project(request, pk)
    follow_up = get_object_or_404(FollowUp, pk=follow_up_pk, project=project)
    form = FollowUpAnswersForm(
        request.POST if request.method == "POST" else None, instance=follow_up
    )
    if form.is_bound and form.is_valid():
        services.follow_up_record_answers(
            follow_up=follow_up,
            answers={name: form.cleaned_data[name] for name in form.ANSWER_FIELDS},
        )
        messages.success(
            request,
            _("Les réponses du suivi à %(months)s mois sont enregistrées.")
            % {"months": follow_up.months},
        )
        return redirect(_section_url(project))
    title = _("Réponses du suivi à %(months)s mois") % {"months": follow_up.months}
    return _render_form(request, project, form, title=title, follow_up=follow_up)

"""Collective actions: their list, each action's page with its participants, and the forms.

Who may: the programme's team reads them (the finance officer included); officers and the
manager create and change them and add or remove participants (projects/permissions.py).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Sum
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from pmi_aqt.accounts.permissions import ensure, require

from ..forms.collective import (
    CollectiveActionFilter,
    CollectiveActionForm,
    CollectiveParticipationForm,
)
from ..models import CollectiveAction, CollectiveParticipation, FollowUp
from ..permissions import can_run_collective_actions, can_view_collective_actions
from ..services import collective as services

ACTIONS_PER_PAGE = 25


def _action(request: HttpRequest, pk: int, check) -> CollectiveAction:
    action = get_object_or_404(CollectiveAction.objects.select_related("provider"), pk=pk)
    ensure(check(request.user, action))
    return action


def _participants_url(action: CollectiveAction) -> str:
    return f"{action.get_absolute_url()}#participants"


@require(can_view_collective_actions)
@require_safe
def collective_action_list(request: HttpRequest) -> HttpResponse:
    action_filter = CollectiveActionFilter(request.GET, queryset=CollectiveAction.objects.all())
    actions = action_filter.qs.select_related("provider").annotate(
        participant_count=Count("participations")
    )
    page = Paginator(actions.order_by("-starts_on", "-id"), ACTIONS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "filter": action_filter,
        "page_obj": page,
        # The same count as the dashboard's, over the actions the filters keep.
        "reach": action_filter.qs.reach(),
        "can_run": can_run_collective_actions(request.user),
    }
    return render(request, "projects/collective/list.html", context)


@require(can_view_collective_actions)
@require_safe
def collective_action_detail(request: HttpRequest, pk: int) -> HttpResponse:
    action = _action(request, pk, can_view_collective_actions)
    participations = list(
        action.participations.select_related("project__company", "added_by")
        .prefetch_related(
            Prefetch("project__follow_ups", queryset=FollowUp.objects.order_by("months"))
        )
        .order_by("company__name", "id")
    )
    totals = action.participations.aggregate(days=Sum("days"), cost_shares=Sum("cost_share"))
    context = {
        "action": action,
        "participations": participations,
        "totals": totals,
        "today": timezone.localdate(),
        "can_run": can_run_collective_actions(request.user, action),
    }
    return render(request, "projects/collective/detail.html", context)


def _render_form(request: HttpRequest, form, *, title: str, **context) -> HttpResponse:
    return render(
        request, "projects/collective/form.html", {"form": form, "title": title, **context}
    )


@require(can_run_collective_actions)
@require_http_methods(["GET", "POST"])
def collective_action_create(request: HttpRequest) -> HttpResponse:
    return _action_form(request, CollectiveAction())


@require(can_run_collective_actions)
@require_http_methods(["GET", "POST"])
def collective_action_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _action_form(request, _action(request, pk, can_run_collective_actions))


def _action_form(request: HttpRequest, action: CollectiveAction) -> HttpResponse:
    adding = action._state.adding
    saved_title = action.title  # Validation writes what was typed onto the instance.
    form = CollectiveActionForm(request.POST if request.method == "POST" else None, instance=action)
    if form.is_bound and form.is_valid():
        services.collective_action_save(action=form.instance, by=request.user)
        if adding:
            messages.success(
                request, _("L'action collective est créée : ajoutez-y les entreprises.")
            )
        else:
            messages.success(request, _("L'action collective est mise à jour."))
        return redirect(form.instance.get_absolute_url())
    if adding:
        return _render_form(request, form, title=_("Nouvelle action collective"))
    return _render_form(
        request,
        form,
        title=_("Modifier l'action collective « %(title)s »") % {"title": saved_title},
        action=action,
        action_title=saved_title,
    )


@require(can_run_collective_actions)
@require_http_methods(["GET", "POST"])
def collective_participant_add(request: HttpRequest, pk: int) -> HttpResponse:
    action = _action(request, pk, can_run_collective_actions)
    participation = CollectiveParticipation(action=action)
    form = CollectiveParticipationForm(
        request.POST if request.method == "POST" else None,
        instance=participation,
        action=action,
        search_url=reverse("projects:collective_participant_search", args=[action.pk]),
    )
    if form.is_bound and form.is_valid():
        try:
            services.collective_participant_add(
                action=action, participation=form.instance, by=request.user
            )
        except ValidationError as refusal:
            form.add_error("project", refusal)
        else:
            messages.success(
                request,
                _("« %(company)s » participe à l'action.")
                % {"company": participation.project.company.name},
            )
            return redirect(_participants_url(action))
    return _render_form(
        request,
        form,
        title=_("Ajouter une entreprise à « %(title)s »") % {"title": action.title},
        action=action,
        action_title=action.title,
        participant_form=True,
    )


@require(can_run_collective_actions)
@require_safe
def collective_participant_search(request: HttpRequest, pk: int) -> JsonResponse:
    """The first granted projects matching `q`, as the participant form's input writes them."""
    action = _action(request, pk, can_run_collective_actions)
    field = CollectiveParticipationForm(action=action).fields["project"]
    return JsonResponse({"results": field.suggestions(request.GET.get("q", "")[:200])})


def _participation(request: HttpRequest, pk: int, participation_pk: int):
    action = _action(request, pk, can_run_collective_actions)
    participation = get_object_or_404(
        action.participations.select_related("project__company"), pk=participation_pk
    )
    return action, participation


@require(can_run_collective_actions)
@require_http_methods(["GET", "POST"])
def collective_participant_edit(request: HttpRequest, pk: int, participation_pk: int):
    action, participation = _participation(request, pk, participation_pk)
    form = CollectiveParticipationForm(
        request.POST if request.method == "POST" else None, instance=participation, action=action
    )
    company = participation.project.company.name
    if form.is_bound and form.is_valid():
        services.collective_participant_update(participation=form.instance)
        messages.success(
            request, _("La participation de « %(company)s » est à jour.") % {"company": company}
        )
        return redirect(_participants_url(action))
    return _render_form(
        request,
        form,
        title=_("Participation de « %(company)s »") % {"company": company},
        action=action,
        action_title=action.title,
        participation=participation,
        participant_form=True,
    )


@require(can_run_collective_actions)
@require_POST
def collective_participant_remove(request: HttpRequest, pk: int, participation_pk: int):
    action, participation = _participation(request, pk, participation_pk)
    company = participation.project.company.name
    services.collective_participant_remove(participation=participation)
    messages.success(
        request,
        _("« %(company)s » ne participe plus à l'action « %(title)s ».")
        % {"company": company, "title": action.title},
    )
    return redirect(_participants_url(action))

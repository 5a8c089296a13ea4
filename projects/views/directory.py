"""The ecosystem directory (partner organisations, support schemes) and a project's resources.

Staff read the directory; only the programme manager keeps it. Officers and the manager
retain schemes for a project and follow each resource; the finance officer reads them.
"""

from collections.abc import Iterable

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.db.models import Count, Prefetch
from django.forms import ModelForm
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from companies.models import Department, HeadcountBand
from pmi_aqt.accounts.permissions import require
from pmi_aqt.audit.display import entries_for_scope

from ..forms.directory import (
    PartnerOrganisationFilter,
    PartnerOrganisationForm,
    ResourceAddForm,
    ResourceConfirmForm,
    ResourceUpdateForm,
    SuggestionDismissForm,
    SupportSchemeFilter,
    SupportSchemeForm,
    scheme_calls_formset,
)
from ..matching import search
from ..matching.eligibility import call_state, describe_call_state
from ..matching.ranking import match_project
from ..models import (
    InterventionAxis,
    PartnerOrganisation,
    Project,
    Resource,
    StudentKind,
    SupportScheme,
)
from ..organisations import ORGANISATION_SETS, OrganisationChoiceField
from ..permissions import (
    can_change_resources,
    can_edit_directory,
    can_view_directory,
)
from ..services.directory import (
    organisation_save,
    resource_add,
    resource_confirm,
    resource_update,
    scheme_save,
    suggestion_dismiss,
)
from .common import project_for

DIRECTORY_PER_PAGE = 25
# The latest changes shown on an organisation's or a scheme's page (the audit page has all).
HISTORY_SHOWN = 50

# --- Helpers


def _schemes_with_axes():
    axes = Prefetch("axes", queryset=InterventionAxis.objects.order_by("position", "code"))
    return SupportScheme.objects.select_related("organisation").prefetch_related(axes)


def _label_fits(schemes: Iterable[SupportScheme]) -> None:
    """Give each scheme the labels of the sizes and départements it fits (no query)."""
    bands = dict(HeadcountBand.choices)
    departments = dict(Department.choices)
    for scheme in schemes:
        scheme.headcount_labels = [bands.get(code, code) for code in scheme.headcount_bands]
        scheme.department_labels = [departments.get(code, code) for code in scheme.departments]


def _save_unique(form: ModelForm, field: str, message: str, save) -> bool:
    """Save through `save()`; False, with `message` on `field`, if the database refuses a
    duplicate.

    The form has already checked the unique constraints; this covers two people saving the same
    name at the same moment, which must not end in a server error.
    """
    try:
        with transaction.atomic():
            save()
    except IntegrityError:
        form.add_error(field, message)
        return False
    return True


def _render_form(request: HttpRequest, form, **context) -> HttpResponse:
    return render(request, "projects/directory/form.html", {"form": form, **context})


def _project_for(request: HttpRequest, pk: int) -> Project:
    return project_for(request, pk, can_change_resources, "company")


def _resources_url(project: Project) -> str:
    return f"{project.get_absolute_url()}#ressources"


# --- Partner organisations


@require(can_view_directory)
def organisation_list(request: HttpRequest) -> HttpResponse:
    organisations = PartnerOrganisation.objects.annotate(scheme_count=Count("schemes")).order_by(
        "name"
    )
    organisation_filter = PartnerOrganisationFilter(request.GET, queryset=organisations)
    page = Paginator(organisation_filter.qs, DIRECTORY_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "filter": organisation_filter,
        "page_obj": page,
        "can_edit_directory": can_edit_directory(request.user),
    }
    return render(request, "projects/directory/organisation_list.html", context)


@require(can_view_directory)
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(PartnerOrganisation, pk=pk)
    schemes = list(_schemes_with_axes().filter(organisation=organisation))
    _label_fits(schemes)
    students = dict(StudentKind.choices)
    context = {
        "organisation": organisation,
        "student_labels": [students.get(kind, kind) for kind in organisation.student_kinds],
        "schemes": schemes,
        "history": entries_for_scope(
            PartnerOrganisation, organisation.pk, "organisation", HISTORY_SHOWN
        ),
        "can_edit_directory": can_edit_directory(request.user),
    }
    return render(request, "projects/directory/organisation_detail.html", context)


@require(can_edit_directory)
def organisation_create(request: HttpRequest) -> HttpResponse:
    return _organisation_form(request, PartnerOrganisation())


@require(can_edit_directory)
def organisation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _organisation_form(request, get_object_or_404(PartnerOrganisation, pk=pk))


def _organisation_form(request: HttpRequest, organisation: PartnerOrganisation) -> HttpResponse:
    adding = organisation._state.adding
    saved_name = organisation.name  # Validation writes what was typed onto the instance.
    form = PartnerOrganisationForm(
        request.POST if request.method == "POST" else None, instance=organisation
    )
    taken = _("Une organisation porte déjà ce nom.")
    if (
        form.is_bound
        and form.is_valid()
        and _save_unique(form, "name", taken, lambda: organisation_save(form=form))
    ):
        if adding:
            messages.success(request, _("L'organisation a été ajoutée à l'annuaire."))
        else:
            messages.success(request, _("L'organisation a été mise à jour."))
        return redirect("projects:organisation_detail", form.instance.pk)
    if adding:
        return _render_form(request, form, title=_("Nouvelle organisation partenaire"))
    return _render_form(
        request,
        form,
        organisation=organisation,
        organisation_name=saved_name,
        title=_("Modifier l'organisation %(name)s") % {"name": saved_name},
    )


@require(can_edit_directory)
@require_POST
def organisation_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    return _deactivate(
        request,
        get_object_or_404(PartnerOrganisation, pk=pk),
        _("L'organisation « %(name)s » est désactivée : ses dispositifs ne sont plus suggérés."),
        "projects:organisation_detail",
    )


def _deactivate(
    request: HttpRequest, entry: PartnerOrganisation | SupportScheme, done: str, detail: str
) -> HttpResponse:
    """Take a directory entry out of the suggestions, keeping it for the projects that retained
    it; deactivating it twice changes nothing."""
    if entry.is_active:
        entry.is_active = False
        entry.save(update_fields=["is_active"])
    messages.success(request, done % {"name": entry.name})
    return redirect(detail, entry.pk)


@require(can_view_directory)
@require_safe
def organisation_suggestions(request: HttpRequest, among: str) -> JsonResponse:
    """The first organisations of the set `among` whose name matches `q`, as the fields that
    choose one write them. The directory's readers (the programme's team): the names are
    those of its pages."""
    if among not in ORGANISATION_SETS:
        raise Http404
    field = OrganisationChoiceField(among=among)
    return JsonResponse({"results": field.suggestions(request.GET.get("q", "")[:200])})


# --- Support schemes


@require(can_view_directory)
def scheme_list(request: HttpRequest) -> HttpResponse:
    """The officer's directory search: words ranked as in the suggestions, filters, and for
    each scheme shown why it came up and its next deadline (a fixed number of queries)."""
    scheme_filter = SupportSchemeFilter(request.GET, queryset=_schemes_with_axes())
    schemes = scheme_filter.qs  # validates the form
    # The criteria that are valid: an organisation's name matching several leaves the words
    # searched, with its message on the form.
    chosen = scheme_filter.form.cleaned_data
    criteria = search.Criteria(
        typed=chosen.get("q") or "",
        headcount_band=chosen.get("taille") or "",
        department=chosen.get("departement") or "",
        open_calls=chosen.get("appels") == "ouverts",
        today=timezone.localdate(),
    )
    schemes = search.restrict(schemes.prefetch_related("calls"), criteria)
    page = Paginator(schemes, DIRECTORY_PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    _label_fits(page.object_list)
    search.explain(page.object_list, criteria)
    context = {
        "filter": scheme_filter,
        "page_obj": page,
        "ranked": bool(criteria.typed.strip()),
        "can_edit_directory": can_edit_directory(request.user),
    }
    return render(request, "projects/directory/scheme_list.html", context)


@require(can_view_directory)
def scheme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scheme = get_object_or_404(_schemes_with_axes().prefetch_related("calls"), pk=pk)
    _label_fits([scheme])
    calls = [(c.opens_on, c.closes_on, c.recurs_yearly) for c in scheme.calls.all()]
    context = {
        "scheme": scheme,
        "calls_state": describe_call_state(call_state(calls, timezone.localdate())),
        "history": entries_for_scope(SupportScheme, scheme.pk, "scheme", HISTORY_SHOWN),
        "can_edit_directory": can_edit_directory(request.user),
    }
    return render(request, "projects/directory/scheme_detail.html", context)


@require(can_edit_directory)
def scheme_create(request: HttpRequest) -> HttpResponse:
    scheme = SupportScheme()
    initial = {}
    organisation_id = request.GET.get("organisation", "")
    if organisation_id.isascii() and organisation_id.isdigit():
        initial["organisation"] = int(organisation_id)
    return _scheme_form(request, scheme, initial)


@require(can_edit_directory)
def scheme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    scheme = get_object_or_404(SupportScheme.objects.select_related("organisation"), pk=pk)
    return _scheme_form(request, scheme)


def _scheme_form(request: HttpRequest, scheme: SupportScheme, initial=None) -> HttpResponse:
    adding = scheme._state.adding
    saved_name = scheme.name  # Validation writes what was typed onto the instance.
    data = request.POST if request.method == "POST" else None
    form = SupportSchemeForm(data, instance=scheme, initial=initial)
    calls = scheme_calls_formset(data, scheme)
    taken = _("Cette organisation propose déjà un dispositif de ce nom.")
    if (
        form.is_bound
        and all([form.is_valid(), not calls.is_bound or calls.is_valid()])
        and _save_unique(form, "name", taken, lambda: scheme_save(form=form, calls=calls))
    ):
        if adding:
            messages.success(request, _("Le dispositif a été ajouté à l'annuaire."))
        else:
            messages.success(request, _("Le dispositif a été mis à jour."))
        return redirect("projects:scheme_detail", form.instance.pk)
    if adding:
        return _render_form(
            request, form, calls=calls, title=_("Nouveau dispositif"), for_schemes=True
        )
    return _render_form(
        request,
        form,
        calls=calls,
        scheme=scheme,
        scheme_name=saved_name,
        for_schemes=True,
        title=_("Modifier le dispositif %(name)s") % {"name": saved_name},
    )


@require(can_edit_directory)
@require_POST
def scheme_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    return _deactivate(
        request,
        get_object_or_404(SupportScheme, pk=pk),
        _("Le dispositif « %(name)s » est désactivé : il n'est plus suggéré."),
        "projects:scheme_detail",
    )


# --- A project's resources to mobilise


def directory_context(project: Project, user, needs: list | None = None) -> dict:
    """What the project page's resources section needs (a fixed number of queries); `needs`:
    the project's needs, when the page read them already."""
    resources = project.resources.select_related("scheme__organisation", "added_by")
    matching = match_project(project, needs=needs)
    return {
        "retained_resources": list(resources),
        "scheme_suggestions": matching.suggestions,
        "excluded_schemes": matching.excluded,
        "resources_editable": can_change_resources(user, project),
        "resource_add_form": ResourceAddForm(),
    }


@require(can_change_resources)
@require_POST
def resource_confirm_view(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project_for(request, pk)
    form = ResourceConfirmForm(request.POST)
    if form.is_valid():
        scheme = form.cleaned_data["scheme"]
        resource_confirm(project=project, scheme=scheme, by=request.user)
        messages.success(
            request,
            _("« %(scheme)s » fait partie des ressources à mobiliser.") % {"scheme": scheme.name},
        )
    else:
        for error in form.errors.get("scheme", []):
            messages.error(request, error)
    return redirect(_resources_url(project))


@require(can_change_resources)
def suggestion_dismiss_view(request: HttpRequest, pk: int, scheme_pk: int) -> HttpResponse:
    """Dismiss a suggested scheme for this project, saying why (a form page, so that a refused
    reason comes back with its error and nothing typed is lost)."""
    project = _project_for(request, pk)
    scheme = get_object_or_404(SupportScheme.objects.select_related("organisation"), pk=scheme_pk)
    form = SuggestionDismissForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        suggestion_dismiss(
            project=project, scheme=scheme, reason=form.cleaned_data["reason"], by=request.user
        )
        messages.success(
            request,
            _("« %(scheme)s » est écarté des suggestions de ce projet.") % {"scheme": scheme.name},
        )
        return redirect(_resources_url(project))
    context = {
        "form": form,
        "project": project,
        "scheme": scheme,
        "title": _("Écarter le dispositif %(name)s") % {"name": scheme.name},
    }
    return render(request, "projects/directory/dismiss_form.html", context)


@require(can_change_resources)
def resource_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project_for(request, pk)
    form = ResourceAddForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        resource = resource_add(project=project, label=form.cleaned_data["label"], by=request.user)
        messages.success(
            request,
            _("« %(label)s » fait partie des ressources à mobiliser.") % {"label": resource.label},
        )
        return redirect(_resources_url(project))
    context = {"form": form, "project": project, "title": _("Ajouter une ressource à mobiliser")}
    return render(request, "projects/directory/resource_form.html", context)


@require(can_change_resources)
def resource_edit(request: HttpRequest, pk: int, resource_pk: int) -> HttpResponse:
    project = _project_for(request, pk)
    resource = get_object_or_404(
        Resource.objects.select_related("scheme__organisation"), pk=resource_pk, project=project
    )
    form = ResourceUpdateForm(request.POST if request.method == "POST" else None, resource=resource)
    if form.is_bound and form.is_valid():
        resource_update(resource=resource, **form.cleaned_data)
        messages.success(
            request, _("La ressource « %(name)s » est à jour.") % {"name": str(resource)}
        )
        return redirect(_resources_url(project))
    context = {
        "form": form,
        "project": project,
        "resource": resource,
        "title": _("Mettre à jour la ressource %(name)s") % {"name": str(resource)},
    }
    return render(request, "projects/directory/resource_form.html", context)

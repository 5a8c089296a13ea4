"""The officers' company pages: directory, company sheet, contacts and exchanges."""

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.db.models import CharField, F, Func
from django.forms import ModelForm
from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from pmi_aqt.accounts.permissions import staff_required
from pmi_aqt.audit.display import entries_for_company
from pmi_aqt.exports import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE, export_filename
from pmi_aqt.imports.flow import ImportFlow
from pmi_aqt.imports.registry import importer_for
from pmi_aqt.jobs.views import background, beyond_direct_limit, query_parameters
from pmi_aqt.pagination import IdPaginator

from . import exports
from .background import COMPANIES_CSV, COMPANIES_XLSX, exported_companies
from .filters import CompanyFilter, ContactFilter
from .forms import CompanyForm, ContactForm, InteractionForm
from .imports import PROSPECTS
from .models import Company, Contact, Interaction
from .permissions import can_import_prospects
from .services import interaction_log

COMPANIES_PER_PAGE = 25
CONTACTS_PER_PAGE = 25
# The newest changes to the company's record, contacts and exchanges shown on its page.
HISTORY_SHOWN = 50


class _SortedOnly(Func):
    """A text column as a sort key no index holds (`column || ''`: the same values, the same
    order). A search's matches are then gathered from its trigram index and sorted (a few
    thousand rows at most), rather than sought by walking the list's order index: the names a
    search finds sit together in that order ("Décolletage …"), so the walk to a deep page of
    them could read most of the table before reaching it."""

    template = "(%(expressions)s || '')"
    output_field = CharField()


def _search_ordering(searched: bool, *columns: str) -> tuple:
    """The list's order, by `columns` then id; sorted from the matches when `searched`."""
    keys = [_SortedOnly(F(column)) if searched else column for column in columns]
    return (*keys, "id")


def _save_unique(form: ModelForm, field: str, message: str) -> bool:
    """Save the form's instance; False, with `message` on `field`, if the database refuses it.

    The form has already checked the unique constraints; this covers two officers saving the
    same company or contact at the same moment, which must not end in a server error.
    """
    try:
        with transaction.atomic():
            form.instance.save()
    except IntegrityError:
        form.add_error(field, message)
        return False
    return True


def _company_url(pk: int, anchor: str) -> str:
    return f"{reverse('companies:detail', args=[pk])}#{anchor}"


def _render_form(request: HttpRequest, form: ModelForm, **context) -> HttpResponse:
    return render(request, "companies/form.html", {"form": form, **context})


def _searched(list_filter) -> bool:
    return list_filter.is_valid() and bool((list_filter.form.cleaned_data.get("q") or "").strip())


@staff_required
def company_list(request: HttpRequest) -> HttpResponse:
    company_filter = CompanyFilter(request.GET, queryset=Company.objects.all())
    # The page is chosen over the filtered companies' ids (the name order's index), and only
    # its 25 rows count their projects and contacts: OFFSET no longer evaluates both counts for
    # every company skipped (80,000 of them at 80 % of the whole list).
    paginator = IdPaginator(
        company_filter.qs,
        COMPANIES_PER_PAGE,
        ordering=_search_ordering(_searched(company_filter), "name"),
        rows=Company.objects.with_counts(),
    )
    page = paginator.get_page(request.GET.get("page"))
    context = {
        "filter": company_filter,
        "page_obj": page,
        "may_import": can_import_prospects(request.user),
    }
    return render(request, "companies/company_list.html", context)


@staff_required
def contact_list(request: HttpRequest) -> HttpResponse:
    """Every company's contacts, searched by name, email or phone: where officers find a
    person whose company they do not remember."""
    contact_filter = ContactFilter(request.GET, queryset=Contact.objects.all())
    paginator = IdPaginator(
        contact_filter.qs,
        CONTACTS_PER_PAGE,
        ordering=_search_ordering(_searched(contact_filter), "last_name", "first_name"),
        rows=Contact.objects.select_related("company"),
    )
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request, "companies/contact_list.html", {"filter": contact_filter, "page_obj": page}
    )


# Prospect lists: upload, columns, preview, confirmation (pmi_aqt/imports/flow.py).
prospect_import = ImportFlow(
    importer=importer_for(PROSPECTS),
    check=can_import_prospects,
    namespace="companies",
    prefix="import",
    back_url="companies:list",
    back_label=gettext_lazy("Entreprises"),
)


def _export(request: HttpRequest, kind: str, extension: str) -> HttpResponse:
    """Small lists are exported at once; longer ones, or a POST, become a background job."""
    companies = exported_companies(request.GET)
    if request.method == "POST" or beyond_direct_limit(CompanyFilter(request.GET).qs):
        return background(request, kind=kind, parameters=query_parameters(request))
    filename = export_filename("entreprises", extension)
    if extension == "csv":
        # Streamed: the first rows leave while the last are read, in a bounded memory.
        response = StreamingHttpResponse(
            exports.companies_csv(companies), content_type=CSV_CONTENT_TYPE
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    return FileResponse(
        exports.companies_xlsx(companies),
        as_attachment=True,
        filename=filename,
        content_type=XLSX_CONTENT_TYPE,
    )


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def company_export_csv(request: HttpRequest) -> HttpResponse:
    return _export(request, COMPANIES_CSV, "csv")


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def company_export_xlsx(request: HttpRequest) -> HttpResponse:
    return _export(request, COMPANIES_XLSX, "xlsx")


@staff_required
def company_detail(request: HttpRequest, pk: int) -> HttpResponse:
    company = get_object_or_404(Company, pk=pk)
    context = {
        "company": company,
        "contacts": company.contacts.all(),
        "projects": company.projects.prefetch_related("axes"),
        "interactions": company.interactions.select_related("officer", "contact"),
        "history": entries_for_company(company.pk, HISTORY_SHOWN),
    }
    return render(request, "companies/company_detail.html", context)


@staff_required
def company_create(request: HttpRequest) -> HttpResponse:
    return _company_form(request, Company())


@staff_required
def company_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _company_form(request, get_object_or_404(Company, pk=pk))


def _company_form(request: HttpRequest, company: Company) -> HttpResponse:
    adding = company._state.adding
    saved_name = company.name  # Validation writes what was typed onto the instance.
    form = CompanyForm(request.POST if request.method == "POST" else None, instance=company)
    if form.is_bound and form.is_valid():
        form.save(commit=False)
        siren_taken = _("Une entreprise avec ce SIREN (9 premiers chiffres du SIRET) existe déjà.")
        if _save_unique(form, "siret", siren_taken):
            if adding:
                messages.success(request, _("L'entreprise a été créée."))
            else:
                messages.success(request, _("Les informations de l'entreprise sont à jour."))
            return redirect(form.instance)
    if adding:
        return _render_form(request, form, title=_("Nouvelle entreprise"))
    return _render_form(
        request,
        form,
        company=company,
        title=_("Modifier l'entreprise %(name)s") % {"name": saved_name},
    )


@staff_required
def contact_create(request: HttpRequest, pk: int) -> HttpResponse:
    company = get_object_or_404(Company, pk=pk)
    return _contact_form(request, Contact(company=company))


@staff_required
def contact_edit(request: HttpRequest, pk: int, contact_pk: int) -> HttpResponse:
    contact = get_object_or_404(
        Contact.objects.select_related("company"), pk=contact_pk, company_id=pk
    )
    return _contact_form(request, contact)


def _contact_form(request: HttpRequest, contact: Contact) -> HttpResponse:
    adding = contact._state.adding
    company = contact.company
    saved_name = contact.full_name  # Validation writes what was typed onto the instance.
    form = ContactForm(request.POST if request.method == "POST" else None, instance=contact)
    if form.is_bound and form.is_valid():
        form.save(commit=False).stamp_contact_consent()
        if _save_unique(form, "email", _("Ce contact existe déjà pour cette entreprise.")):
            if adding:
                messages.success(request, _("Le contact a été ajouté."))
            else:
                messages.success(request, _("Le contact a été mis à jour."))
            return redirect(_company_url(company.pk, "contacts"))
    if adding:
        title = _("Nouveau contact pour %(company)s") % {"company": company.name}
    else:
        title = _("Modifier le contact %(name)s") % {"name": saved_name}
    return _render_form(request, form, company=company, title=title)


@staff_required
def interaction_create(request: HttpRequest, pk: int) -> HttpResponse:
    company = get_object_or_404(Company, pk=pk)
    form = InteractionForm(
        request.POST if request.method == "POST" else None,
        instance=Interaction(company=company, officer=request.user),
    )
    if form.is_bound and form.is_valid():
        interaction_log(interaction=form.save(commit=False))
        messages.success(request, _("L'échange a été noté."))
        return redirect(_company_url(company.pk, "echanges"))
    return _render_form(
        request,
        form,
        company=company,
        title=_("Noter un échange avec %(company)s") % {"company": company.name},
    )


@staff_required
@require_POST
def next_step_done(request: HttpRequest, pk: int, interaction_pk: int) -> HttpResponse:
    interaction = get_object_or_404(Interaction, pk=interaction_pk, company_id=pk)
    if interaction.mark_next_step_done():
        messages.success(
            request,
            _("Étape « %(step)s » marquée comme faite.") % {"step": interaction.next_step},
        )
    else:
        messages.info(request, _("Cet échange n'a pas d'étape en attente."))
    return redirect(_company_url(pk, "echanges"))

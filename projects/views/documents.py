"""Project documents: the section of the project page, uploads, downloads and requests."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pmi_aqt.accounts.permissions import ensure, require
from pmi_aqt.mailing.models import OutboundEmail

from ..access import InvalidCompanyLink
from ..email_kinds import COMPANY_LINK
from ..forms.documents import DocumentRequestForm, DocumentUploadForm
from ..models import Document, DocumentRequest, Project
from ..permissions import can_company_read_document, can_manage_documents, can_send_company_link
from ..services.company import company_access_resolve, project_contact
from ..services.documents import document_delete, document_request_create, document_store
from .common import project_for

SECTION = "documents"
# The secure link's token, when a company downloads what it sent (see views/company.py).
TOKEN_PARAMETER = "lien"  # noqa: S105 - a query parameter's name, not a secret
LINK_REFUSED = _lazy("Ce lien ne donne pas accès à ce document : il a expiré ou a été modifié.")
NO_CONTACT_MESSAGE = _lazy(
    "L'entreprise n'a aucun contact à qui écrire : ajoutez d'abord un contact sur sa fiche."
)


def documents_context(project, user) -> dict:
    """What the project page's documents section needs: four queries, whatever the number of
    documents and requests."""
    documents = list(
        project.documents.select_related("uploaded_by", "uploaded_by_contact", "request")
    )
    requests = list(project.document_requests.select_related("requested_by"))
    contact = project_contact(project)
    last_link = (
        OutboundEmail.objects.regarding(project)
        .filter(kind=COMPANY_LINK.code)
        .only("created_at", "to")
        .first()
    )
    return {
        "documents_section": {
            "documents": documents,
            "requests": requests,
            "open_requests": [r for r in requests if r.fulfilled_at is None],
            "contact": contact,
            "last_link_email": last_link,
            "today": timezone.localdate(),
            "can_manage": can_manage_documents(user, project),
            "can_send_link": can_send_company_link(user, project),
        }
    }


def _project(request: HttpRequest, pk: int) -> Project:
    return project_for(request, pk, can_manage_documents)


def _section_url(project: Project) -> str:
    return f"{project.get_absolute_url()}#{SECTION}"


@require(can_manage_documents)
@require_http_methods(["GET", "POST"])
def document_upload(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(request, pk)
    if request.method == "POST":
        form = DocumentUploadForm(request.POST, request.FILES, project=project)
        if form.is_valid():
            file = form.cleaned_data["file"]
            document = document_store(
                project=project,
                file=file,
                file_type=file.detected_type,
                kind=form.cleaned_data["kind"],
                request=form.cleaned_data["request"],
                uploaded_by=request.user,
            )
            messages.success(
                request,
                _("Le document « %(name)s » a été ajouté.") % {"name": document.original_name},
            )
            return redirect(_section_url(project))
    else:
        initial = {}
        wanted = request.GET.get("demande", "")
        if wanted.isdigit():
            initial["request"] = project.document_requests.filter(
                pk=int(wanted), fulfilled_at__isnull=True
            ).first()
        form = DocumentUploadForm(project=project, initial=initial)
    context = {
        "form": form,
        "project": project,
        "title": _("Ajouter un document"),
        "error_title": _("Le document n'a pas été ajouté"),
        "section_url": _section_url(project),
    }
    return render(request, "projects/documents/upload.html", context)


@login_not_required
@require_GET
def document_download(request: HttpRequest, pk: int, document_pk: int) -> HttpResponse:
    """The file, to the programme's team, or to a company contact through the project's link.

    Login is not required here because a company contact has no account: the signed link is
    their permission, and it must name this very project.
    """
    documents = Document.objects.select_related("project", "uploaded_by_contact")
    if can_manage_documents(request.user):
        document = get_object_or_404(documents, pk=document_pk, project_id=pk)
    else:
        # Refused before anything is looked up, so nobody learns which documents exist.
        token = request.GET.get(TOKEN_PARAMETER, "")
        if not token:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            ensure(can_manage_documents(request.user))
        try:
            access = company_access_resolve(token)
        except InvalidCompanyLink:
            raise PermissionDenied(LINK_REFUSED) from None
        document = documents.filter(pk=document_pk, project_id=pk).first()
        if document is None or access.project.pk != document.project_id:
            raise PermissionDenied(LINK_REFUSED)
        ensure(can_company_read_document(document, company_id=access.contact.company_id))
    try:
        handle = document.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404(_("Ce fichier n'est plus disponible.")) from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require(can_manage_documents)
@require_POST
def document_remove(request: HttpRequest, pk: int, document_pk: int) -> HttpResponse:
    project = _project(request, pk)
    document = get_object_or_404(Document, pk=document_pk, project=project)
    name = document.original_name
    document_delete(document=document)
    messages.success(request, _("Le document « %(name)s » a été supprimé.") % {"name": name})
    return redirect(_section_url(project))


@require(can_manage_documents)
@require_http_methods(["GET", "POST"])
def document_request_new(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(request, pk)
    form = DocumentRequestForm(request.POST if request.method == "POST" else None)
    contact = project_contact(project)
    if form.is_bound and form.is_valid():
        document_request = document_request_create(
            project=project,
            kind=form.cleaned_data["kind"],
            label=form.cleaned_data["label"],
            due_on=form.cleaned_data["due_on"],
            requested_by=request.user,
        )
        if document_request is not None:
            messages.success(
                request,
                _("La demande « %(label)s » a été envoyée à %(email)s.")
                % {"label": document_request.label, "email": contact.email},
            )
            return redirect(_section_url(project))
        form.add_error(None, NO_CONTACT_MESSAGE)
    context = {
        "form": form,
        "project": project,
        "contact": contact,
        "title": _("Demander un document à l'entreprise"),
        "error_title": _("La demande n'a pas été envoyée"),
        "section_url": _section_url(project),
    }
    return render(request, "projects/documents/request_form.html", context)


@require(can_manage_documents)
@require_POST
def document_request_remove(request: HttpRequest, pk: int, request_pk: int) -> HttpResponse:
    project = _project(request, pk)
    document_request = get_object_or_404(DocumentRequest, pk=request_pk, project=project)
    label = document_request.label
    # Documents already received stay on the project; they just no longer answer a request.
    document_request.delete()
    messages.success(request, _("La demande « %(label)s » a été retirée.") % {"label": label})
    return redirect(_section_url(project))

"""The company's page, opened with the secure link sent by email, and sending that link.

The company page needs no account: the signed, expiring token in its address is the
permission, and it names one contact and one project of that contact's company. The page shows
only what is meant for the company; it never receives the project object's other fields.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from pmi_aqt.accounts.permissions import require

from ..access import InvalidCompanyLink, company_link_token
from ..forms.documents import CompanyDocumentForm
from ..models import DecisionOutcome, Document, DocumentRequest
from ..permissions import can_send_company_link, can_use_company_space
from ..services.company import (
    COMPANY_STEPS,
    STAGE_FOR_COMPANY,
    CompanyAccess,
    company_access_resolve,
    company_collective_actions,
    company_decision,
    company_financing_obtained,
    company_link_send,
    company_next_survey,
    company_placements,
    company_support_plan,
)
from ..services.documents import document_store
from .common import project_for
from .documents import NO_CONTACT_MESSAGE, TOKEN_PARAMETER

STEP_TITLES = {
    "received": gettext_lazy("Votre demande a été reçue"),
    "preparing": gettext_lazy("Votre dossier est en préparation avec votre chargé·e de mission"),
    "task_force": gettext_lazy("Votre dossier sera présenté à la task force"),
    "decided": gettext_lazy("Décision rendue"),
    "support": gettext_lazy("Accompagnement en cours"),
    "closed": gettext_lazy("Projet clos"),
}
STEP_EXPLANATIONS = {
    "received": gettext_lazy(
        "Un·e chargé·e de mission du programme va vous contacter pour mieux comprendre votre "
        "projet."
    ),
    "preparing": gettext_lazy(
        "Vous précisez ensemble vos besoins et les ressources à mobiliser : compétences, "
        "partenaires, financements."
    ),
    "task_force": gettext_lazy(
        "Les partenaires régionaux réunis en task force vont examiner votre dossier."
    ),
    "decided": gettext_lazy(
        "La task force a rendu sa décision : votre chargé·e de mission vous l'a communiquée ou "
        "va le faire."
    ),
    "support": gettext_lazy(
        "Les actions d'accompagnement décidées pour votre projet sont en cours."
    ),
    "closed": gettext_lazy("Ce projet est clos. Merci de votre confiance."),
}
# The decision told in plain words, as in the email that announced it.
DECISION_WORDS = {
    DecisionOutcome.APPROVED: gettext_lazy("La task force a décidé d'accompagner votre projet."),
    DecisionOutcome.APPROVED_WITH_CONDITIONS: gettext_lazy(
        "La task force a décidé d'accompagner votre projet, sous certaines conditions."
    ),
    DecisionOutcome.DEFERRED: gettext_lazy(
        "La task force a reporté sa décision : votre dossier lui sera présenté de nouveau, une "
        "fois complété avec votre chargé·e de mission."
    ),
    DecisionOutcome.REJECTED: gettext_lazy(
        "La task force n'a pas retenu d'accompagnement par le programme pour ce projet. Votre "
        "chargé·e de mission peut vous expliquer cette décision et vous orienter vers d'autres "
        "dispositifs."
    ),
}


@dataclass(frozen=True)
class Step:
    title: str
    state: str  # "done", "current" or "next"


def _steps(current: str) -> list[Step]:
    index = COMPANY_STEPS.index(current)
    return [
        Step(
            str(STEP_TITLES[key]),
            "done" if position < index else "current" if position == index else "next",
        )
        for position, key in enumerate(COMPANY_STEPS)
    ]


def _access(token: str) -> CompanyAccess | None:
    try:
        return company_access_resolve(token)
    except InvalidCompanyLink:
        return None


def _invalid_link(request: HttpRequest) -> HttpResponse:
    response = render(request, "projects/company/invalid_link.html", status=403)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _company_page(
    request: HttpRequest,
    token: str,
    access: CompanyAccess,
    bound: tuple[int, CompanyDocumentForm] | None = None,
) -> HttpResponse:
    """Only what is meant for the company: each value below is chosen, nothing else is passed."""
    project = access.project
    step = STAGE_FOR_COMPANY.get(project.stage, "preparing")
    open_requests = list(project.document_requests.filter(fulfilled_at__isnull=True))
    request_forms = [
        (
            document_request,
            bound[1]
            if bound and bound[0] == document_request.pk
            else CompanyDocumentForm(document_request=document_request),
        )
        for document_request in open_requests
    ]
    sent = Document.objects.filter(
        project=project, uploaded_by_contact__company_id=project.company_id
    ).only("pk", "original_name", "uploaded_at", "project_id")
    officer = project.officer
    today = timezone.localdate()
    decision = company_decision(project)
    context = {
        "token": token,
        "company_name": project.company.name,
        "contact_name": access.contact.full_name,
        "project_title": project.title,
        "step_title": STEP_TITLES[step],
        "step_explanation": STEP_EXPLANATIONS[step],
        "steps": _steps(step),
        "officer_name": (officer.get_full_name() or officer.email) if officer else "",
        "officer_email": officer.email if officer else "",
        "request_forms": request_forms,
        "sent_documents": [
            {
                "name": document.original_name,
                "uploaded_at": document.uploaded_at,
                "url": reverse("projects:document_download", args=[project.pk, document.pk])
                + f"?{TOKEN_PARAMETER}={token}",
            }
            for document in sent
        ],
        "decision": decision,
        "decision_words": DECISION_WORDS[decision.outcome] if decision else "",
        "support_actions": company_support_plan(project),
        "financing_obtained": company_financing_obtained(project),
        "placements": company_placements(project),
        "collective_actions": company_collective_actions(project),
        "next_survey": company_next_survey(project, today),
        "today": today,
        "has_errors": bool(bound and bound[1].errors),
    }
    response = render(request, "projects/company/view.html", context)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require(can_use_company_space)
@require_GET
def company_home(request: HttpRequest) -> HttpResponse:
    """A company contact's projects, each opening the same follow-up page as the emailed link."""
    contact = getattr(request.user, "company_contact", None)
    projects = []
    if contact is not None:
        for project in contact.company.projects.order_by("-created_at"):
            token = company_link_token(contact_id=contact.pk, project_id=project.pk)
            projects.append((project, reverse("projects:company_view", args=[token])))
    context = {"contact": contact, "projects": projects}
    return render(request, "projects/company/home.html", context)


@login_not_required
@never_cache
@require_GET
def company_view(request: HttpRequest, token: str) -> HttpResponse:
    access = _access(token)
    if access is None:
        return _invalid_link(request)
    return _company_page(request, token, access)


@login_not_required
@never_cache
@require_POST
def company_upload(request: HttpRequest, token: str, request_pk: int) -> HttpResponse:
    """A file the company sends in answer to one of its project's open requests."""
    access = _access(token)
    if access is None:
        return _invalid_link(request)
    document_request = DocumentRequest.objects.filter(
        pk=request_pk, project=access.project, fulfilled_at__isnull=True
    ).first()
    if document_request is None:
        raise Http404(_("Cette demande n'attend plus de document."))
    form = CompanyDocumentForm(request.POST, request.FILES, document_request=document_request)
    if not form.is_valid():
        return _company_page(request, token, access, bound=(request_pk, form))
    file = form.cleaned_data["file"]
    document_store(
        project=access.project,
        file=file,
        file_type=file.detected_type,
        kind=document_request.kind,
        request=document_request,
        uploaded_by_contact=access.contact,
    )
    messages.success(
        request,
        _("Merci : « %(name)s » a bien été reçu pour « %(label)s ».")
        % {"name": file.name, "label": document_request.label},
    )
    return redirect("projects:company_view", token=token)


@require(can_send_company_link)
@require_POST
def send_company_link(request: HttpRequest, pk: int) -> HttpResponse:
    project = project_for(request, pk, can_send_company_link, "company", "officer")
    sending = company_link_send(project=project, sent_by=request.user)
    if sending is None:
        messages.error(request, NO_CONTACT_MESSAGE)
    elif sending.already_sent_today:
        messages.info(
            request,
            _(
                "Le lien de suivi a déjà été envoyé aujourd'hui à %(email)s : il pourra être "
                "renvoyé demain."
            )
            % {"email": sending.contact.email},
        )
    else:
        messages.success(
            request,
            _("Le lien de suivi a été envoyé à %(name)s (%(email)s).")
            % {"name": sending.contact.full_name, "email": sending.contact.email},
        )
    return redirect(f"{project.get_absolute_url()}#documents")

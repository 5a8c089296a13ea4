from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csp import csp_override
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pmi_aqt.accounts.permissions import manager_required, staff_required
from pmi_aqt.pagination import IdPaginator

from . import kinds, services
from .forms import EmailTextForm
from .kinds import EmailKind
from .models import EmailText, OutboundEmail
from .unsubscribe import read_unsubscribe_token

EMAILS_PER_PAGE = 50


@staff_required
def email_list(request):
    emails = OutboundEmail.objects.all()
    status = request.GET.get("statut", "")
    if status in OutboundEmail.Status.values:
        emails = emails.filter(status=status)
    kind_choices = [(kind.code, kind.label) for kind in kinds.registered()]
    kind = request.GET.get("type", "")
    if kind in dict(kind_choices):
        emails = emails.filter(kind=kind)
    # The page is chosen over the ids in the list's order, read from the index in that order
    # (created_at, id) without the rows, and the whole list's size is PostgreSQL's estimate: a
    # deep page no longer sorts every email on disk. Only the page's 50 rows are then read.
    paginator = IdPaginator(
        emails,
        EMAILS_PER_PAGE,
        rows=OutboundEmail.objects.only(
            "id", "created_at", "kind", "to", "subject", "status", "attempts", "sent_at"
        ),
    )
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "mailing/email_list.html",
        {
            "page_obj": page,
            "statuses": OutboundEmail.Status.choices,
            "current_status": status,
            "kinds": kind_choices,
            "current_kind": kind,
        },
    )


@staff_required
def email_detail(request, pk: int):
    email = get_object_or_404(OutboundEmail, pk=pk)
    return render(request, "mailing/email_detail.html", {"email": email})


@require_POST
@staff_required
def email_retry(request, pk: int):
    email = get_object_or_404(OutboundEmail, pk=pk)
    if services.email_retry(email=email):
        messages.success(request, _("L'e-mail est remis en file d'envoi."))
    else:
        messages.info(request, _("Seul un e-mail en échec peut être renvoyé."))
    return redirect("mailing:detail", pk=email.pk)


# Mail clients send RFC 8058 one-click unsubscribes as a cross-site POST without a CSRF token;
# the signed address in the URL is the credential and the only effect is to send less email.
@csrf_exempt
@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    address = read_unsubscribe_token(token)
    if address is None:
        return render(request, "mailing/unsubscribe_invalid.html", status=404)
    if request.method == "POST":
        services.unsubscribe(address=address)
        if "List-Unsubscribe" in request.POST:
            return HttpResponse(status=200)
        return render(request, "mailing/unsubscribe_done.html", {"address": address})
    return render(request, "mailing/unsubscribe_confirm.html", {"address": address})


# --- Email texts, rewritten by the programme manager

# The last preview's HTML, served to the preview frame by email_text_preview_html.
PREVIEW_SESSION_KEY = "mailing_email_text_preview"

# The preview frame shows an email, not a page of the portal: its inline styles may apply, and
# nothing else — no script, no form, no request anywhere, in a sandbox of its own.
PREVIEW_CSP = {
    "default-src": ["'none'"],
    "style-src": ["'unsafe-inline'"],
    "img-src": ["data:"],
    "base-uri": ["'none'"],
    "form-action": ["'none'"],
    "frame-ancestors": ["'self'"],
    "sandbox": True,
}


def _editable_kind_or_404(code: str) -> EmailKind:
    kind = kinds.find(code)
    if kind is None or not kind.editable:
        raise Http404(_("Ce type d'e-mail n'a pas de texte modifiable."))
    return kind


@require_GET
@manager_required
def email_text_list(request):
    rewritten = {text.kind: text for text in EmailText.objects.select_related("updated_by")}
    rows = [
        {
            "value": kind.code,
            "label": kind.label,
            "editable": kind.editable,
            "text": rewritten.get(kind.code) if kind.editable else None,
        }
        for kind in kinds.registered()
    ]
    return render(request, "mailing/email_text_list.html", {"kinds": rows})


@require_http_methods(["GET", "POST"])
@manager_required
def email_text_edit(request, kind: str):
    spec = _editable_kind_or_404(kind)
    email_text = EmailText.objects.select_related("updated_by").filter(kind=kind).first()
    preview = None
    if request.method == "POST":
        form = EmailTextForm(request.POST, spec=spec)
        if form.is_valid():
            subject, body = form.cleaned_data["subject"], form.cleaned_data["body"]
            if request.POST.get("action") != "preview":
                services.email_text_save(kind=kind, subject=subject, body=body, user=request.user)
                messages.success(
                    request,
                    _(
                        "Texte de l'e-mail « %(label)s » enregistré : "
                        "les prochains envois l'utilisent."
                    )
                    % {"label": spec.label},
                )
                return redirect("mailing:text_list")
            preview = services.email_text_preview(kind=kind, subject=subject, body=body)
            request.session[PREVIEW_SESSION_KEY] = {"kind": kind, "html": preview.body_html}
    elif email_text is not None:
        form = EmailTextForm(
            initial={"subject": email_text.subject, "body": email_text.body}, spec=spec
        )
    else:
        # The default wording itself, in the same placeholders: what is sent today.
        form = EmailTextForm(initial={"subject": spec.subject, "body": spec.body}, spec=spec)
    return render(
        request,
        "mailing/email_text_form.html",
        {
            "spec": spec,
            "form": form,
            "email_text": email_text,
            "preview": preview,
            # What is sent today, for comparison, while the kind keeps its default text.
            "default": services.email_default_preview(kind=kind) if email_text is None else None,
            "non_essential": not spec.essential,
        },
    )


@require_POST
@manager_required
def email_text_reset(request, kind: str):
    spec = _editable_kind_or_404(kind)
    if services.email_text_reset(kind=kind):
        messages.success(
            request,
            _("L'e-mail « %(label)s » reprend son texte par défaut.") % {"label": spec.label},
        )
    else:
        messages.info(request, _("Cet e-mail utilisait déjà le texte par défaut."))
    return redirect("mailing:text_edit", kind=kind)


@require_GET
@csp_override(PREVIEW_CSP)
@xframe_options_sameorigin
@manager_required
def email_text_preview_html(request, kind: str):
    """The HTML of the last preview, shown in a frame of the edit page."""
    _editable_kind_or_404(kind)
    stored = request.session.get(PREVIEW_SESSION_KEY) or {}
    if stored.get("kind") != kind:
        raise Http404(_("Aucun aperçu en cours pour cet e-mail."))
    response = HttpResponse(stored["html"])
    response["Cache-Control"] = "no-store"
    return response

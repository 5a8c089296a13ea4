from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from pmi_aqt.accounts.permissions import staff_required

from . import services
from .models import OutboundEmail


@staff_required
def email_list(request):
    emails = OutboundEmail.objects.only(
        "id", "created_at", "kind", "to", "subject", "status", "attempts", "sent_at"
    )
    status = request.GET.get("statut", "")
    if status in OutboundEmail.Status.values:
        emails = emails.filter(status=status)
    page = Paginator(emails, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "mailing/email_list.html",
        {"page_obj": page, "statuses": OutboundEmail.Status.choices, "current_status": status},
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
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    address = services.read_unsubscribe_token(token)
    if address is None:
        return render(request, "mailing/unsubscribe_invalid.html", status=404)
    if request.method == "POST":
        services.unsubscribe(address=address)
        if "List-Unsubscribe" in request.POST:
            return HttpResponse(status=200)
        return render(request, "mailing/unsubscribe_done.html", {"address": address})
    return render(request, "mailing/unsubscribe_confirm.html", {"address": address})

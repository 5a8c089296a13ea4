from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

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

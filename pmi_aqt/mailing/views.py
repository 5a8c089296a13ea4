from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from pmi_aqt.accounts.permissions import staff_required

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

"""The manager's audit page: every recorded change, filtered by author, object type and dates."""

import datetime

from auditlog.models import LogEntry
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from pmi_aqt.accounts.permissions import manager_required

from .display import audit_record, with_display_facts
from .forms import AuditFilterForm

ENTRIES_PER_PAGE = 50


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@manager_required
def audit_log(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None, people_search_url=reverse("audit:people"))
    entries = LogEntry.objects.all()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["person"]:
            entries = entries.filter(actor=data["person"])
        if data["object_type"]:
            entries = entries.filter(content_type_id=data["object_type"])
        if data["date_from"]:
            entries = entries.filter(timestamp__gte=_day_start(data["date_from"]))
        if data["date_to"]:
            next_day = data["date_to"] + datetime.timedelta(days=1)
            entries = entries.filter(timestamp__lt=_day_start(next_day))
    elif form.is_bound:
        entries = entries.none()
    # Keyset pagination on the id, newest first: a page costs the same however deep it is.
    before = request.GET.get("avant", "")
    if before.isdigit():
        entries = entries.filter(pk__lt=int(before))
    page = list(with_display_facts(entries.order_by("-pk"))[: ENTRIES_PER_PAGE + 1])
    older = page[ENTRIES_PER_PAGE - 1].pk if len(page) > ENTRIES_PER_PAGE else None
    query = request.GET.copy()
    query.pop("avant", None)
    return render(
        request,
        "audit/log.html",
        {
            "form": form,
            "records": [audit_record(entry) for entry in page[:ENTRIES_PER_PAGE]],
            "older": older,
            "filters_query": query.urlencode(),
            "is_first_page": not before,
        },
    )


@manager_required
@require_safe
def people_search(request: HttpRequest) -> JsonResponse:
    """The first authors matching `q`, as the audit filter's input writes them."""
    field = AuditFilterForm().fields["person"]
    return JsonResponse({"results": field.suggestions(request.GET.get("q", "")[:200])})

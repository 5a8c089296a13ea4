"""From prospecting to a project: the screen, linked from a company's page, where an officer or
the manager opens a project for the company (who may: projects/permissions.py)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from companies.models import Company
from pmi_aqt.accounts.permissions import ensure, require

from ..forms.prospecting import ProjectOpenForm
from ..permissions import can_open_project, may_hold_projects
from ..services.prospecting import project_open


@require(can_open_project)
@require_http_methods(["GET", "POST"])
def project_open_for_company(request: HttpRequest, company_pk: int) -> HttpResponse:
    company = get_object_or_404(Company, pk=company_pk)
    ensure(can_open_project(request.user, company))
    # Whoever opens the project follows it, unless they choose a colleague.
    initial = {"officer": request.user.pk} if may_hold_projects(request.user) else {}
    form = ProjectOpenForm(request.POST if request.method == "POST" else None, initial=initial)
    if form.is_bound and form.is_valid():
        project = project_open(company=company, by=request.user, **form.cleaned_data)
        opened = _("Le projet « %(title)s » est ouvert, à l'étape « Qualifié ».")
        messages.success(request, opened % {"title": project.title})
        return redirect(project)
    return render(
        request,
        "projects/prospecting/open.html",
        {"form": form, "company": company, "title": _("Ouvrir un projet")},
    )

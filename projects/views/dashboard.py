"""The programme dashboard, the yearly activity report (PDF) and the yearly targets."""

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_safe

from pmi_aqt.accounts.permissions import require
from pmi_aqt.exports import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE
from pmi_aqt.jobs.views import background, beyond_direct_limit

from ..background import REPORT_PDF, SUPPORTED_CSV, SUPPORTED_XLSX, supported_companies
from ..forms.dashboard import PeriodForm, ReportYearForm, YearlyTargetForm
from ..models import YearlyTarget
from ..permissions import can_edit_targets, can_view_dashboard
from ..services import exports
from ..stats.cache import FIGURES_CACHE_SECONDS, programme_figures
from ..stats.supported import each_supported_company

# The dashboard lists the first supported companies by name, the yearly report more
# (projects/services/report.py); the export of the supported companies holds them all.
SUPPORTED_COMPANIES_SHOWN = 100


def chart_texts() -> dict[str, str]:
    """The series names the charts show, translated here so the script holds no text."""
    return {
        "supported": _("Entreprises accompagnées"),
        "target": _("Objectif"),
        "projects": _("Projets"),
        "asked": _("Demandé (€)"),
        "obtained": _("Obtenu (€)"),
        "actions": _("Actions"),
        "days": _("Jours d'intervention"),
        "outcomes": _("Résultats déclarés"),
    }


@require(can_view_dashboard)
@require_safe
def dashboard(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    form = PeriodForm(request.GET or None)
    # Figures computed before the last write are shown at once while the current ones are
    # computed by a worker: a note says so (the report never shows them).
    figures = programme_figures(
        form.period(today), today, supported_limit=SUPPORTED_COMPANIES_SHOWN, allow_stale=True
    )
    context = {
        "form": form,
        "figures": figures,
        "period": figures.period,
        "charts": {"texts": chart_texts(), **figures.charts()},
        "can_edit_targets": can_edit_targets(request.user),
        "figures_cache_seconds": FIGURES_CACHE_SECONDS,
    }
    return render(request, "projects/dashboard/dashboard.html", context)


@require(can_view_dashboard)
@require_http_methods(["GET", "HEAD", "POST"])
def report_pdf(request: HttpRequest) -> HttpResponse:
    """Always a background job (tens of seconds of rendering at national scale): the GET offers
    it, the POST starts it."""
    today = timezone.localdate()
    period = ReportYearForm(request.GET or None).period(today)
    # The year and the day are fixed now: the report says what the person asked for.
    parameters = {"year": period.first_year, "today": today.isoformat()}
    return background(request, kind=REPORT_PDF, parameters=parameters)


def _supported_in_the_period(request: HttpRequest):
    """The dashboard's period (its own parameters) and every company supported in it."""
    period = PeriodForm(request.GET or None).period(timezone.localdate())
    return period, each_supported_company(period)


def _supported_export(request: HttpRequest, kind: str, extension: str) -> HttpResponse:
    """Small lists are exported at once; longer ones, or a POST, become a background job."""
    period, supported = _supported_in_the_period(request)
    if request.method == "POST" or beyond_direct_limit(supported_companies(period)):
        parameters = {"first": period.first_year, "last": period.last_year}
        return background(request, kind=kind, parameters=parameters)
    filename = exports.supported_filename(period, extension)
    if extension == "csv":
        response = StreamingHttpResponse(
            exports.supported_csv(supported), content_type=CSV_CONTENT_TYPE
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    return FileResponse(
        exports.supported_xlsx(supported),
        as_attachment=True,
        filename=filename,
        content_type=XLSX_CONTENT_TYPE,
    )


@require(can_view_dashboard)
@require_http_methods(["GET", "HEAD", "POST"])
def supported_export_csv(request: HttpRequest) -> HttpResponse:
    return _supported_export(request, SUPPORTED_CSV, "csv")


@require(can_view_dashboard)
@require_http_methods(["GET", "HEAD", "POST"])
def supported_export_xlsx(request: HttpRequest) -> HttpResponse:
    return _supported_export(request, SUPPORTED_XLSX, "xlsx")


@require(can_edit_targets)
@require_safe
def target_list(request: HttpRequest) -> HttpResponse:
    targets = YearlyTarget.objects.order_by("-year")
    return render(request, "projects/dashboard/target_list.html", {"targets": targets})


@require(can_edit_targets)
@require_http_methods(["GET", "POST"])
def target_create(request: HttpRequest) -> HttpResponse:
    initial = {}
    year = request.GET.get("annee", "")
    if year.isascii() and year.isdigit() and len(year) == 4:
        initial["year"] = int(year)
    return _target_form(request, YearlyTarget(), initial)


@require(can_edit_targets)
@require_http_methods(["GET", "POST"])
def target_edit(request: HttpRequest, year: int) -> HttpResponse:
    return _target_form(request, get_object_or_404(YearlyTarget, year=year))


def _target_form(request: HttpRequest, target: YearlyTarget, initial=None) -> HttpResponse:
    adding = target._state.adding
    form = YearlyTargetForm(
        request.POST if request.method == "POST" else None, instance=target, initial=initial
    )
    if form.is_bound and form.is_valid():
        target = form.save()
        messages.success(
            request,
            ngettext(
                "Objectif %(year)s enregistré : %(count)s entreprise à accompagner.",
                "Objectif %(year)s enregistré : %(count)s entreprises à accompagner.",
                target.companies_target,
            )
            % {"year": target.year, "count": target.companies_target},
        )
        return redirect("projects:target_list")
    title = (
        _("Fixer un objectif annuel")
        if adding
        else _("Modifier l'objectif %(year)s") % {"year": target.year}
    )
    return render(
        request,
        "projects/dashboard/target_form.html",
        {"form": form, "target": target, "title": title},
    )

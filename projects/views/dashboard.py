"""The programme dashboard, the yearly activity report (PDF) and the yearly targets."""

from django.contrib import messages
from django.contrib.staticfiles import finders
from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_safe

from pmi_aqt.accounts.permissions import require

from ..forms.dashboard import PeriodForm, ReportYearForm, YearlyTargetForm
from ..models import YearlyTarget
from ..permissions import can_edit_targets, can_view_dashboard
from ..services import exports
from ..stats.cache import FIGURES_CACHE_SECONDS, programme_figures
from ..stats.supported import each_supported_company

REPORT_STYLESHEET = "css/report.css"
# The dashboard lists the first supported companies by name, the yearly report more (a
# national programme supports tens of thousands a year: hundreds of pages, minutes of
# rendering); the export of the supported companies holds them all.
SUPPORTED_COMPANIES_SHOWN = 100
REPORT_SUPPORTED_COMPANIES_SHOWN = 200
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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
@require_safe
def report_pdf(request: HttpRequest) -> HttpResponse:
    import weasyprint  # Heavy: loaded only when a report is asked for.

    today = timezone.localdate()
    period = ReportYearForm(request.GET or None).period(today)
    figures = programme_figures(period, today, supported_limit=REPORT_SUPPORTED_COMPANIES_SHOWN)
    html = render_to_string(
        "projects/report/annual.html",
        {"figures": figures, "period": period, "generated_on": timezone.localtime()},
        request=request,
    )
    stylesheet = weasyprint.CSS(filename=finders.find(REPORT_STYLESHEET))
    # The report needs nothing from outside: whatever a name might smuggle in is never fetched.
    offline = weasyprint.urls.URLFetcher(allowed_protocols={"data"})
    pdf = weasyprint.HTML(string=html, url_fetcher=offline).write_pdf(stylesheets=[stylesheet])
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"pmi-en-aqt-rapport-activite-{period.first_year}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _supported_in_the_period(request: HttpRequest):
    """The dashboard's period (its own parameters) and every company supported in it."""
    period = PeriodForm(request.GET or None).period(timezone.localdate())
    return period, each_supported_company(period)


@require(can_view_dashboard)
@require_safe
def supported_export_csv(request: HttpRequest) -> StreamingHttpResponse:
    period, supported = _supported_in_the_period(request)
    response = StreamingHttpResponse(
        exports.supported_csv(supported), content_type="text/csv; charset=utf-8"
    )
    filename = exports.supported_filename(period, "csv")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require(can_view_dashboard)
@require_safe
def supported_export_xlsx(request: HttpRequest) -> FileResponse:
    period, supported = _supported_in_the_period(request)
    return FileResponse(
        exports.supported_xlsx(supported),
        as_attachment=True,
        filename=exports.supported_filename(period, "xlsx"),
        content_type=XLSX_CONTENT_TYPE,
    )


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

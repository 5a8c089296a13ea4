"""The yearly activity report as a PDF (WeasyPrint): minutes of work at national scale, so
it is produced by a background job (projects/background.py), never in a request."""

from datetime import date

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone

from ..stats.cache import programme_figures
from ..stats.period import Period

REPORT_STYLESHEET = "css/report.css"
# The dashboard lists the first supported companies by name, the report more (a national
# programme supports tens of thousands a year: hundreds of pages); the export holds them all.
REPORT_SUPPORTED_COMPANIES_SHOWN = 200


def report_filename(period: Period) -> str:
    return f"pmi-en-aqt-rapport-activite-{period.first_year}.pdf"


def report_pdf(period: Period, today: date, on_step=lambda: None) -> bytes:
    """The report of `period` as figures stand today; `on_step` is called after each of its
    three steps (figures, page, PDF)."""
    import weasyprint  # Heavy: loaded only when a report is asked for.

    figures = programme_figures(period, today, supported_limit=REPORT_SUPPORTED_COMPANIES_SHOWN)
    on_step()
    html = render_to_string(
        "projects/report/annual.html",
        {"figures": figures, "period": period, "generated_on": timezone.localtime()},
    )
    on_step()
    stylesheet = weasyprint.CSS(filename=finders.find(REPORT_STYLESHEET))
    # The report needs nothing from outside: whatever a name might smuggle in is never fetched.
    offline = weasyprint.urls.URLFetcher(allowed_protocols={"data"})
    pdf = weasyprint.HTML(string=html, url_fetcher=offline).write_pdf(stylesheets=[stylesheet])
    on_step()
    return pdf

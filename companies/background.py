"""The company list's whole-list exports as background jobs (pmi_aqt/jobs), run in a worker
as the person who asked, under the filters they had chosen."""

from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from pmi_aqt.accounts.permissions import can_use_programme_pages, ensure
from pmi_aqt.exports import (
    CSV_CONTENT_TYPE,
    XLSX_CONTENT_TYPE,
    export_filename,
    table_csv_file,
    table_xlsx_file,
)
from pmi_aqt.jobs.progress import Progress
from pmi_aqt.jobs.registry import JobKind, JobOutput, register

from . import exports
from .filters import CompanyFilter
from .models import Company

COMPANIES_CSV = "companies.list_csv"
COMPANIES_XLSX = "companies.list_xlsx"


def exported_companies(parameters: QueryDict):
    """Same search and filters as the list, every page, in the list's order."""
    return CompanyFilter(parameters, queryset=Company.objects.with_counts()).qs


def _companies(extension: str):
    def run(job, progress: Progress) -> JobOutput:
        ensure(can_use_programme_pages(job.requested_by))
        parameters = QueryDict(mutable=True)
        for key, values in job.parameters.items():
            parameters.setlist(key, values)
        companies = exported_companies(parameters)
        progress.start(companies.count())
        rows = progress.rows(exports.rows(companies, spaced_siret=extension == "csv"))
        filename = export_filename("entreprises", extension)
        if extension == "csv":
            return JobOutput(table_csv_file(exports.COLUMNS, rows), filename, CSV_CONTENT_TYPE)
        workbook = table_xlsx_file(exports.COLUMNS, rows, title=str(_("Entreprises")))
        return JobOutput(workbook, filename, XLSX_CONTENT_TYPE)

    return run


def register_kinds() -> None:
    register(
        JobKind(COMPANIES_CSV, _("Export des entreprises (CSV)"), _companies("csv")),
        JobKind(COMPANIES_XLSX, _("Export des entreprises (Excel)"), _companies("xlsx")),
    )

"""The project app's background jobs (pmi_aqt/jobs): the whole-list exports of projects, of
the companies supported in a period, of the financing lines and of the directory, the export
of a person's account data, and the yearly report PDF.

Each runs in a worker as the person who asked: their rights are asked again there (they may
have changed since), and the list is rebuilt from the filters they had chosen.
"""

import io
from datetime import date

from django.contrib.auth import get_user_model
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from companies.models import Company
from pmi_aqt.accounts.permissions import can_manage_programme, ensure
from pmi_aqt.exports import (
    CSV_CONTENT_TYPE,
    XLSX_CONTENT_TYPE,
    export_filename,
    table_csv_file,
    table_xlsx_file,
)
from pmi_aqt.jobs.progress import Progress
from pmi_aqt.jobs.registry import JobKind, JobOutput, register

from .filters import FinancingLineFilter, ProjectFilter
from .models import SupportedYear
from .permissions import (
    can_edit_directory,
    can_export_financing,
    can_export_projects,
    can_view_dashboard,
    visible_financing_lines,
    visible_projects,
)
from .services import directory_io, exports, financing_workspace, report
from .services.data_export import ZIP_CONTENT_TYPE, account_export_name, export_zip
from .stats.period import Period
from .stats.supported import each_supported_company

PROJECTS_CSV = "projects.list_csv"
PROJECTS_XLSX = "projects.list_xlsx"
SUPPORTED_CSV = "projects.supported_csv"
SUPPORTED_XLSX = "projects.supported_xlsx"
FINANCING_CSV = "projects.financing_csv"
DIRECTORY_CSV = "projects.directory_csv"
DIRECTORY_XLSX = "projects.directory_xlsx"
REPORT_PDF = "projects.report_pdf"
ACCOUNT_DATA_ZIP = "projects.account_data_zip"


def query(parameters: dict[str, list[str]]) -> QueryDict:
    """The list's query string, as the person had it."""
    result = QueryDict(mutable=True)
    for key, values in parameters.items():
        result.setlist(key, values)
    return result


def _table(columns, rows, progress: Progress, *, extension: str, title: str, filename: str):
    rows = progress.rows(rows)
    if extension == "csv":
        return JobOutput(table_csv_file(columns, rows), filename, CSV_CONTENT_TYPE)
    return JobOutput(table_xlsx_file(columns, rows, title=title), filename, XLSX_CONTENT_TYPE)


# --- The project list


def exported_projects(user, parameters):
    """The list's projects under its filters and sort, with what the export reads."""
    return ProjectFilter(
        query(parameters), queryset=visible_projects(user, exports.export_queryset())
    ).qs


def _projects(extension: str):
    def run(job, progress: Progress) -> JobOutput:
        ensure(can_export_projects(job.requested_by))
        projects = exported_projects(job.requested_by, job.parameters)
        progress.start(projects.count())
        return _table(
            exports.COLUMNS,
            exports.rows(projects, spaced_siret=extension == "csv"),
            progress,
            extension=extension,
            title=str(_("Projets")),
            filename=exports.export_filename(extension),
        )

    return run


# --- The companies supported in a period


def supported_period(parameters: dict) -> Period:
    return Period(parameters["first"], parameters["last"])


def supported_companies(period: Period):
    """The companies supported in the period, from the dashboard's summary of the years each
    was supported (projects/stats/summary.py, kept by the writes): an index range over those
    years. Testing every move to "in support" of the period against the projects took 180 ms
    at national scale, on each offer of the export."""
    supported_then = SupportedYear.objects.filter(
        year__gte=period.first_year, year__lte=period.last_year
    )
    return Company.objects.filter(pk__in=supported_then.values("company_id"))


def _supported(extension: str):
    def run(job, progress: Progress) -> JobOutput:
        ensure(can_view_dashboard(job.requested_by))
        period = supported_period(job.parameters)
        progress.start(supported_companies(period).count())
        return _table(
            exports.SUPPORTED_COLUMNS,
            exports.supported_rows(each_supported_company(period)),
            progress,
            extension=extension,
            title=str(_("Entreprises accompagnées")),
            filename=exports.supported_filename(period, extension),
        )

    return run


# --- The financing lines of the finance officer's workspace


def exported_financing_lines(user, parameters):
    return FinancingLineFilter(query(parameters), queryset=visible_financing_lines(user)).qs


def _financing(job, progress: Progress) -> JobOutput:
    ensure(can_export_financing(job.requested_by))
    lines = exported_financing_lines(job.requested_by, job.parameters)
    progress.start(lines.count())
    return _table(
        financing_workspace.CSV_COLUMNS,
        financing_workspace.rows(lines),
        progress,
        extension="csv",
        title="",
        filename=export_filename("financements", "csv"),
    )


# --- The directory as a spreadsheet


def _directory(extension: str):
    def run(job, progress: Progress) -> JobOutput:
        ensure(can_edit_directory(job.requested_by))
        progress.start(directory_io.directory_row_count())
        return _table(
            directory_io.export_columns(),
            directory_io.directory_rows(),
            progress,
            extension=extension,
            title=str(_("Annuaire")),
            filename=export_filename(directory_io.EXPORT_PREFIX, extension),
        )

    return run


# --- A person's account data (the right of access)


def _account_data(job, progress: Progress) -> JobOutput:
    ensure(can_manage_programme(job.requested_by))
    person = get_user_model().objects.get(pk=job.parameters["person"])
    progress.start(1)
    archive = export_zip(person)
    progress.advance()
    return JobOutput(
        io.BytesIO(archive), export_filename(account_export_name(person), "zip"), ZIP_CONTENT_TYPE
    )


# --- The yearly report


def _report(job, progress: Progress) -> JobOutput:
    ensure(can_view_dashboard(job.requested_by))
    period = Period.year(job.parameters["year"])
    progress.start(3)
    pdf = report.report_pdf(
        period, date.fromisoformat(job.parameters["today"]), on_step=progress.advance
    )
    return JobOutput(io.BytesIO(pdf), report.report_filename(period), "application/pdf")


def register_kinds() -> None:
    register(
        JobKind(PROJECTS_CSV, _("Export des projets (CSV)"), _projects("csv")),
        JobKind(PROJECTS_XLSX, _("Export des projets (Excel)"), _projects("xlsx")),
        JobKind(SUPPORTED_CSV, _("Export des entreprises accompagnées (CSV)"), _supported("csv")),
        JobKind(
            SUPPORTED_XLSX, _("Export des entreprises accompagnées (Excel)"), _supported("xlsx")
        ),
        JobKind(FINANCING_CSV, _("Export des lignes de financement (CSV)"), _financing),
        JobKind(DIRECTORY_CSV, _("Export de l'annuaire (CSV)"), _directory("csv")),
        JobKind(DIRECTORY_XLSX, _("Export de l'annuaire (Excel)"), _directory("xlsx")),
        JobKind(ACCOUNT_DATA_ZIP, _("Export des données d'un compte (zip)"), _account_data),
        JobKind(REPORT_PDF, _("Rapport d'activité annuel (PDF)"), _report),
    )

"""The project list as CSV (French Excel) or Excel files, with the list's filters and sorting.

The totals of the financing plan are summed in the database (one correlated subquery per
total) and the axes come in one prefetch, so an export runs the same queries for 10 projects
as for 10,000.
"""

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import DecimalField, OuterRef, Prefetch, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from ..models import FinancingLine, InterventionAxis, Project

# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

AMOUNT = DecimalField(max_digits=14, decimal_places=2)
CENT = Decimal("0.01")

TEXT, DATE, MONEY = "text", "date", "money"


@dataclass(frozen=True)
class ExportColumn:
    header: str
    kind: str
    width: int


COLUMNS = (
    ExportColumn(_("Entreprise"), TEXT, 32),
    ExportColumn(_("SIRET"), TEXT, 18),
    ExportColumn(_("Département"), TEXT, 24),
    ExportColumn(_("Effectif"), TEXT, 20),
    ExportColumn(_("Projet"), TEXT, 40),
    ExportColumn(_("Étape"), TEXT, 24),
    ExportColumn(_("Axes d'intervention"), TEXT, 40),
    ExportColumn(_("Axe principal"), TEXT, 28),
    ExportColumn(_("Chargé·e de mission"), TEXT, 24),
    ExportColumn(_("Chargé·e d'ingénierie financière"), TEXT, 24),
    ExportColumn(_("Reçu le"), DATE, 12),
    ExportColumn(_("Budget (€ HT)"), MONEY, 16),
    ExportColumn(_("Total demandé (€)"), MONEY, 16),
    ExportColumn(_("Total obtenu (€)"), MONEY, 16),
)


def _financing_total(field: str) -> Coalesce:
    per_project = (
        FinancingLine.objects.filter(project=OuterRef("pk"))
        .order_by()
        .values("project")
        .annotate(total=Sum(field))
        .values("total")
    )
    return Coalesce(
        Subquery(per_project, output_field=AMOUNT), Value(Decimal("0")), output_field=AMOUNT
    )


def export_queryset(queryset: QuerySet | None = None) -> QuerySet:
    """Projects with everything a row needs; filter and sort it like the list."""
    queryset = Project.objects.all() if queryset is None else queryset
    return (
        queryset.select_related("company", "primary_axis", "officer", "finance_officer")
        .annotate(
            total_asked=_financing_total("amount_asked"),
            total_obtained=_financing_total("amount_obtained"),
        )
        .prefetch_related(
            Prefetch("axes", queryset=InterventionAxis.objects.order_by("position", "code"))
        )
    )


def _person(user) -> str:
    return str(user) if user else ""


def _row(project: Project, *, spaced_siret: bool) -> list:
    company = project.company
    return [
        company.name,
        company.siret_display if spaced_siret else company.siret,
        company.get_department_display(),
        company.get_headcount_band_display(),
        project.title,
        project.get_stage_display(),
        ", ".join(axis.label for axis in project.axes.all()),
        project.primary_axis.label if project.primary_axis else "",
        _person(project.officer),
        _person(project.finance_officer),
        timezone.localdate(project.created_at),
        project.budget,
        project.total_asked,
        project.total_obtained,
    ]


def rows(projects: Iterable[Project], *, spaced_siret: bool = False) -> Iterator[list]:
    """One list of typed values (text, date, Decimal or None) per project, in COLUMNS order."""
    for project in projects:
        yield _row(project, spaced_siret=spaced_siret)


def neutralise_formula(text: str) -> str:
    """Text a spreadsheet will show as typed rather than run as a formula."""
    return f"'{text}" if text.startswith(FORMULA_PREFIXES) else text


def _csv_cell(value, kind: str) -> str:
    if value is None:
        return ""
    if kind == DATE:
        return value.strftime("%d/%m/%Y")
    if kind == MONEY:
        # French Excel reads "1234,50" as a number.
        return str(value.quantize(CENT)).replace(".", ",")
    return neutralise_formula(str(value))


def projects_csv(projects: Iterable[Project]) -> bytes:
    """UTF-8 with a byte order mark and `;` separators, as French Excel opens without asking.

    The SIRET is written with spaces so Excel keeps it as text instead of rounding it.
    """
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([str(column.header) for column in COLUMNS])
    for row in rows(projects, spaced_siret=True):
        writer.writerow(
            [_csv_cell(value, column.kind) for value, column in zip(row, COLUMNS, strict=True)]
        )
    return buffer.getvalue().encode("utf-8")


def _xlsx_text(value) -> str:
    # openpyxl refuses control characters that XML cannot hold; drop them.
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))


def projects_xlsx(projects: Iterable[Project]) -> bytes:
    """An Excel workbook: bold frozen header, sized columns, real dates and numbers.

    Text cells are stored as text, never as formulas, whatever they start with.
    """
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(_("Projets"))
    bold = Font(bold=True)
    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index, value=str(column.header))
        cell.font = bold
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    for row_number, row in enumerate(rows(projects), start=2):
        for index, (value, column) in enumerate(zip(row, COLUMNS, strict=True), start=1):
            cell = sheet.cell(row=row_number, column=index)
            if value is None:
                continue
            if column.kind == DATE:
                cell.value = value
                cell.number_format = "DD/MM/YYYY"
            elif column.kind == MONEY:
                cell.value = value
                cell.number_format = '#,##0.00 "€"'
            else:
                cell.value = _xlsx_text(value)
                cell.data_type = "s"  # never a formula
                cell.quotePrefix = cell.value.startswith(FORMULA_PREFIXES)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def export_filename(extension: str, today: date | None = None) -> str:
    today = today or timezone.localdate()
    return f"projets-{today:%Y-%m-%d}.{extension}"

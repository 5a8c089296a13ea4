"""Tables as CSV (French Excel) or Excel files: the writers every list export shares.

A table is a sequence of columns (header, kind, width) and rows of typed values (text, date,
Decimal or None) in the same order.
"""

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CENT = Decimal("0.01")
TEXT, DATE, MONEY, NUMBER = "text", "date", "money", "number"


@dataclass(frozen=True)
class ExportColumn:
    header: str
    kind: str
    width: int


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
    if kind == NUMBER:
        return str(value)
    return neutralise_formula(str(value))


def table_csv(columns: Sequence[ExportColumn], rows: Iterable[list]) -> bytes:
    """UTF-8 with a byte order mark and `;` separators, as French Excel opens without asking."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([str(column.header) for column in columns])
    for row in rows:
        writer.writerow(
            [_csv_cell(value, column.kind) for value, column in zip(row, columns, strict=True)]
        )
    return buffer.getvalue().encode("utf-8")


def _xlsx_text(value) -> str:
    # openpyxl refuses control characters that XML cannot hold; drop them.
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))


def table_xlsx(columns: Sequence[ExportColumn], rows: Iterable[list], *, title: str) -> bytes:
    """An Excel workbook: bold frozen header, sized columns, real dates and numbers.

    Text cells are stored as text, never as formulas, whatever they start with.
    """
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    bold = Font(bold=True)
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index, value=str(column.header))
        cell.font = bold
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    for row_number, row in enumerate(rows, start=2):
        for index, (value, column) in enumerate(zip(row, columns, strict=True), start=1):
            cell = sheet.cell(row=row_number, column=index)
            if value is None:
                continue
            if column.kind == DATE:
                cell.value = value
                cell.number_format = "DD/MM/YYYY"
            elif column.kind == MONEY:
                cell.value = value
                cell.number_format = '#,##0.00 "€"'
            elif column.kind == NUMBER:
                cell.value = value
            else:
                cell.value = _xlsx_text(value)
                cell.data_type = "s"  # never a formula
                cell.quotePrefix = cell.value.startswith(FORMULA_PREFIXES)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def export_filename(prefix: str, extension: str, today: date | None = None) -> str:
    today = today or timezone.localdate()
    return f"{prefix}-{today:%Y-%m-%d}.{extension}"

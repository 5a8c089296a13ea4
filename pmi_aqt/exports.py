"""Tables as CSV (French Excel) or Excel files: the writers every list export shares.

A table is a sequence of columns (header, kind, width) and rows of typed values (text, date,
Decimal or None) in the same order. Both writers take the rows as they come and hold only a
few of them: an export of a whole national programme (250,000 projects) streams as CSV, and
is written to a temporary file as Excel, never held in memory.
"""

import csv
import io
import re
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import xlsxwriter
from django.utils import timezone

# Control characters XML cannot hold, so no workbook can either.
ILLEGAL_CHARACTERS_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CENT = Decimal("0.01")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TEXT, DATE, MONEY, NUMBER = "text", "date", "money", "number"


@dataclass(frozen=True)
class ExportColumn:
    header: str
    kind: str
    width: int


def choice_labels(choices) -> dict:
    """Each choice's label by value, translated once per export rather than once per cell
    (`get_FOO_display()` translates on every call)."""
    return {value: str(label) for value, label in choices}


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


# How many CSV rows go out in one piece of a streamed export.
CSV_ROWS_PER_PIECE = 1000


def table_csv_pieces(columns: Sequence[ExportColumn], rows: Iterable[list]) -> Iterator[bytes]:
    """UTF-8 with a byte order mark and `;` separators, as French Excel opens without asking,
    in pieces of CSV_ROWS_PER_PIECE rows (the content of a streaming response)."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([str(column.header) for column in columns])
    for number, row in enumerate(rows, start=1):
        writer.writerow(
            [_csv_cell(value, column.kind) for value, column in zip(row, columns, strict=True)]
        )
        if number % CSV_ROWS_PER_PIECE == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def table_csv_file(columns: Sequence[ExportColumn], rows: Iterable[list]):
    """The same CSV in a temporary file, read from its start (a background export's file)."""
    output = tempfile.TemporaryFile()  # noqa: SIM115 - handed open to the caller, who closes it
    for piece in table_csv_pieces(columns, rows):
        output.write(piece)
    output.seek(0)
    return output


def _xlsx_text(value) -> str:
    # Excel refuses control characters that XML cannot hold; drop them.
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))


def table_xlsx_file(columns: Sequence[ExportColumn], rows: Iterable[list], *, title: str):
    """An Excel workbook in a temporary file, read from its start: bold frozen header, sized
    columns, real dates and numbers, a filter on every column. Written row by row
    (XlsxWriter's constant-memory mode): 250,000 rows in seconds and a few megabytes.

    Text cells are stored as text, never as formulas, whatever they start with.
    """
    output = tempfile.TemporaryFile()  # noqa: SIM115 - handed open to the caller, who closes it
    workbook = xlsxwriter.Workbook(
        output,
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        },
    )
    sheet = workbook.add_worksheet(title[:31])  # Excel's limit on a sheet's name
    formats = {
        DATE: workbook.add_format({"num_format": "DD/MM/YYYY"}),
        MONEY: workbook.add_format({"num_format": '#,##0.00 "€"'}),
    }
    # Shown as typed, and kept as text when someone edits the cell.
    quoted = workbook.add_format({"quote_prefix": True})
    for index, column in enumerate(columns):
        sheet.set_column(index, index, column.width)
    sheet.freeze_panes(1, 0)
    sheet.write_row(
        0, 0, [str(column.header) for column in columns], workbook.add_format({"bold": True})
    )
    last_row = 0
    for last_row, row in enumerate(rows, start=1):
        for index, (value, column) in enumerate(zip(row, columns, strict=True)):
            if value is None:
                continue
            if column.kind == DATE:
                sheet.write_datetime(last_row, index, value, formats[DATE])
            elif column.kind == MONEY:
                sheet.write_number(last_row, index, value, formats[MONEY])
            elif column.kind == NUMBER:
                sheet.write_number(last_row, index, value)
            else:
                text = _xlsx_text(value)
                if text.startswith(FORMULA_PREFIXES):
                    sheet.write_string(last_row, index, text, quoted)
                else:
                    sheet.write_string(last_row, index, text)
    sheet.autofilter(0, 0, last_row, len(columns) - 1)
    workbook.close()
    output.seek(0)
    return output


CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def export_filename(prefix: str, extension: str, today: date | None = None) -> str:
    today = today or timezone.localdate()
    return f"{prefix}-{today:%Y-%m-%d}.{extension}"

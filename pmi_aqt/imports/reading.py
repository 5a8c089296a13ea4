"""Reading an uploaded spreadsheet — CSV or Excel (.xlsx) — into a header and rows of text.

CSV files come from French Excel (Windows-1252, `;`), from LibreOffice or exports (UTF-8, `,`)
and from anything in between: the encoding is tried as UTF-8 (with or without its byte order
mark) then Windows-1252, and the separator is the one the header line uses most among `;`, `,`
and tab. Excel files are read with openpyxl in read-only mode (row by row, a bounded memory).
Every refusal is an `ImportFileError` whose message says in French what to do.
"""

import csv
import datetime
import io
import zipfile
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pmi_aqt.exports import FORMULA_PREFIXES

XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls format
SEPARATORS = (";", ",", "\t")
MAX_COLUMNS = 100


class ImportFileError(Exception):
    """The file cannot be read as a table; the message says why, in French."""


@dataclass
class Table:
    headers: list[str]
    # [line number in the file, cell, cell, …]: the line people see in their spreadsheet.
    rows: list[list]


def max_rows() -> int:
    return settings.IMPORT_MAX_ROWS


def max_bytes() -> int:
    return settings.IMPORT_MAX_SIZE_MB * 1024 * 1024


def read_table(uploaded) -> Table:
    """The table of an uploaded file (a Django `UploadedFile`, or any object with `name`,
    `size` and `read()`)."""
    if uploaded.size > max_bytes():
        raise ImportFileError(
            _("Le fichier dépasse %(size)s Mo : découpez-le en plusieurs fichiers.")
            % {"size": settings.IMPORT_MAX_SIZE_MB}
        )
    content = uploaded.read()
    if not content.strip():
        raise ImportFileError(_("Le fichier est vide."))
    name = (uploaded.name or "").lower()
    if content.startswith(OLE_MAGIC) or name.endswith(".xls"):
        raise ImportFileError(
            _(
                "Les fichiers Excel anciens (.xls) ne sont pas lus : enregistrez-le au format "
                "Excel (.xlsx) ou CSV."
            )
        )
    if content.startswith(XLSX_MAGIC):
        rows = _xlsx_rows(content)
    elif name.endswith((".xlsx", ".xlsm")):
        raise ImportFileError(_("Ce fichier Excel est illisible ou endommagé."))
    elif b"\x00" in content[:4096]:
        raise ImportFileError(
            _("Ce fichier n'est ni un CSV ni un classeur Excel (.xlsx) : choisissez l'un des deux.")
        )
    else:
        rows = _unquoted(_csv_rows(_decode(content)))
    return _table(rows)


def _unquoted(rows):
    """The portal's CSV exports write "'=…" for a text starting like a formula (so that a
    spreadsheet shows it as typed): read back, it is the text again."""
    for line, cells in rows:
        yield (
            line,
            [
                cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_PREFIXES) else cell
                for cell in cells
            ],
        )


def _decode(content: bytes) -> str:
    # UTF-8 first: a Windows-1252 file with accents is almost never valid UTF-8, whereas any
    # UTF-8 file with accents would be misread (Ã©) as Windows-1252.
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError(
        _(
            "L'encodage du fichier n'est pas reconnu : enregistrez-le en « CSV UTF-8 » "
            "(ou en Excel .xlsx)."
        )
    )


def _csv_rows(text: str):
    first_line = text.split("\n", 1)[0]
    separator = max(SEPARATORS, key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    try:
        for cells in reader:
            # The line where the record starts (a quoted cell may span several lines).
            yield reader.line_num - sum(cell.count("\n") for cell in cells), cells
    except csv.Error as error:
        raise ImportFileError(
            _("Ligne %(line)s : le fichier CSV est mal formé (%(error)s).")
            % {"line": reader.line_num, "error": error}
        ) from error


def _xlsx_rows(content: bytes):
    # openpyxl is imported here: only Excel uploads need it.
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as error:
        raise ImportFileError(_("Ce fichier Excel est illisible ou endommagé.")) from error
    try:
        sheet = workbook.worksheets[0]
        for line, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield line, [_cell_text(value) for value in values]
    finally:
        workbook.close()


def _cell_text(value) -> str:
    """An Excel cell as people typed it: whole numbers without ".0" (a SIRET, a postcode),
    dates as dd/mm/yyyy, booleans as oui/non."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("oui") if value else _("non")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, float | Decimal):
        return str(value).replace(".", ",")
    if isinstance(value, datetime.datetime):
        return value.strftime("%d/%m/%Y") if value.time() == datetime.time() else str(value)
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def _table(rows) -> Table:
    """The first non-blank row is the header; blank rows are left out; cells are trimmed."""
    headers: list[str] | None = None
    data: list[list] = []
    limit = max_rows()
    for line, cells in rows:
        cells = [cell.replace("\x00", "").strip() for cell in cells]
        while cells and not cells[-1]:
            cells.pop()
        if not cells:
            continue
        if headers is None:
            if len(cells) > MAX_COLUMNS:
                raise ImportFileError(
                    _("Le fichier a plus de %(count)s colonnes : gardez celles à importer.")
                    % {"count": MAX_COLUMNS}
                )
            headers = cells
            continue
        if len(data) >= limit:
            raise ImportFileError(
                ngettext(
                    "Le fichier dépasse %(count)s ligne : découpez-le en plusieurs fichiers.",
                    "Le fichier dépasse %(count)s lignes : découpez-le en plusieurs fichiers.",
                    limit,
                )
                % {"count": f"{limit:,}".replace(",", "\u202f")}
            )
        data.append([line, *cells[: len(headers)]])
    if headers is None:
        raise ImportFileError(_("Le fichier est vide."))
    if not data:
        raise ImportFileError(
            _("Le fichier ne contient qu'une ligne d'en-tête : aucune ligne à importer.")
        )
    return Table(headers=headers, rows=data)

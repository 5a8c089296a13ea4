"""The directory as a spreadsheet, exported and imported back by whoever keeps the directory
(the import through the shared pages of pmi_aqt/imports/flow.py): the file is the directory's
working copy, not a reading view — the team reads the directory's pages."""

from django.http import FileResponse, HttpRequest, StreamingHttpResponse
from django.utils.translation import gettext_lazy as _

from pmi_aqt.accounts.permissions import require
from pmi_aqt.exports import (
    XLSX_CONTENT_TYPE,
    export_filename,
    table_csv_pieces,
    table_xlsx_file,
)
from pmi_aqt.imports.flow import ImportFlow
from pmi_aqt.imports.registry import importer_for

from ..permissions import can_edit_directory
from ..services.directory_io import DIRECTORY, directory_rows, export_columns

EXPORT_PREFIX = "annuaire"


@require(can_edit_directory)
def directory_export_csv(request: HttpRequest) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        table_csv_pieces(export_columns(), directory_rows()),
        content_type="text/csv; charset=utf-8",
    )
    filename = export_filename(EXPORT_PREFIX, "csv")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require(can_edit_directory)
def directory_export_xlsx(request: HttpRequest) -> FileResponse:
    return FileResponse(
        table_xlsx_file(export_columns(), directory_rows(), title=str(_("Annuaire"))),
        as_attachment=True,
        filename=export_filename(EXPORT_PREFIX, "xlsx"),
        content_type=XLSX_CONTENT_TYPE,
    )


directory_import = ImportFlow(
    importer=importer_for(DIRECTORY),
    check=can_edit_directory,
    namespace="projects",
    prefix="directory_import",
    back_url="projects:scheme_list",
    back_label=_("Annuaire"),
)

"""The directory as a spreadsheet, exported and imported back by whoever keeps the directory
(the import through the shared pages of pmi_aqt/imports/flow.py): the file is the directory's
working copy, not a reading view — the team reads the directory's pages."""

from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from pmi_aqt.accounts.permissions import require
from pmi_aqt.exports import (
    XLSX_CONTENT_TYPE,
    export_filename,
    table_csv_pieces,
    table_xlsx_file,
)
from pmi_aqt.imports.flow import ImportFlow
from pmi_aqt.imports.registry import importer_for
from pmi_aqt.jobs.views import background, beyond_direct_limit

from ..background import DIRECTORY_CSV, DIRECTORY_XLSX
from ..models import SupportScheme
from ..permissions import can_edit_directory
from ..services.directory_io import DIRECTORY, EXPORT_PREFIX, directory_rows, export_columns


def _in_the_background(request: HttpRequest) -> bool:
    """A directory of thousands of schemes takes seconds to write (its axes and calls with
    each): a job, as the other whole-list exports beyond the direct limit (or on a POST)."""
    return request.method == "POST" or beyond_direct_limit(SupportScheme.objects.all())


@require(can_edit_directory)
@require_http_methods(["GET", "HEAD", "POST"])
def directory_export_csv(request: HttpRequest) -> HttpResponse:
    if _in_the_background(request):
        return background(request, kind=DIRECTORY_CSV, parameters={})
    response = StreamingHttpResponse(
        table_csv_pieces(export_columns(), directory_rows()),
        content_type="text/csv; charset=utf-8",
    )
    filename = export_filename(EXPORT_PREFIX, "csv")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require(can_edit_directory)
@require_http_methods(["GET", "HEAD", "POST"])
def directory_export_xlsx(request: HttpRequest) -> HttpResponse:
    if _in_the_background(request):
        return background(request, kind=DIRECTORY_XLSX, parameters={})
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

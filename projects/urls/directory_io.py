"""The directory's exports and import ("annuaire/export/", "annuaire/import/")."""

from django.urls import path

from ..views import directory_io

urlpatterns = [
    path(
        "annuaire/export/csv/",
        directory_io.directory_export_csv,
        name="directory_export_csv",
    ),
    path(
        "annuaire/export/excel/",
        directory_io.directory_export_xlsx,
        name="directory_export_xlsx",
    ),
    *directory_io.directory_import.urls("annuaire/import/"),
]

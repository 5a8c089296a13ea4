from django.urls import path

from ..views import financing

urlpatterns = [
    path("financements/", financing.financing_workspace, name="financing_workspace"),
    path(
        "financements/dispositifs/",
        financing.financing_workspace_schemes,
        name="financing_workspace_schemes",
    ),
    path(
        "financements/export/csv/",
        financing.financing_export_csv,
        name="financing_export_csv",
    ),
    path(
        "<int:pk>/financement/ajouter/",
        financing.financing_line_create,
        name="financing_line_create",
    ),
    path(
        "<int:pk>/financement/dispositifs/",
        financing.financing_schemes,
        name="financing_schemes",
    ),
    path(
        "<int:pk>/financement/<int:line_pk>/modifier/",
        financing.financing_line_edit,
        name="financing_line_edit",
    ),
    path(
        "<int:pk>/financement/<int:line_pk>/supprimer/",
        financing.financing_line_delete,
        name="financing_line_delete",
    ),
]

from django.urls import path

from ..views import dashboard

urlpatterns = [
    path("tableau-de-bord/", dashboard.dashboard, name="dashboard"),
    path("rapport-annuel.pdf", dashboard.report_pdf, name="report_pdf"),
    path(
        "tableau-de-bord/entreprises-accompagnees.csv",
        dashboard.supported_export_csv,
        name="supported_export_csv",
    ),
    path(
        "tableau-de-bord/entreprises-accompagnees.xlsx",
        dashboard.supported_export_xlsx,
        name="supported_export_xlsx",
    ),
    path("objectifs/", dashboard.target_list, name="target_list"),
    path("objectifs/ajouter/", dashboard.target_create, name="target_create"),
    path("objectifs/<int:year>/modifier/", dashboard.target_edit, name="target_edit"),
]

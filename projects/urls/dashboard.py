from django.urls import path

from ..views import dashboard

urlpatterns = [
    path("tableau-de-bord/", dashboard.dashboard, name="dashboard"),
    path("rapport-annuel.pdf", dashboard.report_pdf, name="report_pdf"),
    path("objectifs/", dashboard.target_list, name="target_list"),
    path("objectifs/ajouter/", dashboard.target_create, name="target_create"),
    path("objectifs/<int:year>/modifier/", dashboard.target_edit, name="target_edit"),
]

from django.urls import path

from ..views import prospecting

urlpatterns = [
    path(
        "ouvrir/entreprise/<int:company_pk>/",
        prospecting.project_open_for_company,
        name="project_open",
    ),
]

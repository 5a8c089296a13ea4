"""The projects app's URLs, one module per area, all in the "projects" namespace."""

from . import (
    collective,
    company,
    dashboard,
    directory,
    directory_io,
    documents,
    financing,
    intake,
    personal_data,
    pipeline,
    prospecting,
    support,
    survey,
    workspace,
)

app_name = "projects"

urlpatterns = [
    *intake.urlpatterns,
    *workspace.urlpatterns,
    *pipeline.urlpatterns,
    *prospecting.urlpatterns,
    *directory.urlpatterns,
    *directory_io.urlpatterns,
    *financing.urlpatterns,
    *documents.urlpatterns,
    *support.urlpatterns,
    *collective.urlpatterns,
    *company.urlpatterns,
    *personal_data.urlpatterns,
    *survey.urlpatterns,
    *dashboard.urlpatterns,
]

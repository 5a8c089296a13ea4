from django.urls import path

from . import views

app_name = "companies"

urlpatterns = [
    path("", views.company_list, name="list"),
    path("nouvelle/", views.company_create, name="create"),
    path("contacts/", views.contact_list, name="contact_list"),
    path("export/csv/", views.company_export_csv, name="export_csv"),
    path("export/excel/", views.company_export_xlsx, name="export_xlsx"),
    *views.prospect_import.urls("import/"),
    path("<int:pk>/", views.company_detail, name="detail"),
    path("<int:pk>/modifier/", views.company_edit, name="edit"),
    path("<int:pk>/contacts/nouveau/", views.contact_create, name="contact_create"),
    path("<int:pk>/contacts/<int:contact_pk>/modifier/", views.contact_edit, name="contact_edit"),
    path("<int:pk>/echanges/nouveau/", views.interaction_create, name="interaction_create"),
    path(
        "<int:pk>/echanges/<int:interaction_pk>/etape-faite/",
        views.next_step_done,
        name="next_step_done",
    ),
]

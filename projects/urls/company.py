from django.urls import path

from ..views import company

urlpatterns = [
    path("mon-entreprise/", company.company_home, name="company_home"),
    path("suivi/<str:token>/", company.company_view, name="company_view"),
    path(
        "suivi/<str:token>/demandes/<int:request_pk>/",
        company.company_upload,
        name="company_upload",
    ),
    path(
        "<int:pk>/lien-entreprise/envoyer/",
        company.send_company_link,
        name="send_company_link",
    ),
]

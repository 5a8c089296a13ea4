from django.urls import path

from ..views import personal_data

urlpatterns = [
    path(
        "entreprise/<int:company_pk>/contacts/<int:contact_pk>/anonymiser/",
        personal_data.contact_anonymise_view,
        name="contact_anonymise",
    ),
    path(
        "entreprise/<int:company_pk>/donnees/",
        personal_data.company_export,
        name="company_data_export",
    ),
    path(
        "entreprise/<int:company_pk>/contacts/<int:contact_pk>/donnees/",
        personal_data.contact_export,
        name="contact_data_export",
    ),
    path("comptes/<int:user_pk>/donnees/", personal_data.user_export, name="user_data_export"),
    path(
        "comptes/<int:user_pk>/anonymiser/",
        personal_data.user_anonymise_view,
        name="user_anonymise",
    ),
    path(
        "entreprise/<int:company_pk>/contacts/<int:contact_pk>/supprimer/",
        personal_data.contact_delete_view,
        name="contact_delete",
    ),
]

from django.urls import path

from ..views import financing

urlpatterns = [
    path(
        "<int:pk>/financement/ajouter/",
        financing.financing_line_create,
        name="financing_line_create",
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

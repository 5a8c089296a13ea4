from django.urls import path

from ..views import documents

urlpatterns = [
    path("<int:pk>/documents/ajouter/", documents.document_upload, name="document_upload"),
    path(
        "<int:pk>/documents/<int:document_pk>/telecharger/",
        documents.document_download,
        name="document_download",
    ),
    path(
        "<int:pk>/documents/<int:document_pk>/supprimer/",
        documents.document_remove,
        name="document_delete",
    ),
    path(
        "<int:pk>/documents/demandes/ajouter/",
        documents.document_request_new,
        name="document_request_create",
    ),
    path(
        "<int:pk>/documents/demandes/<int:request_pk>/retirer/",
        documents.document_request_remove,
        name="document_request_delete",
    ),
]

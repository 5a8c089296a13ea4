from django.urls import path

from ..views import pipeline

urlpatterns = [
    path("<int:pk>/", pipeline.project_detail, name="detail"),
    path("<int:pk>/etape/", pipeline.project_move, name="move"),
    path("<int:pk>/diagnostic/", pipeline.diagnosis_edit, name="diagnosis"),
    path("<int:pk>/besoins/ajouter/", pipeline.need_create, name="need_create"),
    path("<int:pk>/besoins/<int:need_pk>/modifier/", pipeline.need_edit, name="need_edit"),
    path("<int:pk>/besoins/<int:need_pk>/supprimer/", pipeline.need_delete, name="need_delete"),
    path("<int:pk>/notes/", pipeline.note_create, name="note_create"),
]

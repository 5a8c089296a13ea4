from django.urls import path

from ..views import placements, support

urlpatterns = [
    path(
        "<int:pk>/accompagnement/actions/ajouter/",
        support.support_action_create,
        name="support_action_create",
    ),
    path(
        "<int:pk>/accompagnement/actions/<int:action_pk>/modifier/",
        support.support_action_edit,
        name="support_action_edit",
    ),
    path(
        "<int:pk>/accompagnement/actions/<int:action_pk>/supprimer/",
        support.support_action_delete,
        name="support_action_delete",
    ),
    path(
        "<int:pk>/accompagnement/suivis/<int:follow_up_pk>/",
        support.follow_up_answer,
        name="follow_up_answer",
    ),
    path(
        "<int:pk>/accompagnement/etudiants/ajouter/",
        placements.placement_create,
        name="placement_create",
    ),
    path(
        "<int:pk>/accompagnement/etudiants/<int:placement_pk>/modifier/",
        placements.placement_edit,
        name="placement_edit",
    ),
    path(
        "<int:pk>/accompagnement/etudiants/<int:placement_pk>/supprimer/",
        placements.placement_delete,
        name="placement_delete",
    ),
]

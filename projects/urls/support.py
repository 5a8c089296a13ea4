from django.urls import path

from ..views import support

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
]

"""Collective actions ("actions-collectives/") and the list of student placements."""

from django.urls import path

from ..views import collective, placements

urlpatterns = [
    path("actions-collectives/", collective.collective_action_list, name="collective_action_list"),
    path(
        "actions-collectives/nouvelle/",
        collective.collective_action_create,
        name="collective_action_create",
    ),
    path(
        "actions-collectives/<int:pk>/",
        collective.collective_action_detail,
        name="collective_action_detail",
    ),
    path(
        "actions-collectives/<int:pk>/modifier/",
        collective.collective_action_edit,
        name="collective_action_edit",
    ),
    path(
        "actions-collectives/<int:pk>/participants/ajouter/",
        collective.collective_participant_add,
        name="collective_participant_add",
    ),
    path(
        "actions-collectives/<int:pk>/participants/candidats/",
        collective.collective_participant_search,
        name="collective_participant_search",
    ),
    path(
        "actions-collectives/<int:pk>/participants/<int:participation_pk>/modifier/",
        collective.collective_participant_edit,
        name="collective_participant_edit",
    ),
    path(
        "actions-collectives/<int:pk>/participants/<int:participation_pk>/retirer/",
        collective.collective_participant_remove,
        name="collective_participant_remove",
    ),
    path("etudiants/", placements.placement_list, name="placement_list"),
]

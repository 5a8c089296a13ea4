"""The ecosystem directory ("annuaire/") and the resources to mobilise of a project."""

from django.urls import path

from ..views import directory

urlpatterns = [
    path("annuaire/", directory.organisation_list, name="organisation_list"),
    path(
        "annuaire/organisations/nouvelle/",
        directory.organisation_create,
        name="organisation_create",
    ),
    path(
        "annuaire/organisations/<int:pk>/",
        directory.organisation_detail,
        name="organisation_detail",
    ),
    path(
        "annuaire/organisations/<int:pk>/modifier/",
        directory.organisation_edit,
        name="organisation_edit",
    ),
    path(
        "annuaire/organisations/<int:pk>/desactiver/",
        directory.organisation_deactivate,
        name="organisation_deactivate",
    ),
    path(
        "annuaire/organisations/suggestions/<slug:among>/",
        directory.organisation_suggestions,
        name="organisation_suggestions",
    ),
    path("annuaire/dispositifs/", directory.scheme_list, name="scheme_list"),
    path("annuaire/dispositifs/nouveau/", directory.scheme_create, name="scheme_create"),
    path("annuaire/dispositifs/<int:pk>/", directory.scheme_detail, name="scheme_detail"),
    path("annuaire/dispositifs/<int:pk>/modifier/", directory.scheme_edit, name="scheme_edit"),
    path(
        "annuaire/dispositifs/<int:pk>/desactiver/",
        directory.scheme_deactivate,
        name="scheme_deactivate",
    ),
    path(
        "<int:pk>/ressources/retenir/",
        directory.resource_confirm_view,
        name="resource_confirm",
    ),
    path("<int:pk>/ressources/ajouter/", directory.resource_add_view, name="resource_add"),
    path(
        "<int:pk>/ressources/ecarter/<int:scheme_pk>/",
        directory.suggestion_dismiss_view,
        name="suggestion_dismiss",
    ),
    path(
        "<int:pk>/ressources/<int:resource_pk>/modifier/",
        directory.resource_edit,
        name="resource_edit",
    ),
]

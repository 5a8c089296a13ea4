from django.urls import path

from . import views

app_name = "taskforce"

urlpatterns = [
    path("", views.workspace, name="workspace"),
    path("seances/", views.session_list, name="session_list"),
    path("seances/nouvelle/", views.session_create, name="session_create"),
    path("seances/membres/", views.member_search, name="member_search"),
    path("seances/<int:pk>/", views.session_detail, name="session_detail"),
    path("seances/<int:pk>/modifier/", views.session_edit, name="session_edit"),
    path("seances/<int:pk>/publier/", views.session_publish, name="session_publish"),
    path("seances/<int:pk>/annuler/", views.session_cancel, name="session_cancel"),
    path("seances/<int:pk>/synthese/", views.session_aggregate, name="session_aggregate"),
    path("seances/<int:pk>/presences/", views.session_attendance, name="session_attendance"),
    path("seances/<int:pk>/proces-verbal.pdf", views.minutes_pdf, name="minutes_pdf"),
    path("seances/<int:pk>/ordre-du-jour/ajouter/", views.agenda_item_add, name="agenda_item_add"),
    path("agenda/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path(
        "seances/<int:pk>/ordre-du-jour/dossiers-prets/",
        views.agenda_candidates,
        name="agenda_candidates",
    ),
    path("dossiers/<int:item_pk>/", views.dossier, name="dossier"),
    path("dossiers/<int:item_pk>/dossier.pdf", views.dossier_pdf, name="dossier_pdf"),
    path("dossiers/<int:item_pk>/passage/", views.agenda_item_edit, name="agenda_item_edit"),
    path("dossiers/<int:item_pk>/retirer/", views.agenda_item_remove, name="agenda_item_remove"),
    path("dossiers/<int:item_pk>/conflit/", views.conflict_declare, name="conflict_declare"),
    path("dossiers/<int:item_pk>/avis/", views.review_edit, name="review"),
    path("dossiers/<int:item_pk>/decision/", views.decision_record, name="decision"),
    path(
        "dossiers/<int:item_pk>/consultation-ecrite/",
        views.consultation_open,
        name="consultation_open",
    ),
]

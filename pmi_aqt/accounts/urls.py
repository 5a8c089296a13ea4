from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import path

from . import views
from .two_factor import allowed_before_second_factor

app_name = "accounts"


def public(view):
    return login_not_required(view)


urlpatterns = [
    path("connexion/", public(views.LoginView.as_view()), name="login"),
    path(
        "connexion/code/",
        views.two_factor_verify,
        name="two_factor_verify",
    ),
    path(
        "deconnexion/",
        allowed_before_second_factor(auth_views.LogoutView.as_view()),
        name="logout",
    ),
    # The forgotten-password pages are in pmi_aqt/passwords/urls.py, in this namespace.
    path("sans-role/", views.no_role, name="no_role"),
    path("securite/", views.security, name="security"),
    path("securite/activer/", views.two_factor_setup, name="two_factor_setup"),
    path(
        "securite/autres-sessions/",
        views.sessions_end_others_view,
        name="sessions_end_others",
    ),
    path("securite/agenda/", views.calendar_feed_renew_view, name="calendar_feed_renew"),
    path("securite/agenda/revoquer/", views.calendar_feed_revoke_view, name="calendar_feed_revoke"),
    path("securite/desactiver/", views.two_factor_turn_off, name="two_factor_turn_off"),
    path("securite/codes-de-secours/", views.backup_codes, name="backup_codes"),
    path(
        "securite/codes-de-secours/renouveler/",
        views.backup_codes_renew,
        name="backup_codes_renew",
    ),
    path("securite/regles/", views.security_policy, name="security_policy"),
    path(
        "securite/regles/<int:pk>/reinitialiser/",
        views.two_factor_reset,
        name="two_factor_reset",
    ),
]

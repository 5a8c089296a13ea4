from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.generic import TemplateView

from pmi_aqt.accounts import urls as account_urls
from pmi_aqt.accounts import views as account_views
from pmi_aqt.passwords import urls as password_urls

urlpatterns = [
    path("", account_views.home, name="home"),
    # One "accounts" namespace: the account pages and the forgotten-password ones.
    path(
        "compte/",
        include((account_urls.urlpatterns + password_urls.urlpatterns, account_urls.app_name)),
    ),
    path("entreprises/", include("companies.urls")),
    path("projets/", include("projects.urls")),
    path("task-force/", include("taskforce.urls")),
    path("recherche/", include("projects.urls.search")),
    path("emails/", include("pmi_aqt.mailing.urls")),
    path("historique/", include("pmi_aqt.audit.urls")),
    path("exports/", include("pmi_aqt.jobs.urls")),
    path(
        "confidentialite/",
        account_views.privacy,
        name="privacy",
    ),
    path(
        "accessibilite/",
        login_not_required(TemplateView.as_view(template_name="pages/accessibility.html")),
        name="accessibility",
    ),
    path("admin/", admin.site.urls),
]

from django.urls import path

from . import views

app_name = "mailing"

urlpatterns = [
    path("", views.email_list, name="list"),
    path("<int:pk>/", views.email_detail, name="detail"),
    path("<int:pk>/renvoyer/", views.email_retry, name="retry"),
    path("desinscription/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("textes/", views.email_text_list, name="text_list"),
    path("textes/<slug:kind>/", views.email_text_edit, name="text_edit"),
    path("textes/<slug:kind>/par-defaut/", views.email_text_reset, name="text_reset"),
    path("textes/<slug:kind>/apercu/", views.email_text_preview_html, name="text_preview_html"),
]

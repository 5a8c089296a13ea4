from django.urls import path

from . import views

app_name = "mailing"

urlpatterns = [
    path("", views.email_list, name="list"),
    path("<int:pk>/", views.email_detail, name="detail"),
    path("<int:pk>/renvoyer/", views.email_retry, name="retry"),
    path("desinscription/<str:token>/", views.unsubscribe, name="unsubscribe"),
]

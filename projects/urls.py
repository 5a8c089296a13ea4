from django.urls import path

from . import views

app_name = "projects"

urlpatterns = [
    path("demande/", views.intake, name="intake"),
    path("demande/merci/", views.intake_done, name="intake_done"),
]

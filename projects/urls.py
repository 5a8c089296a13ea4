from django.urls import path

from .views import intake

app_name = "projects"

urlpatterns = [
    path("demande/", intake.intake, name="intake"),
    path("demande/merci/", intake.intake_done, name="intake_done"),
]

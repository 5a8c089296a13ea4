from django.urls import path

from ..views import intake

urlpatterns = [
    path("demande/", intake.intake, name="intake"),
    path("demande/merci/", intake.intake_done, name="intake_done"),
]

from django.urls import path

from ..views import intake

urlpatterns = [
    path("demande/", intake.intake, name="intake"),
    path("demande/merci/", intake.intake_done, name="intake_done"),
    path("demande/enregistree/", intake.intake_draft_saved, name="intake_draft_saved"),
    path("demande/reprendre/<str:token>/", intake.intake_resume, name="intake_resume"),
]

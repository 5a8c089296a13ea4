from django.urls import path

from . import views

app_name = "projects"

urlpatterns = [
    path("demande/", views.intake_rate_limited, name="intake"),
]

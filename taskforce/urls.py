from django.urls import path

from . import views

app_name = "taskforce"

urlpatterns = [
    path("", views.workspace, name="workspace"),
]

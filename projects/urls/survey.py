from django.urls import path

from ..views import survey

urlpatterns = [
    path("questionnaire/<str:token>/", survey.survey, name="survey"),
]

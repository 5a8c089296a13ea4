from django.urls import path

from ..views import workspace

urlpatterns = [
    path("", workspace.project_list, name="list"),
    path("portefeuille/", workspace.portfolio, name="portfolio"),
    path("portefeuille/personnes/", workspace.portfolio_people, name="portfolio_people"),
    path("equipe/", workspace.team, name="team"),
    path("equipe/personnes/<slug:among>/", workspace.team_people, name="team_people"),
    path("export/csv/", workspace.export_csv, name="export_csv"),
    path("export/excel/", workspace.export_xlsx, name="export_xlsx"),
]

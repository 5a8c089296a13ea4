"""The portal's search, at /recherche/ (its own namespace: it is not a page about projects)."""

from django.urls import path

from ..views import search

app_name = "search"

urlpatterns = [
    path("", search.portal_search, name="results"),
]

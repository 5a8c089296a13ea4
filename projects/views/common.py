"""What every project screen does first: read the project the person may see, and check the
question the screen asks of projects/permissions.py."""

from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from pmi_aqt.accounts.permissions import ensure

from ..models import Project
from ..permissions import visible_projects


def visible_project(request: HttpRequest, pk: int, *related: str) -> Project:
    """The project, if this person may see it (404 otherwise: nothing said of its existence)."""
    projects = visible_projects(request.user)
    return get_object_or_404(projects.select_related(*related) if related else projects, pk=pk)


def project_for(request: HttpRequest, pk: int, check, *related: str) -> Project:
    """The project, once `check(person, project)` allows the person (403 with the reason)."""
    project = visible_project(request, pk, *related)
    ensure(check(request.user, project))
    return project

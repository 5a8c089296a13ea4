"""Writes about a project's resources to mobilise."""

import datetime

from django.utils import timezone

from pmi_aqt.accounts.models import User

from ..models import Project, Resource, SupportScheme


def resource_confirm(*, project: Project, scheme: SupportScheme, by: User) -> Resource:
    """Retain a suggested scheme for the project; confirming it again keeps the one resource."""
    # get_or_create falls back to reading the row when another request created it first
    # (the project + scheme unique constraint), so a double click never makes two.
    resource, _created = Resource.objects.get_or_create(
        project=project,
        scheme=scheme,
        defaults={"status": Resource.Status.SUGGESTED, "added_by": by},
    )
    return resource


def resource_add(*, project: Project, label: str, by: User) -> Resource:
    """A resource from outside the directory, described by its label."""
    return Resource.objects.create(
        project=project, label=label, status=Resource.Status.SUGGESTED, added_by=by
    )


def resource_update(
    *,
    resource: Resource,
    status: str,
    next_action_on: datetime.date | None,
    notes: str,
    label: str | None = None,
) -> Resource:
    """Record where a resource stands; its status is dated today when it changes."""
    fields = ["status", "next_action_on", "notes"]
    if status != resource.status:
        resource.status_changed_on = timezone.localdate()
        fields.append("status_changed_on")
    resource.status = status
    resource.next_action_on = next_action_on
    resource.notes = notes
    if label is not None and not resource.scheme_id:
        resource.label = label
        fields.append("label")
    resource.save(update_fields=fields)
    return resource

"""Writes about the directory and a project's resources to mobilise."""

import datetime

from django.db import transaction
from django.forms import BaseInlineFormSet, ModelForm
from django.utils import timezone

from pmi_aqt.accounts.models import User

from ..matching.index import index_organisation_schemes, index_schemes
from ..models import PartnerOrganisation, Project, Resource, SuggestionDismissal, SupportScheme


def organisation_save(*, form: ModelForm) -> PartnerOrganisation:
    """Save an organisation from its form; its schemes are matched on its words too."""
    with transaction.atomic():
        organisation = form.save()
        index_organisation_schemes(organisation)
    return organisation


def scheme_save(*, form: ModelForm, calls: BaseInlineFormSet) -> SupportScheme:
    """Save a scheme and its calls for applications from their forms (calls unbound: left as
    they are), and index its words."""
    with transaction.atomic():
        scheme = form.save()
        if calls.is_bound:
            calls.instance = scheme
            calls.save()
        index_schemes([scheme.pk])
    return scheme


def resource_confirm(*, project: Project, scheme: SupportScheme, by: User) -> Resource:
    """Retain a suggested scheme for the project; confirming it again keeps the one resource."""
    # get_or_create falls back to reading the row when another request created it first
    # (the project + scheme unique constraint), so a double click never makes two.
    resource, _created = Resource.objects.get_or_create(
        project=project,
        scheme=scheme,
        defaults={"status": Resource.Status.SUGGESTED, "added_by": by},
    )
    # Retained after all: the officer's earlier dismissal no longer holds for this project.
    SuggestionDismissal.objects.filter(project=project, scheme=scheme).delete()
    return resource


def suggestion_dismiss(
    *, project: Project, scheme: SupportScheme, reason: str, by: User
) -> SuggestionDismissal:
    """Take a suggested scheme out of the project's suggestions, saying why; dismissing it
    again replaces the reason."""
    dismissal, _created = SuggestionDismissal.objects.update_or_create(
        project=project,
        scheme=scheme,
        defaults={"reason": reason, "dismissed_by": by, "dismissed_at": timezone.now()},
    )
    return dismissal


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

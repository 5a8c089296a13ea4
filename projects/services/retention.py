"""Retention: the people of companies inactive for RETENTION_YEARS are anonymised.

A company's last activity is the latest of: its record changed, a contact added, an exchange
noted, one of its projects changed. Its contacts are then erased as on request
(personal_data.contact_anonymise); the company, its projects and the figures stay.
"""

import datetime
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db.models import Max, Q
from django.utils import timezone

from companies.models import Company, Contact

from .personal_data import ANONYMISED_DOMAIN, contact_anonymise


@dataclass(frozen=True)
class RetentionDue:
    contact_id: int
    company_id: int
    company_name: str
    last_activity: datetime.datetime


def retention_cutoff(now: datetime.datetime | None = None) -> datetime.datetime:
    return (now or timezone.now()) - relativedelta(years=settings.RETENTION_YEARS)


def retention_due(now: datetime.datetime | None = None) -> list[RetentionDue]:
    """The contacts to anonymise now, oldest activity first (what the dry run lists)."""
    cutoff = retention_cutoff(now)
    inactive = Company.objects.annotate(
        last_project=Max("projects__updated_at"),
        last_exchange=Max("interactions__created_at"),
        last_contact=Max("contacts__created_at"),
    ).filter(
        Q(updated_at__lt=cutoff),
        Q(last_project__isnull=True) | Q(last_project__lt=cutoff),
        Q(last_exchange__isnull=True) | Q(last_exchange__lt=cutoff),
        Q(last_contact__isnull=True) | Q(last_contact__lt=cutoff),
    )
    last_activity = {
        company.pk: (
            company.name,
            max(
                moment
                for moment in (
                    company.updated_at,
                    company.last_project,
                    company.last_exchange,
                    company.last_contact,
                )
                if moment is not None
            ),
        )
        for company in inactive
    }
    contacts = (
        Contact.objects.filter(company_id__in=last_activity)
        .exclude(email__endswith=f"@{ANONYMISED_DOMAIN}")
        .values_list("pk", "company_id")
        .order_by("company_id", "pk")
    )
    due = [RetentionDue(pk, company_id, *last_activity[company_id]) for pk, company_id in contacts]
    due.sort(key=lambda item: item.last_activity)
    return due


def retention_apply(now: datetime.datetime | None = None) -> list[RetentionDue]:
    """Anonymise the contacts due; each in its own transaction, so one failure stops nothing."""
    due = retention_due(now)
    for item in due:
        contact = Contact.objects.filter(pk=item.contact_id).first()
        if contact is not None:
            contact_anonymise(contact=contact)
    return due

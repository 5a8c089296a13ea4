"""Retention: the people of companies inactive for RETENTION_YEARS are anonymised.

A company's last activity is the latest of: its record changed, a contact added, an exchange
noted, one of its projects changed. Its contacts are then erased as on request
(personal_data.contacts_anonymise), in batches; the company, its projects and the figures stay.
Each run that erases someone, or finds people coming due within a month, reports to the
programme's managers (a record of what was done, and a chance to keep a company that is in
fact still active by noting an exchange).
"""

import datetime
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db.models import Exists, Max, OuterRef
from django.utils import timezone

from companies.models import Company, Contact, Interaction
from pmi_aqt.accounts.models import MANAGER_ROLES, User
from pmi_aqt.mailing.services import QueuedEmail, email_queue_many

from ..email_kinds import RETENTION_REPORT
from ..models import Project
from .personal_data import ANONYMISED_DOMAIN, contacts_anonymise

# People erased per transaction: one pass over every table for the whole batch.
BATCH_SIZE = 200
# How far ahead the report announces who comes due.
NOTICE = datetime.timedelta(days=30)
# How many companies the report names; the count is always whole.
REPORT_NAMES = 50


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
    # "Nothing since the cut-off" as NOT EXISTS on indexed foreign keys: a join over projects,
    # exchanges and contacts together would multiply their rows for every company.
    recent = (
        Exists(Project.objects.filter(company=OuterRef("pk"), updated_at__gte=cutoff))
        | Exists(Interaction.objects.filter(company=OuterRef("pk"), created_at__gte=cutoff))
        | Exists(Contact.objects.filter(company=OuterRef("pk"), created_at__gte=cutoff))
    )
    with_people = Contact.objects.filter(company=OuterRef("pk")).exclude(
        email__endswith=f"@{ANONYMISED_DOMAIN}"
    )
    inactive = (
        Company.objects.filter(updated_at__lt=cutoff)
        .filter(Exists(with_people))
        .exclude(recent)
        .values_list("pk", "name", "updated_at")
    )
    companies = {pk: (name, updated_at) for pk, name, updated_at in inactive}
    if not companies:
        return []
    latest: dict[int, datetime.datetime] = {pk: updated for pk, (_, updated) in companies.items()}
    for rows in (
        Project.objects.values("company").annotate(moment=Max("updated_at")),
        Interaction.objects.values("company").annotate(moment=Max("created_at")),
        Contact.objects.values("company").annotate(moment=Max("created_at")),
    ):
        for row in rows.filter(company__in=list(companies)).order_by():
            if row["moment"] and row["moment"] > latest[row["company"]]:
                latest[row["company"]] = row["moment"]
    contacts = (
        Contact.objects.filter(company_id__in=list(companies))
        .exclude(email__endswith=f"@{ANONYMISED_DOMAIN}")
        .values_list("pk", "company_id")
        .order_by("company_id", "pk")
    )
    due = [
        RetentionDue(pk, company_id, companies[company_id][0], latest[company_id])
        for pk, company_id in contacts
    ]
    due.sort(key=lambda item: item.last_activity)
    return due


def retention_apply(now: datetime.datetime | None = None) -> list[RetentionDue]:
    """Anonymise the contacts due, a batch per transaction (one failing batch leaves the
    others done), then report to the managers. Returns what was anonymised."""
    now = now or timezone.now()
    due = retention_due(now)
    for start in range(0, len(due), BATCH_SIZE):
        contacts_anonymise(item.contact_id for item in due[start : start + BATCH_SIZE])
    coming = retention_due(now + NOTICE)
    retention_report(done=due, coming=coming, today=timezone.localdate(now))
    return due


def _companies(items: list[RetentionDue]) -> list[dict]:
    named: dict[int, dict] = {}
    for item in items:
        entry = named.setdefault(
            item.company_id,
            {"name": item.company_name, "last_activity": item.last_activity, "people": 0},
        )
        entry["people"] += 1
    return list(named.values())


def retention_report(
    *, done: list[RetentionDue], coming: list[RetentionDue], today: datetime.date
) -> int:
    """Queue the run's report to each manager, once per day; the number of emails queued."""
    if not done and not coming:
        return 0
    done_companies, coming_companies = _companies(done), _companies(coming)
    context = {
        "today": today,
        "years": settings.RETENTION_YEARS,
        "done_count": len(done),
        "done_companies": done_companies[:REPORT_NAMES],
        "done_more": max(0, len(done_companies) - REPORT_NAMES),
        "coming_count": len(coming),
        "coming_companies": coming_companies[:REPORT_NAMES],
        "coming_more": max(0, len(coming_companies) - REPORT_NAMES),
        "coming_days": NOTICE.days,
    }
    managers = User.objects.with_any_role(MANAGER_ROLES).filter(is_active=True)
    return len(
        email_queue_many(
            QueuedEmail(
                key=f"retention-report:{today.isoformat()}:{manager.pk}",
                kind=RETENTION_REPORT.code,
                to=manager.email,
                context={**context, "first_name": manager.first_name},
                recipient_user=manager,
            )
            for manager in managers
        )
    )

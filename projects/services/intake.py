"""Writes about projects that touch several models or send something."""

import hashlib
import logging
from collections.abc import Sequence
from functools import partial

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from companies.models import Company, Contact, ProspectingStatus
from companies.validators import department_for_postcode, validate_siret
from pmi_aqt.accounts.models import User
from pmi_aqt.mailing.models import OutboundEmail
from pmi_aqt.mailing.services import QueuedEmail, email_queue, email_queue_many

from .. import jobs
from ..email_kinds import INTAKE_CONFIRMATION, INTAKE_NOTIFICATION
from ..models import InterventionAxis, Project, Stage, Timing
from ..permissions import project_runners

logger = logging.getLogger(__name__)

EMAIL_KEY_MAX_LENGTH = OutboundEmail._meta.get_field("key").max_length


def intake_submit(
    *,
    siret: str,
    company_name: str,
    address: str,
    postcode: str,
    city: str,
    headcount_band: str,
    first_name: str,
    last_name: str,
    job_title: str,
    email: str,
    phone: str,
    title: str,
    description: str,
    axes: Sequence[InterventionAxis],
    timing: str,
    data_consent: bool,
    contact_consent: bool,
    ip: str | None = None,
) -> Project:
    """Record a public intake request and tell the submitter and the programme's team.

    A company already known by its SIREN is reused exactly as it is on file: what the submitter
    typed about it is kept on the project apart (`intake_submission`) for the team's notice,
    never put onto the record, and nothing on file is shown back to the submitter (the
    confirmation is the same whether or not the company was known).
    """
    if not data_consent:
        raise ValueError("An intake request needs the submitter's consent to data processing.")
    if not axes:
        raise ValueError("An intake request needs at least one intervention axis.")
    validate_siret(siret)
    department = department_for_postcode(postcode)
    if department is None:
        raise ValueError(f"Postcode {postcode!r} is outside the programme's départements.")

    now = timezone.now()
    with transaction.atomic():
        company, company_created = _company_get_or_create(
            siret=siret,
            defaults={
                "name": company_name,
                "address": address,
                "postcode": postcode,
                "city": city,
                "department": department,
                "headcount_band": headcount_band,
            },
        )
        contact = _contact_for_intake(
            company=company,
            first_name=first_name,
            last_name=last_name,
            job_title=job_title,
            email=email,
            phone=phone,
            contact_consent=contact_consent,
            now=now,
        )
        project = Project.objects.create(
            company=company,
            title=title,
            description=description,
            timing=timing,
            stage=Stage.INTAKE,
            submitted_by=contact,
            # With a single axis there is nothing to choose; otherwise the officer picks.
            primary_axis=axes[0] if len(axes) == 1 else None,
            intake_submission={
                "siret": siret,
                "company_name": company_name,
                "address": address,
                "postcode": postcode,
                "city": city,
                "first_name": first_name,
                "last_name": last_name,
                "job_title": job_title,
                "email": email,
                "phone": phone,
                "contact_consent": contact_consent,
            },
        )
        project.axes.set(axes)
        company.reach_prospecting_status(ProspectingStatus.PROJECT_OPENED)

        axis_labels = [axis.label for axis in sorted(axes, key=lambda a: (a.position, a.code))]
        timing_label = Timing(timing).label if timing in Timing.values else ""
        email_queue(
            key=f"intake-confirmation:{project.pk}",
            kind=INTAKE_CONFIRMATION.code,
            to=email,
            # Only what the submitter typed: never the company's details on file.
            context={
                "first_name": first_name,
                "title": title,
                "axis_labels": axis_labels,
                "timing_label": timing_label,
            },
            regarding=project,
        )
        # One notice per staff member (hundreds at national scale): rendered and recorded by
        # a Celery task, not while the submitter waits.
        transaction.on_commit(
            partial(_enqueue_team_notice, project_id=project.pk, company_created=company_created)
        )

    logger.info(
        "Intake request: project %s for company %s (%s) from %s",
        project.pk,
        company.pk,
        "new" if company_created else "known",
        ip or "unknown address",
    )
    return project


def intake_notify_team(*, project_id: int, company_created: bool) -> int:
    """Tell every active officer and manager, and the extra addresses, about a new request,
    with what the submitter typed (kept on the project); the number of notices. Safe to run
    twice: each notice has its key, queued once."""
    project = Project.objects.select_related("company").prefetch_related("axes").get(pk=project_id)
    company = project.company
    axes = sorted(project.axes.all(), key=lambda axis: (axis.position, axis.code))
    context = {
        "project": project,
        "company": company,
        "company_created": company_created,
        "company_url": settings.SITE_URL + company.get_absolute_url(),
        "submitted": project.intake_submission,
        "axis_labels": [axis.label for axis in axes],
        "timing_label": Timing(project.timing).label if project.timing in Timing.values else "",
    }
    notices = [
        QueuedEmail(
            key=_notification_key(project.pk, address_to),
            kind=INTAKE_NOTIFICATION.code,
            to=address_to,
            context=context,
            regarding=project,
            recipient_user=user,
        )
        for address_to, user in _intake_notification_recipients()
    ]
    email_queue_many(notices)
    return len(notices)


def _enqueue_team_notice(*, project_id: int, company_created: bool) -> None:
    try:
        jobs.enqueue(
            jobs.NOTIFY_TEAM_OF_INTAKE, project_id=project_id, company_created=company_created
        )
    except Exception:  # noqa: BLE001 - broker down: tell the team now rather than never.
        logger.warning("Broker unavailable, intake notices queued in the request", exc_info=True)
        intake_notify_team(project_id=project_id, company_created=company_created)


def _company_get_or_create(*, siret: str, defaults: dict) -> tuple[Company, bool]:
    """The company with this SIREN, untouched, or a new one; safe against a parallel insert."""
    siren = siret[:9]
    existing = Company.objects.with_siren(siren).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            return Company.objects.create(siret=siret, **defaults), True
    except IntegrityError:
        # Someone registered the same SIREN a moment ago: that record stands.
        return Company.objects.with_siren(siren).get(), False


def _contact_for_intake(
    *,
    company: Company,
    first_name: str,
    last_name: str,
    job_title: str,
    email: str,
    phone: str,
    contact_consent: bool,
    now,
) -> Contact:
    """The company's contact with this email (reused) or a new one, with today's consents."""
    contact = Contact.objects.filter(company=company, email__iexact=email).first()
    if contact is None:
        try:
            with transaction.atomic():
                return Contact.objects.create(
                    company=company,
                    first_name=first_name,
                    last_name=last_name,
                    job_title=job_title,
                    email=email,
                    phone=phone,
                    data_consent_at=now,
                    contact_consent=contact_consent,
                    contact_consent_at=now if contact_consent else None,
                )
        except IntegrityError:
            contact = Contact.objects.get(company=company, email__iexact=email)

    # The names and numbers on file stay (the team sees what was typed in its notification);
    # blanks are filled, and the consents are the person's latest answer.
    contact.data_consent_at = now
    contact.contact_consent = contact_consent
    contact.contact_consent_at = now if contact_consent else None
    update_fields = ["data_consent_at", "contact_consent", "contact_consent_at"]
    if not contact.job_title and job_title:
        contact.job_title = job_title
        update_fields.append("job_title")
    if not contact.phone and phone:
        contact.phone = phone
        update_fields.append("phone")
    contact.save(update_fields=update_fields)
    return contact


def _intake_notification_recipients() -> list[tuple[str, User | None]]:
    """Every active officer and manager, then the extra addresses from the settings."""
    users = project_runners()
    recipients: dict[str, tuple[str, User | None]] = {}
    for user in users.order_by("email"):
        recipients.setdefault(user.email.lower(), (user.email, user))
    for address in settings.INTAKE_NOTIFY_EMAILS:
        recipients.setdefault(address.lower(), (address, None))
    return list(recipients.values())


def _notification_key(project_id: int, address: str) -> str:
    key = f"intake-notification:{project_id}:{address}"
    if len(key) <= EMAIL_KEY_MAX_LENGTH:
        return key
    # A very long address would not fit the unique key: its digest is just as unique.
    return f"intake-notification:{project_id}:{hashlib.sha256(address.encode()).hexdigest()}"

"""The company's side of a project: whom we write to, the secure link and what it opens."""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone

from companies.models import Contact
from pmi_aqt.mailing.models import OutboundEmail
from pmi_aqt.mailing.services import email_queue

from ..access import InvalidCompanyLink, company_link_url, read_company_link
from ..email_kinds import COMPANY_LINK
from ..models import Project, Stage

logger = logging.getLogger(__name__)


def project_contact(project: Project) -> Contact | None:
    """The person the programme writes to about a project: whoever submitted it, if they are
    still one of the company's contacts, otherwise the company's first contact (one query)."""
    contacts = Contact.objects.filter(company_id=project.company_id)
    if project.submitted_by_id:
        contacts = contacts.annotate(
            is_submitter=Case(
                When(pk=project.submitted_by_id, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        ).order_by("is_submitter", "created_at", "id")
    else:
        contacts = contacts.order_by("created_at", "id")
    return contacts.first()


@dataclass(frozen=True)
class CompanyAccess:
    """Who opened a secure link, and for which project: both checked against each other."""

    contact: Contact
    project: Project


def company_access_resolve(token: str) -> CompanyAccess:
    """The contact and project a link opens, or InvalidCompanyLink.

    The signature and the age are checked by `read_company_link`; here the contact must still
    exist and belong to the company whose project it is.
    """
    contact_id, project_id = read_company_link(token)
    contact = Contact.objects.filter(pk=contact_id).first()
    project = Project.objects.select_related("company", "officer").filter(pk=project_id).first()
    if contact is None or project is None or contact.company_id != project.company_id:
        raise InvalidCompanyLink("The contact does not belong to the project's company.")
    return CompanyAccess(contact=contact, project=project)


# What a company reads about its project's stage: plain words, nothing internal.
STAGE_FOR_COMPANY = {
    Stage.INTAKE: "received",
    Stage.QUALIFIED: "preparing",
    Stage.DIAGNOSIS: "preparing",
    Stage.DOSSIER_READY: "task_force",
    Stage.ON_AGENDA: "task_force",
    Stage.DECIDED: "decided",
    Stage.IN_SUPPORT: "support",
    Stage.COMPLETED: "closed",
    Stage.ABANDONED: "closed",
}
COMPANY_STEPS = ("received", "preparing", "task_force", "decided", "support", "closed")


def company_link_email_key(*, project: Project, contact: Contact) -> str:
    # One email a day at most: sending again the same day finds the first one.
    return f"company-link:{project.pk}:{contact.pk}:{timezone.localdate().isoformat()}"


def company_email_context(*, project: Project, contact: Contact) -> dict:
    """What every email to a company contact about its project says: no internal data."""
    officer = project.officer
    return {
        "first_name": contact.first_name,
        "project_title": project.title,
        "link": company_link_url(contact_id=contact.pk, project_id=project.pk),
        "link_days": settings.COMPANY_LINK_MAX_AGE_DAYS,
        "officer_name": officer.get_full_name() if officer else "",
        "officer_email": officer.email if officer else "",
    }


@dataclass(frozen=True)
class LinkSending:
    email: OutboundEmail
    contact: Contact
    already_sent_today: bool


def company_link_send(*, project: Project, sent_by) -> LinkSending | None:
    """Email the project's contact their secure link; None when the company has no contact.

    Sent once a day at most, after the transaction commits.
    """
    contact = project_contact(project)
    if contact is None:
        return None
    key = company_link_email_key(project=project, contact=contact)
    already_sent = OutboundEmail.objects.filter(key=key).exists()
    email = email_queue(
        key=key,
        kind=COMPANY_LINK.code,
        to=contact.email,
        context=company_email_context(project=project, contact=contact),
        regarding=project,
    )
    logger.info(
        "Company link for project %s to contact %s queued by user %s%s",
        project.pk,
        contact.pk,
        getattr(sent_by, "pk", None),
        " (already sent today)" if already_sent else "",
    )
    return LinkSending(email=email, contact=contact, already_sent_today=already_sent)

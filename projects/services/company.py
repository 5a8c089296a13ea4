"""The company's side of a project: whom we write to, the secure link and what it opens."""

import logging
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db.models import Case, IntegerField, Value, When
from django.urls import reverse
from django.utils import timezone

from companies.models import Contact
from pmi_aqt.mailing.models import OutboundEmail
from pmi_aqt.mailing.services import email_queue

from ..access import InvalidCompanyLink, company_link_url, read_company_link
from ..email_kinds import COMPANY_LINK
from ..models import FinancingLine, FollowUp, Project, Stage
from ..models.project import APPROVED_OUTCOMES
from ..reminders import survey_token

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


# --- What the company reads of the decision and of its support (plain values only)


@dataclass(frozen=True)
class CompanyDecision:
    """The task force's latest decision on the project, as the company is told it."""

    outcome: str
    approved: bool
    conditions: str
    session_date: date | None
    # Taken by written consultation: the task force did not meet, the decision has its own day.
    written_consultation: bool = False
    decided_on: date | None = None


@dataclass(frozen=True)
class CompanyAction:
    """One action of the support plan: what, by whom, when, where it stands."""

    kind: str
    title: str
    provider: str
    starts_on: date | None
    ends_on: date | None
    status: str
    status_label: str


@dataclass(frozen=True)
class CompanyFinancing:
    """A financing the project obtained (never what was asked, nor what is still pending)."""

    source: str
    kind: str
    amount: Decimal | None


@dataclass(frozen=True)
class CompanySurvey:
    """The next follow-up questionnaire; `url` is set once it may be answered."""

    months: int
    due_on: date
    url: str = ""


def company_decision(project: Project) -> CompanyDecision | None:
    """The latest decision recorded on one of the project's passages before the task force.

    Read through the agenda's reverse relation (the task force stands on projects, not the
    other way round), and only the fields the decision email gives the company: never the
    rationale, the reviews or who decided.
    """
    row = (
        project.agenda_items.exclude(outcome="")
        .order_by("-decided_at", "-pk")
        .values("outcome", "conditions", "session__date", "decided_at", "consultation_opened_at")
        .first()
    )
    if row is None:
        return None
    return CompanyDecision(
        outcome=row["outcome"],
        approved=row["outcome"] in APPROVED_OUTCOMES,
        conditions=row["conditions"],
        session_date=row["session__date"],
        written_consultation=row["consultation_opened_at"] is not None,
        decided_on=timezone.localdate(row["decided_at"]) if row["decided_at"] else None,
    )


def company_support_plan(project: Project) -> list[CompanyAction]:
    actions = project.support_actions.select_related("provider").order_by(
        "starts_on", "ends_on", "pk"
    )
    return [
        CompanyAction(
            kind=action.get_kind_display(),
            title=action.title,
            provider=action.provider.name if action.provider_id else "",
            starts_on=action.starts_on,
            ends_on=action.ends_on,
            status=action.status,
            status_label=action.get_status_display(),
        )
        for action in actions
    ]


@dataclass(frozen=True)
class CompanyPlacement:
    """A student placed in the company: who, from which school, for what, when."""

    kind: str
    student: str
    degree: str
    institution: str
    starts_on: date
    ends_on: date


def company_placements(project: Project) -> list[CompanyPlacement]:
    placements = project.placements.select_related("institution").order_by("starts_on", "pk")
    return [
        CompanyPlacement(
            kind=placement.get_kind_display(),
            student=placement.student_name,
            degree=placement.degree,
            institution=placement.institution.name,
            starts_on=placement.starts_on,
            ends_on=placement.ends_on,
        )
        for placement in placements
    ]


@dataclass(frozen=True)
class CompanyCollectiveAction:
    """A collective action the company takes part in, with its own share of it."""

    title: str
    kind: str
    provider: str
    starts_on: date
    ends_on: date | None
    days: Decimal | None
    cost_share: Decimal | None


def company_collective_actions(project: Project) -> list[CompanyCollectiveAction]:
    participations = project.collective_participations.select_related("action__provider").order_by(
        "action__starts_on", "pk"
    )
    return [
        CompanyCollectiveAction(
            title=participation.action.title,
            kind=participation.action.get_kind_display(),
            provider=participation.action.provider.name if participation.action.provider_id else "",
            starts_on=participation.action.starts_on,
            ends_on=participation.action.ends_on,
            days=participation.days,
            cost_share=participation.cost_share,
        )
        for participation in participations
    ]


def company_financing_obtained(project: Project) -> list[CompanyFinancing]:
    lines = project.financing_lines.filter(status=FinancingLine.Status.GRANTED).select_related(
        "scheme"
    )
    return [
        CompanyFinancing(
            source=line.source, kind=line.get_kind_display(), amount=line.amount_obtained
        )
        for line in lines
    ]


def company_next_survey(project: Project, today: date) -> CompanySurvey | None:
    """The earliest unanswered follow-up, with its link once due (none for an abandoned
    project, which is sent no questionnaire)."""
    if project.stage == Stage.ABANDONED:
        return None
    follow_up = (
        FollowUp.objects.filter(project=project, answered_at__isnull=True)
        .order_by("due_on", "pk")
        .only("pk", "months", "due_on")
        .first()
    )
    if follow_up is None:
        return None
    url = ""
    if follow_up.due_on <= today:
        url = reverse("projects:survey", args=[survey_token(follow_up_id=follow_up.pk)])
    return CompanySurvey(months=follow_up.months, due_on=follow_up.due_on, url=url)


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

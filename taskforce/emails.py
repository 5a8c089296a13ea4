"""The task force's emails: the dossier pack, the written consultation, the decision to the
company and to the members.

Every recipient list and every line of a member's email is asked of taskforce/permissions.py:
a member conflicted on a dossier reads its title and "conflit déclaré" in the pack, and gets no
decision about it. Emails go through `email_queue`: recorded in the caller's transaction under a
unique key (so they are sent once) and delivered by Celery after the commit.
"""

import logging
from dataclasses import dataclass
from datetime import date, time

from django.conf import settings
from django.urls import reverse

from pmi_aqt.mailing.models import OutboundEmail
from pmi_aqt.mailing.services import Attachment, QueuedEmail, email_queue, email_queue_many
from projects.models.project import APPROVED_OUTCOMES
from projects.services.company import company_email_context, project_contact

from . import ics, permissions
from .email_kinds import (
    DECISION,
    TASKFORCE_CONSULTATION,
    TASKFORCE_DECISION,
    TASKFORCE_PACK,
    TASKFORCE_SESSION_CANCELLED,
    TASKFORCE_SESSION_UPDATE,
)
from .models import AgendaItem, Session, SessionMember

logger = logging.getLogger(__name__)


def site_url(name: str, *args) -> str:
    return settings.SITE_URL + reverse(name, args=args)


def person_name(user) -> str:
    return user.get_full_name() or user.email


def session_context(session: Session) -> dict:
    """What every member's email says about the session: plain values only."""
    return {
        "session_date": session.date,
        "session_time": session.starts_at,
        "session_place": session.place,
        "session_video_link": session.video_link,
        "session_url": site_url("taskforce:session_detail", session.pk),
    }


def _invitation(session: Session, member, *, cancelled: bool = False) -> Attachment:
    """The session as a calendar file for `member`: an invitation (REQUEST), or its
    cancellation (CANCEL), which calendars apply to the event of the same UID."""
    url = site_url("taskforce:session_detail", session.pk)
    if cancelled:
        content = ics.session_cancellation(session, attendee=member, url=url)
        method = ics.METHOD_CANCEL
    else:
        content = ics.session_invitation(session, attendee=member, url=url)
        method = ics.METHOD_REQUEST
    return Attachment(
        filename="seance-task-force.ics",
        content=content.decode(),
        mimetype="text/calendar",
        params={"method": method},
    )


# --- The dossier pack, when the agenda is published


@dataclass(frozen=True)
class PackLine:
    """One dossier of the agenda as a member reads it in the pack: the title alone if they are
    conflicted on it."""

    title: str
    conflicted: bool = False
    company: str = ""
    presenter: str = ""
    starts_at: time | None = None
    dossier_url: str = ""
    pdf_url: str = ""
    review_url: str = ""


def dossier_pack_key(*, session_id: int, member_id: int) -> str:
    return f"taskforce-pack:{session_id}:{member_id}"


def _pack_lines(member, items: list[AgendaItem]) -> list[PackLine]:
    lines = []
    for item in items:
        reading = permissions.can_view_dossier(member, item)
        if reading:
            lines.append(
                PackLine(
                    title=item.project.title,
                    company=item.project.company.name,
                    presenter=person_name(item.presenter) if item.presenter else "",
                    starts_at=item.starts_at,
                    dossier_url=site_url("taskforce:dossier", item.pk),
                    pdf_url=site_url("taskforce:dossier_pdf", item.pk),
                    review_url=site_url("taskforce:review", item.pk)
                    if permissions.can_review(member, item)
                    else "",
                )
            )
        elif reading.title_only:
            lines.append(PackLine(title=item.project.title, conflicted=True))
    return lines


def dossier_pack_send(*, session: Session) -> int:
    """Queue the pack for each member called to the session; the number queued.

    Called when the agenda is published, in its transaction; queuing twice sends nothing more.
    """
    members = [
        seat.user for seat in SessionMember.objects.filter(session=session).select_related("user")
    ]
    permissions.prime(members)
    items = list(
        session.agenda_items.select_related("project__company", "presenter").order_by(
            "position", "id"
        )
    )
    to_queue = [
        QueuedEmail(
            key=dossier_pack_key(session_id=session.pk, member_id=member.pk),
            kind=TASKFORCE_PACK.code,
            to=member.email,
            context={
                **session_context(session),
                "first_name": member.first_name or member.email,
                "dossiers": _pack_lines(member, items),
                "workspace_url": site_url("taskforce:workspace"),
            },
            recipient_user=member,
            attachments=(_invitation(session, member),),
        )
        for member in members
        if permissions.can_receive_dossier_pack(member, session)
    ]
    email_queue_many(to_queue)
    return len(to_queue)


# --- A published session changes (date, time, place) or is cancelled


def session_update_key(*, session_id: int, sequence: int, member_id: int) -> str:
    return f"taskforce-session-update:{session_id}:{sequence}:{member_id}"


def session_cancellation_key(*, session_id: int, sequence: int, member_id: int) -> str:
    return f"taskforce-session-cancel:{session_id}:{sequence}:{member_id}"


def session_update_send(*, session: Session, members) -> int:
    """Tell `members` (those already invited) the session's new date, time or place, with the
    updated calendar event; the number queued. Once per member and version of the session."""
    members = list(members)
    permissions.prime(members)
    to_queue = [
        QueuedEmail(
            key=session_update_key(
                session_id=session.pk, sequence=session.sequence, member_id=member.pk
            ),
            kind=TASKFORCE_SESSION_UPDATE.code,
            to=member.email,
            context={**session_context(session), "first_name": member.first_name or member.email},
            recipient_user=member,
            attachments=(_invitation(session, member),),
        )
        for member in members
        if permissions.can_receive_dossier_pack(member, session)
    ]
    email_queue_many(to_queue)
    return len(to_queue)


def session_cancellation_send(*, session: Session, members) -> int:
    """Tell `members` that the session is cancelled for them (the session is, or they are no
    longer called to it), with the calendar cancellation; the number queued."""
    to_queue = [
        QueuedEmail(
            key=session_cancellation_key(
                session_id=session.pk, sequence=session.sequence, member_id=member.pk
            ),
            kind=TASKFORCE_SESSION_CANCELLED.code,
            to=member.email,
            context={
                **session_context(session),
                "first_name": member.first_name or member.email,
                "session_cancelled": session.is_cancelled,
            },
            recipient_user=member,
            attachments=(_invitation(session, member, cancelled=True),),
        )
        for member in members
    ]
    email_queue_many(to_queue)
    return len(to_queue)


# --- The written consultation


def consultation_member_key(*, item_id: int, member_id: int) -> str:
    return f"taskforce-consultation:{item_id}:{member_id}"


def consultation_members_send(*, item: AgendaItem) -> int:
    """Tell each member who may still answer (not conflicted, review not yet submitted) that
    the dossier is decided by written consultation, and until when; the number queued."""
    members = [
        seat.user
        for seat in SessionMember.objects.filter(session=item.session_id).select_related("user")
    ]
    permissions.prime(members)
    project = item.project
    to_queue = [
        QueuedEmail(
            key=consultation_member_key(item_id=item.pk, member_id=member.pk),
            kind=TASKFORCE_CONSULTATION.code,
            to=member.email,
            context={
                **session_context(item.session),
                "first_name": member.first_name or member.email,
                "project_title": project.title,
                "company_name": project.company.name,
                "closes_on": item.consultation_closes_on,
                "dossier_url": site_url("taskforce:dossier", item.pk),
                "review_url": site_url("taskforce:review", item.pk),
            },
            regarding=project,
            recipient_user=member,
        )
        for member in members
        if permissions.can_review(member, item)
        and not permissions.has_submitted_review(member, item)
    ]
    email_queue_many(to_queue)
    return len(to_queue)


# --- The decision


def decision_context(item: AgendaItem) -> dict:
    """How the decision was taken, for its emails' wording: in session (on the session's real
    date) or by written consultation (decided on the day it was recorded)."""
    return {
        "session_date": item.session.date,
        "written_consultation": item.is_written_consultation,
        "consultation_closes_on": item.consultation_closes_on,
        "decided_on": item.decided_on,
    }


def decision_company_key(*, item_id: int) -> str:
    return f"decision:{item_id}"


def decision_member_key(*, item_id: int, member_id: int) -> str:
    return f"taskforce-decision:{item_id}:{member_id}"


@dataclass(frozen=True)
class ActionLine:
    kind: str
    title: str
    provider: str = ""
    starts_on: date | None = None


def decision_company_send(*, item: AgendaItem, actions=()) -> OutboundEmail | None:
    """Tell the company the decision in plain French, with what happens next and its secure
    link; None when the company has no contact. Essential: it goes even to an address that
    refused the programme's other emails."""
    project = item.project
    contact = project_contact(project)
    if contact is None:
        logger.warning("Decision on agenda item %s: the company has no contact", item.pk)
        return None
    return email_queue(
        key=decision_company_key(item_id=item.pk),
        kind=DECISION.code,
        to=contact.email,
        context={
            **company_email_context(project=project, contact=contact),
            "outcome": item.outcome,
            "outcome_label": item.get_outcome_display(),
            "approved": item.outcome in APPROVED_OUTCOMES,
            "conditions": item.conditions,
            **decision_context(item),
            "actions": [
                ActionLine(
                    kind=action.get_kind_display(),
                    title=action.title,
                    provider=str(action.provider) if action.provider_id else "",
                    starts_on=action.starts_on,
                )
                for action in actions
            ],
        },
        regarding=project,
    )


def decision_members_send(*, item: AgendaItem) -> int:
    """The outcome, to each member of the session who may read the dossier (not to those
    conflicted on it); the number queued."""
    members = [
        seat.user
        for seat in SessionMember.objects.filter(session=item.session_id).select_related("user")
    ]
    permissions.prime(members)
    to_queue = [
        QueuedEmail(
            key=decision_member_key(item_id=item.pk, member_id=member.pk),
            kind=TASKFORCE_DECISION.code,
            to=member.email,
            context={
                **session_context(item.session),
                **decision_context(item),
                "first_name": member.first_name or member.email,
                "project_title": item.project.title,
                "outcome_label": item.get_outcome_display(),
                "dossier_url": site_url("taskforce:dossier", item.pk),
            },
            regarding=item.project,
            recipient_user=member,
        )
        for member in members
        if permissions.can_receive_decision(member, item)
    ]
    email_queue_many(to_queue)
    return len(to_queue)

"""Review reminders sent by Celery beat: 7 and 2 days before a session, to each member who has
a dossier to review on its agenda (not conflicted, review not yet submitted).

The scan reads what it needs in a fixed number of queries, whatever the number of sessions,
members and dossiers, and asks taskforce/permissions.py about each (member, dossier) on facts
read for everyone at once. The email's key names the member, the session and the day count,
so a scan that runs twice, or two workers that race, send each reminder once.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils import timezone

from pmi_aqt.mailing.models import OutboundEmail
from pmi_aqt.mailing.services import QueuedEmail, email_queue_many

from . import permissions
from .email_kinds import TASKFORCE_REVIEW_REMINDER
from .emails import session_context, site_url
from .models import AgendaItem, Review, Session, SessionMember

# How many days before the session members who have not reviewed are reminded.
REMINDER_DAYS = (7, 2)


def review_reminder_key(*, member_id: int, session_id: int, days: int) -> str:
    return f"taskforce-review-reminder:{member_id}:{session_id}:{days}"


@dataclass(frozen=True)
class ReviewToDo:
    title: str
    company: str
    dossier_url: str
    review_url: str
    has_draft: bool = False


@dataclass
class ReviewReminder:
    member: object
    session: Session
    days: int
    dossiers: list[ReviewToDo] = field(default_factory=list)

    @property
    def key(self) -> str:
        return review_reminder_key(
            member_id=self.member.pk, session_id=self.session.pk, days=self.days
        )

    def context(self) -> dict:
        return {
            **session_context(self.session),
            "first_name": self.member.first_name or self.member.email,
            "days": self.days,
            "dossiers": self.dossiers,
            "workspace_url": site_url("taskforce:workspace"),
        }


def review_reminders_collect(*, today: date) -> list[ReviewReminder]:
    """The reminders due today, one per member and session with something to review.

    Eight queries whatever the numbers: sessions, seats, dossiers, drafts and the members'
    facts (roles, seats, conflicts, submitted reviews) through `permissions.prime`.
    """
    days_by_date = {today + timedelta(days=days): days for days in REMINDER_DAYS}
    sessions = {
        session.pk: session
        for session in Session.objects.filter(
            status=Session.Status.PUBLISHED, date__in=list(days_by_date)
        )
    }
    if not sessions:
        return []
    seats = list(
        SessionMember.objects.filter(session_id__in=list(sessions), user__is_active=True)
        .select_related("user")
        .order_by("session_id", "user_id")
    )
    # One object per person, so facts read once serve each of their sessions.
    members = {seat.user_id: seat.user for seat in seats}
    permissions.prime(members.values())
    items_by_session: dict[int, list[AgendaItem]] = {}
    for item in (
        AgendaItem.objects.filter(session_id__in=list(sessions), outcome="")
        .select_related("project__company")
        .order_by("position", "id")
    ):
        item.session = sessions[item.session_id]
        items_by_session.setdefault(item.session_id, []).append(item)
    drafts = set(
        Review.objects.filter(
            agenda_item__session_id__in=list(sessions), member_id__in=list(members)
        ).values_list("member_id", "agenda_item_id")
    )

    reminders = []
    for seat in seats:
        member, session = members[seat.user_id], sessions[seat.session_id]
        reminder = ReviewReminder(member=member, session=session, days=days_by_date[session.date])
        for item in items_by_session.get(session.pk, []):
            if permissions.can_review(member, item) and not permissions.has_submitted_review(
                member, item
            ):
                reminder.dossiers.append(
                    ReviewToDo(
                        title=item.project.title,
                        company=item.project.company.name,
                        dossier_url=site_url("taskforce:dossier", item.pk),
                        review_url=site_url("taskforce:review", item.pk),
                        has_draft=(member.pk, item.pk) in drafts,
                    )
                )
        if reminder.dossiers:
            reminders.append(reminder)
    return reminders


def review_reminders_send(*, today: date | None = None) -> int:
    """Queue today's review reminders not queued yet; the number queued.

    A member who unsubscribed from reminders gets the reminder recorded, not sent.
    """
    today = today or timezone.localdate()
    reminders = review_reminders_collect(today=today)
    already_queued = set(
        OutboundEmail.objects.filter(key__in=[r.key for r in reminders]).values_list(
            "key", flat=True
        )
    )
    to_queue = [
        QueuedEmail(
            key=reminder.key,
            kind=TASKFORCE_REVIEW_REMINDER.code,
            to=reminder.member.email,
            context=reminder.context(),
            recipient_user=reminder.member,
        )
        for reminder in reminders
        if reminder.key not in already_queued
    ]
    email_queue_many(to_queue)
    return len(to_queue)

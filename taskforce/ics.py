"""Calendar files (iCalendar, RFC 5545) of the task force's sessions and the officers' next
steps, built with the icalendar library.

An invitation email carries one session as METHOD:REQUEST (or METHOD:CANCEL once it is
cancelled); a person's private feed (`calendar_feed`) lists their sessions and due next steps
as METHOD:PUBLISH. A session keeps one UID for its whole life and its SEQUENCE grows with each
change of date, time or place (`Session.sequence`), so calendars update the event they already
hold instead of adding a second one. Times are written in Europe/Paris with its VTIMEZONE.
"""

import datetime
import zoneinfo
from collections.abc import Iterable
from email.utils import parseaddr

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress, vText

from companies.models import Interaction
from projects.models import Project

from . import permissions
from .models import Session

TIME_ZONE = zoneinfo.ZoneInfo("Europe/Paris")
# A session records its start only; calendars are told it lasts this long.
SESSION_LENGTH = datetime.timedelta(hours=2)
# The feed shows sessions from this long ago onwards: enough for "what did we decide last
# month", small enough for calendar apps polling it.
FEED_PAST = datetime.timedelta(days=90)
PRODID = "-//PMI en AQT//Portail//FR"
METHOD_REQUEST = "REQUEST"
METHOD_CANCEL = "CANCEL"
METHOD_PUBLISH = "PUBLISH"


def _domain() -> str:
    return parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"


def session_uid(session: Session) -> str:
    """The same for every invitation, update and cancellation of a session."""
    return f"taskforce-session-{session.pk}@{_domain()}"


def _address(email: str, name: str = "", **params: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    if name:
        address.params["CN"] = vText(name)
    for key, value in params.items():
        address.params[key.upper().replace("_", "-")] = vText(value)
    return address


def _calendar(method: str, events: list[Event]) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    calendar.add("x-wr-timezone", "Europe/Paris")
    for event in events:
        calendar.add_component(event)
    starts = [
        event.decoded("dtstart")
        for event in events
        if isinstance(event.decoded("dtstart"), datetime.datetime)
    ]
    if starts:
        # The VTIMEZONE covers the events' years only (the full history is 60 kB).
        calendar.add_missing_timezones(
            first_date=datetime.date(min(starts).year - 1, 1, 1),
            last_date=datetime.date(max(starts).year + 1, 12, 31),
        )
    return calendar


def _session_event(session: Session, *, url: str, cancelled: bool, attendee=None) -> Event:
    starts = datetime.datetime.combine(session.date, session.starts_at, tzinfo=TIME_ZONE)
    event = Event()
    event.add("uid", session_uid(session))
    event.add("sequence", session.sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", starts)
    event.add("dtend", starts + SESSION_LENGTH)
    event.add("summary", _("Task force %(programme)s") % {"programme": settings.PROGRAMME_NAME})
    location = session.place or session.video_link
    if location:
        event.add("location", location)
    description = [_("La séance sur le portail : %(url)s") % {"url": url}]
    if session.video_link:
        description.append(_("Visioconférence : %(url)s") % {"url": session.video_link})
    event.add("description", "\n".join(description))
    event.add("url", url)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("organizer", _address(_organizer_email(), settings.PROGRAMME_NAME))
    if attendee is not None:
        event.add(
            "attendee",
            _address(
                attendee.email,
                attendee.get_full_name(),
                role="REQ-PARTICIPANT",
                partstat="NEEDS-ACTION",
                rsvp="FALSE",
            ),
        )
    return event


def _organizer_email() -> str:
    return parseaddr(settings.DEFAULT_FROM_EMAIL)[1]


def session_invitation(session: Session, *, attendee, url: str) -> bytes:
    """The .ics of one session for one member: a request, or a cancellation once the session
    is cancelled."""
    return _session_ics(session, attendee=attendee, url=url, cancelled=session.is_cancelled)


def session_cancellation(session: Session, *, attendee, url: str) -> bytes:
    """The .ics that removes the session from the member's calendar."""
    return _session_ics(session, attendee=attendee, url=url, cancelled=True)


def _session_ics(session: Session, *, attendee, url: str, cancelled: bool) -> bytes:
    event = _session_event(session, url=url, cancelled=cancelled, attendee=attendee)
    method = METHOD_CANCEL if cancelled else METHOD_REQUEST
    return _calendar(method, [event]).to_ical()


# --- A person's private feed


def feed_sessions(user) -> Iterable[Session]:
    """The sessions a person is concerned by: a member those they are called to, an officer
    those they chair or present a dossier at; never a draft (nobody was invited yet)."""
    since = timezone.localdate() - FEED_PAST
    concerned = Q(pk__in=[])
    if permissions.is_member(user):
        concerned |= Q(session_members__user=user)
    if permissions.is_taskforce_staff(user):
        concerned |= Q(chair=user) | Q(agenda_items__presenter=user)
    return (
        Session.objects.filter(concerned, date__gte=since)
        .exclude(status=Session.Status.DRAFT)
        .distinct()
        .order_by("date", "starts_at", "pk")
    )


def feed_next_steps(user) -> Iterable[Interaction]:
    """An officer's open next steps that have a due date: those they logged and those on the
    companies of their open projects (as the portfolio and the digest count them)."""
    if not permissions.is_taskforce_staff(user):
        return Interaction.objects.none()
    open_companies = Project.objects.filter(officer=user).open().values("company_id")
    steps = Interaction.objects.with_open_next_step().filter(next_step_due__isnull=False)
    ids = (
        steps.filter(officer=user)
        .values("pk")
        .union(steps.filter(company_id__in=open_companies).values("pk"))
    )
    return (
        Interaction.objects.filter(pk__in=ids)
        .select_related("company")
        .only("id", "next_step", "next_step_due", "company__id", "company__name")
        .order_by("next_step_due", "id")
    )


def _next_step_event(step: Interaction, *, url: str) -> Event:
    event = Event()
    event.add("uid", f"next-step-{step.pk}@{_domain()}")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", step.next_step_due)
    event.add("dtend", step.next_step_due + datetime.timedelta(days=1))
    event.add(
        "summary",
        _("%(step)s — %(company)s") % {"step": step.next_step, "company": step.company.name},
    )
    event.add("description", _("Prochaine étape de l'échange : %(url)s") % {"url": url})
    event.add("url", url)
    event.add("transp", "TRANSPARENT")
    return event


def calendar_feed(user, *, site_url: str) -> bytes:
    """The person's feed: their sessions (cancelled ones marked so) and due next steps."""
    events = [
        _session_event(
            session,
            url=site_url + reverse("taskforce:session_detail", args=[session.pk]),
            cancelled=session.is_cancelled,
        )
        for session in feed_sessions(user)
    ]
    events += [
        _next_step_event(step, url=site_url + reverse("companies:detail", args=[step.company_id]))
        for step in feed_next_steps(user)
    ]
    calendar = _calendar(METHOD_PUBLISH, events)
    calendar.add(
        "x-wr-calname", _("%(programme)s — mon agenda") % {"programme": settings.PROGRAMME_NAME}
    )
    return calendar.to_ical()

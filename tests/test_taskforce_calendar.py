"""Calendar invitations of the task force's sessions and the private calendar feeds.

Every invitation, update and cancellation email carries the session as an .ics (one UID for the
session's life, a SEQUENCE that grows, Europe/Paris times); it is recorded with the email, so
a retried delivery sends the same file. Each member and officer may have a private feed URL of
their sessions and due next steps, opened without logging in by its secret token.
"""

import datetime

import icalendar
import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from companies.models import Interaction
from pmi_aqt.accounts.models import CalendarFeed
from pmi_aqt.mailing.delivery import email_deliver
from pmi_aqt.mailing.models import OutboundEmail
from projects.models import Stage
from taskforce.models import Session

from . import test_taskforce_data as data
from .factories import InteractionFactory, ProjectFactory

pytestmark = pytest.mark.django_db

colleague, other_member = data.colleague, data.other_member


def invitations(address: str) -> list[icalendar.Calendar]:
    """The calendars attached to the emails sent to `address`, in the order sent."""
    found = []
    for message in mail.outbox:
        if message.to != [address]:
            continue
        for part in message.message().walk():
            if part.get_content_type() == "text/calendar":
                calendar = icalendar.Calendar.from_ical(part.get_payload(decode=True))
                calendar.method_param = part.get_param("method")
                found.append(calendar)
    return found


def event_of(calendar: icalendar.Calendar) -> icalendar.Event:
    (event,) = calendar.walk("VEVENT")
    return event


@pytest.fixture
def draft(member, colleague, officer):
    draft = data.make_session(
        members=[member, colleague], status=Session.Status.DRAFT, chair=officer
    )
    data.put_on_agenda(draft, title="Découpe laser", officer=officer, stage=Stage.DOSSIER_READY)
    return draft


def publish(client, officer, session, django_capture_on_commit_callbacks):
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("taskforce:session_publish", args=[session.pk]))
    session.refresh_from_db()
    return session


def edit(client, officer, session, django_capture_on_commit_callbacks, **changes):
    members = changes.pop("members", None) or list(
        session.session_members.values_list("user_id", flat=True)
    )
    data_ = {
        "date": session.date.isoformat(),
        "starts_at": session.starts_at.strftime("%H:%M"),
        "place": session.place,
        "video_link": session.video_link,
        "chair": session.chair_id or "",
        "members": members,
        **changes,
    }
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("taskforce:session_edit", args=[session.pk]), data_)
    assert response.status_code == 302, response.content.decode()[:2000]
    session.refresh_from_db()
    return session


# --- Invitations by email


def test_the_pack_carries_a_calendar_invitation_in_paris_time(
    client, officer, draft, member, django_capture_on_commit_callbacks
):
    session = publish(client, officer, draft, django_capture_on_commit_callbacks)

    (calendar,) = invitations(member.email)
    assert calendar.method_param == "REQUEST"
    assert calendar["method"] == "REQUEST"
    event = event_of(calendar)
    assert str(event["uid"]).startswith(f"taskforce-session-{session.pk}@")
    assert event["sequence"] == 0
    starts = event.decoded("dtstart")
    assert starts.tzinfo.key == "Europe/Paris"
    assert (starts.date(), starts.time()) == (session.date, datetime.time(14, 0))
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]
    assert str(event["organizer"]) == "mailto:ne-pas-repondre@pmi-aqt.fr"
    assert str(event["attendee"]) == f"mailto:{member.email}"
    assert str(event["location"]) == "Bordeaux, Cité numérique"


def test_a_retried_delivery_sends_the_same_invitation(
    client, officer, draft, member, django_capture_on_commit_callbacks, settings
):
    session = publish(client, officer, draft, django_capture_on_commit_callbacks)
    email = OutboundEmail.objects.get(to=member.email)
    first = invitations(member.email)[0].to_ical()
    OutboundEmail.objects.filter(pk=email.pk).update(status=OutboundEmail.Status.PENDING)
    mail.outbox.clear()
    Session.objects.filter(pk=session.pk).update(place="Ailleurs")  # recorded, not re-rendered

    email_deliver(email.pk)

    (again,) = invitations(member.email)
    assert event_of(again)["location"] == "Bordeaux, Cité numérique"
    assert event_of(again)["uid"] == event_of(icalendar.Calendar.from_ical(first))["uid"]


def test_moving_a_published_session_sends_an_update_with_a_higher_sequence(
    client, officer, draft, member, colleague, django_capture_on_commit_callbacks
):
    session = publish(client, officer, draft, django_capture_on_commit_callbacks)
    new_day = session.date + datetime.timedelta(days=1)
    mail.outbox.clear()

    session = edit(
        client,
        officer,
        session,
        django_capture_on_commit_callbacks,
        date=new_day.isoformat(),
        starts_at="09:30",
    )

    assert session.sequence == 1
    for person in (member, colleague):
        (calendar,) = invitations(person.email)
        event = event_of(calendar)
        assert calendar["method"] == "REQUEST"
        assert event["sequence"] == 1
        assert event.decoded("dtstart") == datetime.datetime.combine(
            new_day, datetime.time(9, 30), tzinfo=event.decoded("dtstart").tzinfo
        )
        assert str(event["uid"]).startswith(f"taskforce-session-{session.pk}@")
    (message,) = [m for m in mail.outbox if m.to == [member.email]]
    assert "a changé" in message.subject


def test_saving_a_session_unchanged_sends_nothing(
    client, officer, draft, member, django_capture_on_commit_callbacks
):
    session = publish(client, officer, draft, django_capture_on_commit_callbacks)
    mail.outbox.clear()

    session = edit(client, officer, session, django_capture_on_commit_callbacks)

    assert session.sequence == 0
    assert mail.outbox == []


def test_a_member_removed_from_a_published_session_gets_the_cancellation(
    client, officer, draft, member, colleague, django_capture_on_commit_callbacks
):
    session = publish(client, officer, draft, django_capture_on_commit_callbacks)
    mail.outbox.clear()

    edit(client, officer, session, django_capture_on_commit_callbacks, members=[colleague.pk])

    (calendar,) = invitations(member.email)
    assert calendar["method"] == "CANCEL"
    assert event_of(calendar)["status"] == "CANCELLED"
    assert event_of(calendar)["sequence"] == 1
    assert invitations(colleague.email) == []


def test_cancelling_a_session_tells_every_member_and_frees_its_dossiers(
    client, officer, draft, member, colleague, django_capture_on_commit_callbacks
):
    session = publish(client, officer, draft, django_capture_on_commit_callbacks)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("taskforce:session_cancel", args=[session.pk]))

    assert response.status_code == 302
    session.refresh_from_db()
    assert session.status == Session.Status.CANCELLED
    for person in (member, colleague):
        (calendar,) = invitations(person.email)
        assert calendar["method"] == "CANCEL"
        assert event_of(calendar)["sequence"] == 1
    assert session.agenda_items.get().project.stage == Stage.DOSSIER_READY
    # A cancelled session is no longer edited.
    assert client.get(reverse("taskforce:session_edit", args=[session.pk])).status_code == 403


def test_a_member_may_not_cancel_a_session(client, member, draft, officer):
    draft.status = Session.Status.PUBLISHED
    draft.published_at = timezone.now()
    draft.save()
    client.force_login(member)

    response = client.post(reverse("taskforce:session_cancel", args=[draft.pk]))

    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.status == Session.Status.PUBLISHED


def test_a_session_with_a_decision_cannot_be_cancelled(client, officer, member):
    session = data.make_session(members=[member], chair=officer)
    item = data.put_on_agenda(session, officer=officer)
    item.outcome = "approved"
    item.decided_at = timezone.now()
    item.decided_by = officer
    item.save(update_fields=["outcome", "decided_at", "decided_by"])
    client.force_login(officer)

    response = client.post(reverse("taskforce:session_cancel", args=[session.pk]))

    assert response.status_code == 403
    assert "décidé" in response.content.decode()


# --- The private feed


def feed_url(user) -> str:
    feed = CalendarFeed.objects.get(user=user)
    return reverse("taskforce:calendar_feed", args=[feed.token])


def read_feed(client, url: str) -> icalendar.Calendar:
    client.logout()
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.content)


def test_a_member_creates_their_feed_from_the_account_page(client, member):
    client.force_login(member)

    response = client.post(reverse("accounts:calendar_feed_renew"))

    assert response.status_code == 302
    page = client.get(reverse("accounts:security")).content.decode()
    assert feed_url(member) in page


def test_a_members_feed_lists_their_sessions_only(client, member, other_member, officer):
    mine = data.make_session(members=[member], chair=officer)
    theirs = data.make_session(members=[other_member], days_ahead=12)
    draft = data.make_session(members=[member], status=Session.Status.DRAFT)
    client.force_login(member)
    client.post(reverse("accounts:calendar_feed_renew"))

    calendar = read_feed(client, feed_url(member))

    uids = {str(event["uid"]) for event in calendar.walk("VEVENT")}
    assert uids == {f"taskforce-session-{mine.pk}@pmi-aqt.fr"}
    assert f"taskforce-session-{theirs.pk}@" not in calendar.to_ical().decode()
    assert f"taskforce-session-{draft.pk}@" not in calendar.to_ical().decode()
    assert calendar["method"] == "PUBLISH"


def test_an_officers_feed_has_their_sessions_and_due_next_steps(client, officer, other_officer):
    chaired = data.make_session(chair=officer)
    data.make_session(chair=other_officer, days_ahead=3)
    due = timezone.localdate() + datetime.timedelta(days=5)
    project = ProjectFactory(officer=officer)
    mine = InteractionFactory(officer=officer, next_step="Rappeler le dirigeant", next_step_due=due)
    followed = InteractionFactory(
        company=project.company,
        officer=other_officer,
        next_step="Envoyer le devis",
        next_step_due=due,
    )
    done = InteractionFactory(
        officer=officer, next_step="Fait", next_step_due=due, next_step_done_at=timezone.now()
    )
    others = InteractionFactory(officer=other_officer, next_step="Pas à moi", next_step_due=due)
    client.force_login(officer)
    client.post(reverse("accounts:calendar_feed_renew"))

    calendar = read_feed(client, feed_url(officer))

    uids = {str(event["uid"]).split("@")[0] for event in calendar.walk("VEVENT")}
    assert uids == {
        f"taskforce-session-{chaired.pk}",
        f"next-step-{mine.pk}",
        f"next-step-{followed.pk}",
    }
    assert done.pk and others.pk
    step = next(e for e in calendar.walk("VEVENT") if str(e["uid"]).startswith("next-step"))
    assert step.decoded("dtstart") == due


def test_a_revoked_or_regenerated_token_gives_404(client, member):
    client.force_login(member)
    client.post(reverse("accounts:calendar_feed_renew"))
    old = feed_url(member)
    client.post(reverse("accounts:calendar_feed_renew"))
    new = feed_url(member)

    assert client.get(old).status_code == 404
    client.force_login(member)
    client.post(reverse("accounts:calendar_feed_revoke"))
    client.logout()
    assert client.get(new).status_code == 404
    assert not CalendarFeed.objects.filter(user=member).exists()


def test_a_feed_stops_when_its_owner_loses_the_role(client, member):
    client.force_login(member)
    client.post(reverse("accounts:calendar_feed_renew"))
    url = feed_url(member)
    member.groups.clear()

    client.logout()
    assert client.get(url).status_code == 404


def test_company_contacts_and_finance_officers_have_no_feed(client, company_user, finance_officer):
    for person in (company_user, finance_officer):
        client.force_login(person)
        assert client.post(reverse("accounts:calendar_feed_renew")).status_code == 403
    assert not CalendarFeed.objects.exists()


def test_the_feed_reads_a_fixed_number_of_queries(
    client, member, officer, django_assert_max_num_queries
):
    client.force_login(member)
    client.post(reverse("accounts:calendar_feed_renew"))
    url = feed_url(member)
    client.logout()
    for days in range(3):
        data.make_session(members=[member], chair=officer, days_ahead=days + 1)
    with django_assert_max_num_queries(6) as few:
        client.get(url)
    for days in range(10):
        data.make_session(members=[member], chair=officer, days_ahead=days + 20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_next_steps_without_due_date_stay_out_of_the_feed(client, officer):
    step = InteractionFactory(officer=officer, next_step="Un jour", next_step_due=None)
    client.force_login(officer)
    client.post(reverse("accounts:calendar_feed_renew"))

    calendar = read_feed(client, feed_url(officer))

    assert f"next-step-{step.pk}@" not in calendar.to_ical().decode()
    assert Interaction.objects.filter(pk=step.pk).exists()


def test_staff_see_the_invitation_listed_on_the_recorded_email(
    client, officer, draft, member, django_capture_on_commit_callbacks
):
    publish(client, officer, draft, django_capture_on_commit_callbacks)
    email = OutboundEmail.objects.get(to=member.email)

    page = client.get(reverse("mailing:detail", args=[email.pk])).content.decode()

    assert "seance-task-force.ics" in page
    assert email.attachments[0]["params"] == {"method": "REQUEST"}


def test_correcting_a_held_session_tells_nobody(
    client, officer, member, django_capture_on_commit_callbacks
):
    session = data.make_session(members=[member], chair=officer, days_ahead=-3)
    data.hold(session, present=[member], day=session.date)
    mail.outbox.clear()

    session = edit(
        client, officer, session, django_capture_on_commit_callbacks, place="Salle B, Pessac"
    )

    assert session.sequence == 0
    told = OutboundEmail.objects.filter(
        kind__in=["taskforce_session_update", "taskforce_session_cancelled"]
    )
    assert not told.exists()

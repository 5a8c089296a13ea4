"""Review reminders, 7 and 2 days before a session, to the members who still have a dossier to
review: given a published session, when the daily scan runs on a frozen day, then who gets what."""

import datetime

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from freezegun import freeze_time

from pmi_aqt.mailing.models import OutboundEmail, Unsubscription
from taskforce import reminders
from taskforce.models import AgendaItem, Review, Session
from taskforce.tasks import send_review_reminders

from . import test_taskforce_data as data
from .test_taskforce_data import SECRET_DESCRIPTION, SECRET_REQUEST

pytestmark = pytest.mark.django_db

colleague, conflicted_member, other_member = (
    data.colleague,
    data.conflicted_member,
    data.other_member,
)
session, other_session, item = data.session, data.other_session, data.item

SESSION_DAY = datetime.date(2030, 3, 12)


def days_before(days: int) -> str:
    """08:00 in Paris, `days` days before the session (when beat runs the scan)."""
    return f"{SESSION_DAY - datetime.timedelta(days=days)} 08:00:00+01:00"


def on_session_day(session) -> Session:
    Session.objects.filter(pk=session.pk).update(date=SESSION_DAY)
    session.refresh_from_db()
    return session


@pytest.fixture
def planned(session, item):
    """The session on 12 March 2030: the member has not reviewed, the colleague has, the third
    member is conflicted."""
    return on_session_day(session)


def run_scan(django_capture_on_commit_callbacks, days: int) -> int:
    with freeze_time(days_before(days)), django_capture_on_commit_callbacks(execute=True):
        return reminders.review_reminders_send()


def reminders_to(address: str) -> list:
    return [message for message in mail.outbox if message.to == [address]]


def test_seven_days_before_a_member_who_has_not_reviewed_is_reminded(
    planned, item, member, django_capture_on_commit_callbacks
):
    queued = run_scan(django_capture_on_commit_callbacks, 7)

    assert queued == 1
    [message] = mail.outbox
    assert message.to == [member.email]
    assert message.subject == "Task force du 12 mars : un dossier attend votre avis — PMI en AQT"
    assert "La task force se réunit dans 7 jours, le mardi 12 mars 2030 à 14h00." in message.body
    assert "Découpe laser connectée" in message.body
    assert settings.SITE_URL + reverse("taskforce:review", args=[item.pk]) in message.body
    for secret in (SECRET_DESCRIPTION, SECRET_REQUEST):
        assert secret not in message.body
    email = OutboundEmail.objects.get()
    assert email.kind == "taskforce_review_reminder"
    assert email.recipient_user == member
    assert email.key == f"taskforce-review-reminder:{member.pk}:{planned.pk}:7"


def test_the_reminder_is_non_essential_and_can_be_refused(
    planned, member, django_capture_on_commit_callbacks
):
    run_scan(django_capture_on_commit_callbacks, 7)

    [message] = mail.outbox
    assert message.extra_headers["List-Unsubscribe"].startswith(f"<{settings.SITE_URL}")
    assert "Pour ne plus recevoir ce type d'e-mails" in message.body


@pytest.mark.parametrize("days", [8, 6, 5, 3, 1, 0])
def test_no_reminder_on_other_days(planned, days, django_capture_on_commit_callbacks):
    assert run_scan(django_capture_on_commit_callbacks, days) == 0
    assert mail.outbox == []


def test_reminded_on_the_seventh_and_second_day_only(
    planned, member, django_capture_on_commit_callbacks
):
    for days in range(10, -1, -1):
        run_scan(django_capture_on_commit_callbacks, days)

    assert [message.to for message in mail.outbox] == [[member.email], [member.email]]
    assert "dans 7 jours" in mail.outbox[0].body
    assert "dans 2 jours" in mail.outbox[1].body


def test_running_the_scan_twice_a_day_sends_once(
    planned, member, django_capture_on_commit_callbacks
):
    first = run_scan(django_capture_on_commit_callbacks, 2)
    second = run_scan(django_capture_on_commit_callbacks, 2)

    assert (first, second) == (1, 0)
    assert len(mail.outbox) == 1
    assert OutboundEmail.objects.count() == 1


def test_no_reminder_once_the_review_is_submitted(
    planned, item, member, django_capture_on_commit_callbacks
):
    run_scan(django_capture_on_commit_callbacks, 7)
    with freeze_time(days_before(5)):
        data.submit_review(item, member)

    assert run_scan(django_capture_on_commit_callbacks, 2) == 0
    assert len(mail.outbox) == 1


def test_a_draft_review_still_gets_a_reminder(
    planned, item, member, django_capture_on_commit_callbacks
):
    Review.objects.create(agenda_item=item, member=member, comments_for_taskforce="À finir")

    run_scan(django_capture_on_commit_callbacks, 2)

    [message] = mail.outbox
    assert "brouillon commencé" in message.body


def test_no_reminder_to_conflicted_members_nor_to_those_who_reviewed(
    planned, colleague, conflicted_member, other_member, django_capture_on_commit_callbacks
):
    run_scan(django_capture_on_commit_callbacks, 7)

    for person in (colleague, conflicted_member, other_member):
        assert reminders_to(person.email) == []


def test_a_member_reminded_only_of_the_dossiers_they_may_review(
    planned, item, member, conflicted_member, django_capture_on_commit_callbacks
):
    second = data.put_on_agenda(planned, title="Peinture sans solvant", position=2)
    data.conflict(second, member)

    run_scan(django_capture_on_commit_callbacks, 7)

    [to_member] = reminders_to(member.email)
    [to_conflicted] = reminders_to(conflicted_member.email)
    assert "Découpe laser connectée" in to_member.body
    assert "Peinture sans solvant" not in to_member.body
    assert "Peinture sans solvant" in to_conflicted.body
    assert "Découpe laser connectée" not in to_conflicted.body


def test_an_unsubscribed_member_is_not_reminded(
    planned, member, django_capture_on_commit_callbacks
):
    Unsubscription.objects.create(email=member.email)

    run_scan(django_capture_on_commit_callbacks, 7)
    run_scan(django_capture_on_commit_callbacks, 7)

    assert mail.outbox == []
    email = OutboundEmail.objects.get()
    assert email.status == OutboundEmail.Status.SUPPRESSED


def test_no_reminder_for_a_dossier_already_decided(
    planned, item, officer, django_capture_on_commit_callbacks
):
    AgendaItem.objects.filter(pk=item.pk).update(
        outcome="deferred",
        rationale="Trop tôt",
        decided_at=datetime.datetime(2030, 3, 1, tzinfo=datetime.UTC),
    )

    assert run_scan(django_capture_on_commit_callbacks, 7) == 0


@pytest.mark.parametrize("status", [Session.Status.DRAFT, Session.Status.HELD])
def test_no_reminder_for_a_session_not_open_to_reviews(
    planned, status, django_capture_on_commit_callbacks
):
    Session.objects.filter(pk=planned.pk).update(status=status)

    assert run_scan(django_capture_on_commit_callbacks, 7) == 0


def test_a_member_of_two_sessions_gets_one_reminder_for_each(
    planned, member, django_capture_on_commit_callbacks
):
    later = on_session_day(data.make_session(members=[member]))
    data.put_on_agenda(later, title="Capteurs sur presse")

    run_scan(django_capture_on_commit_callbacks, 7)

    bodies = sorted(message.body for message in reminders_to(member.email))
    assert len(bodies) == 2
    assert any("Capteurs sur presse" in body for body in bodies)
    assert any("Découpe laser connectée" in body for body in bodies)


def test_the_task_runs_the_scan(planned, member, django_capture_on_commit_callbacks):
    with freeze_time(days_before(7)), django_capture_on_commit_callbacks(execute=True):
        result = send_review_reminders.delay()

    assert result.get() == 1
    assert reminders_to(member.email)


def test_beat_runs_the_scan_every_day_at_eight():
    entry = next(
        entry
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
        if entry["task"] == "taskforce.tasks.send_review_reminders"
    )

    assert entry["schedule"] == crontab(hour=8, minute=0)
    assert settings.CELERY_TIMEZONE == "Europe/Paris"


# --- A fixed number of queries, whatever the numbers


def build(sessions: int, members: int, dossiers: int) -> None:
    people = [data.make_member(f"m{sessions}-{n}@partner.test") for n in range(members)]
    for s in range(sessions):
        planned = on_session_day(data.make_session(members=people))
        agenda = [
            data.put_on_agenda(planned, title=f"Dossier {s}-{d}", position=d)
            for d in range(dossiers)
        ]
        data.conflict(agenda[0], people[0])
        data.submit_review(agenda[-1], people[-1])


def count_queries(function) -> int:
    with CaptureQueriesContext(connection) as queries:
        function()
    return len(queries)


def test_the_scan_reads_a_fixed_number_of_queries():
    build(sessions=1, members=2, dossiers=2)
    with freeze_time(days_before(7)):
        small = count_queries(
            lambda: reminders.review_reminders_collect(today=datetime.date(2030, 3, 5))
        )
    build(sessions=4, members=6, dossiers=4)
    with freeze_time(days_before(7)):
        large = count_queries(
            lambda: reminders.review_reminders_collect(today=datetime.date(2030, 3, 5))
        )
        found = reminders.review_reminders_collect(today=datetime.date(2030, 3, 5))

    assert small == large <= 8
    assert len(found) == 1 * 2 + 4 * 6


def test_a_second_run_reads_a_fixed_number_of_queries_and_sends_nothing(
    django_capture_on_commit_callbacks,
):
    build(sessions=1, members=2, dossiers=2)
    run_scan(django_capture_on_commit_callbacks, 7)
    with freeze_time(days_before(7)):
        small = count_queries(reminders.review_reminders_send)
    build(sessions=3, members=5, dossiers=3)
    run_scan(django_capture_on_commit_callbacks, 7)
    with freeze_time(days_before(7)):
        large = count_queries(reminders.review_reminders_send)

    assert small == large

"""The reminder to someone who saved an intake request and never sent it: once, two days on."""

import re
from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.utils import timezone
from freezegun import freeze_time

from pmi_aqt.mailing.models import OutboundEmail
from pmi_aqt.mailing.services import unsubscribe
from projects import tasks
from projects.models import IntakeDraft, Project
from projects.reminders_intake import intake_draft_reminders_send, intake_drafts_to_remind
from projects.services.intake_drafts import intake_draft_complete, intake_draft_save

from .factories import ContactFactory, ProjectFactory, intake_form_data

pytestmark = pytest.mark.django_db

EMAIL = "maite@forges.example"
# Monday 9 March 2026, 09:00 in Paris: the draft is saved.
SAVED_AT = "2026-03-09 08:00:00"
# Wednesday 11 March 2026 at 10:00 in Paris, when the daily scan runs: two days and one hour on.
SCAN_AT = "2026-03-11 09:00:00"


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """The daily task, as beat runs it; returns the number of reminders queued."""

    def run_once() -> int:
        with django_capture_on_commit_callbacks(execute=True):
            return tasks.send_intake_draft_reminders.delay().result

    return run_once


def save_draft(*, email=EMAIL, at=SAVED_AT, **data) -> IntakeDraft:
    values = {"first_name": "Maïté", "title": "Capteurs connectés sur la presse", **data}
    with freeze_time(at):
        return intake_draft_save(draft=None, email=email, data={"email": email, **values})


def reminders() -> list[OutboundEmail]:
    return list(OutboundEmail.objects.filter(kind="intake_draft_reminder"))


def test_the_scan_runs_every_day_at_ten_paris_time():
    entry = settings.CELERY_BEAT_SCHEDULE["intake-draft-reminders"]

    assert entry["task"] == "projects.tasks.send_intake_draft_reminders"
    assert entry["schedule"] == crontab(hour=10, minute=0)
    assert settings.CELERY_TIMEZONE == "Europe/Paris"


@freeze_time(SCAN_AT)
def test_a_draft_left_two_days_gets_one_reminder_with_its_link(run, mailoutbox, client):
    draft = save_draft()
    mailoutbox.clear()  # the "here is your link" email sent on saving

    assert run() == 1

    [email] = reminders()
    assert email.key == f"intake-draft-reminder:{draft.pk}"
    assert email.to == EMAIL
    assert not email.is_essential
    [message] = mailoutbox
    assert message.subject.startswith("Votre demande d'accompagnement n'est pas encore envoyée")
    assert "Bonjour Maïté," in message.body
    assert "« Capteurs connectés sur la presse »" in message.body
    assert "Le 9 mars 2026, vous avez enregistré" in message.body
    assert "8 avril 2026" in message.body  # 30 days after the last save
    assert "/desinscription/" in message.extra_headers["List-Unsubscribe"]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "Pour ne plus recevoir ce type d'e-mails" in message.body
    link = re.search(r"http://127\.0\.0\.1:8000(/projets/demande/reprendre/[^/\s]+/)", message.body)
    page = client.get(link.group(1))
    assert page.status_code == 200
    assert 'value="Capteurs connectés sur la presse"' in page.text
    draft.refresh_from_db()
    assert draft.reminded_at == timezone.now()


def test_no_reminder_before_two_days(run):
    save_draft()

    with freeze_time("2026-03-11 07:59:00"):  # one minute short of two days
        assert run() == 0

    assert reminders() == []


def test_running_the_scan_twice_sends_one_reminder(run, mailoutbox):
    save_draft()
    mailoutbox.clear()

    with freeze_time(SCAN_AT):
        assert run() == 1
        assert run() == 0

    assert len(mailoutbox) == 1


def test_no_second_reminder_on_the_following_days_even_after_saving_again(run):
    draft = save_draft()
    with freeze_time(SCAN_AT):
        run()
    with freeze_time("2026-03-12 09:00:00"):
        intake_draft_save(draft=draft, email=EMAIL, data={"email": EMAIL, "title": "Encore"})

    for day in range(1, 20):
        with freeze_time(datetime(2026, 3, 11, 9, tzinfo=UTC) + timedelta(days=day)):
            assert run() == 0

    assert len(reminders()) == 1


def test_no_reminder_once_the_draft_was_sent(run):
    draft = save_draft()
    with freeze_time("2026-03-10 09:00:00"):
        intake_draft_complete(draft=draft, submission=_submission())

    with freeze_time(SCAN_AT):
        assert run() == 0

    assert reminders() == []


def test_no_reminder_when_the_draft_is_sent_between_the_scan_and_the_claim(mailoutbox):
    draft = save_draft()

    with freeze_time(SCAN_AT):
        due = intake_drafts_to_remind()
        IntakeDraft.objects.filter(pk=draft.pk).update(completed_at=timezone.now())
        with mock.patch("projects.reminders_intake.intake_drafts_to_remind", return_value=due):
            assert intake_draft_reminders_send() == 0

    assert reminders() == []


def test_no_reminder_when_the_same_address_has_sent_a_request_since(run):
    save_draft()
    contact = ContactFactory(email="Maite@Forges.example")
    with freeze_time("2026-03-10 09:00:00"):
        ProjectFactory(company=contact.company, submitted_by=contact)

    with freeze_time(SCAN_AT):
        assert run() == 0


def test_a_request_sent_before_the_draft_does_not_stop_the_reminder(run):
    contact = ContactFactory(email=EMAIL)
    with freeze_time("2026-01-05 09:00:00"):
        ProjectFactory(company=contact.company, submitted_by=contact)
    save_draft()

    with freeze_time(SCAN_AT):
        assert run() == 1


def test_no_reminder_for_a_draft_past_its_thirty_days(run):
    save_draft(at="2026-02-01 09:00:00")

    with freeze_time("2026-03-03 09:00:00"):  # 30 days on: expired (and deleted by the task)
        assert run() == 0

    assert reminders() == []
    assert not IntakeDraft.objects.exists()


def test_a_draft_found_late_is_still_reminded_within_its_thirty_days(run):
    # The scan was down for a while: the draft is reminded at the first scan after.
    save_draft(at="2026-02-20 09:00:00")

    with freeze_time("2026-03-18 09:00:00"):
        assert run() == 1


def test_an_unsubscribed_address_gets_no_reminder(run, mailoutbox):
    save_draft()
    unsubscribe(address="MAITE@forges.example")
    mailoutbox.clear()

    with freeze_time(SCAN_AT):
        run()

    [email] = reminders()
    assert email.status == OutboundEmail.Status.SUPPRESSED
    assert mailoutbox == []
    with freeze_time("2026-03-12 09:00:00"):
        assert run() == 0


def test_each_draft_gets_its_own_reminder(run):
    save_draft()
    save_draft(email="jon@usinage.example", first_name="", title="")

    with freeze_time(SCAN_AT):
        assert run() == 2

    assert sorted(email.to for email in reminders()) == ["jon@usinage.example", EMAIL]
    [anonymous] = [email for email in reminders() if email.to == "jon@usinage.example"]
    assert anonymous.body_text.startswith("Bonjour,")


@pytest.mark.parametrize("count", [1, 12])
def test_finding_the_drafts_takes_one_query_whatever_their_number(count, django_assert_num_queries):
    for index in range(count):
        save_draft(email=f"personne{index}@forges.example")
    contact = ContactFactory(email="personne0@forges.example")
    with freeze_time("2026-03-10 09:00:00"):
        ProjectFactory(company=contact.company, submitted_by=contact)

    with freeze_time(SCAN_AT), django_assert_num_queries(1):
        due = intake_drafts_to_remind()

    assert len(due) == count - 1


def _submission() -> dict:
    from projects.forms.intake import IntakeForm

    form = IntakeForm(intake_form_data(email=EMAIL))
    assert form.is_valid(), form.errors
    return form.submission()


def test_the_draft_sent_through_its_link_is_counted_once(run):
    draft = save_draft()
    with freeze_time("2026-03-10 09:00:00"):
        assert intake_draft_complete(draft=draft, submission=_submission()) is not None
        assert intake_draft_complete(draft=draft, submission=_submission()) is None

    assert Project.objects.count() == 1


def test_a_draft_claimed_by_a_racing_scan_is_not_reminded_again(mailoutbox):
    # Both scans found the draft due; the other one claimed it first.
    draft = save_draft()
    mailoutbox.clear()

    with freeze_time(SCAN_AT):
        due = intake_drafts_to_remind()
        assert intake_draft_reminders_send() == 1
        with mock.patch("projects.reminders_intake.intake_drafts_to_remind", return_value=due):
            assert intake_draft_reminders_send() == 0

    assert [email.key for email in reminders()] == [f"intake-draft-reminder:{draft.pk}"]


def test_drafts_are_claimed_and_reminded_chunk_by_chunk(run):
    for index in range(5):
        save_draft(email=f"personne{index}@forges.example")

    with freeze_time(SCAN_AT), mock.patch("projects.reminders_intake.REMINDER_CHUNK", 2):
        assert run() == 5

    assert len(reminders()) == 5
    assert not IntakeDraft.objects.filter(reminded_at__isnull=True).exists()


@pytest.mark.parametrize("count", [1, 12])
def test_reminding_takes_a_fixed_number_of_queries_whatever_the_number_of_drafts(
    count, django_assert_num_queries, django_capture_on_commit_callbacks
):
    for index in range(count):
        save_draft(email=f"personne{index}@forges.example")

    # Finding the drafts, then for the one chunk: its savepoint, the claim's read and UPDATE,
    # the email texts, unsubscriptions and keys, the insert and its savepoint, and the release.
    with (
        freeze_time(SCAN_AT),
        django_capture_on_commit_callbacks(execute=False),
        django_assert_num_queries(11),
    ):
        assert intake_draft_reminders_send() == count

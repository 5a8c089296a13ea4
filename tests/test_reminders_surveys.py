"""Follow-up surveys: emailed to the company on the day they fall due, once, with a secure link."""

import datetime
import re
from datetime import timedelta

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from freezegun import freeze_time

from pmi_aqt.mailing import services as mailing
from pmi_aqt.mailing.models import OutboundEmail
from pmi_aqt.mailing.unsubscribe import unsubscribe_url
from projects import reminders, tasks
from projects.models import FollowUp, Stage

from .factories import ContactFactory, ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db

# Saturday 13 June 2026, 09:00 in Paris (UTC+2): surveys go every day, weekends included.
SURVEY_TIME = "2026-06-13 07:00:00"
TODAY = datetime.date(2026, 6, 13)


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    def run_once() -> int:
        with django_capture_on_commit_callbacks(execute=True):
            return tasks.send_follow_up_surveys.delay().result

    return run_once


def follow_up_for(*, due_on=TODAY, months=3, stage=Stage.IN_SUPPORT, submitter=True, **project):
    contact = ContactFactory(first_name="Maïté", email="maite@forges.example")
    officer = UserFactory(first_name="Claire", last_name="Dubois", email="claire@pmi-aqt.test")
    project = ProjectFactory(
        company=contact.company,
        officer=officer,
        stage=stage,
        submitted_by=contact if submitter else None,
        title=project.pop("title", "Capteurs connectés sur la presse"),
        **project,
    )
    return FollowUp.objects.create(project=project, months=months, due_on=due_on)


def surveys() -> list[OutboundEmail]:
    return list(OutboundEmail.objects.filter(kind="follow_up_survey"))


def survey_path(email: OutboundEmail) -> str:
    link = re.search(r"http://127\.0\.0\.1:8000(/projets/questionnaire/[^/\s]+/)", email.body_text)
    assert link, email.body_text
    return link.group(1)


# --- Who gets it, and when


@freeze_time(SURVEY_TIME)
def test_the_project_s_submitter_gets_the_survey_on_the_day_it_falls_due(run, mailoutbox, client):
    follow_up = follow_up_for(months=6)

    assert run() == 1

    email = OutboundEmail.objects.get()
    assert email.key == f"follow-up-survey:{follow_up.pk}"
    assert email.kind == "follow_up_survey"
    assert email.to == "maite@forges.example"
    assert email.regarding == follow_up.project
    assert email.status == OutboundEmail.Status.SENT
    assert [m.to for m in mailoutbox] == [["maite@forges.example"]]
    assert "Capteurs connectés sur la presse" in email.subject
    assert "6 mois" in email.subject
    for text in ("Bonjour Maïté", "Il y a 6 mois", "valable 60 jours", "Claire Dubois"):
        assert text in email.body_text
        assert text in email.body_html
    # The link in the email opens the survey.
    page = client.get(survey_path(email))
    assert page.status_code == 200
    assert "Questionnaire de suivi à 6 mois" in page.text


@freeze_time(SURVEY_TIME)
def test_without_a_submitter_the_company_s_first_contact_gets_it(run):
    follow_up = follow_up_for(submitter=False)
    ContactFactory(company=follow_up.project.company, email="second@forges.example")
    run()
    assert OutboundEmail.objects.get().to == "maite@forges.example"


@freeze_time(SURVEY_TIME)
def test_a_submitter_now_at_another_company_is_not_written_to(run):
    follow_up = follow_up_for(submitter=False)
    elsewhere = ContactFactory(email="parti@ailleurs.example")
    follow_up.project.submitted_by = elsewhere
    follow_up.project.save(update_fields=["submitted_by"])
    run()
    assert OutboundEmail.objects.get().to == "maite@forges.example"


@freeze_time(SURVEY_TIME)
def test_a_survey_not_yet_due_waits(run, mailoutbox):
    follow_up_for(due_on=TODAY + timedelta(days=1))
    assert run() == 0
    assert surveys() == []


def test_a_survey_due_yesterday_goes_today(run):
    with freeze_time(SURVEY_TIME):
        follow_up_for(due_on=TODAY - timedelta(days=1))
        assert run() == 1


@freeze_time(SURVEY_TIME)
def test_a_survey_long_overdue_and_never_sent_is_left_to_the_officer(run):
    follow_up_for(due_on=TODAY - reminders.SURVEY_CATCH_UP - timedelta(days=1))
    assert run() == 0


@freeze_time(SURVEY_TIME)
@pytest.mark.parametrize(
    ("stage", "sent"),
    [(Stage.IN_SUPPORT, 1), (Stage.COMPLETED, 1), (Stage.ABANDONED, 0)],
)
def test_an_abandoned_project_s_company_is_not_surveyed(run, stage, sent):
    follow_up_for(stage=stage)
    assert run() == sent


@freeze_time(SURVEY_TIME)
def test_a_company_without_contact_is_skipped_until_it_has_one(run):
    follow_up = follow_up_for(submitter=False)
    follow_up.project.company.contacts.all().delete()
    assert run() == 0
    assert surveys() == []
    ContactFactory(company=follow_up.project.company, email="nouveau@forges.example")
    assert run() == 1
    assert surveys()[0].to == "nouveau@forges.example"


@freeze_time(SURVEY_TIME)
def test_each_company_gets_its_own_survey(run):
    first = follow_up_for()
    second_contact = ContactFactory(email="jon@chaudronnerie.example")
    second = FollowUp.objects.create(
        project=ProjectFactory(company=second_contact.company, stage=Stage.IN_SUPPORT),
        months=12,
        due_on=TODAY,
    )
    assert run() == 2
    assert {(e.key, e.to) for e in surveys()} == {
        (f"follow-up-survey:{first.pk}", "maite@forges.example"),
        (f"follow-up-survey:{second.pk}", "jon@chaudronnerie.example"),
    }


# --- Once, and only while the reason lasts


@freeze_time(SURVEY_TIME)
def test_running_the_scan_twice_sends_one_email(run, mailoutbox):
    follow_up_for()
    assert run() == 1
    assert run() == 0
    assert len(surveys()) == 1
    assert len(mailoutbox) == 1


def test_the_survey_is_not_sent_again_the_next_days(run, mailoutbox):
    with freeze_time(SURVEY_TIME):
        follow_up_for()
        run()
    for day in (1, 2, 7):
        with freeze_time(datetime.datetime(2026, 6, 13 + day, 7, tzinfo=datetime.UTC)):
            assert run() == 0
    assert len(mailoutbox) == 1


@freeze_time(SURVEY_TIME)
def test_an_answered_follow_up_gets_no_survey(run):
    follow_up = follow_up_for()
    FollowUp.objects.filter(pk=follow_up.pk).update(answered_at=timezone.now(), satisfaction=5)
    assert run() == 0


def test_the_next_follow_up_of_the_same_project_gets_its_own_survey(run):
    with freeze_time(SURVEY_TIME):
        three = follow_up_for(months=3)
        six = FollowUp.objects.create(
            project=three.project, months=6, due_on=TODAY + timedelta(days=92)
        )
        run()
    with freeze_time("2026-09-13 07:00:00"):
        assert run() == 1
    assert {e.key for e in surveys()} == {
        f"follow-up-survey:{three.pk}",
        f"follow-up-survey:{six.pk}",
    }


# --- Unsubscribing


@freeze_time(SURVEY_TIME)
def test_an_unsubscribed_contact_s_survey_is_recorded_but_not_sent(run, mailoutbox):
    mailing.unsubscribe(address="Maite@Forges.example")
    follow_up_for()
    assert run() == 1
    assert surveys()[0].status == OutboundEmail.Status.SUPPRESSED
    assert mailoutbox == []
    assert run() == 0  # and not tried again


@freeze_time(SURVEY_TIME)
def test_the_survey_carries_an_unsubscribe_link_and_header(run, mailoutbox):
    follow_up_for()
    run()
    link = unsubscribe_url("maite@forges.example")
    assert link in surveys()[0].body_text
    assert mailoutbox[0].extra_headers["List-Unsubscribe"] == f"<{link}>"


# --- A fixed number of queries


def count_queries(function) -> int:
    with CaptureQueriesContext(connection) as context:
        function()
    return len(context.captured_queries)


def add_follow_ups(count: int, tag: str) -> None:
    for index in range(count):
        contact = ContactFactory(email=f"dirigeant{index}-{tag}@pmi.example")
        project = ProjectFactory(company=contact.company, stage=Stage.IN_SUPPORT)
        FollowUp.objects.create(project=project, months=3, due_on=TODAY)


@freeze_time(SURVEY_TIME)
def test_a_scan_with_nothing_new_takes_the_same_queries_for_few_and_many(run):
    add_follow_ups(1, "a")
    run()
    few = count_queries(reminders.follow_up_surveys_send)
    add_follow_ups(12, "b")
    run()
    many = count_queries(reminders.follow_up_surveys_send)
    assert few == many == 2
    assert len(surveys()) == 13


@freeze_time(SURVEY_TIME)
def test_surveys_are_queued_at_a_fixed_number_of_queries_however_many(
    django_capture_on_commit_callbacks,
):
    def send_counting() -> int:
        OutboundEmail.objects.all().delete()
        with django_capture_on_commit_callbacks(execute=False):
            return count_queries(reminders.follow_up_surveys_send)

    add_follow_ups(1, "a")
    one = send_counting()
    add_follow_ups(4, "b")
    five = send_counting()
    assert one == five


@freeze_time(SURVEY_TIME)
def test_a_large_scan_records_its_surveys_chunk_by_chunk_each_sent_once(
    run, mailoutbox, monkeypatch
):
    monkeypatch.setattr(reminders, "EMAIL_CHUNK", 2)
    add_follow_ups(5, "a")

    assert run() == 5
    assert run() == 0

    assert len(surveys()) == 5
    assert sorted(message.to[0] for message in mailoutbox) == sorted(s.to for s in surveys())


# --- The task and its schedule


def test_beat_runs_the_surveys_every_morning_at_nine():
    entry = settings.CELERY_BEAT_SCHEDULE["follow-up-surveys"]
    assert entry["task"] == "projects.tasks.send_follow_up_surveys"
    assert entry["schedule"] == crontab(hour=9, minute=0)

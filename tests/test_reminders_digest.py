"""The officers' daily digest: who gets it, on which days, once, and only with something to say."""

import datetime
from datetime import timedelta

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from freezegun import freeze_time

from pmi_aqt.accounts.models import Role
from pmi_aqt.mailing import services as mailing
from pmi_aqt.mailing.models import OutboundEmail
from pmi_aqt.mailing.unsubscribe import unsubscribe_url
from projects import reminders, tasks
from projects.models import FollowUp, Stage, SupportAction

from .factories import CompanyFactory, InteractionFactory, ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db

# Tuesday 10 March 2026, 07:30 in Paris (UTC+1): when beat runs the digest.
TUESDAY = "2026-03-10 06:30:00"
TODAY = datetime.date(2026, 3, 10)


def days_ago(days: int) -> datetime.datetime:
    return timezone.now() - timedelta(days=days)


def run_digest(capture) -> int:
    with capture(execute=True):
        return tasks.send_officer_digests.delay().result


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    return lambda: run_digest(django_capture_on_commit_callbacks)


def overdue_step(officer, company=None, late_days=3, **overrides):
    return InteractionFactory(
        officer=officer,
        company=company or CompanyFactory(),
        occurred_on=TODAY - timedelta(days=20),
        next_step=overrides.pop("next_step", "Rappeler pour le devis"),
        next_step_due=TODAY - timedelta(days=late_days),
        **overrides,
    )


def stalled_project(officer, stage=Stage.DIAGNOSIS, days=60, **overrides):
    return ProjectFactory(
        officer=officer, stage=stage, stage_changed_at=days_ago(days), **overrides
    )


def ending_action(officer, ends_in_days=5, **overrides):
    project = ProjectFactory(officer=officer, stage=Stage.IN_SUPPORT, stage_changed_at=days_ago(2))
    return SupportAction.objects.create(
        project=project,
        kind=SupportAction.Kind.EXPERTISE,
        title=overrides.pop("title", "Audit de la ligne de soudure"),
        starts_on=TODAY - timedelta(days=60),
        ends_on=TODAY + timedelta(days=ends_in_days),
        status=overrides.pop("status", SupportAction.Status.IN_PROGRESS),
        **overrides,
    )


def due_follow_up(officer, due_days_ago=0, **overrides):
    project = ProjectFactory(
        officer=officer,
        stage=Stage.IN_SUPPORT,
        stage_changed_at=days_ago(2),
        title=overrides.pop("title", "Capteurs connectés"),
    )
    return FollowUp.objects.create(
        project=project, months=3, due_on=TODAY - timedelta(days=due_days_ago), **overrides
    )


def digests() -> list[OutboundEmail]:
    return list(OutboundEmail.objects.filter(kind="officer_digest"))


# --- Who gets it, and what it says


@freeze_time(TUESDAY)
def test_an_officer_gets_one_digest_listing_each_reason(run, officer, mailoutbox):
    mine = ProjectFactory(officer=officer, stage=Stage.QUALIFIED, stage_changed_at=days_ago(2))
    overdue_step(officer, next_step="Envoyer la convention")
    overdue_step(
        UserFactory(roles=[Role.FINANCE_OFFICER]),
        company=mine.company,
        next_step="Relancer le banquier",
    )
    stalled_project(officer, title="Robotisation de la soudure", stage=Stage.DIAGNOSIS, days=50)
    ending_action(officer, title="Formation au pilotage")
    due_follow_up(officer, title="Jumeau numérique")

    assert run() == 1

    email = OutboundEmail.objects.get()
    assert email.kind == "officer_digest"
    assert email.key == f"officer-digest:{officer.pk}:2026-03-10"
    assert email.recipient_user == officer
    assert email.status == OutboundEmail.Status.SENT
    assert [m.to for m in mailoutbox] == [[officer.email]]
    assert "mardi 10 mars" in email.subject
    for text in (
        "Envoyer la convention",
        "Relancer le banquier",  # logged by someone else, on a company of their project
        "Robotisation de la soudure",
        "à cette étape depuis 50 jours",
        "Formation au pilotage",
        "Jumeau numérique",
        "suivi à 3 mois",
    ):
        assert text in email.body_text
        assert text in email.body_html
    assert "/projets/portefeuille/" in email.body_text


@freeze_time(TUESDAY)
def test_nothing_is_sent_when_nothing_needs_attention(run, officer, mailoutbox):
    ProjectFactory(officer=officer, stage=Stage.DIAGNOSIS, stage_changed_at=days_ago(44))
    overdue_step(officer, late_days=0)  # due today: not late yet
    ending_action(officer, ends_in_days=15)
    due_follow_up(officer, due_days_ago=-1)  # due tomorrow

    assert run() == 0
    assert digests() == []
    assert mailoutbox == []


@freeze_time(TUESDAY)
def test_each_officer_reads_only_their_own_dossiers(run, officer, other_officer):
    stalled_project(officer, title="Dossier de Claire")
    stalled_project(other_officer, title="Dossier de Paul")

    assert run() == 2

    mine = OutboundEmail.objects.get(to=officer.email)
    theirs = OutboundEmail.objects.get(to=other_officer.email)
    assert "Dossier de Claire" in mine.body_text and "Dossier de Paul" not in mine.body_text
    assert "Dossier de Paul" in theirs.body_text and "Dossier de Claire" not in theirs.body_text


@freeze_time(TUESDAY)
def test_the_manager_gets_a_digest_of_the_dossiers_they_hold(run, manager):
    stalled_project(manager)
    assert run() == 1
    assert OutboundEmail.objects.get().to == manager.email


@freeze_time(TUESDAY)
@pytest.mark.parametrize("fixture_name", ["finance_officer", "member", "no_role_user"])
def test_people_who_are_not_officers_get_no_digest(run, request, fixture_name):
    person = request.getfixturevalue(fixture_name)
    stalled_project(person)
    overdue_step(person)
    assert run() == 0
    assert digests() == []


@freeze_time(TUESDAY)
def test_an_inactive_officer_gets_no_digest(run, officer):
    officer.is_active = False
    officer.save(update_fields=["is_active"])
    stalled_project(officer)
    assert run() == 0


@freeze_time(TUESDAY)
@pytest.mark.parametrize(
    ("stage", "days", "listed"),
    [
        (Stage.INTAKE, 9, False),
        (Stage.INTAKE, 11, True),
        (Stage.QUALIFIED, 22, True),
        (Stage.DIAGNOSIS, 44, False),
        (Stage.DIAGNOSIS, 46, True),
        (Stage.DOSSIER_READY, 31, True),
        (Stage.DECIDED, 31, True),
        (Stage.ON_AGENDA, 200, False),  # the session's date is its clock
        (Stage.IN_SUPPORT, 200, False),  # the support plan is its clock
        (Stage.COMPLETED, 200, False),
        (Stage.ABANDONED, 200, False),
    ],
)
def test_a_dossier_is_stalled_after_its_stage_s_allowance(run, officer, stage, days, listed):
    stalled_project(officer, stage=stage, days=days)
    assert run() == (1 if listed else 0)


@freeze_time(TUESDAY)
@pytest.mark.parametrize(
    ("ends_in_days", "status", "listed"),
    [
        (14, SupportAction.Status.IN_PROGRESS, True),
        (0, SupportAction.Status.PLANNED, True),
        (-3, SupportAction.Status.IN_PROGRESS, True),  # past its end and never closed
        (15, SupportAction.Status.IN_PROGRESS, False),
        (3, SupportAction.Status.DONE, False),
        (3, SupportAction.Status.CANCELLED, False),
    ],
)
def test_support_actions_ending_within_two_weeks_are_listed(
    run, officer, ends_in_days, status, listed
):
    ending_action(officer, ends_in_days=ends_in_days, status=status)
    assert run() == (1 if listed else 0)


@freeze_time(TUESDAY)
def test_an_overdue_step_on_a_company_of_nobody_s_projects_reaches_only_its_author(
    run, officer, other_officer
):
    overdue_step(other_officer, next_step="Visite de l'atelier")
    assert run() == 1
    assert OutboundEmail.objects.get().to == other_officer.email


# --- Which days


@pytest.mark.parametrize(
    "moment",
    [
        "2026-03-14 06:30:00",  # Saturday
        "2026-03-15 06:30:00",  # Sunday
        "2026-07-14 05:30:00",  # Tuesday, Fête nationale (UTC+2 in summer)
        "2026-04-06 05:30:00",  # Easter Monday
        "2026-05-14 05:30:00",  # Ascension Thursday
        "2026-12-25 06:30:00",  # Friday, Christmas
    ],
)
def test_no_digest_on_weekends_and_public_holidays(run, officer, moment):
    with freeze_time(moment):
        stalled_project(officer)
        assert run() == 0
    assert digests() == []


def test_the_digest_goes_on_a_monday_after_a_weekend(run, officer):
    with freeze_time("2026-03-16 06:30:00"):
        stalled_project(officer)
        assert run() == 1
        assert digests()[0].key.endswith(":2026-03-16")


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (datetime.date(2026, 1, 1), False),
        (datetime.date(2026, 5, 1), False),
        (datetime.date(2026, 5, 8), False),
        (datetime.date(2026, 5, 25), False),  # Whit Monday
        (datetime.date(2026, 8, 15), False),  # a Saturday anyway
        (datetime.date(2026, 11, 11), False),
        (datetime.date(2027, 3, 29), False),  # Easter Monday moves each year
        (datetime.date(2026, 3, 30), True),
        (datetime.date(2026, 5, 26), True),
    ],
)
def test_working_days_skip_french_public_holidays(day, working):
    assert reminders.is_working_day(day) is working


# --- Once, and only while the reason lasts


@freeze_time(TUESDAY)
def test_running_the_digest_twice_the_same_day_sends_one_email(run, officer, mailoutbox):
    stalled_project(officer)
    assert run() == 1
    assert run() == 0
    assert len(digests()) == 1
    assert len(mailoutbox) == 1


def test_the_next_working_day_brings_a_new_digest_while_the_reason_lasts(run, officer):
    with freeze_time(TUESDAY):
        stalled_project(officer)
        run()
    with freeze_time("2026-03-11 06:30:00"):
        assert run() == 1
    assert sorted(e.key[-10:] for e in digests()) == ["2026-03-10", "2026-03-11"]


def test_no_digest_the_next_day_once_the_next_step_is_done(run, officer):
    with freeze_time(TUESDAY):
        step = overdue_step(officer)
        assert run() == 1
    with freeze_time("2026-03-11 06:30:00"):
        assert step.mark_next_step_done()
        assert run() == 0
    assert len(digests()) == 1


def test_no_digest_the_next_day_once_the_follow_up_is_answered(run, officer):
    with freeze_time(TUESDAY):
        follow_up = due_follow_up(officer)
        assert run() == 1
    with freeze_time("2026-03-11 06:30:00"):
        FollowUp.objects.filter(pk=follow_up.pk).update(answered_at=timezone.now())
        assert run() == 0


def test_no_digest_the_next_day_once_the_action_is_finished(run, officer):
    with freeze_time(TUESDAY):
        action = ending_action(officer)
        assert run() == 1
    with freeze_time("2026-03-11 06:30:00"):
        SupportAction.objects.filter(pk=action.pk).update(status=SupportAction.Status.DONE)
        assert run() == 0


def test_no_digest_the_next_day_once_the_dossier_has_moved_on(run, officer):
    with freeze_time(TUESDAY):
        project = stalled_project(officer, stage=Stage.DIAGNOSIS)
        assert run() == 1
    with freeze_time("2026-03-11 06:30:00"):
        project.stage = Stage.DOSSIER_READY
        project.stage_changed_at = timezone.now()
        project.save(update_fields=["stage", "stage_changed_at"])
        assert run() == 0


# --- Unsubscribing


@freeze_time(TUESDAY)
def test_an_unsubscribed_officer_s_digest_is_recorded_but_not_sent(run, officer, mailoutbox):
    mailing.unsubscribe(address=officer.email.upper())
    stalled_project(officer)
    run()
    assert digests()[0].status == OutboundEmail.Status.SUPPRESSED
    assert mailoutbox == []


@freeze_time(TUESDAY)
def test_the_digest_carries_an_unsubscribe_link_and_header(run, officer, mailoutbox):
    stalled_project(officer)
    run()
    link = unsubscribe_url(officer.email)
    assert link in digests()[0].body_text
    assert mailoutbox[0].extra_headers["List-Unsubscribe"] == f"<{link}>"


# --- A fixed number of queries


def populate(officer_count: int, projects_each: int) -> None:
    for _ in range(officer_count):
        officer = UserFactory(roles=[Role.OFFICER])
        for _ in range(projects_each):
            project = stalled_project(officer)
            overdue_step(officer, company=project.company)
            overdue_step(UserFactory(), company=project.company)
            ending_action(officer)
            due_follow_up(officer)


def count_queries(function) -> int:
    with CaptureQueriesContext(connection) as context:
        function()
    return len(context.captured_queries)


@freeze_time(TUESDAY)
def test_collecting_the_digests_takes_the_same_queries_for_few_and_many(
    django_capture_on_commit_callbacks,
):
    populate(officer_count=1, projects_each=1)
    few = count_queries(lambda: reminders.officer_digests_collect(today=TODAY))
    first = run_digest(django_capture_on_commit_callbacks)
    few_again = count_queries(reminders.officer_digests_send)

    populate(officer_count=5, projects_each=4)
    many = count_queries(lambda: reminders.officer_digests_collect(today=TODAY))
    collected = reminders.officer_digests_collect(today=TODAY)
    second = run_digest(django_capture_on_commit_callbacks)
    many_again = count_queries(reminders.officer_digests_send)

    # One query for the recipients, one or two per section (seven since the placements' one),
    # one for the calls for applications (none opens or closes here), one for the titles and
    # company names of the windowed sections' lines.
    assert few == many == 9
    assert (first, second) == (1, 5)
    assert len(collected) == 6 and sum(len(d.stalled_projects) for d in collected) == 21
    # A run that finds every digest already queued reads and writes nothing more.
    assert few_again == many_again == 10


@freeze_time(TUESDAY)
def test_digests_are_queued_at_a_fixed_number_of_queries_however_many_and_long_they_are(
    django_capture_on_commit_callbacks,
):
    def send_counting() -> int:
        OutboundEmail.objects.all().delete()
        with django_capture_on_commit_callbacks(execute=False):
            return count_queries(reminders.officer_digests_send)

    officer = UserFactory(roles=[Role.OFFICER])
    stalled_project(officer)
    one_short = send_counting()
    for _ in range(6):
        stalled_project(officer)
        ending_action(officer)
        overdue_step(officer)
    one_long = send_counting()
    for _ in range(3):
        stalled_project(UserFactory(roles=[Role.OFFICER]))
    four = send_counting()

    # Rendering reads nothing from the database; the emails are recorded in one insert.
    assert one_short == one_long == four


# --- The task and its schedule


def test_beat_runs_the_digest_at_half_past_seven_on_weekdays():
    entry = settings.CELERY_BEAT_SCHEDULE["officer-digest"]
    assert entry["task"] == "projects.tasks.send_officer_digests"
    assert entry["schedule"] == crontab(hour=7, minute=30, day_of_week="mon-fri")
    assert settings.CELERY_TIMEZONE == "Europe/Paris"


# --- Bounded sections


@freeze_time(TUESDAY)
def test_each_section_lists_its_oldest_lines_and_says_how_many_more(run, officer):
    shown = reminders.DIGEST_LINES_PER_SECTION
    for n in range(shown + 3):
        stalled_project(officer, days=100 + n, title=f"Dossier {n:02d}")

    assert run() == 1

    body = OutboundEmail.objects.get().body_text
    assert body.count("à cette étape depuis") == shown
    # The oldest first: the last three created (longest in stage) are shown, the newest not.
    assert f"Dossier {shown + 2:02d}" in body and "Dossier 00" not in body
    assert "… et 3 autres, dans votre portefeuille." in body
    assert "… et 3 autres" in OutboundEmail.objects.get().body_html


@freeze_time(TUESDAY)
def test_a_short_section_says_nothing_more(run, officer):
    stalled_project(officer)
    assert run() == 1
    assert "autres, dans votre portefeuille" not in OutboundEmail.objects.get().body_text


@freeze_time(TUESDAY)
def test_an_overdue_step_on_a_company_whose_projects_are_closed_reaches_only_its_author(
    run, officer, other_officer
):
    company = CompanyFactory()
    ProjectFactory(company=company, officer=officer, stage=Stage.COMPLETED)
    overdue_step(other_officer, company=company, next_step="Relance après clôture")

    assert run() == 1
    assert OutboundEmail.objects.get().to == other_officer.email


@freeze_time(TUESDAY)
def test_collecting_bounded_digests_counts_every_line(officer, other_officer):
    shown = reminders.DIGEST_LINES_PER_SECTION
    for _ in range(shown + 2):
        ending_action(officer)
        due_follow_up(officer)
    ending_action(other_officer)

    digests = {d.officer.pk: d for d in reminders.officer_digests_collect(today=TODAY)}

    mine, theirs = digests[officer.pk], digests[other_officer.pk]
    assert len(mine.ending_actions) == len(mine.due_follow_ups) == shown
    assert mine.totals["ending_actions"] == mine.totals["due_follow_ups"] == shown + 2
    assert mine.context()["ending_actions_more"] == 2
    assert (len(theirs.ending_actions), theirs.totals["ending_actions"]) == (1, 1)
    assert theirs.context()["ending_actions_more"] == 0

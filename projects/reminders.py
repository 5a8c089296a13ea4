"""Reminders sent by Celery beat: the officers' daily digest and the follow-up surveys.

Each scan reads what needs saying in a fixed number of queries, whatever the number of projects
and officers, then queues one email per recipient through `email_queue_many`. The email's unique key
names the reason for sending (one digest per officer and day, one survey per follow-up), so a
scan that runs twice, or two workers that race, send each email once.

The follow-up survey's secure link and the recording of its answers live here too: they belong
to the same feature and nothing else uses them.
"""

import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import batched

import holidays
from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import Count, F, Q, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils import timezone

from companies.models import Contact, Interaction
from pmi_aqt.accounts.models import User
from pmi_aqt.mailing.models import OutboundEmail
from pmi_aqt.mailing.services import QueuedEmail, email_queue_many

from .email_kinds import FOLLOW_UP_SURVEY, OFFICER_DIGEST
from .matching.alerts import fitting_calls
from .models import FollowUp, Project, Stage, StudentPlacement, SupportAction
from .models.project import CLOSED_STAGES
from .permissions import project_runners
from .stats.summary import project_changed

logger = logging.getLogger(__name__)

# Emails rendered and recorded per transaction: a scan holds this many rendered emails at most,
# and each chunk goes to delivery as soon as it commits.
EMAIL_CHUNK = 500


def emails_queue_in_chunks(emails: Iterable[QueuedEmail]) -> int:
    """Record the emails EMAIL_CHUNK at a time, each chunk in a transaction of its own and at
    the fixed number of queries of `email_queue_many`; the number given. `emails` may be a
    generator: each chunk's contexts are built only when its turn comes."""
    count = 0
    for chunk in batched(emails, EMAIL_CHUNK):
        with transaction.atomic():
            email_queue_many(chunk)
        count += len(chunk)
    return count


# --- Working days


# The public holidays of metropolitan France, from the `holidays` library (Alsace-Moselle's two
# extra days are not the programme's).
_FRENCH_HOLIDAYS = holidays.France()


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _FRENCH_HOLIDAYS


# --- The officers' daily digest

# How long a dossier may stay in a stage before it is stalled: STALLED_AFTER_DAYS (models).
# Support actions whose end falls within this many days (or has passed unfinished) are listed.
ACTIONS_ENDING_WITHIN = timedelta(days=14)
# Each section of the digest lists its oldest lines only, then says how many more there are
# and links to the portfolio: an email stays readable, and the scan costs the same per officer
# whether they hold 30 dossiers or 3,000.
DIGEST_LINES_PER_SECTION = 10
# Student placements ending within this many days are listed: time to plan what follows (a
# hire, another placement) with the company and the school.
PLACEMENTS_ENDING_WITHIN = timedelta(days=30)
# The projects named on a call's line, at most.
DIGEST_PROJECTS_PER_CALL = 3
# Calls for applications that fit an officer's open projects: those opened since the last
# working day, and those closing within this many days.
CALLS_CLOSING_WITHIN = 14
SECTIONS = (
    "fitting_calls",
    "overdue_steps",
    "stalled_projects",
    "ending_actions",
    "ending_placements",
    "due_follow_ups",
)


@dataclass(frozen=True)
class DigestLine:
    """One line of the digest, as plain values: rendering it reads nothing more."""

    title: str
    detail: str
    url: str
    day: date | None = None
    days: int | None = None
    months: int | None = None
    opened: bool = False  # a call for applications opened since the last digest

    def __getitem__(self, name: str):
        # The template reads `line.title` as line["title"] first: answering it spares the
        # exception Django's lookup would otherwise raise and catch for each of the digests'
        # 30,000 lines and their 5 values. A missing name goes on to Django's other lookups.
        return getattr(self, name)


@dataclass
class OfficerDigest:
    officer: User
    today: date
    fitting_calls: list[DigestLine] = field(default_factory=list)
    overdue_steps: list[DigestLine] = field(default_factory=list)
    stalled_projects: list[DigestLine] = field(default_factory=list)
    ending_actions: list[DigestLine] = field(default_factory=list)
    ending_placements: list[DigestLine] = field(default_factory=list)
    due_follow_ups: list[DigestLine] = field(default_factory=list)
    # How many lines each section has in all (the lists above hold the first ones only).
    totals: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SECTIONS, 0))

    def add(self, section: str, line: DigestLine, total: int | None = None) -> None:
        """Count a line in `section` and keep it if the section is not full; `total`, when
        the query already counted the section, replaces the running count."""
        lines = getattr(self, section)
        if len(lines) < DIGEST_LINES_PER_SECTION:
            lines.append(line)
        self.totals[section] = self.totals[section] + 1 if total is None else total

    @property
    def is_empty(self) -> bool:
        return not any(getattr(self, section) for section in SECTIONS)

    @property
    def key(self) -> str:
        return officer_digest_key(officer_id=self.officer.pk, today=self.today)

    def context(self) -> dict:
        return {
            "first_name": self.officer.first_name or self.officer.email,
            "today": self.today,
            "fitting_calls": self.fitting_calls,
            "overdue_steps": self.overdue_steps,
            "stalled_projects": self.stalled_projects,
            "ending_actions": self.ending_actions,
            "ending_placements": self.ending_placements,
            "due_follow_ups": self.due_follow_ups,
            **{
                f"{section}_more": self.totals[section] - len(getattr(self, section))
                for section in SECTIONS
            },
            "portfolio_url": settings.SITE_URL + reverse("projects:portfolio"),
        }


def officer_digest_key(*, officer_id: int, today: date) -> str:
    return f"officer-digest:{officer_id}:{today.isoformat()}"


_PK_MARK = "987654321987654321"


def _site_url_maker(name: str):
    """A function pk (or token) -> absolute URL of `name`, calling reverse() once (not once
    per line). The argument goes in as it is: only ids and signed tokens, which reverse()
    would not quote either."""
    pattern = settings.SITE_URL + reverse(name, args=[_PK_MARK])
    return lambda pk: pattern.replace(_PK_MARK, str(pk))


def previous_working_day(day: date) -> date:
    day -= timedelta(days=1)
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day


def _fitting_calls(digests: dict[int, "OfficerDigest"], open_projects, today: date) -> None:
    """Calls opened since the last digest, or closing soon, whose scheme fits one of the
    officer's open projects: one line per call, naming the projects (matching/alerts.py)."""
    scheme_url = _site_url_maker("projects:scheme_detail")
    calls = fitting_calls(
        open_projects,
        today=today,
        since=previous_working_day(today),
        closing_within=CALLS_CLOSING_WITHIN,
        projects_per_officer=DIGEST_PROJECTS_PER_CALL,
    )
    for call in calls:
        for officer_id, projects in call.projects_by_officer.items():
            digests[officer_id].add(
                "fitting_calls",
                DigestLine(
                    title=f"{call.scheme_name} — {call.organisation}",
                    detail=", ".join(project.title for project in projects)
                    + (" …" if call.count_by_officer[officer_id] > len(projects) else ""),
                    url=scheme_url(call.scheme_id),
                    day=call.window.closes_on,
                    days=(call.window.closes_on - today).days,
                    opened=call.opened,
                ),
            )


def _first_per_officer(queryset, officer: str, order: tuple[str, ...], *values: str) -> list:
    """The first DIGEST_LINES_PER_SECTION rows of each officer as tuples of `values` and the
    officer's number of rows, in one query: the rows read are bounded by the lines the digests
    show, not by the officers' whole portfolios.

    The window sorts every row of the section (100,000 at national scale) with what it
    carries: only the row's own short values, its project's id and its officer, not the
    project's title or the company's name, which are read after for the rows kept
    (`_project_names`). Joined before, they made that sort spill to disk."""
    return list(
        queryset.annotate(
            officer_rank=Window(
                RowNumber(), partition_by=[F(officer)], order_by=[F(field) for field in order]
            ),
            officer_total=Window(Count("id"), partition_by=[F(officer)]),
        )
        .filter(officer_rank__lte=DIGEST_LINES_PER_SECTION)
        .order_by(officer, *order)
        .values_list(*values, "officer_total")
    )


def _project_names(project_ids: set[int]) -> dict[int, tuple[str, str]]:
    """project id → (its title, its company's name), in one query."""
    if not project_ids:
        return {}
    return {
        pk: (title, company_name)
        for pk, title, company_name in Project.objects.filter(pk__in=project_ids)
        .order_by()
        .values_list("pk", "title", "company__name")
    }


def officer_digests_collect(*, today: date) -> list[OfficerDigest]:
    """Every digest due today, empty ones included; a fixed number of queries whatever the
    numbers: one for the recipients, one or two per section, one for the titles and company
    names of the windowed sections' lines, and for the calls one, or eight when some opened or
    close soon."""
    now = timezone.now()
    company_url = _site_url_maker("companies:detail")
    project_url = _site_url_maker("projects:detail")
    stage_labels = {value: str(label) for value, label in Stage.choices}
    placement_labels = {value: str(label) for value, label in StudentPlacement.Kind.choices}
    recipients = project_runners().order_by("pk")
    digests = {user.pk: OfficerDigest(officer=user, today=today) for user in recipients}
    if not digests:
        return []
    recipient_ids = list(digests)
    their_projects = Project.objects.filter(officer_id__in=recipient_ids)
    # A company is followed by the officers of its open projects (closed ones are history).
    their_open_projects = their_projects.open()
    _fitting_calls(digests, their_open_projects, today)

    # Overdue next steps: those the officer logged, and those on companies of their open
    # projects. Open steps are few (a partial index holds them), so they are all read.
    steps = list(
        Interaction.objects.overdue(today)
        .filter(
            Q(officer_id__in=recipient_ids)
            | Q(company_id__in=their_open_projects.values("company_id"))
        )
        .select_related("company")
        .only("id", "next_step", "next_step_due", "officer_id", "company__id", "company__name")
        .order_by("next_step_due", "id")
    )
    officers_of_company: dict[int, set[int]] = defaultdict(set)
    for company_id, officer_id in (
        their_open_projects.filter(
            company_id__in=Interaction.objects.overdue(today).values("company_id")
        )
        .order_by()
        .values_list("company_id", "officer_id")
        .distinct()
    ):
        officers_of_company[company_id].add(officer_id)
    for step in steps:
        line = DigestLine(
            title=step.next_step,
            detail=step.company.name,
            url=company_url(step.company_id),
            day=step.next_step_due,
            days=(today - step.next_step_due).days,
        )
        for officer_id in sorted(officers_of_company[step.company_id] | {step.officer_id}):
            if officer_id in digests:
                digests[officer_id].add("overdue_steps", line)

    # The first lines of the four sections windowed per officer, then their projects' titles
    # and companies' names in one query.
    stalled = _first_per_officer(
        their_projects.stalled(now),
        "officer_id",
        ("stage_changed_at", "id"),
        *("id", "officer_id", "stage", "stage_changed_at"),
    )
    actions = _first_per_officer(
        SupportAction.objects.exclude(status__in=SupportAction.FINISHED)
        .exclude(project__stage__in=CLOSED_STAGES)
        .filter(project__officer_id__in=recipient_ids, ends_on__lte=today + ACTIONS_ENDING_WITHIN),
        "project__officer_id",
        ("ends_on", "id"),
        *("project_id", "project__officer_id", "title", "ends_on"),
    )
    placements = _first_per_officer(
        StudentPlacement.objects.exclude(project__stage__in=CLOSED_STAGES).filter(
            project__officer_id__in=recipient_ids,
            ends_on__gte=today,
            ends_on__lte=today + PLACEMENTS_ENDING_WITHIN,
        ),
        "project__officer_id",
        ("ends_on", "id"),
        *("project_id", "project__officer_id", "student_name", "kind", "ends_on"),
    )
    follow_ups = _first_per_officer(
        FollowUp.objects.filter(
            project__officer_id__in=recipient_ids, answered_at__isnull=True, due_on__lte=today
        ),
        "project__officer_id",
        ("due_on", "id"),
        *("project_id", "project__officer_id", "months", "due_on"),
    )
    names = _project_names(
        {row[0] for section in (stalled, actions, placements, follow_ups) for row in section}
    )

    for project_id, officer_id, stage, stage_changed_at, total in stalled:
        title, company_name = names[project_id]
        changed_on = timezone.localdate(stage_changed_at)
        digests[officer_id].add(
            "stalled_projects",
            DigestLine(
                title=title,
                detail=f"{company_name} — {stage_labels[stage]}",
                url=project_url(project_id),
                day=changed_on,
                days=(today - changed_on).days,
            ),
            total,
        )

    for project_id, officer_id, action_title, ends_on, total in actions:
        title, company_name = names[project_id]
        digests[officer_id].add(
            "ending_actions",
            DigestLine(
                title=action_title,
                detail=f"{title} ({company_name})",
                url=project_url(project_id),
                day=ends_on,
                days=(ends_on - today).days,
            ),
            total,
        )

    for project_id, officer_id, student_name, kind, ends_on, total in placements:
        title, company_name = names[project_id]
        digests[officer_id].add(
            "ending_placements",
            DigestLine(
                title=f"{student_name} — {placement_labels[kind]}",
                detail=f"{title} ({company_name})",
                url=project_url(project_id) + "#accompagnement-etudiants",
                day=ends_on,
                days=(ends_on - today).days,
            ),
            total,
        )

    for project_id, officer_id, months, due_on, total in follow_ups:
        title, company_name = names[project_id]
        digests[officer_id].add(
            "due_follow_ups",
            DigestLine(
                title=title,
                detail=company_name,
                url=project_url(project_id),
                day=due_on,
                days=(today - due_on).days,
                months=months,
            ),
            total,
        )
    return list(digests.values())


def officer_digests_send(*, today: date | None = None) -> int:
    """Queue today's digest for each officer who has something to read; the number queued.

    Nothing on weekends and public holidays, nothing for an officer with nothing to say, and
    nothing again for an officer whose digest for the day already exists.
    """
    today = today or timezone.localdate()
    if not is_working_day(today):
        return 0
    digests = [digest for digest in officer_digests_collect(today=today) if not digest.is_empty]
    already_queued = set(
        OutboundEmail.objects.filter(key__in=[digest.key for digest in digests]).values_list(
            "key", flat=True
        )
    )
    return emails_queue_in_chunks(
        QueuedEmail(
            key=digest.key,
            kind=OFFICER_DIGEST.code,
            to=digest.officer.email,
            context=digest.context(),
            recipient_user=digest.officer,
        )
        for digest in digests
        if digest.key not in already_queued
    )


# --- Follow-up surveys

SURVEY_SALT = "projects.follow-up-survey"
SURVEY_LINK_MAX_AGE = timedelta(days=60)
# A survey due longer ago than this and never emailed (the scan was not running, or the company
# had no contact then) is left to the officer, whose digest lists it: a company should not get
# a pile of late questionnaires at once.
SURVEY_CATCH_UP = timedelta(days=30)


class InvalidSurveyLink(Exception):
    """The survey link was altered or names no follow-up."""


class ExpiredSurveyLink(InvalidSurveyLink):
    """The survey link is genuine but older than SURVEY_LINK_MAX_AGE."""


def survey_token(*, follow_up_id: int) -> str:
    return signing.TimestampSigner(salt=SURVEY_SALT).sign_object({"f": follow_up_id})


def read_survey_token(token: str) -> int:
    """The follow-up id a survey token names, or InvalidSurveyLink / ExpiredSurveyLink."""
    signer = signing.TimestampSigner(salt=SURVEY_SALT)
    try:
        payload = signer.unsign_object(token, max_age=SURVEY_LINK_MAX_AGE)
        return int(payload["f"])
    except signing.SignatureExpired as error:
        raise ExpiredSurveyLink(str(error)) from error
    except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
        raise InvalidSurveyLink(str(error)) from error


def survey_follow_up(token: str) -> FollowUp:
    """The follow-up a survey link opens, with its project and company, or an exception."""
    follow_up_id = read_survey_token(token)
    follow_up = FollowUp.objects.select_related("project__company").filter(pk=follow_up_id).first()
    if follow_up is None:
        raise InvalidSurveyLink("The follow-up no longer exists.")
    return follow_up


SURVEY_ANSWER_FIELDS = (
    "jobs_created",
    "jobs_kept",
    "turnover_effect",
    "product_launched",
    "satisfaction",
    "comment",
)


def follow_up_answer(*, follow_up: FollowUp, answers: dict) -> bool:
    """Store the company's answers; False when the follow-up was already answered.

    A conditional UPDATE: of two submissions racing, only one is recorded.
    """
    values = {name: answers[name] for name in SURVEY_ANSWER_FIELDS}
    now = timezone.now()
    updated = FollowUp.objects.filter(pk=follow_up.pk, answered_at__isnull=True).update(
        answered_at=now, **values
    )
    if updated:
        follow_up.answered_at = now
        for name, value in values.items():
            setattr(follow_up, name, value)
        # An UPDATE sends no signal: the dashboard's counters are told here.
        project_changed(follow_up.project_id)
    return bool(updated)


def follow_up_survey_key(follow_up_id: int) -> str:
    return f"follow-up-survey:{follow_up_id}"


def _survey_contacts(projects: list[Project]) -> dict[int, Contact]:
    """The person to write to for each project, in one query: whoever submitted it if they are
    still one of the company's contacts, otherwise the company's first contact (the rule of
    `services.company.project_contact`)."""
    by_company: dict[int, list[Contact]] = defaultdict(list)
    for contact in Contact.objects.filter(
        company_id__in={project.company_id for project in projects}
    ).order_by("created_at", "id"):
        by_company[contact.company_id].append(contact)
    chosen = {}
    for project in projects:
        contacts = by_company.get(project.company_id)
        if not contacts:
            continue
        submitter = next((c for c in contacts if c.pk == project.submitted_by_id), None)
        chosen[project.pk] = submitter or contacts[0]
    return chosen


def follow_up_surveys_send(*, today: date | None = None) -> int:
    """Email the survey of each follow-up due, unanswered and never emailed; the number queued.

    Three queries to find them whatever their number, then the emails, EMAIL_CHUNK at a time.
    """
    today = today or timezone.localdate()
    due = list(
        FollowUp.objects.filter(
            answered_at__isnull=True, due_on__lte=today, due_on__gte=today - SURVEY_CATCH_UP
        )
        .exclude(project__stage=Stage.ABANDONED)
        .select_related("project__company", "project__officer")
        .order_by("due_on", "id")
    )
    already_queued = set(
        OutboundEmail.objects.filter(
            key__in=[follow_up_survey_key(follow_up.pk) for follow_up in due]
        ).values_list("key", flat=True)
    )
    due = [f for f in due if follow_up_survey_key(f.pk) not in already_queued]
    contacts = _survey_contacts([follow_up.project for follow_up in due])
    survey_link = _site_url_maker("projects:survey")  # reverse() once, not once per email

    def surveys():
        for follow_up in due:
            project = follow_up.project
            contact = contacts.get(project.pk)
            if contact is None:
                logger.warning("Follow-up %s: the company has no contact to survey", follow_up.pk)
                continue
            officer = project.officer
            yield QueuedEmail(
                key=follow_up_survey_key(follow_up.pk),
                kind=FOLLOW_UP_SURVEY.code,
                to=contact.email,
                context={
                    "first_name": contact.first_name,
                    "project_title": project.title,
                    "months": follow_up.months,
                    "link": survey_link(survey_token(follow_up_id=follow_up.pk)),
                    "link_days": SURVEY_LINK_MAX_AGE.days,
                    "officer_name": (officer.get_full_name() or officer.email) if officer else "",
                    "officer_email": officer.email if officer else "",
                },
                regarding=project,
            )

    return emails_queue_in_chunks(surveys())

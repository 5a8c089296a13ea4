"""The programme's calendar and history, computed from tooling/demo/history_data.py and the
reference day without the database; tooling/demo/plan.py makes projects of them.

- the yearly targets, from 2015 to the year after the reference day's;
- the task-force days: every session since May 2015 (absolute dates), the last six of them kept
  in the portal and the coming one (counted back and forth from the reference day);
- how many companies each year supported, and which company took up which project when: each
  year gets the projects that make up its count beside those of project_data.py (the current
  pipeline), and a few that were abandoned or turned down.

One generator, seeded, draws the whole history in order, so the same reference day gives the
same history.
"""

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from tooling.demo import account_data, company_data
from tooling.demo import history_data as tables
from tooling.demo.history_data import ProjectTheme

THURSDAY = 3


# --- The task force's calendar


@dataclass(frozen=True)
class TaskforceCalendar:
    history: tuple[dt.date, ...]  # sessions whose decisions are only the projects' moves
    recorded: tuple[dt.date, ...]  # the held sessions kept in the portal, oldest first
    coming: dt.date

    @property
    def days(self) -> tuple[dt.date, ...]:
        return self.history + self.recorded

    def session_before(self, day: dt.date) -> dt.date:
        """The latest session on or before `day` (there is one from May 2015)."""
        return max(session for session in self.days if session <= day)


def thursday_on_or_before(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=(day.weekday() - THURSDAY) % 7)


def second_thursday(year: int, month: int) -> dt.date:
    first = dt.date(year, month, 1)
    return first + dt.timedelta(days=(THURSDAY - first.weekday()) % 7 + 7)


def working_day(day: dt.date, not_before: dt.date) -> dt.date:
    """`day`, or the Friday before when it falls at a weekend (officers record what happens on
    working days), unless that Friday is before `not_before`."""
    friday = day - dt.timedelta(days=max(day.weekday() - 4, 0))
    return friday if friday >= not_before else day


def in_christmas_break(day: dt.date) -> bool:
    return (day.month, day.day) >= (12, 22) or (day.month, day.day) <= (1, 2)


def taskforce_calendar(today: dt.date) -> TaskforceCalendar:
    recorded = []
    for index in range(tables.RECORDED_SESSIONS):
        ago = tables.LATEST_SESSION_DAYS_AGO + index * tables.RECORDED_SESSION_SPACING_DAYS
        day = thursday_on_or_before(today - dt.timedelta(days=ago))
        if in_christmas_break(day):
            day -= dt.timedelta(days=7)
        recorded.append(day)
    recorded.reverse()
    until = recorded[0] - dt.timedelta(days=tables.HISTORY_GAP_DAYS)
    history = [
        day
        for year in range(tables.FIRST_TASKFORCE.year, until.year + 1)
        for month in tables.HISTORY_SESSION_MONTHS
        if tables.FIRST_TASKFORCE <= (day := second_thursday(year, month)) < until
    ]
    # The next Thursday at least a week ahead: the agenda is out, the reviews under way.
    week_ahead = today + dt.timedelta(days=7)
    coming = week_ahead + dt.timedelta(days=(THURSDAY - week_ahead.weekday()) % 7)
    return TaskforceCalendar(tuple(history), tuple(recorded), coming)


# --- Targets and counts


def yearly_targets(today: dt.date) -> dict[int, int]:
    """Companies to support each year, from the programme's first to the year after today's."""
    return {
        year: tables.TARGETS.get(year, tables.LATER_TARGET)
        for year in range(tables.PROGRAMME_START.year, today.year + 2)
    }


def supported_goal(year: int, target: int, today: dt.date) -> int:
    """How many companies the programme supported in `year`: a past year's share of its target,
    the current year's pace so far (at least one company, fewer than the target)."""
    if year < today.year:
        return round(target * tables.ACHIEVED.get(year, tables.LATER_ACHIEVED))
    start = dt.date(year, 1, 1)
    elapsed = (today - start).days / (dt.date(year + 1, 1, 1) - start).days
    return min(max(round(target * tables.CURRENT_YEAR_PACE * elapsed), 1), target - 1)


# --- The projects of the history


@dataclass(frozen=True)
class PastProject:
    """A project of the history: who, what, and the days that make its story."""

    company: str  # a DemoCompany slug
    theme: ProjectTheme
    outcome: str = ""  # the task force's decision; none if abandoned before it
    received_on: dt.date | None = None  # abandoned before the task force: when it came in
    decided_on: dt.date | None = None  # a task-force day
    entered_on: dt.date | None = None  # its move to "in support"
    # When its support began, if later than that move: only when the reference day is the first
    # of January, for the current year to have its first company.
    support_start: dt.date | None = None
    completed_on: dt.date | None = None
    closed_on: dt.date | None = None  # abandoned: before the task force, or once turned down


class History:
    """Draws the history around the projects of project_data.py: `supported_on` gives, by
    company, the days its projects there entered support, `titles` their titles."""

    def __init__(self, today, calendar, targets, supported_on, titles):
        self.today: dt.date = today
        self.calendar: TaskforceCalendar = calendar
        self.targets: dict[int, int] = targets
        self.rng = random.Random(f"{account_data.SEED}:history")
        self.companies = [
            spec for spec in company_data.COMPANIES if spec.slug not in tables.PROSPECTS
        ]
        self.current = {slug: set(days) for slug, days in supported_on.items()}
        self.supported_on: dict[str, list[dt.date]] = {
            slug: list(days) for slug, days in supported_on.items()
        }
        self.titles: dict[str, set[str]] = {
            spec.slug: set(titles.get(spec.slug, ())) for spec in self.companies
        }

    def projects(self) -> list[PastProject]:
        projects = []
        for year in range(tables.PROGRAMME_START.year, self.today.year + 1):
            projects += self.supported(year)
            projects += self.abandoned(year)
            if (year - tables.PROGRAMME_START.year) % tables.REJECTED_EVERY == 1:
                projects += self.rejected(year)
        return projects

    def supported(self, year: int) -> list[PastProject]:
        """The year's supported companies beyond those of project_data.py."""
        counted = {
            slug for slug, days in self.current.items() if any(day.year == year for day in days)
        }
        wanted = supported_goal(year, self.targets[year], self.today) - len(counted)
        projects = []
        for day in self.entry_days(year, wanted):
            spec = self.pick_company(partial(self.free_for_support, day))
            self.supported_on.setdefault(spec.slug, []).append(day)
            start = max(day, dt.date(year, 1, 1))
            decided_on = self.calendar.session_before(day - self.days(tables.DAYS_TO_START[0]))
            completed_on = working_day(
                day + self.days(self.rng.randint(*tables.SUPPORT_DAYS)), day + self.days(1)
            )
            projects.append(
                PastProject(
                    company=spec.slug,
                    theme=self.pick_theme(spec),
                    outcome=self.rng.choices(["approved", "approved_conditions"], [7, 3])[0],
                    decided_on=decided_on,
                    entered_on=day,
                    support_start=start if start != day else None,
                    completed_on=completed_on if completed_on < self.today else None,
                )
            )
        return projects

    def entry_days(self, year: int, count: int) -> list[dt.date]:
        """`count` days spread over the year (up to yesterday), each a while after a session."""
        if count <= 0:
            return []
        first = max(dt.date(year, 1, 1), self.calendar.days[0] + self.days(tables.DAYS_TO_START[0]))
        last = min(dt.date(year, 12, 31), self.today - self.days(1))
        if last < first:  # the reference day is 1 January: moved yesterday, started today
            return [last] * count
        span = (last - first).days + 1
        return [
            working_day(
                first + self.days(int(span * (index + self.rng.uniform(0.1, 0.9)) / count)), first
            )
            for index in range(count)
        ]

    def abandoned(self, year: int) -> list[PastProject]:
        """Projects abandoned before the task force, received during the year."""
        first = max(dt.date(year, 1, 1), tables.PROGRAMME_START + self.days(7))
        last = min(dt.date(year, 12, 31), self.today - self.days(tables.ABANDONED_AFTER_DAYS[0]))
        projects = []
        for _ in range(self.rng.randint(*tables.ABANDONED_PER_YEAR)):
            if last <= first:
                break
            received = first + self.days(self.rng.randrange((last - first).days))
            closed = received + self.days(self.rng.randint(*tables.ABANDONED_AFTER_DAYS))
            closed = min(closed, self.today - self.days(1))
            spec = self.pick_company(lambda slug: True)
            projects.append(
                PastProject(
                    company=spec.slug,
                    theme=self.pick_theme(spec),
                    received_on=received,
                    closed_on=working_day(closed, received + self.days(1)),
                )
            )
        return projects

    def rejected(self, year: int) -> list[PastProject]:
        """A dossier the task force turned down during the year, closed some days later."""
        latest = self.today - self.days(tables.CLOSED_AFTER_REJECTION_DAYS[1] + 1)
        sessions = [day for day in self.calendar.days if day.year == year and day <= latest]
        if not sessions:
            return []
        decided_on = self.rng.choice(sessions)
        spec = self.pick_company(lambda slug: True)
        closed = decided_on + self.days(self.rng.randint(*tables.CLOSED_AFTER_REJECTION_DAYS))
        return [
            PastProject(
                company=spec.slug,
                theme=self.pick_theme(spec),
                outcome="rejected",
                decided_on=decided_on,
                closed_on=working_day(closed, decided_on + self.days(1)),
            )
        ]

    def free_for_support(self, day: dt.date, slug: str) -> bool:
        """Whether the company's other supports are far enough from `day`."""
        gap = self.days(tables.MIN_DAYS_BETWEEN_SUPPORTS)
        return all(abs(day - other) >= gap for other in self.supported_on.get(slug, ()))

    def pick_company(self, allowed: Callable[[str], bool]) -> company_data.DemoCompany:
        """A company `allowed` to take it up, the more likely the fewer projects it has had."""
        eligible = [spec for spec in self.companies if allowed(spec.slug)] or self.companies
        weights = [1 / (1 + len(self.titles[spec.slug])) ** 2 for spec in eligible]
        return self.rng.choices(eligible, weights=weights)[0]

    def pick_theme(self, spec: company_data.DemoCompany) -> ProjectTheme:
        """A theme that suits the company's trade, one it has not taken up yet."""
        themes = [
            theme
            for theme in tables.PROJECT_THEMES
            if theme.suits(spec.naf_code) and theme.title not in self.titles[spec.slug]
        ]
        # The themes of its trade are more likely than those of every manufacturer.
        theme = self.rng.choices(themes, weights=[2 if t.trades else 1 for t in themes])[0]
        self.titles[spec.slug].add(theme.title)
        return theme

    @staticmethod
    def days(count: int) -> dt.timedelta:
        return dt.timedelta(days=count)

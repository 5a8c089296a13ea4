"""The task force: its sessions with their seats, and the conflicts, reviews and scores on the
agenda items the projects step put on them.
"""

import datetime as dt
import time
from collections import defaultdict

from django.db.models import Exists, OuterRef

from taskforce.models import (
    AgendaItem,
    ConflictDeclaration,
    Recommendation,
    Review,
    ReviewScore,
    Session,
    SessionMember,
)

from .base import GeneratorBase
from .tables import CITIES, CONFLICT_KINDS, HISTORY_DAYS, MIN_SESSIONS, SEATS_PER_SESSION

NO_REVIEW_REASON = "Dossier présenté en séance par son chargé de mission ; aucun avis écrit."


class TaskforceSteps(GeneratorBase):
    """`sessions()` before the projects (they go on the sessions' agendas), `taskforce()` after."""

    def sessions(self) -> None:
        """Past sessions (held), a few coming ones (published, two of them in 2 and 7 days for
        the review reminders) and one draft."""
        started = time.perf_counter()
        rows = self._writer(
            Session,
            [
                "date",
                "starts_at",
                "place",
                "video_link",
                "chair",
                "status",
                "published_at",
                "created_at",
            ],
        )
        seats = self._writer(SessionMember, ["session", "user", "attended"])
        # At least two coming sessions (in 2 and 7 days) and one past one, at any scale.
        count = max(MIN_SESSIONS, self.volumes["sessions"])
        coming = max(2, round(count * 0.02))
        self.past_sessions, self.coming_sessions = [], []
        self.session_date: dict[int, dt.date] = {}
        self.session_seats: dict[int, list[int]] = {}
        for n in range(count):
            pk = self._id(Session)
            if n < coming:
                days = {0: 2, 1: 7}.get(n, self.rng.randint(1, 60))
                day = self.today + dt.timedelta(days=days)
                status = Session.Status.DRAFT if n == coming - 1 and coming > 2 else "published"
                self.coming_sessions.append(pk)
            else:
                day = self.today - dt.timedelta(days=self.rng.randint(1, HISTORY_DAYS - 60))
                status = Session.Status.HELD
                self.past_sessions.append(pk)
            published = (
                None
                if status == Session.Status.DRAFT
                else dt.datetime.combine(day - dt.timedelta(days=14), dt.time(9), dt.UTC)
            )
            created = dt.datetime.combine(day - dt.timedelta(days=30), dt.time(9), dt.UTC)
            rows.add(
                (
                    pk,
                    day,
                    dt.time(9, 0),
                    f"Salle du conseil, {self.rng.choice(CITIES['33'])[1]}",
                    "",
                    self.rng.choice(self.managers),
                    status,
                    published,
                    min(created, self.now),
                )
            )
            self.session_date[pk] = day
            members = self.rng.sample(self.members, min(SEATS_PER_SESSION, len(self.members)))
            self.session_seats[pk] = members
            for index, member in enumerate(members):
                # Attendance recorded, someone present: the held sessions' decisions were
                # taken there (the task force's rule).
                attended = (
                    (index == 0 or self.rng.random() < 0.85)
                    if status == Session.Status.HELD
                    else None
                )
                seats.add((self._id(SessionMember), pk, member, attended))
        draft = self.coming_sessions[-1] if coming > 2 else None
        self.published_coming = [pk for pk in self.coming_sessions if pk != draft]
        self.session_items: dict[int, list[int]] = defaultdict(list)
        self._done("sessions", rows, started)
        self._done("session_members", seats, time.perf_counter())

    def taskforce(self) -> None:
        """Conflicts, reviews and scores: the coming sessions' dossiers first (reviews in
        progress), then past ones, until the number of reviews is reached."""
        started = time.perf_counter()
        rng = self.rng
        conflicts = self._writer(
            ConflictDeclaration,
            ["project", "agenda_item", "member", "kind", "comment", "declared_by", "created_at"],
        )
        reviews = self._writer(
            Review,
            [
                "agenda_item",
                "member",
                "recommendation",
                "comments_for_taskforce",
                "comments_for_company",
                "status",
                "submitted_at",
                "updated_at",
            ],
        )
        scores = self._writer(ReviewScore, ["review", "criterion", "score"])
        coming = set(self.coming_sessions)
        items = [i for i in self.agenda_items if i[1] in coming]
        past = [i for i in self.agenda_items if i[1] not in coming]
        rng.shuffle(past)
        budget = self.volumes["reviews"]
        conflicted_pairs = set()
        for item, session, project in items + past:
            seats = self.session_seats[session]
            day = self.session_date[session]
            conflicted = None
            if rng.random() < 0.08:
                conflicted = rng.choice(seats)
                if (project, conflicted) not in conflicted_pairs:
                    conflicted_pairs.add((project, conflicted))
                    conflicts.add(
                        (
                            self._id(ConflictDeclaration),
                            project,
                            item,
                            conflicted,
                            rng.choice(CONFLICT_KINDS),
                            "",
                            conflicted,
                            dt.datetime.combine(day - dt.timedelta(days=10), dt.time(9), dt.UTC),
                        )
                    )
            if budget <= 0:
                continue
            reviewers = [m for m in seats if m != conflicted]
            for member in rng.sample(reviewers, min(len(reviewers), rng.randint(2, 6), budget)):
                submitted = session not in coming or rng.random() < 0.5
                moment = min(
                    self.now,
                    dt.datetime.combine(
                        day - dt.timedelta(days=rng.randint(1, 10)), dt.time(15), dt.UTC
                    ),
                )
                review = self._id(Review)
                reviews.add(
                    (
                        review,
                        item,
                        member,
                        rng.choice(Recommendation.values) if submitted else "",
                        "Dossier solide, plan de financement à consolider.",
                        "",
                        "submitted" if submitted else "draft",
                        moment if submitted else None,
                        moment,
                    )
                )
                if submitted:
                    for criterion in self.criteria:
                        scores.add(
                            (
                                self._id(ReviewScore),
                                review,
                                criterion,
                                rng.choices([1, 2, 3, 4, 5], [1, 2, 4, 5, 3])[0],
                            )
                        )
                budget -= 1
        self._done("conflicts", conflicts, started)
        self._done("reviews", reviews, time.perf_counter())
        self._done("review_scores", scores, time.perf_counter())
        # The review budget runs out before every past dossier has one: a decision taken
        # without any review says why, as the decision form asks (one UPDATE).
        AgendaItem.objects.exclude(outcome="").exclude(
            Exists(
                Review.objects.filter(agenda_item=OuterRef("pk"), status=Review.Status.SUBMITTED)
            )
        ).update(no_review_reason=NO_REVIEW_REASON)

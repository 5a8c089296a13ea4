"""The projects, in one pass that writes each project's rows: axes, stage history, needs,
resources, notes, financing lines, support actions, follow-ups, its agenda item and the emails
sent about it; and the intake drafts.
"""

import datetime as dt
import time
from collections import Counter
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from pmi_aqt.mailing.models import OutboundEmail
from projects.models import (
    FinancingLine,
    FollowUp,
    IntakeDraft,
    Need,
    Project,
    ProjectNote,
    Resource,
    StageChange,
    SupportAction,
)
from projects.models.project import DecisionOutcome, Stage
from taskforce.models import AgendaItem

from ..writer import TableWriter
from .base import GeneratorBase
from .tables import (
    ACTION_KINDS,
    FINANCING_KINDS,
    HISTORY_DAYS,
    LOREM,
    PATH,
    PROJECT_TOPICS,
    STAGE_WEIGHTS,
    SURNAMES,
)

# One dossier on an agenda in this many waits, undecided, at a session held lately.
UNDECIDED_EVERY = 4


class ProjectSteps(GeneratorBase):
    """Writes the projects after the companies and the sessions, then the intake drafts."""

    def projects(self) -> None:  # noqa: C901, PLR0912, PLR0915 - one pass writes a project's rows
        started = time.perf_counter()
        rng = self.rng
        projects = self._writer(
            Project,
            [
                "company",
                "title",
                "description",
                "primary_axis",
                "stage",
                "stage_changed_at",
                "timing",
                "budget",
                "starts_on",
                "ends_on",
                "task_force_request",
                "submitted_by",
                "officer",
                "finance_officer",
                "support_started_on",
                "created_at",
                "updated_at",
            ],
        )
        project_axes = TableWriter(Project.axes.through, ["project", "interventionaxis"])
        changes = self._writer(
            StageChange,
            ["project", "from_stage", "to_stage", "changed_by", "changed_at", "comment"],
        )
        needs = self._writer(
            Need, ["project", "axis", "title", "rationale", "priority", "created_at"]
        )
        notes = self._writer(ProjectNote, ["project", "author", "text", "created_at"])
        resources = self._writer(
            Resource,
            [
                "project",
                "scheme",
                "label",
                "status",
                "status_changed_on",
                "next_action_on",
                "notes",
                "added_by",
                "created_at",
            ],
        )
        financing = self._writer(
            FinancingLine,
            [
                "project",
                "scheme",
                "source_label",
                "kind",
                "amount_asked",
                "amount_obtained",
                "status",
                "created_at",
            ],
        )
        actions = self._writer(
            SupportAction,
            [
                "project",
                "kind",
                "title",
                "provider",
                "starts_on",
                "ends_on",
                "days",
                "status",
                "created_at",
            ],
        )
        follow_ups = self._writer(
            FollowUp,
            [
                "project",
                "months",
                "due_on",
                "answered_at",
                "jobs_created",
                "jobs_kept",
                "turnover_effect",
                "product_launched",
                "satisfaction",
                "comment",
            ],
        )
        agenda = self._writer(
            AgendaItem,
            [
                "session",
                "project",
                "position",
                "presenter",
                "starts_at",
                "outcome",
                "conditions",
                "rationale",
                "decided_at",
                "decided_by",
            ],
        )
        emails = self._writer(
            OutboundEmail,
            [
                "key",
                "kind",
                "to",
                "subject",
                "body_text",
                "body_html",
                "status",
                "attempts",
                "last_error",
                "created_at",
                "claimed_at",
                "sent_at",
                "regarding_type",
                "regarding_id",
                "recipient_user",
            ],
        )
        # The emails regard their project (OutboundEmail.regarding).
        project_type = ContentType.objects.get_for_model(Project).pk
        self.agenda_items: list[tuple[int, int, int]] = []  # (item, session, project)
        # (project, company, support start): the collective actions and placements' projects.
        self.supported: list[tuple[int, int, dt.date]] = []
        position = Counter()
        body_html = "<p>" + LOREM + "</p>"
        # Held in the last month: some of their dossiers wait for the decision to be recorded.
        recently_held = [
            pk
            for pk in self.past_sessions
            if self.session_date[pk] >= self.today - dt.timedelta(days=30)
        ]
        for _n in range(self.volumes["projects"]):
            pk = self._id(Project)
            company = rng.choice(self.company_ids)
            contact = self.company_contacts[company][0]
            stage = self._weighted(STAGE_WEIGHTS)
            officer = rng.choice(self.officers)
            # The path taken: up to the stage reached; abandoned projects stop anywhere before
            # the support starts.
            if stage == Stage.ABANDONED:
                reached = rng.randint(0, 5)
                path = [*PATH[: reached + 1], Stage.ABANDONED]
            else:
                path = PATH[: PATH.index(stage) + 1]
            session = None
            outcome = ""
            if Stage.ON_AGENDA in path:
                if stage == Stage.ON_AGENDA and recently_held and pk % UNDECIDED_EVERY == 0:
                    # Examined at a session held lately, its decision still to record (chosen
                    # by id, not drawn: the rest of the data stays the same for a seed).
                    session = recently_held[pk // UNDECIDED_EVERY % len(recently_held)]
                elif stage == Stage.ON_AGENDA:
                    session = rng.choice(self.published_coming)
                else:
                    session = rng.choice(self.past_sessions)
                session_day = self.session_date[session]
                on_agenda_at = dt.datetime.combine(
                    min(session_day, self.today) - dt.timedelta(days=rng.randint(7, 25)),
                    dt.time(10),
                    dt.UTC,
                )
                created = on_agenda_at - dt.timedelta(days=rng.randint(40, 240))
                if Stage.DECIDED in path:
                    if stage in (Stage.IN_SUPPORT, Stage.COMPLETED):
                        outcome = rng.choice(
                            [DecisionOutcome.APPROVED, DecisionOutcome.APPROVED_WITH_CONDITIONS]
                        )
                    elif stage == Stage.ABANDONED:
                        outcome = DecisionOutcome.REJECTED
                    else:
                        outcome = rng.choice(DecisionOutcome.values)
                    if outcome == DecisionOutcome.DEFERRED:
                        # A deferral sends the dossier straight back to preparation.
                        path = [*path, Stage.DIAGNOSIS]
                        stage = Stage.DIAGNOSIS
            else:
                created = self._moment(
                    min(HISTORY_DAYS, 720) if stage != Stage.ABANDONED else HISTORY_DAYS, 1
                )
                on_agenda_at = None
            # When each move happened: evenly between creation and now (or the session).
            moments = [created]
            end = on_agenda_at or self.now
            for index in range(1, len(path)):
                target = path[index]
                if target == Stage.ON_AGENDA:
                    moments.append(on_agenda_at)
                elif target == Stage.DECIDED:
                    moments.append(dt.datetime.combine(session_day, dt.time(12), dt.UTC))
                elif path[index - 1] == Stage.DECIDED and target == Stage.DIAGNOSIS:
                    moments.append(moments[-1] + dt.timedelta(minutes=1))
                elif on_agenda_at and index > path.index(Stage.ON_AGENDA):
                    last = moments[-1]
                    span = max(1, (self.now - last).days)
                    moments.append(last + dt.timedelta(days=rng.randint(1, min(span, 400))))
                else:
                    last = moments[-1]
                    span = max(1, (end - last).total_seconds() / 86400 / (len(path) - index + 1))
                    moments.append(last + dt.timedelta(days=rng.uniform(0.5, span)))
            moments = [min(moment, self.now) for moment in moments]
            support_started = None
            if Stage.IN_SUPPORT in path:
                support_started = timezone.localdate(moments[path.index(Stage.IN_SUPPORT)])
            axes = rng.sample(self.axes, rng.randint(1, 3))
            budget = Decimal(rng.randrange(20_000, 2_000_000, 1_000))
            starts_on = timezone.localdate(created) + dt.timedelta(days=rng.randint(30, 200))
            finance_officer = (
                rng.choice(self.finance_officers) if Stage.DOSSIER_READY in path else None
            )
            projects.add(
                (
                    pk,
                    company,
                    f"{rng.choice(PROJECT_TOPICS)}",
                    LOREM,
                    axes[0],
                    stage,
                    moments[-1],
                    rng.choice(["now", "6m", "12m", "later"]),
                    budget,
                    starts_on,
                    starts_on + dt.timedelta(days=rng.randint(90, 900)),
                    "Cofinancement et mise en relation avec un laboratoire." if session else "",
                    contact,
                    officer,
                    finance_officer,
                    support_started,
                    created,
                    moments[-1],
                )
            )
            for axis in axes:
                project_axes.add((pk, axis))
            for index in range(1, len(path)):
                changes.add(
                    (
                        self._id(StageChange),
                        pk,
                        path[index - 1],
                        path[index],
                        officer,
                        moments[index],
                        "",
                    )
                )
            if Stage.DIAGNOSIS in path:
                when = moments[path.index(Stage.DIAGNOSIS)]
                for axis in axes[: rng.randint(1, len(axes))]:
                    needs.add(
                        (
                            self._id(Need),
                            pk,
                            axis,
                            "Structurer la démarche",
                            LOREM[:150],
                            rng.choice(["high", "medium", "low"]),
                            when,
                        )
                    )
                for scheme in rng.sample(self.schemes, rng.randint(0, 2)):
                    resources.add(
                        (
                            self._id(Resource),
                            pk,
                            scheme,
                            "",
                            rng.choice(["suggested", "contacted", "engaged", "obtained"]),
                            timezone.localdate(when),
                            None,
                            "",
                            officer,
                            when,
                        )
                    )
                if rng.random() < 0.3:
                    notes.add((self._id(ProjectNote), pk, officer, LOREM[:200], when))
            if Stage.DOSSIER_READY in path:
                when = moments[path.index(Stage.DOSSIER_READY)]
                approved = outcome in (
                    DecisionOutcome.APPROVED,
                    DecisionOutcome.APPROVED_WITH_CONDITIONS,
                )
                for _line in range(rng.randint(1, 4)):
                    asked = Decimal(rng.randrange(5_000, 500_000, 500))
                    scheme = rng.choice(self.schemes) if rng.random() < 0.6 else None
                    status = (
                        rng.choice(["granted", "granted", "refused"])
                        if approved
                        else (rng.choice(["planned", "requested"]))
                    )
                    financing.add(
                        (
                            self._id(FinancingLine),
                            pk,
                            scheme,
                            "" if scheme else "Banque partenaire",
                            rng.choice(FINANCING_KINDS),
                            asked,
                            asked if status == "granted" else None,
                            status,
                            when,
                        )
                    )
            if session:
                item = self._id(AgendaItem)
                position[session] += 1
                decided_at = moments[path.index(Stage.DECIDED)] if outcome else None
                agenda.add(
                    (
                        item,
                        session,
                        pk,
                        position[session],
                        officer,
                        None,
                        outcome,
                        {
                            DecisionOutcome.APPROVED_WITH_CONDITIONS: (
                                "Sous réserve du plan de financement."
                            ),
                            DecisionOutcome.DEFERRED: "Joindre les devis détaillés.",
                        }.get(outcome, ""),
                        "Projet structurant pour l'entreprise." if outcome else "",
                        decided_at,
                        rng.choice(self.managers) if outcome else None,
                    )
                )
                self.agenda_items.append((item, session, pk))
                if outcome:
                    emails.add(
                        (
                            self._id(OutboundEmail),
                            f"decision:{pk}",
                            "decision",
                            f"contact1.{company}@entreprise.example",
                            "Décision de la task force",
                            LOREM,
                            body_html,
                            "sent",
                            1,
                            "",
                            decided_at,
                            decided_at,
                            decided_at,
                            project_type,
                            pk,
                            None,
                        )
                    )
            if support_started:
                self.supported.append((pk, company, support_started))
                for _action in range(rng.randint(1, 4)):
                    begins = support_started + dt.timedelta(days=rng.randint(0, 120))
                    ends = begins + dt.timedelta(days=rng.randint(20, 300))
                    if stage == Stage.COMPLETED:
                        status = rng.choice(["done", "done", "done", "cancelled"])
                    else:
                        status = "in_progress" if begins <= self.today else "planned"
                    actions.add(
                        (
                            self._id(SupportAction),
                            pk,
                            rng.choice(ACTION_KINDS),
                            "Accompagnement individuel",
                            rng.choice(self.organisations),
                            begins,
                            ends,
                            Decimal(rng.randint(2, 40)),
                            status,
                            moments[path.index(Stage.IN_SUPPORT)],
                        )
                    )
                for months in FollowUp.MONTHS:
                    due = support_started + dt.timedelta(days=round(months * 30.4))
                    answered = due < self.today - dt.timedelta(days=20) and rng.random() < 0.7
                    answered_at = (
                        dt.datetime.combine(
                            due + dt.timedelta(days=rng.randint(1, 20)), dt.time(11), dt.UTC
                        )
                        if answered
                        else None
                    )
                    follow_ups.add(
                        (
                            self._id(FollowUp),
                            pk,
                            months,
                            due,
                            answered_at,
                            rng.randint(0, 5) if answered else None,
                            rng.randint(0, 50) if answered else None,
                            rng.choice(["none", "small", "medium", "large"]) if answered else "",
                            rng.random() < 0.5 if answered else None,
                            rng.randint(3, 5) if answered else None,
                            "",
                        )
                    )
            emails.add(
                (
                    self._id(OutboundEmail),
                    f"intake-confirmation:{pk}",
                    "intake_confirmation",
                    f"contact1.{company}@entreprise.example",
                    "Votre demande a bien été reçue",
                    LOREM,
                    body_html,
                    "sent",
                    1,
                    "",
                    created,
                    created,
                    created,
                    project_type,
                    pk,
                    None,
                )
            )
        for name, writer in [
            ("projects", projects),
            ("project_axes", project_axes),
            ("stage_changes", changes),
            ("needs", needs),
            ("notes", notes),
            ("resources", resources),
            ("financing_lines", financing),
            ("support_actions", actions),
            ("follow_ups", follow_ups),
            ("agenda_items", agenda),
            ("emails", emails),
        ]:
            self._done(name, writer, started)
            started = time.perf_counter()

    def intake_drafts(self) -> None:
        started = time.perf_counter()
        rows = self._writer(
            IntakeDraft,
            [
                "token",
                "email",
                "data",
                "created_at",
                "updated_at",
                "reminded_at",
                "completed_at",
                "project",
            ],
        )
        for n in range(max(5, round(5_000 * self.scale))):
            updated = self._moment(40)
            completed = updated if self.rng.random() < 0.3 else None
            rows.add(
                (
                    self._id(IntakeDraft),
                    # As long as a real token (32 characters at least), or its link is refused.
                    f"scale-draft-{n:06d}-{self.rng.getrandbits(64):016x}",
                    f"brouillon{n}@entreprise.example",
                    {"company_name": "Atelier " + self.rng.choice(SURNAMES), "title": "Projet"},
                    updated - dt.timedelta(hours=1),
                    updated,
                    None,
                    completed,
                    None,
                )
            )
        self._done("intake_drafts", rows, started)

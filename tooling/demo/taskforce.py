"""The task force of `manage.py load_demo`: its members, the sessions it held and their decisions,
and the coming session with its reviews in progress.

Called once the projects and the directory exist. Like the rest of the demo it only adds what is
missing, from fixed seeds and the reference day, so that a second run changes nothing:

- each demo member sits for a partner organisation of the directory (one membership per person);
- the task force meets on the days of the plan's calendar (tooling/demo/history.py). The portal
  keeps its last six held sessions: each decided on the projects whose move to "decided" is on
  its day (since in support, completed, waiting to start, turned down and closed, or deferred
  and back in preparation). Its agenda was published when the last of its dossiers went "on a
  task-force agenda", the members reviewed the dossiers in between, attendance was recorded
  (everyone came), and each dossier's decision is the project's own (outcome, moment, who
  recorded it, on the session's day): an approval grants amounts on the grant and loan lines of
  the financing plan, written through the plan's own history; a deferral lists its requests;
- the sessions before those came in with the programme's history and keep only their
  decisions, as the data migration keeps those taken before the portal
  (taskforce/migrations/0004): a session per day, no members, no reviews, the reason said;
- the projects waiting "on a task-force agenda" are on the coming session, a week or two after
  the reference day, agenda published: one member has submitted their review of a dossier,
  another keeps a draft, the third has not started, and a member is in conflict of interest.
  One of these dossiers was deferred at the latest session and comes back; another is decided
  by written consultation, closing in a few days, with one member still to answer;
- sessions are found again by (date, start time) — the imported ones by date —, seats by
  (session, member), agenda items by (session, project), conflicts by (project, member) and
  reviews by (dossier, member). A row that exists is never changed, so what people do during a
  demo stays.

Reviews, conflicts and the attendance of a held session go through the task-force services,
which check them and send nothing; the amounts granted are recorded as the financing plan's
history records them (projects.services.financing.line_change). Sessions, agendas, decisions
and the consultation are written directly: the projects' moves onto the agenda, to "decided"
and back to preparation already exist, and publishing, deciding or consulting through the
services would move the projects again and email the members and the companies. No email is
sent or recorded.
"""

import copy
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from pmi_aqt.accounts.models import Role, User
from projects.models import FinancingChange, FinancingLine, PartnerOrganisation, Resource
from projects.models.project import APPROVED_OUTCOMES
from projects.services.financing import line_change
from taskforce import services
from taskforce.models import (
    AgendaItem,
    ConflictDeclaration,
    Recommendation,
    Review,
    ReviewCriterion,
    Session,
    SessionMember,
    TaskforceMembership,
)
from tooling.demo import account_data
from tooling.demo import directory_data as directory
from tooling.demo.context import Counts, DemoContext, Item
from tooling.demo.pipeline import between
from tooling.demo.plan import aware, euros

# Which partner organisation each demo member sits for.
MEMBER_ORGANISATIONS = {
    "helene.marchand@adi-na.demo": directory.ADI,
    "olivier.garnier@bpifrance.demo": directory.BPI,
    "sophie.laborde@i2m-bordeaux.demo": directory.I2M,
}

PAST_STARTS_AT = dt.time(8, 30)
COMING_STARTS_AT = dt.time(9, 0)
SLOT_MINUTES = 30
VIDEO_LINK = "https://visio.pmi-aqt.example/task-force-{date:%Y-%m-%d}"
# Where the sessions meet, in turn: (place, whether members may also join by video).
PLACES = [
    ("UIMM Aquitaine, salle du conseil — Mérignac", True),
    ("ADI Nouvelle-Aquitaine — Bordeaux", False),
    ("", True),  # by video only
    ("Technopole Bordeaux Technowest — Mérignac", False),
]

# The sessions before those the portal keeps: only their decisions, as the data migration
# (taskforce/migrations/0004) keeps the decisions taken before the portal, at the same place.
IMPORTED_PLACE = "Décision antérieure au portail (reprise des données)"
IMPORTED_RATIONALE = "Décision reprise de l'historique du programme, antérieure au portail."
IMPORTED_NO_REVIEW = "Avis rendus avant le portail : ils n'ont pas été repris."
# The written consultation of the coming session closes this many days after the reference day.
CONSULTATION_DAYS_LEFT = 4
# The lines of a financing plan an approval grants amounts on.
GRANTED_KINDS = [FinancingLine.Kind.GRANT, FinancingLine.Kind.LOAN]

RECOMMENDATION_OF_OUTCOME = {
    "approved": Recommendation.APPROVE,
    "approved_conditions": Recommendation.APPROVE_CONDITIONS,
    "deferred": Recommendation.DEFER,
    "rejected": Recommendation.REJECT,
}
# What the other reviewers of a dossier recommended, around what was decided.
OTHER_RECOMMENDATIONS = {
    Recommendation.APPROVE: [Recommendation.APPROVE] * 3 + [Recommendation.APPROVE_CONDITIONS],
    Recommendation.APPROVE_CONDITIONS: [Recommendation.APPROVE_CONDITIONS] * 3
    + [Recommendation.APPROVE, Recommendation.DEFER],
    Recommendation.DEFER: [Recommendation.DEFER] * 3 + [Recommendation.APPROVE_CONDITIONS],
    Recommendation.REJECT: [Recommendation.REJECT] * 2 + [Recommendation.DEFER],
}
# The scores that go with a recommendation (lowest, highest), before a reviewer's own nuance.
SCORES = {
    Recommendation.APPROVE: (4, 5),
    Recommendation.APPROVE_CONDITIONS: (3, 4),
    Recommendation.DEFER: (2, 3),
    Recommendation.REJECT: (1, 2),
}
COMING_RECOMMENDATIONS = [
    Recommendation.APPROVE,
    Recommendation.APPROVE_CONDITIONS,
    Recommendation.APPROVE_CONDITIONS,
    Recommendation.DEFER,
]

COMMENTS_FOR_TASKFORCE = {
    Recommendation.APPROVE: [
        "Projet solide et bien préparé : le diagnostic est clair, le budget réaliste et la "
        "direction de {company} est pleinement impliquée.",
        "Vraie innovation pour une PMI de cette taille ; les retombées sur l'emploi et la "
        "compétitivité sont crédibles.",
        "Dossier complet. Le plan de financement est sécurisé pour l'essentiel, l'entreprise "
        "apporte une part d'autofinancement significative.",
    ],
    Recommendation.APPROVE_CONDITIONS: [
        "Projet pertinent, mais le plan de financement reste fragile : attendre la confirmation "
        "de l'aide régionale avant d'engager les actions.",
        "Bonne adéquation aux axes du programme. Le calendrier paraît optimiste : prévoir un "
        "point d'étape à six mois.",
        "L'entreprise doit désigner un chef de projet interne ; sans lui, le projet repose "
        "entièrement sur le dirigeant.",
    ],
    Recommendation.DEFER: [
        "Le besoin est réel mais le dossier manque de maturité : le chiffrage est à reprendre "
        "avec des devis.",
        "Le marché visé n'est pas encore validé. Je propose de revoir le dossier après l'étude "
        "de marché.",
    ],
    Recommendation.REJECT: [
        "Il s'agit d'un investissement de renouvellement plus que d'un projet d'innovation : "
        "hors du champ du programme.",
    ],
}
COMMENTS_FOR_COMPANY = {
    Recommendation.APPROVE: [
        "Un projet ambitieux et bien construit : bravo à l'équipe.",
        "Pensez à associer vos opérateurs dès le début du projet.",
    ],
    Recommendation.APPROVE_CONDITIONS: [
        "Sécurisez les cofinancements avant de lancer les achats.",
        "Un chef de projet dédié, même à temps partiel, facilitera beaucoup la suite.",
    ],
    Recommendation.DEFER: [
        "Des devis détaillés et une première validation auprès de clients renforceraient le "
        "dossier.",
    ],
    Recommendation.REJECT: [
        "Le programme finance l'innovation : un projet plus exploratoire pourrait être soutenu.",
    ],
}
DRAFT_COMMENTS = [
    "Premières notes : à compléter après relecture du plan de financement.",
    "Lecture en cours ; questions à poser au chargé de mission sur le calendrier.",
    "",
]
CONDITIONS = [
    "Confirmation écrite de l'aide régionale avant le démarrage des actions ; point d'étape à "
    "six mois avec le chargé de mission.",
    "Désignation d'un chef de projet interne et transmission des devis signés avant le "
    "lancement des actions.",
]
RATIONALES = {
    "approved": [
        "Projet innovant pour l'entreprise, bien préparé et au financement solide : la task "
        "force accorde l'accompagnement demandé.",
        "Avis favorables unanimes : fort impact attendu sur la compétitivité de l'entreprise et "
        "bonne adéquation aux axes du programme.",
    ],
    "approved_conditions": [
        "Projet pertinent et bien aligné sur les axes du programme ; le financement doit encore "
        "être sécurisé avant le démarrage.",
        "La task force soutient le projet sous réserve d'une organisation interne renforcée.",
    ],
    "deferred": [
        "Le besoin est réel mais le dossier n'est pas mûr : chiffrage et marché cible à préciser. "
        "Le dossier pourra être présenté à une prochaine séance.",
    ],
    "rejected": [
        "Le projet relève de l'investissement courant plus que de l'innovation : il ne "
        "correspond pas aux axes du programme.",
    ],
}
CONFLICT_COMMENTS = {
    ConflictDeclaration.Kind.FINANCES_PROJECT: "{organisation} instruit une demande de "
    "financement de l'entreprise pour ce projet.",
    ConflictDeclaration.Kind.COLLABORATION: "{organisation} travaille déjà avec l'entreprise "
    "sur ce projet.",
    ConflictDeclaration.Kind.OTHER: "Lien familial avec un associé de l'entreprise.",
}


def office_hours(rng, start: dt.datetime, end: dt.datetime, low: float, high: float):
    """A moment on a weekday between `start` and `end`, in office hours when there is room,
    `low` to `high` of the way through."""
    first = timezone.localtime(start).date() + dt.timedelta(days=1)
    last = timezone.localtime(end).date() - dt.timedelta(days=1)
    days = [
        first + dt.timedelta(days=offset)
        for offset in range((last - first).days + 1)
        if (first + dt.timedelta(days=offset)).weekday() < 5
    ]
    if not days:
        return between(rng, start, end, low, high)
    day = days[min(int(len(days) * rng.uniform(low, high)), len(days) - 1)]
    return aware(day, rng.randint(8, 18), rng.choice([0, 10, 15, 20, 30, 40, 45, 50]))


def _moved_at(item: Item, stage: str, until: dt.datetime | None = None) -> dt.datetime:
    """When the project last moved to `stage` (by `until`): a deferred dossier goes onto an
    agenda twice."""
    return max(
        move.changed_at
        for move in item.plan.moves
        if move.to_stage == stage and (until is None or move.changed_at <= until)
    )


def _listed_for_decision(item: Item) -> dt.datetime:
    """When the project went onto the agenda of the session that decided it."""
    return _moved_at(item, "on_agenda", until=_moved_at(item, "decided"))


def _listed_last(item: Item) -> dt.datetime:
    return _moved_at(item, "on_agenda")


@dataclass
class ConflictPlan:
    item: Item
    member: User
    kind: str
    comment: str
    declared_by: User


@dataclass
class SessionPlan:
    date: dt.date
    starts_at: dt.time
    status: str
    published_at: dt.datetime
    place: str
    video_link: str
    dossiers: list[Item]
    conflicts: list[ConflictPlan] = field(default_factory=list)
    # Before the portal: its decisions only (no members, no reviews).
    imported: bool = False
    # The dossier decided by written consultation (the coming session's).
    consultation: Item | None = None

    @property
    def start(self) -> dt.datetime:
        return aware(self.date, self.starts_at.hour, self.starts_at.minute)

    @property
    def held(self) -> bool:
        return self.status == Session.Status.HELD


class TaskforceLoader:
    def __init__(self, context: DemoContext):
        self.users: dict[str, User] = context.users
        self.organisations: dict[str, PartnerOrganisation] = context.organisations
        self.calendar = context.plan.calendar
        self.now = context.now
        self.manager = self.users[account_data.MANAGER_EMAIL]
        self.members = [
            self.users[spec.email]
            for spec in account_data.USERS
            if spec.role == Role.TASKFORCE_MEMBER
        ]
        self.items = context.items
        self.today = context.today
        self.counts: Counts = {}

    def load(self) -> Counts:
        self.load_memberships()
        sessions = self.plan_past_sessions(self.items) + self.plan_coming_session(self.items)
        self.plan_conflicts(sessions)
        stored = self.load_sessions(sessions)
        agenda = self.load_agendas(sessions, stored)
        self.load_conflicts(sessions, stored, agenda)
        self.load_reviews(sessions, stored, agenda)
        return self.counts

    # --- Members

    def load_memberships(self) -> None:
        known = set(
            TaskforceMembership.objects.filter(user__in=self.members).values_list(
                "user_id", flat=True
            )
        )
        new = [
            TaskforceMembership(
                user=member, organisation=self.organisations[MEMBER_ORGANISATIONS[member.email]]
            )
            for member in self.members
            if member.pk not in known
        ]
        TaskforceMembership.objects.bulk_create(new)
        self.counts["taskforce_members"] = (len(self.members), len(new))

    # --- The plan of the sessions

    def plan_past_sessions(self, items: list[Item]) -> list[SessionPlan]:
        """The held sessions, oldest first, each with the dossiers it decided on (in the order
        they went on its agenda): those of the history, then those the portal keeps."""
        by_day: dict[dt.date, list[Item]] = {}
        for item in items:
            if "decided" in item.visited:
                by_day.setdefault(_moved_at(item, "decided").date(), []).append(item)

        def decided_on(day: dt.date) -> list[Item]:
            return sorted(by_day[day], key=_listed_for_decision)

        imported = [
            self.session_plan(
                index,
                day,
                PAST_STARTS_AT,
                Session.Status.HELD,
                decided_on(day),
                _listed_for_decision,
                imported=True,
            )
            for index, day in enumerate(self.calendar.history)
            if by_day.get(day)
        ]
        return imported + [
            self.session_plan(
                index,
                day,
                PAST_STARTS_AT,
                Session.Status.HELD,
                decided_on(day),
                _listed_for_decision,
            )
            for index, day in enumerate(self.calendar.recorded)
            if by_day.get(day)
        ]

    def plan_coming_session(self, items: list[Item]) -> list[SessionPlan]:
        waiting = sorted(
            (item for item in items if item.plan.stage == "on_agenda"), key=_listed_last
        )
        if not waiting:
            return []
        day = self.calendar.coming
        plan = self.session_plan(
            0, day, COMING_STARTS_AT, Session.Status.PUBLISHED, waiting, _listed_last
        )
        # The last dossier of the agenda presented for the first time is decided in writing.
        first_time = [item for item in waiting if not item.plan.decision_outcome]
        plan.consultation = (first_time or waiting)[-1]
        return [plan]

    def session_plan(
        self,
        index: int,
        day: dt.date,
        starts_at: dt.time,
        status: str,
        dossiers: list[Item],
        listed_at: Callable[[Item], dt.datetime],
        imported: bool = False,
    ) -> SessionPlan:
        place, by_video = PLACES[index % len(PLACES)]
        if imported:
            place, by_video = IMPORTED_PLACE, False
        return SessionPlan(
            date=day,
            starts_at=starts_at,
            status=status,
            # Published when the last of its dossiers went on the agenda.
            published_at=max(listed_at(item) for item in dossiers),
            place=place,
            video_link=VIDEO_LINK.format(date=day) if by_video else "",
            dossiers=dossiers,
            imported=imported,
        )

    def plan_conflicts(self, sessions: list[SessionPlan]) -> None:
        """One conflict at a past session (the latest that has a fitting one), declared by the
        member, and one at the coming session, noted for another member by the presenting
        officer: a member whose organisation finances the project, or works with the company on
        it, when there is one."""
        past = [session for session in sessions if session.held and not session.imported]
        coming = [session for session in sessions if not session.held]
        # A conflict holds for every session its project goes to: none on a dossier that came
        # twice (deferred, presented again), so that each session has its one conflict.
        seen: set[int] = set()
        twice: set[int] = set()
        for session in past + coming:
            for item in session.dossiers:
                (twice if item.project.pk in seen else seen).add(item.project.pk)
        taken: set[int] = set()
        for group, by_officer in [(past[::-1], False), (coming, True)]:
            if not group:
                continue
            found = self.find_conflict(group, exclude=taken, twice=twice)
            session, item, member, kind = found
            organisation = self.organisations[MEMBER_ORGANISATIONS[member.email]]
            session.conflicts.append(
                ConflictPlan(
                    item=item,
                    member=member,
                    kind=kind,
                    comment=CONFLICT_COMMENTS[kind].format(organisation=organisation.name),
                    declared_by=(item.project.officer or self.manager) if by_officer else member,
                )
            )
            taken.add(member.pk)

    def find_conflict(self, sessions: list[SessionPlan], exclude: set[int], twice: set[int]):
        projects = [item.project for session in sessions for item in session.dossiers]
        funders: dict[int, set[str]] = {}
        for project_id, name in (
            FinancingLine.objects.filter(project__in=projects, scheme__isnull=False)
            .order_by("id")
            .values_list("project_id", "scheme__organisation__name")
        ):
            funders.setdefault(project_id, set()).add(name)
        partners: dict[int, set[str]] = {}
        for project_id, name in (
            Resource.objects.filter(project__in=projects, scheme__isnull=False)
            .order_by("id")
            .values_list("project_id", "scheme__organisation__name")
        ):
            partners.setdefault(project_id, set()).add(name)
        members = [m for m in self.members if m.pk not in exclude] or self.members
        for kind, links in [
            (ConflictDeclaration.Kind.FINANCES_PROJECT, funders),
            (ConflictDeclaration.Kind.COLLABORATION, partners),
        ]:
            for session in sessions:
                for item in session.dossiers:
                    if item.project.pk in twice:
                        continue
                    for member in members:
                        if MEMBER_ORGANISATIONS[member.email] in links.get(item.project.pk, set()):
                            return session, item, member, kind
        session = sessions[0]
        once = [item for item in session.dossiers if item.project.pk not in twice]
        return session, (once or session.dossiers)[-1], members[-1], ConflictDeclaration.Kind.OTHER

    # --- Writing

    @staticmethod
    def session_key(day: dt.date, starts_at: dt.time, imported: bool) -> tuple:
        # An imported session is the one of its day, whatever its time (the data migration
        # dates its own from the first decision of the day).
        return (day, None) if imported else (day, starts_at)

    def load_sessions(self, sessions: list[SessionPlan]) -> dict[int, Session]:
        """The stored session of each plan (by its index), created when missing."""
        existing = {
            self.session_key(session.date, session.starts_at, session.place == IMPORTED_PLACE): (
                session
            )
            for session in Session.objects.filter(date__in=[plan.date for plan in sessions])
        }
        stored, new = {}, set()
        for index, plan in enumerate(sessions):
            session = existing.get(self.session_key(plan.date, plan.starts_at, plan.imported))
            if session is None:
                # Published first; a past session is then marked held with its attendance. An
                # imported one is held already, without members or a chair.
                session = Session.objects.create(
                    date=plan.date,
                    starts_at=plan.starts_at,
                    place=plan.place,
                    video_link=plan.video_link,
                    chair=None if plan.imported else self.manager,
                    status=Session.Status.HELD if plan.imported else Session.Status.PUBLISHED,
                    published_at=plan.published_at,
                )
                # auto_now_add ignores the value given at creation: backdate afterwards.
                Session.objects.filter(pk=session.pk).update(
                    created_at=plan.published_at - dt.timedelta(days=12)
                )
                new.add(index)
            stored[index] = session
        seats = set(
            SessionMember.objects.filter(session__in=stored.values()).values_list(
                "session_id", "user_id"
            )
        )
        SessionMember.objects.bulk_create(
            [
                SessionMember(
                    session=stored[index],
                    user=member,
                    # A member added to a session held earlier was there (the demo's members
                    # attend every session).
                    attended=True if plan.held and index not in new else None,
                )
                for index, plan in enumerate(sessions)
                if not plan.imported
                for member in self.members
                if (stored[index].pk, member.pk) not in seats
            ]
        )
        for index in sorted(new):
            if sessions[index].held and not sessions[index].imported:
                services.session_attendance_record(
                    session=stored[index],
                    present=list(stored[index].session_members.all()),
                    by=self.manager,
                )
        created = len(new)
        self.counts["sessions"] = (len(sessions), created)
        return stored

    def load_agendas(self, sessions, stored) -> dict[tuple[int, int], AgendaItem]:
        """Each dossier on its session's agenda, with its decision once the session was held;
        the amounts an approval granted on the financing plan, through its history."""
        existing = {
            (item.session_id, item.project_id): item
            for item in AgendaItem.objects.filter(session__in=stored.values())
        }
        lines: dict[int, list[FinancingLine]] = {}
        for line in (
            FinancingLine.objects.filter(
                project__in=[d.project for plan in sessions for d in plan.dossiers],
                kind__in=GRANTED_KINDS,
            )
            .select_related("scheme")
            .order_by("id")
        ):
            lines.setdefault(line.project_id, []).append(line)
        new, granted = [], []
        for index, plan in enumerate(sessions):
            session = stored[index]
            for position, dossier in enumerate(plan.dossiers, start=1):
                if (session.pk, dossier.project.pk) in existing:
                    continue
                slot = plan.start + dt.timedelta(minutes=SLOT_MINUTES * (position - 1))
                item = AgendaItem(
                    session=session,
                    project=dossier.project,
                    position=position,
                    presenter=dossier.project.officer,
                    starts_at=slot.time(),
                )
                if plan.imported:
                    self.decide_before_the_portal(dossier, item)
                elif plan.held:
                    self.decide(dossier, item)
                    if item.outcome in APPROVED_OUTCOMES:
                        granted += self.grant_amounts(
                            dossier, item, lines.get(dossier.project.pk, [])
                        )
                elif dossier is plan.consultation:
                    self.open_consultation(plan, dossier, item)
                new.append(item)
                existing[(session.pk, dossier.project.pk)] = item
        AgendaItem.objects.bulk_create(new)
        # Recorded as the financing plan's own write records them (its timeline), in bulk: a
        # save would tell the dashboard at each line (the loader does once, at the end).
        FinancingLine.objects.bulk_update([line for line, _change in granted], ["amount_granted"])
        FinancingChange.objects.bulk_create([change for _line, change in granted])
        return existing

    def decide(self, dossier: Item, item: AgendaItem) -> None:
        """The decision as the pipeline recorded it: what, when and by whom."""
        rng = dossier.rng("taskforce-decision")
        outcome = dossier.plan.decision_outcome
        item.outcome = outcome
        if outcome == "approved_conditions":
            item.conditions = rng.choice(CONDITIONS)
        elif outcome == "deferred":
            item.conditions = dossier.plan.deferral_requests
        item.rationale = rng.choice(RATIONALES[outcome])
        item.decided_at = _moved_at(dossier, "decided")
        item.decided_by = self.manager

    def decide_before_the_portal(self, dossier: Item, item: AgendaItem) -> None:
        """Only the outcome, its day and who recorded the move, as the import keeps it."""
        item.outcome = dossier.plan.decision_outcome
        item.rationale = IMPORTED_RATIONALE
        item.no_review_reason = IMPORTED_NO_REVIEW
        item.decided_at = _moved_at(dossier, "decided")
        item.decided_by = self.manager

    def grant_amounts(self, dossier: Item, item: AgendaItem, lines: list[FinancingLine]):
        """An approval grants most of what its grant and loan lines ask (never less than what
        was obtained since), and their total; the lines it sets, each with the record of its
        change at the decision's moment. A line granted already (a task force reloaded) keeps
        its amount."""
        rng = dossier.rng("taskforce-amounts")
        total, changed = Decimal("0"), []
        for line in lines:
            amount = euros(float(line.amount_asked) * rng.uniform(0.8, 1.0))
            if line.amount_obtained is not None:
                amount = max(amount, line.amount_obtained)
            if line.amount_granted is None:
                before = copy.copy(line)
                line.amount_granted = amount
                change = line_change(before, line, by=self.manager)
                change.changed_at = item.decided_at
                changed.append((line, change))
            total += line.amount_granted
        item.amount_granted = total if lines else None
        return changed

    def open_consultation(self, plan: SessionPlan, dossier: Item, item: AgendaItem) -> None:
        """Decided in writing rather than at the session: opened by the chair once the agenda
        was out, closing a few days after the reference day."""
        rng = dossier.rng("taskforce-consultation")
        item.consultation_closes_on = self.today + dt.timedelta(days=CONSULTATION_DAYS_LEFT)
        item.consultation_opened_at = office_hours(rng, plan.published_at, self.now, 0.4, 0.7)
        item.consultation_opened_by = self.manager

    def load_conflicts(self, sessions, stored, agenda) -> None:
        known = set(
            ConflictDeclaration.objects.filter(
                project__in=[c.item.project for s in sessions for c in s.conflicts]
            ).values_list("project_id", "member_id")
        )
        for index, plan in enumerate(sessions):
            for conflict in plan.conflicts:
                project = conflict.item.project
                if (project.pk, conflict.member.pk) in known:
                    continue
                item = agenda[(stored[index].pk, project.pk)]
                declaration = services.conflict_declare(
                    item=item,
                    member=conflict.member,
                    kind=conflict.kind,
                    comment=conflict.comment,
                    by=conflict.declared_by,
                )
                end = plan.start if plan.held else self.now
                rng = conflict.item.rng("taskforce-conflict")
                ConflictDeclaration.objects.filter(pk=declaration.pk).update(
                    created_at=office_hours(rng, plan.published_at, end, 0.0, 0.1)
                )

    def load_reviews(self, sessions, stored, agenda) -> None:
        self.criteria = list(ReviewCriterion.objects.filter(is_active=True))
        items = [
            agenda[(stored[index].pk, dossier.project.pk)]
            for index, plan in enumerate(sessions)
            if not plan.imported
            for dossier in plan.dossiers
        ]
        existing = set(
            Review.objects.filter(agenda_item__in=items).values_list("agenda_item_id", "member_id")
        )
        conflicted = set(
            ConflictDeclaration.objects.filter(
                project__in=[item.project_id for item in items]
            ).values_list("project_id", "member_id")
        )
        created = 0
        for index, plan in enumerate(sessions):
            if plan.imported:
                continue
            for position, dossier in enumerate(plan.dossiers):
                item = agenda[(stored[index].pk, dossier.project.pk)]
                states = self.review_states(plan, position, dossier)
                reviewers = [m for m in self.members if states[m.pk]]
                for member in reviewers:
                    if (dossier.project.pk, member.pk) in conflicted:
                        continue
                    if (item.pk, member.pk) in existing:
                        continue
                    # The reviewer whose turn it is recommends what the task force decided.
                    leads = member == reviewers[position % len(reviewers)]
                    self.write_review(plan, dossier, item, member, states[member.pk], leads)
                    created += 1
        total = Review.objects.filter(agenda_item__in=items).count()
        self.counts["reviews"] = (total, created)

    def review_states(self, plan: SessionPlan, position: int, dossier: Item) -> dict:
        """Per member: a submitted review, a draft, or none (not started, or in conflict)."""
        conflicted = {c.member.pk for c in plan.conflicts if c.item is dossier}
        if plan.held:
            return {
                m.pk: None if m.pk in conflicted else Review.Status.SUBMITTED for m in self.members
            }
        free = [m for m in self.members if m.pk not in conflicted]
        if dossier is plan.consultation:
            # Every member free to answer the written consultation has, but the last.
            answered = {m.pk for m in free[:-1]}
            return {
                m.pk: Review.Status.SUBMITTED if m.pk in answered else None for m in self.members
            }
        if conflicted:
            order = [Review.Status.SUBMITTED, Review.Status.DRAFT]
        else:
            # In turn: one member has submitted, the next keeps a draft, the third has not
            # started yet, so that each member has something left to do.
            turn = [Review.Status.SUBMITTED, Review.Status.DRAFT, None]
            order = [turn[(i - position) % len(turn)] for i in range(len(free))]
        states: dict[int, str | None] = {m.pk: None for m in self.members}
        for member, state in zip(free, order, strict=False):
            states[member.pk] = state
        return states

    def write_review(self, plan, dossier, item, member, state, leads: bool) -> None:
        # One generator per dossier and member: a review added later draws what it would have.
        rng = dossier.rng(f"taskforce-review:{member.email}")
        submitted = state == Review.Status.SUBMITTED
        if plan.held:
            decided = RECOMMENDATION_OF_OUTCOME[dossier.plan.decision_outcome]
            recommendation = decided if leads else rng.choice(OTHER_RECOMMENDATIONS[decided])
        else:
            recommendation = rng.choice(COMING_RECOMMENDATIONS)
        low, high = SCORES[recommendation]
        # A draft has the first criteria scored, not all of them.
        scored = len(self.criteria) if submitted else rng.randint(1, 3)
        scores = {}
        for position, criterion in enumerate(self.criteria):
            score = rng.randint(low, high)
            if rng.random() < 0.15:
                score += rng.choice([-1, 1])
            scores[criterion.pk] = min(max(score, 1), 5) if position < scored else None
        company = dossier.company.spec.name
        if submitted:
            comment = rng.choice(COMMENTS_FOR_TASKFORCE[recommendation]).format(company=company)
            for_company = (
                rng.choice(COMMENTS_FOR_COMPANY[recommendation]) if rng.random() < 0.6 else ""
            )
        else:
            comment, for_company = rng.choice(DRAFT_COMMENTS), ""
        review = services.review_save(
            item=item,
            member=member,
            scores=scores,
            recommendation=recommendation if submitted else "",
            comments_for_taskforce=comment,
            comments_for_company=for_company,
            submit=submitted,
        )
        # Written between the agenda's publication and the session (or the reference day).
        end = plan.start if plan.held else self.now
        moment = office_hours(rng, plan.published_at, end, 0.15, 0.95)
        Review.objects.filter(pk=review.pk).update(
            submitted_at=moment if submitted else None, updated_at=moment
        )

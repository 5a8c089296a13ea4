"""Who may see or do what in the task force: the one place every page, list and count asks.

In the spirit of HotCRP, each function takes a person and an object (a session or an agenda
item) and returns a `Decision` that is truthy when allowed and otherwise says why. The facts a
decision needs about the person (the sessions they sit in, the dossiers they are conflicted on,
the reviews they have submitted) are read once per person object and kept on it, so a page that
asks about twenty dossiers still runs a fixed number of queries. Services that change those facts
call `forget(user)`.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from pmi_aqt.accounts.models import OFFICER_ROLES, TASKFORCE_WORKSPACE_ROLES, Role
from pmi_aqt.accounts.permissions import ALLOWED, Decision, is_active_person

from .models import (
    AgendaItem,
    ConflictDeclaration,
    Review,
    ReviewScore,
    Session,
    SessionMember,
)

# The programme's team who run the task force (officers and the manager); the finance officer
# does not.
TASKFORCE_STAFF_ROLES = OFFICER_ROLES
REVIEWABLE_STATUSES = frozenset({Session.Status.PUBLISHED, Session.Status.HELD})
# Members read the minutes once the session has been held; staff at any time.
MINUTES_STATUSES = frozenset({Session.Status.HELD, Session.Status.CLOSED})

_CACHE = "_taskforce_facts"


@dataclass(frozen=True)
class _Facts:
    session_ids: frozenset[int]
    conflicted_project_ids: frozenset[int]
    submitted_item_ids: frozenset[int]


def is_taskforce_staff(user) -> bool:
    return is_active_person(user) and bool(user.roles & TASKFORCE_STAFF_ROLES)


def is_member(user) -> bool:
    return is_active_person(user) and Role.TASKFORCE_MEMBER in user.roles


def visible_sessions(user):
    """Staff see every session; a member only the published sessions they sit in."""
    if not is_active_person(user):
        return Session.objects.none()
    if is_taskforce_staff(user):
        return Session.objects.all()
    return Session.objects.filter(session_members__user=user).exclude(status=Session.Status.DRAFT)


def _facts(user) -> _Facts:
    facts = getattr(user, _CACHE, None)
    if facts is None:
        facts = _Facts(
            session_ids=frozenset(
                SessionMember.objects.filter(user=user)
                .exclude(session__status=Session.Status.DRAFT)
                .values_list("session_id", flat=True)
            ),
            conflicted_project_ids=frozenset(
                ConflictDeclaration.objects.filter(member=user).values_list("project_id", flat=True)
            ),
            submitted_item_ids=frozenset(
                Review.objects.filter(member=user, status=Review.Status.SUBMITTED).values_list(
                    "agenda_item_id", flat=True
                )
            ),
        )
        setattr(user, _CACHE, facts)
    return facts


def prime(users) -> None:
    """Read the facts about many people at once (four queries, whatever their number), so a
    scan that asks about each of them (reminders, email recipient lists) stays at a fixed
    number of queries. Their roles are read here too."""
    from django.contrib.auth import get_user_model

    users = [user for user in users if user is not None and user.pk]
    if not users:
        return
    ids = {user.pk for user in users}
    roles, seats, conflicts, submitted = (defaultdict(set) for _i in range(4))
    for user_id, name in (
        get_user_model()
        .groups.through.objects.filter(user_id__in=ids)
        .values_list("user_id", "group__name")
    ):
        roles[user_id].add(name)
    for user_id, session_id in (
        SessionMember.objects.filter(user_id__in=ids)
        .exclude(session__status=Session.Status.DRAFT)
        .values_list("user_id", "session_id")
    ):
        seats[user_id].add(session_id)
    for user_id, project_id in ConflictDeclaration.objects.filter(member_id__in=ids).values_list(
        "member_id", "project_id"
    ):
        conflicts[user_id].add(project_id)
    for user_id, item_id in Review.objects.filter(
        member_id__in=ids, status=Review.Status.SUBMITTED
    ).values_list("member_id", "agenda_item_id"):
        submitted[user_id].add(item_id)
    for user in users:
        # `User.roles` is a cached property: fill its cache as it would fill it itself.
        user.__dict__["roles"] = frozenset(roles[user.pk]) if user.is_active else frozenset()
        setattr(
            user,
            _CACHE,
            _Facts(
                session_ids=frozenset(seats[user.pk]),
                conflicted_project_ids=frozenset(conflicts[user.pk]),
                submitted_item_ids=frozenset(submitted[user.pk]),
            ),
        )


def forget(user) -> None:
    """Drop what was read about this person, after a change to their seats, conflicts, reviews."""
    if user is not None and hasattr(user, _CACHE):
        delattr(user, _CACHE)


def is_conflicted(user, project_id: int) -> bool:
    return is_member(user) and project_id in _facts(user).conflicted_project_ids


def has_submitted_review(user, item: AgendaItem) -> bool:
    return is_member(user) and item.pk in _facts(user).submitted_item_ids


def sits_in(user, session: Session) -> bool:
    """A member called to this session once its agenda is published."""
    return is_member(user) and session.pk in _facts(user).session_ids


# --- Sessions


def can_manage_session(user, session: Session | None = None) -> Decision:
    """Create and edit sessions, build and publish agendas, record conflicts for members."""
    if is_taskforce_staff(user):
        return ALLOWED
    return Decision(False, _("Seuls les chargé·es de mission et la direction gèrent les séances."))


def can_edit_session(user, session: Session) -> Decision:
    """Change its date, place or members: not once it is cancelled."""
    decision = can_manage_session(user, session)
    if decision and session.is_cancelled:
        return Decision(False, _("Cette séance est annulée : elle ne peut plus être modifiée."))
    return decision


def can_cancel_session(user, session: Session) -> Decision:
    """A published session whose dossiers are not decided yet; a draft invited nobody (edit
    it instead), a held session happened."""
    decision = can_edit_session(user, session)
    if not decision:
        return decision
    if session.status != Session.Status.PUBLISHED:
        return Decision(False, _("Seule une séance à l'ordre du jour publié peut être annulée."))
    if (
        session.agenda_items.exclude(outcome="")
        .union(session.agenda_items.filter(consultation_opened_at__isnull=False))
        .exists()
    ):
        return Decision(
            False,
            _(
                "Un dossier de cette séance est déjà décidé ou soumis à consultation écrite : "
                "la séance ne peut plus être annulée."
            ),
        )
    return ALLOWED


def can_view_session(user, session: Session) -> Decision:
    if is_taskforce_staff(user):
        return ALLOWED
    if sits_in(user, session):
        return ALLOWED
    return Decision(False, _("Vous ne siégez pas à cette séance."))


def can_view_session_list(user) -> Decision:
    return can_manage_session(user)


def can_record_attendance(user, session: Session) -> Decision:
    """Tick who is present, on the day of the session or after; the session is then held."""
    if not is_taskforce_staff(user):
        return Decision(
            False, _("Seuls les chargé·es de mission et la direction gèrent les séances.")
        )
    if session.is_draft:
        return Decision(False, _("L'ordre du jour de cette séance n'est pas publié."))
    if session.date > timezone.localdate():
        return Decision(False, _("Les présences se relèvent le jour de la séance."))
    return ALLOWED


def can_view_minutes(user, session: Session) -> Decision:
    """The minutes: staff at any time; the session's members once it has been held.

    What each dossier shows in them is still asked of `can_view_dossier`: a conflicted
    member reads the title and the conflict, nothing of the decision.
    """
    if is_taskforce_staff(user):
        return ALLOWED
    if not sits_in(user, session):
        return Decision(False, _("Vous ne siégez pas à cette séance."))
    if session.status not in MINUTES_STATUSES:
        return Decision(False, _("Le procès-verbal est disponible une fois la séance tenue."))
    return ALLOWED


def can_view_workspace(user) -> Decision:
    """Members, and the manager who oversees them; officers work from the session list."""
    if is_active_person(user) and user.roles & TASKFORCE_WORKSPACE_ROLES:
        return ALLOWED
    return Decision(False, _("Cet espace est réservé aux membres de la task force."))


# --- Dossiers (agenda items)


def can_view_dossier(user, item: AgendaItem) -> Decision:
    """Staff see every dossier; a member those of their sessions, unless conflicted."""
    if is_taskforce_staff(user):
        return ALLOWED
    if not sits_in(user, item.session):
        return Decision(False, _("Vous ne siégez pas à la séance où ce dossier est présenté."))
    if is_conflicted(user, item.project_id):
        return Decision(False, _("Vous avez déclaré un conflit d'intérêts."), title_only=True)
    return ALLOWED


def can_receive_dossier_pack(user, session: Session) -> Decision:
    """The email sent when the agenda is published: to the members called to the session."""
    if not sits_in(user, session):
        return Decision(False, _("Vous ne siégez pas à cette séance."))
    return ALLOWED


def can_receive_decision(user, item: AgendaItem) -> Decision:
    """The decision's outcome, by email, to the session's members not conflicted on it."""
    if not is_member(user):
        return Decision(False, _("Seuls les membres de la séance reçoivent la décision."))
    return can_view_dossier(user, item)


def can_declare_conflict(user, item: AgendaItem) -> Decision:
    """A member for themself on a dossier of their session; staff for any member."""
    if is_taskforce_staff(user):
        return ALLOWED
    if not sits_in(user, item.session):
        return Decision(False, _("Vous ne siégez pas à la séance où ce dossier est présenté."))
    if is_conflicted(user, item.project_id):
        return Decision(False, _("Vous avez déjà déclaré un conflit d'intérêts sur ce dossier."))
    return ALLOWED


def can_review(user, item: AgendaItem) -> Decision:
    if not is_member(user) or not sits_in(user, item.session):
        return Decision(False, _("Seuls les membres de la séance donnent un avis sur ce dossier."))
    if is_conflicted(user, item.project_id):
        return Decision(False, _("Vous avez déclaré un conflit d'intérêts."))
    if item.session.status not in REVIEWABLE_STATUSES or item.is_decided:
        return Decision(False, _("Les avis sur ce dossier sont clos."))
    if item.consultation_is_closed():
        return Decision(False, _("La consultation écrite sur ce dossier est close."))
    return ALLOWED


def can_read_reviews(user, item: AgendaItem) -> Decision:
    """Staff always; a member only after submitting their own review, never when conflicted."""
    if is_taskforce_staff(user):
        return ALLOWED
    dossier = can_view_dossier(user, item)
    if not dossier:
        return dossier
    if not has_submitted_review(user, item):
        return Decision(
            False, _("Vous lirez les avis des autres membres après avoir transmis le vôtre.")
        )
    return ALLOWED


def can_view_aggregate(user, session: Session) -> Decision:
    """The aggregated scores per dossier, with who is conflicted and who has not reviewed."""
    return can_manage_session(user, session)


def _records_decisions(user, session: Session) -> Decision:
    """The chair of the session, or the programme manager."""
    if is_taskforce_staff(user) and (session.chair_id == user.pk or user.is_manager):
        return ALLOWED
    return Decision(
        False,
        _("Seule la présidence de séance ou la direction du programme enregistre la décision."),
    )


def can_decide(user, item: AgendaItem) -> Decision:
    """The chair of the session (or the programme manager) records the decision: at the
    session, on its day or after with attendance recorded, or at the end of a written
    consultation (AgendaItem.decision_timing_problem says which, and why not yet)."""
    person = _records_decisions(user, item.session)
    if not person:
        return person
    if item.session.status not in REVIEWABLE_STATUSES:
        return Decision(False, _("L'ordre du jour de cette séance n'est pas publié."))
    if item.is_decided:
        return Decision(False, _("La décision sur ce dossier est déjà enregistrée."))
    problem = item.decision_timing_problem()
    if problem:
        return Decision(False, problem)
    return ALLOWED


def can_open_consultation(user, item: AgendaItem) -> Decision:
    """Choose, explicitly, to decide a dossier by written consultation rather than in session:
    the chair or the manager, on an undecided dossier of a published or held session."""
    person = _records_decisions(user, item.session)
    if not person:
        return person
    if item.session.status not in REVIEWABLE_STATUSES:
        return Decision(False, _("L'ordre du jour de cette séance n'est pas publié."))
    if item.is_decided:
        return Decision(False, _("La décision sur ce dossier est déjà enregistrée."))
    if item.is_written_consultation:
        return Decision(
            False,
            _("Une consultation écrite est déjà ouverte sur ce dossier, jusqu'au %(date)s.")
            % {"date": item.consultation_closes_on.strftime("%d/%m/%Y")},
        )
    return ALLOWED


def can_delete_review_criterion(user, criterion=None) -> Decision:
    """A criterion no review has scored, one at a time: a scored one keeps its scores (tens of
    thousands at national scale, which the admin's confirmation would list) and is deactivated
    instead."""
    if criterion is None:
        return Decision(False, _("Supprimez les critères un par un, depuis leur fiche."))
    if ReviewScore.objects.filter(criterion=criterion).exists():
        return Decision(
            False,
            _(
                "Un critère déjà noté dans des avis ne se supprime pas : décochez « actif » pour "
                "ne plus le proposer aux membres."
            ),
        )
    return ALLOWED

"""The project pipeline: which moves exist, who may make them and what each needs.

Every stage change goes through `project_move`, which checks the move against this table,
records it (who, when, why) and does what entering the new stage implies. Moves onto and off a
task-force agenda and the decision belong to the task force (`by_taskforce=True`): officers do
not make them from the project page.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Min
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from companies.models import Company, ProspectingStatus
from pmi_aqt.accounts.permissions import ensure

from .models import (
    CollectiveParticipation,
    FollowUp,
    Project,
    Stage,
    StageChange,
    SupportAction,
)
from .models.project import CLOSED_STAGES
from .permissions import can_move_project


def _needs_officer(project: Project) -> str | None:
    if not project.officer_id:
        return _("Désignez le ou la chargé·e de mission du projet.")
    return None


def _needs_primary_axis(project: Project) -> str | None:
    if not project.primary_axis_id:
        return _("Choisissez l'axe principal du projet.")
    return None


def _needs_a_need(project: Project) -> str | None:
    if not project.needs.exists():
        return _("Notez au moins un besoin issu du diagnostic.")
    return None


def _needs_budget(project: Project) -> str | None:
    if project.budget is None:
        return _("Indiquez le budget du projet.")
    return None


def _needs_financing_plan(project: Project) -> str | None:
    if not project.financing_lines.exists():
        return _("Ajoutez au moins une ligne au plan de financement.")
    return None


def _needs_approval(project: Project) -> str | None:
    if not project.is_approved:
        return _("Seul un projet accordé par la task force peut entrer en accompagnement.")
    return None


def _needs_deferral(project: Project) -> str | None:
    if not project.is_deferred:
        return _("Seul un dossier ajourné par la task force retourne en préparation.")
    return None


def _needs_support_plan(project: Project) -> str | None:
    # A collective action the company takes part in is on its plan as much as its own actions.
    if not (project.support_actions.exists() or project.collective_participations.exists()):
        return _("Inscrivez au moins une action d'accompagnement au plan.")
    return None


def _needs_finished_actions(project: Project) -> str | None:
    if project.support_actions.exclude(status__in=SupportAction.FINISHED).exists():
        return _("Toutes les actions d'accompagnement doivent être terminées ou annulées.")
    if project.collective_participations.exclude(
        action__status__in=SupportAction.FINISHED
    ).exists():
        return _("Les actions collectives du projet doivent être terminées ou annulées.")
    return None


@dataclass(frozen=True)
class Move:
    sources: frozenset[str]
    target: str
    label: str
    requirements: tuple = ()
    by_taskforce: bool = False
    comment_required: bool = False


OPEN_STAGES = frozenset(Stage.values) - CLOSED_STAGES

MOVES: tuple[Move, ...] = (
    Move(
        frozenset({Stage.INTAKE}),
        Stage.QUALIFIED,
        gettext_lazy("Qualifier la demande"),
        (_needs_officer,),
    ),
    Move(
        frozenset({Stage.QUALIFIED}),
        Stage.DIAGNOSIS,
        gettext_lazy("Commencer le diagnostic"),
        (_needs_officer,),
    ),
    Move(
        frozenset({Stage.DIAGNOSIS}),
        Stage.DOSSIER_READY,
        gettext_lazy("Déclarer le dossier prêt"),
        (_needs_primary_axis, _needs_a_need, _needs_budget, _needs_financing_plan),
    ),
    Move(
        frozenset({Stage.DOSSIER_READY}), Stage.DIAGNOSIS, gettext_lazy("Reprendre le diagnostic")
    ),
    Move(
        frozenset({Stage.DOSSIER_READY}),
        Stage.ON_AGENDA,
        gettext_lazy("Inscrire à l'ordre du jour d'une task force"),
        (_needs_primary_axis, _needs_a_need, _needs_budget, _needs_financing_plan),
        by_taskforce=True,
    ),
    Move(
        frozenset({Stage.ON_AGENDA}),
        Stage.DOSSIER_READY,
        gettext_lazy("Retirer de l'ordre du jour"),
        by_taskforce=True,
    ),
    Move(
        frozenset({Stage.ON_AGENDA}),
        Stage.DECIDED,
        gettext_lazy("Enregistrer la décision"),
        by_taskforce=True,
    ),
    # A deferred dossier goes back to preparation with the task force's requests, right after
    # the decision is recorded; it comes back through "dossier ready" to a later agenda.
    Move(
        frozenset({Stage.DECIDED}),
        Stage.DIAGNOSIS,
        gettext_lazy("Reprendre la préparation du dossier ajourné"),
        (_needs_deferral,),
        by_taskforce=True,
    ),
    Move(
        frozenset({Stage.DECIDED}),
        Stage.IN_SUPPORT,
        gettext_lazy("Démarrer l'accompagnement"),
        (_needs_approval, _needs_support_plan),
    ),
    Move(
        frozenset({Stage.IN_SUPPORT}),
        Stage.COMPLETED,
        gettext_lazy("Clore : accompagnement terminé"),
        (_needs_finished_actions,),
    ),
    Move(
        OPEN_STAGES,
        Stage.ABANDONED,
        gettext_lazy("Clore : projet abandonné"),
        comment_required=True,
    ),
)


@dataclass
class MoveCheck:
    move: Move | None
    allowed: bool
    reasons: list[str] = field(default_factory=list)


def find_move(source: str, target: str) -> Move | None:
    return next((m for m in MOVES if source in m.sources and m.target == target), None)


def check_move(project: Project, target: str, user, *, by_taskforce: bool = False) -> MoveCheck:
    """Whether `user` may move `project` to `target` now, and if not, why (in French)."""
    move = find_move(project.stage, target)
    if move is None:
        return MoveCheck(
            None,
            False,
            [
                _("Un projet à l'étape « %(source)s » ne peut pas passer à « %(target)s ».")
                % {"source": Stage(project.stage).label, "target": Stage(target).label}
            ],
        )
    reasons = []
    if move.by_taskforce and not by_taskforce:
        reasons.append(_("Ce passage se fait depuis la task force (ordre du jour, décision)."))
    may_move = can_move_project(user, project)
    if not may_move:
        reasons.append(may_move.reason)
    reasons.extend(r for r in (req(project) for req in move.requirements) if r)
    return MoveCheck(move, not reasons, reasons)


def moves_for(project: Project, user) -> list[MoveCheck]:
    """The moves shown on the project page: those from the current stage made in the portal."""
    return [
        check_move(project, move.target, user)
        for move in MOVES
        if project.stage in move.sources and not move.by_taskforce
    ]


def follow_up_due_dates(start: date) -> list[tuple[int, date]]:
    return [(months, start + relativedelta(months=months)) for months in FollowUp.MONTHS]


@transaction.atomic
def project_move(
    *, project: Project, target: str, by, comment: str = "", by_taskforce: bool = False
) -> StageChange:
    """Move a project to another stage, or raise ValidationError / PermissionDenied saying why."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    check = check_move(project, target, by, by_taskforce=by_taskforce)
    if check.move is None:
        raise ValidationError(check.reasons)
    ensure(can_move_project(by, project))
    if check.move.comment_required and not comment.strip():
        check.reasons.append(_("Expliquez pourquoi dans le commentaire."))
    if not check.allowed or check.reasons:
        raise ValidationError(check.reasons)

    now = timezone.now()
    change = StageChange.objects.create(
        project=project,
        from_stage=project.stage,
        to_stage=target,
        changed_by=by,
        changed_at=now,
        comment=comment.strip(),
    )
    project.stage = target
    project.stage_changed_at = now
    update_fields = ["stage", "stage_changed_at", "updated_at"]
    if target == Stage.IN_SUPPORT:
        project.support_started_on = timezone.localdate(now)
        update_fields.append("support_started_on")
        schedule_follow_ups(project)
        Company.objects.filter(pk=project.company_id).reach_prospecting_status(
            ProspectingStatus.SUPPORTED
        )
    project.save(update_fields=update_fields)
    return change


# --- Follow-ups
#
# The follow-ups at 3, 6 and 12 months are dated from the start of the project's earliest
# support action, its own or a collective one it takes part in (cancelled ones left out): that
# is when the company's support really began. When no action has a start date yet, they are
# dated from the move into support.


def earliest_action_starts(project_ids: Iterable[int]) -> dict[int, date]:
    """The earliest start date of each project's support actions, individual or collective,
    cancelled ones left out; projects without a dated action are absent. Two queries."""
    ids = list(project_ids)
    starts: dict[int, date] = {}
    own = (
        SupportAction.objects.filter(project_id__in=ids, starts_on__isnull=False)
        .exclude(status=SupportAction.Status.CANCELLED)
        .order_by()
        .values("project_id")
        .annotate(first=Min("starts_on"))
        .values_list("project_id", "first")
    )
    collective = (
        CollectiveParticipation.objects.filter(project_id__in=ids)
        .exclude(action__status=SupportAction.Status.CANCELLED)
        .order_by()
        .values("project_id")
        .annotate(first=Min("action__starts_on"))
        .values_list("project_id", "first")
    )
    for project_id, first in [*own, *collective]:
        if project_id not in starts or first < starts[project_id]:
            starts[project_id] = first
    return starts


def follow_ups_start(project: Project) -> date:
    """The day the project's follow-ups are counted from."""
    earliest = earliest_action_starts([project.pk]).get(project.pk)
    return earliest or project.support_started_on or timezone.localdate()


def schedule_follow_ups(project: Project) -> None:
    """Follow-ups at 3, 6 and 12 months after support starts; scheduling twice adds none."""
    for months, due_on in follow_up_due_dates(follow_ups_start(project)):
        FollowUp.objects.get_or_create(project=project, months=months, defaults={"due_on": due_on})


def follow_ups_redate(project_ids: Iterable[int]) -> int:
    """Date the follow-ups of these projects again from their earliest action's start, after
    their support plans changed; the number of follow-ups moved.

    Only while none of a project's follow-ups is answered: once the company has answered, its
    answers speak of the dates it was asked about. Three queries and one update at most, however
    many projects (a collective action's date moves every participant's).
    """
    follow_ups = list(
        FollowUp.objects.filter(project_id__in=set(project_ids))
        .annotate(moved_into_support=F("project__support_started_on"))
        .order_by("id")
    )
    answered = {f.project_id for f in follow_ups if f.answered_at is not None}
    follow_ups = [f for f in follow_ups if f.project_id not in answered]
    if not follow_ups:
        return 0
    earliest = earliest_action_starts({follow_up.project_id for follow_up in follow_ups})
    moved = []
    for follow_up in follow_ups:
        start = earliest.get(follow_up.project_id) or follow_up.moved_into_support
        if start is None:
            continue  # Follow-ups written by hand on a project never moved into support.
        due_on = dict(follow_up_due_dates(start)).get(follow_up.months)
        if due_on is not None and due_on != follow_up.due_on:
            follow_up.due_on = due_on
            moved.append(follow_up)
    FollowUp.objects.bulk_update(moved, ["due_on"])
    return len(moved)

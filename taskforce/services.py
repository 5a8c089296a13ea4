"""Writes of the task force that touch several models: agenda, publication, conflicts, reviews,
written consultations and decisions.

Callers check rights with taskforce/permissions.py first; these functions keep the data sound.
"""

import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, time
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from pmi_aqt.accounts.models import User
from pmi_aqt.audit.registry import record_creations
from projects import workflow
from projects.models import DecisionOutcome, Project, Stage, SupportAction
from projects.models.project import APPROVED_OUTCOMES
from projects.services.financing import financing_line_save
from projects.stats.summary import project_changed

from . import emails, permissions
from .models import (
    AgendaItem,
    ConflictDeclaration,
    Recommendation,
    Review,
    ReviewCriterion,
    ReviewScore,
    Session,
    SessionMember,
)


def agenda_candidates():
    """Projects that may go on an agenda: complete dossiers not yet on a draft agenda."""
    return (
        Project.objects.filter(stage=Stage.DOSSIER_READY)
        .exclude(agenda_items__session__status=Session.Status.DRAFT)
        .select_related("company")
        .order_by("title")
    )


@transaction.atomic
def agenda_item_add(
    *, session: Session, project: Project, presenter=None, starts_at: time | None = None
) -> AgendaItem:
    if not session.is_draft:
        raise ValidationError(_("L'ordre du jour est publié : il ne peut plus être modifié."))
    if project.stage != Stage.DOSSIER_READY:
        raise ValidationError(_("Seul un dossier prêt peut être inscrit à l'ordre du jour."))
    last = session.agenda_items.aggregate(last=Max("position"))["last"] or 0
    return AgendaItem.objects.create(
        session=session,
        project=project,
        presenter=presenter,
        starts_at=starts_at,
        position=last + 1,
    )


@transaction.atomic
def agenda_item_remove(*, item: AgendaItem) -> None:
    if not item.session.is_draft:
        raise ValidationError(_("L'ordre du jour est publié : il ne peut plus être modifié."))
    item.delete()


# What members put in their calendars: a change to one of these, once they are invited, is
# sent to them as an updated invitation.
CALENDAR_FIELDS = ("date", "starts_at", "place", "video_link")


@transaction.atomic
def session_save(*, form) -> Session:
    """Save a session from its form. Once the agenda is published: a member newly called gets
    the pack; a member no longer called gets a cancellation; when the date, time or place
    changed, the others get the new version of the invitation (its SEQUENCE raised)."""
    session = form.instance
    invited = set()
    if session.pk and not session.is_draft:
        session = Session.objects.select_for_update().get(pk=session.pk)
        invited = set(session.session_members.values_list("user_id", flat=True))
    form.instance.sequence = session.sequence
    session = form.save()
    if session.is_draft:
        return session
    called = set(session.session_members.values_list("user_id", flat=True))
    # Once held, the session is history: its record may be corrected without telling anyone.
    coming = session.status == Session.Status.PUBLISHED
    moved = coming and any(field in form.changed_data for field in CALENDAR_FIELDS)
    removed = invited - called if coming else set()
    if moved or removed:
        session.sequence += 1
        session.save(update_fields=["sequence"])
    if removed:
        emails.session_cancellation_send(
            session=session, members=User.objects.filter(pk__in=removed).order_by("pk")
        )
    if moved:
        emails.session_update_send(
            session=session,
            members=User.objects.filter(pk__in=invited & called).order_by("pk"),
        )
    emails.dossier_pack_send(session=session)
    return session


@transaction.atomic
def session_cancel(*, session: Session, by) -> Session:
    """Cancel a published session: its undecided dossiers go back to "dossier ready" (for a
    later agenda) and every member called gets the calendar cancellation."""
    session = Session.objects.select_for_update().get(pk=session.pk)
    decision = permissions.can_cancel_session(by, session)
    if not decision:
        raise ValidationError(decision.reason)
    comment = _("Annulation de la %(session)s") % {"session": session}
    items = session.agenda_items.select_related("project").order_by("position", "id")
    for item in items:
        if item.project.stage == Stage.ON_AGENDA:
            workflow.project_move(
                project=item.project,
                target=Stage.DOSSIER_READY,
                by=by,
                comment=comment,
                by_taskforce=True,
            )
    session.status = Session.Status.CANCELLED
    session.cancelled_at = timezone.now()
    session.sequence += 1
    session.save(update_fields=["status", "cancelled_at", "sequence"])
    emails.session_cancellation_send(
        session=session,
        members=User.objects.filter(session_seats__session=session).order_by("pk"),
    )
    return session


@transaction.atomic
def session_publish(*, session: Session, by) -> Session:
    """Publish the agenda: every dossier moves to "on a task-force agenda", or none does."""
    session = Session.objects.select_for_update().get(pk=session.pk)
    if not session.is_draft:
        raise ValidationError(_("L'ordre du jour de cette séance est déjà publié."))
    items = list(session.agenda_items.select_related("project").order_by("position", "id"))
    if not items:
        raise ValidationError(_("Inscrivez au moins un dossier à l'ordre du jour."))
    if not session.session_members.exists():
        raise ValidationError(_("Convoquez au moins un membre de la task force."))
    comment = _("Ordre du jour de la %(session)s") % {"session": session}
    for item in items:
        workflow.project_move(
            project=item.project,
            target=Stage.ON_AGENDA,
            by=by,
            comment=comment,
            by_taskforce=True,
        )
    session.status = Session.Status.PUBLISHED
    session.published_at = timezone.now()
    session.save(update_fields=["status", "published_at"])
    # Recorded now, delivered after the commit: a rolled-back publication sends nothing.
    emails.dossier_pack_send(session=session)
    return session


@transaction.atomic
def session_attendance_record(*, session: Session, present, by) -> Session:
    """Note who attended (the others are absent) and mark a published session as held."""
    present_ids = {seat.pk for seat in present}
    seats = SessionMember.objects.filter(session=session)
    seats.filter(pk__in=present_ids).update(attended=True)
    seats.exclude(pk__in=present_ids).update(attended=False)
    if session.status == Session.Status.PUBLISHED:
        session.status = Session.Status.HELD
        session.save(update_fields=["status"])
    return session


@transaction.atomic
def conflict_declare(
    *, item: AgendaItem, member, kind: str, comment: str = "", by
) -> ConflictDeclaration:
    """Record a conflict; the member's reviews of that dossier no longer count and are removed."""
    if not SessionMember.objects.filter(session=item.session_id, user=member).exists():
        raise ValidationError(_("Cette personne ne siège pas à la séance."))
    conflict, created = ConflictDeclaration.objects.get_or_create(
        project_id=item.project_id,
        member=member,
        defaults={"agenda_item": item, "kind": kind, "comment": comment.strip(), "declared_by": by},
    )
    if not created:
        raise ValidationError(_("Un conflit est déjà déclaré pour ce membre."))
    Review.objects.filter(agenda_item__project_id=item.project_id, member=member).delete()
    permissions.forget(member)
    permissions.forget(by)
    return conflict


@transaction.atomic
def review_save(
    *,
    item: AgendaItem,
    member,
    scores: dict[int, int | None],
    recommendation: str,
    comments_for_taskforce: str,
    comments_for_company: str,
    submit: bool,
) -> Review:
    """Save a member's review; `scores` maps criterion ids to 1–5 (None leaves it unscored)."""
    review, _created = Review.objects.select_for_update().get_or_create(
        agenda_item=item, member=member
    )
    if submit and (not recommendation or any(score is None for score in scores.values())):
        raise ValidationError(_("Notez chaque critère et choisissez une recommandation."))
    review.recommendation = recommendation
    review.comments_for_taskforce = comments_for_taskforce.strip()
    review.comments_for_company = comments_for_company.strip()
    if submit and not review.is_submitted:
        review.status = Review.Status.SUBMITTED
        review.submitted_at = timezone.now()
    review.save()
    review.scores.exclude(criterion_id__in=[c for c, s in scores.items() if s]).delete()
    for criterion_id, score in scores.items():
        if score:
            ReviewScore.objects.update_or_create(
                review=review, criterion_id=criterion_id, defaults={"score": score}
            )
    permissions.forget(member)
    return review


# --- The aggregate staff see per dossier


@dataclass
class CriterionStats:
    criterion: ReviewCriterion
    count: int = 0
    mean: float | None = None
    median: float | None = None
    minimum: int | None = None
    maximum: int | None = None


@dataclass
class DossierAggregate:
    item: AgendaItem
    criteria: list[CriterionStats]
    recommendations: list[tuple[str, int]]
    submitted: list = field(default_factory=list)
    not_reviewed: list = field(default_factory=list)
    conflicted: list = field(default_factory=list)


def session_aggregate(
    session: Session, items: list[AgendaItem] | None = None
) -> list[DossierAggregate]:
    """Per dossier: score statistics per criterion, recommendation counts, who has not reviewed
    and who is conflicted. Seven queries (six for given `items`, a page of the session's
    dossiers), whatever the numbers of members, dossiers and reviews.

    Submitted reviews and their scores are read as plain rows, not model instances: a session of
    a hundred dossiers holds hundreds of reviews and thousands of scores.
    """
    criteria = list(ReviewCriterion.objects.filter(is_active=True))
    members = [seat.user for seat in session.session_members.select_related("user")]
    if items is None:
        items = list(
            session.agenda_items.select_related("project__company", "presenter").order_by(
                "position", "id"
            )
        )
    item_ids = [item.pk for item in items]
    submitted = Review.objects.filter(agenda_item__in=item_ids, status=Review.Status.SUBMITTED)
    # Reviewers are read on their own: one may have left the session since submitting.
    reviewers = {
        user.pk: user
        for user in User.objects.filter(pk__in=submitted.values("member_id")).order_by()
    }
    reviews: dict[int, list[tuple[int, str]]] = {}
    for item_id, member_id, recommendation in submitted.values_list(
        "agenda_item_id", "member_id", "recommendation"
    ):  # in the reviews' order: first submitted first
        reviews.setdefault(item_id, []).append((member_id, recommendation))
    scores: dict[tuple[int, int], list[int]] = {}
    for item_id, criterion_id, score in ReviewScore.objects.filter(
        review__agenda_item__in=item_ids, review__status=Review.Status.SUBMITTED
    ).values_list("review__agenda_item_id", "criterion_id", "score"):
        scores.setdefault((item_id, criterion_id), []).append(score)
    conflicts: dict[int, set[int]] = {}
    for project_id, member_id in ConflictDeclaration.objects.filter(
        project__in=[item.project_id for item in items]
    ).values_list("project_id", "member_id"):
        conflicts.setdefault(project_id, set()).add(member_id)

    aggregates = []
    for item in items:
        conflicted_ids = conflicts.get(item.project_id, set())
        item_reviews = reviews.get(item.pk, [])
        reviewed_ids = {member_id for member_id, _recommendation in item_reviews}
        stats = []
        for criterion in criteria:
            values = scores.get((item.pk, criterion.pk), [])
            stat = CriterionStats(criterion, count=len(values))
            if values:
                stat.mean = statistics.fmean(values)
                stat.median = statistics.median(values)
                stat.minimum, stat.maximum = min(values), max(values)
            stats.append(stat)
        counts = Counter(recommendation for _member_id, recommendation in item_reviews)
        aggregates.append(
            DossierAggregate(
                item=item,
                criteria=stats,
                recommendations=[
                    (label, counts.get(value, 0)) for value, label in Recommendation.choices
                ],
                submitted=[reviewers[member_id] for member_id, _recommendation in item_reviews],
                not_reviewed=[
                    m for m in members if m.pk not in reviewed_ids and m.pk not in conflicted_ids
                ],
                conflicted=[m for m in members if m.pk in conflicted_ids],
            )
        )
    return aggregates


@transaction.atomic
def decision_record(
    *,
    item: AgendaItem,
    outcome: str,
    conditions: str,
    rationale: str,
    actions: list[dict],
    by,
    no_review_reason: str = "",
    amount_granted: Decimal | None = None,
    line_amounts: dict[int, Decimal] | None = None,
) -> AgendaItem:
    """Record the task force's decision on a dossier; an approval grants its support plan and
    the amounts it names (in total, and per line of the financing plan).

    The project moves to "decided" through the pipeline, which records who and when; a
    deferred one goes straight on back to preparation, with the task force's requests, and
    may come to a later agenda from there. The decision is stored on the agenda item only.
    """
    item = (
        AgendaItem.objects.select_for_update().select_related("project", "session").get(pk=item.pk)
    )
    if item.is_decided:
        raise ValidationError(_("La décision sur ce dossier est déjà enregistrée."))
    problem = item.decision_timing_problem()
    if problem:
        raise ValidationError(problem)
    conditions, rationale = conditions.strip(), rationale.strip()
    no_review_reason = no_review_reason.strip()
    line_amounts = line_amounts or {}
    approved = outcome in APPROVED_OUTCOMES
    if approved and not actions:
        raise ValidationError(_("Un accord précise au moins une action d'accompagnement."))
    if outcome == DecisionOutcome.DEFERRED and not conditions:
        raise ValidationError(
            _("Précisez ce que la task force demande avant un nouveau passage du dossier.")
        )
    if not approved and (amount_granted is not None or line_amounts):
        raise ValidationError(_("Seul un accord attribue un montant."))
    if not no_review_reason and not item.reviews.filter(status=Review.Status.SUBMITTED).exists():
        raise ValidationError(
            _(
                "Aucun avis n'a été transmis sur ce dossier : indiquez pourquoi la task force "
                "décide sans avis."
            )
        )
    project = item.project
    lines = list(project.financing_lines.filter(pk__in=list(line_amounts)).select_related("scheme"))
    if len(lines) != len(line_amounts):
        raise ValidationError(_("Une ligne de financement n'appartient pas à ce projet."))

    workflow.project_move(
        project=project, target=Stage.DECIDED, by=by, comment=rationale, by_taskforce=True
    )
    granted = []
    if approved:
        granted = SupportAction.objects.bulk_create(
            SupportAction(project=project, **action) for action in actions
        )
        record_creations(granted)
        project_changed(project.pk)  # bulk_create sends no signal: the dashboard's counters.
        # Line by line through the financing plan's own write, so that the project's
        # timeline shows what the decision granted, and who recorded it.
        for line in lines:
            line.amount_granted = line_amounts[line.pk]
            financing_line_save(line=line, by=by)
    item.outcome = outcome
    item.conditions = conditions
    item.rationale = rationale
    item.no_review_reason = no_review_reason
    item.amount_granted = amount_granted
    item.decided_at = timezone.now()
    item.decided_by = by
    item.save(
        update_fields=[
            "outcome",
            "conditions",
            "rationale",
            "no_review_reason",
            "amount_granted",
            "decided_at",
            "decided_by",
        ]
    )
    if outcome == DecisionOutcome.DEFERRED:
        workflow.project_move(
            project=project,
            target=Stage.DIAGNOSIS,
            by=by,
            comment=deferral_comment(passage=decision_passage(item), requests=conditions),
            by_taskforce=True,
        )
    emails.decision_company_send(item=item, actions=granted)
    emails.decision_members_send(item=item)
    return item


def decision_passage(item: AgendaItem) -> str:
    """How the decision was taken, in a few words: "séance du 14/01/2027" or "consultation
    écrite close le 18/01/2027"."""
    if item.is_written_consultation:
        return _("consultation écrite close le %(date)s") % {
            "date": item.consultation_closes_on.strftime("%d/%m/%Y")
        }
    return session_passage(item.session.date)


def session_passage(day: date) -> str:
    return _("séance du %(date)s") % {"date": day.strftime("%d/%m/%Y")}


def deferral_comment(*, passage: str, requests: str) -> str:
    """What the move of a deferred dossier back to preparation says: when it was deferred
    (decision_passage) and what the task force asks, one request per line."""
    return _("Ajourné par la task force (%(passage)s). Ce qu'elle demande :\n%(requests)s") % {
        "passage": passage,
        "requests": requests,
    }


@transaction.atomic
def consultation_open(*, item: AgendaItem, closes_on: date, by) -> AgendaItem:
    """Decide this dossier by written consultation rather than in session: its members answer
    (submit their review) until `closes_on`, and are told so by email."""
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    if item.is_decided:
        raise ValidationError(_("La décision sur ce dossier est déjà enregistrée."))
    if item.is_written_consultation:
        raise ValidationError(_("Une consultation écrite est déjà ouverte sur ce dossier."))
    if closes_on < timezone.localdate():
        raise ValidationError(_("La date de clôture ne peut pas être passée."))
    item.consultation_closes_on = closes_on
    item.consultation_opened_at = timezone.now()
    item.consultation_opened_by = by
    item.save(
        update_fields=["consultation_closes_on", "consultation_opened_at", "consultation_opened_by"]
    )
    emails.consultation_members_send(item=item)
    return item

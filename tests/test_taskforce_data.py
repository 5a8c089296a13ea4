"""Shared cast and data of the task-force tests (fixtures only; imported by test_taskforce_*)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from pmi_aqt.accounts.models import Role
from projects.models import FinancingLine, InterventionAxis, Need, PartnerOrganisation, Stage
from taskforce.models import (
    AgendaItem,
    ConflictDeclaration,
    Review,
    ReviewCriterion,
    ReviewScore,
    Session,
    SessionMember,
    TaskforceMembership,
)
from taskforce.services import decision_record

from .factories import ProjectFactory, UserFactory

SECRET_DESCRIPTION = "Description confidentielle du procédé laser"
SECRET_REQUEST = "Avance remboursable de 80 000 euros demandée"
OTHERS_COMMENT = "Commentaire réservé aux membres ayant transmis"
OTHERS_COMPANY_COMMENT = "Piste transmissible pour la PME"


def make_member(email: str, organisation: PartnerOrganisation | None = None):
    user = UserFactory(email=email, roles=[Role.TASKFORCE_MEMBER])
    organisation = (
        organisation
        or PartnerOrganisation.objects.get_or_create(
            name="Bpifrance", defaults={"kind": PartnerOrganisation.Kind.BANK}
        )[0]
    )
    TaskforceMembership.objects.create(user=user, organisation=organisation)
    return user


def complete_dossier(project):
    """What the pipeline asks before a dossier may go on an agenda."""
    digital = InterventionAxis.objects.get(code="digital")
    project.primary_axis = digital
    project.budget = Decimal("150000")
    project.stage = Stage.DOSSIER_READY
    project.save()
    project.axes.add(digital)
    Need.objects.create(project=project, axis=digital, title="Piloter la découpe laser")
    FinancingLine.objects.create(
        project=project,
        source_label="Région Nouvelle-Aquitaine",
        kind=FinancingLine.Kind.GRANT,
        amount_asked=Decimal("50000"),
    )
    return project


def make_session(*, members=(), status=Session.Status.PUBLISHED, days_ahead=10, chair=None):
    published = status != Session.Status.DRAFT
    session = Session.objects.create(
        date=timezone.localdate() + datetime.timedelta(days=days_ahead),
        starts_at=datetime.time(14, 0),
        place="Bordeaux, Cité numérique",
        chair=chair,
        status=status,
        published_at=timezone.now() if published else None,
    )
    for member in members:
        SessionMember.objects.create(session=session, user=member)
    return session


def put_on_agenda(session, *, title=None, officer=None, stage=Stage.ON_AGENDA, position=1):
    project = complete_dossier(
        ProjectFactory(
            title=title or f"Dossier {position}",
            description=SECRET_DESCRIPTION,
            task_force_request=SECRET_REQUEST,
            officer=officer,
        )
    )
    project.stage = stage
    project.save(update_fields=["stage"])
    return AgendaItem.objects.create(
        session=session, project=project, position=position, presenter=officer
    )


def hold(session, *, present=(), day=None):
    """The session took place (today unless `day` says otherwise) and its attendance was
    recorded: `present` were there, the other members called were not."""
    session.date = day or timezone.localdate()
    session.status = Session.Status.HELD
    session.save(update_fields=["date", "status"])
    seats = SessionMember.objects.filter(session=session)
    seats.filter(user__in=present).update(attended=True)
    seats.exclude(user__in=present).update(attended=False)
    return session


def decide_in_session(item, *, by, outcome, conditions="", rationale="", actions=(), **extra):
    """Record the decision as the task force's rules allow it: its session held today with a
    member present; without any review submitted, the decision says why. For tests of what
    follows a decision (the rules themselves: test_taskforce_decision_rules)."""
    present = make_member(f"present-{item.session_id}@partner.test")
    SessionMember.objects.create(session=item.session, user=present)
    hold(item.session, present=[present])
    if not item.reviews.filter(status=Review.Status.SUBMITTED).exists():
        extra.setdefault("no_review_reason", "Dossier présenté en séance, sans avis écrit.")
    return decision_record(
        item=item,
        outcome=outcome,
        conditions=conditions,
        rationale=rationale,
        actions=list(actions),
        by=by,
        **extra,
    )


def submit_review(item, member, *, score=4, recommendation="approve", comment=OTHERS_COMMENT):
    review = Review.objects.create(
        agenda_item=item,
        member=member,
        recommendation=recommendation,
        comments_for_taskforce=comment,
        comments_for_company=OTHERS_COMPANY_COMMENT,
        status=Review.Status.SUBMITTED,
        submitted_at=timezone.now(),
    )
    for criterion in ReviewCriterion.objects.filter(is_active=True):
        ReviewScore.objects.create(review=review, criterion=criterion, score=score)
    return review


def conflict(item, member, by=None):
    return ConflictDeclaration.objects.create(
        project=item.project,
        agenda_item=item,
        member=member,
        kind=ConflictDeclaration.Kind.FINANCES_PROJECT,
        declared_by=by or member,
    )


@pytest.fixture
def colleague(db):
    """Another member of the same session, whose review the member must not read too early."""
    return make_member("colleague@partner.test")


@pytest.fixture
def other_member(db):
    """A member of the task force who does not sit in the session."""
    return make_member("other@partner.test")


@pytest.fixture
def conflicted_member(db):
    return make_member("conflicted@partner.test")


@pytest.fixture
def session(member, colleague, conflicted_member, officer):
    TaskforceMembership.objects.create(
        user=member,
        organisation=PartnerOrganisation.objects.get_or_create(
            name="ADI Nouvelle-Aquitaine", defaults={"kind": PartnerOrganisation.Kind.AGENCY}
        )[0],
    )
    return make_session(members=[member, colleague, conflicted_member], chair=officer)


@pytest.fixture
def other_session(other_member):
    return make_session(members=[other_member], days_ahead=30)


@pytest.fixture
def item(session, officer, conflicted_member, colleague, other_session):
    item = put_on_agenda(session, title="Découpe laser connectée", officer=officer)
    conflict(item, conflicted_member)
    submit_review(item, colleague)
    return item


@pytest.fixture
def held_item(item, member, colleague):
    """The dossier once its session has been held today, with the member and the colleague
    present: the chair may record the decision."""
    hold(item.session, present=[member, colleague])
    return item

"""Whom the crawler asks as, and which objects it opens: a typical set and the heaviest one.

Chosen by queries on the data set, at any scale: the typical set is what an ordinary day looks
like (the officer with the median portfolio, a project in support with a financing plan, the
next session), the heaviest set is the worst the data holds (the officer with the most open
projects, the project with the longest history, the company with the most exchanges and
projects, the session with the most reviews). A page whose URL names objects is measured on
both; a page of a person is measured as both sets' people.
"""

from dataclasses import dataclass, field
from types import SimpleNamespace

from django.contrib.auth.tokens import default_token_generator
from django.db.models import Count, Exists, OuterRef
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from companies.models import Company, Contact, Interaction
from pmi_aqt.accounts.models import CalendarFeed, Role, User
from pmi_aqt.jobs.models import Job
from pmi_aqt.mailing import kinds
from pmi_aqt.mailing.models import OutboundEmail
from pmi_aqt.mailing.unsubscribe import unsubscribe_url
from projects.access import company_link_token
from projects.models import (
    CollectiveAction,
    CollectiveParticipation,
    Document,
    DocumentRequest,
    FinancingLine,
    FollowUp,
    IntakeDraft,
    Need,
    PartnerOrganisation,
    Project,
    ProjectNote,
    Resource,
    Stage,
    StageChange,
    StudentPlacement,
    SupportAction,
    SupportScheme,
    YearlyTarget,
)
from projects.people import OFFICER_FILTER
from projects.reminders import survey_token
from taskforce.models import AgendaItem, ConflictDeclaration, Review, Session, SessionMember

# The people a page is asked as, in this order, until one may open it: the team first, then the
# task force, then companies, then anyone.
PERSONAS = ("officer", "manager", "finance", "member", "company", "anonymous")
SETS = ("typical", "heaviest")

# The children of a project the project's pages name in their URLs.
PROJECT_CHILDREN = {
    "need": Need,
    "resource": Resource,
    "line": FinancingLine,
    "document": Document,
    "doc_request": DocumentRequest,
    "action": SupportAction,
    "follow_up": FollowUp,
    "placement": StudentPlacement,
}


@dataclass
class SubjectSet:
    name: str
    people: dict[str, User | None]
    objects: SimpleNamespace
    notes: dict = field(default_factory=dict)


def _top(model, column: str, queryset=None, among=None):
    """The value of `column` most rows of `model` share (ties: the lowest), or None."""
    rows = queryset if queryset is not None else model._default_manager.all()
    if among is not None:
        rows = rows.filter(**{f"{column}__in": among})
    return (
        rows.values(column)
        .annotate(n=Count("pk"))
        .order_by("-n", column)
        .values_list(column, flat=True)
        .first()
    )


def _median_officer(heaviest: bool) -> User | None:
    counts = list(
        Project.objects.open()
        .filter(officer__isnull=False)
        .values("officer")
        .annotate(n=Count("id"))
        .order_by("n", "officer")
        .values_list("officer", flat=True)
    )
    if not counts:
        return User.objects.with_role(Role.OFFICER).order_by("pk").first()
    return User.objects.get(pk=counts[-1] if heaviest else counts[len(counts) // 2])


def _calendar_token(person: User | None) -> str | None:
    """The person's private calendar feed token, made the first time it is asked for (the
    generated data gives nobody a feed): whoever it is, their feed is read by its token."""
    if person is None:
        return None
    feed, _created = CalendarFeed.objects.get_or_create(
        user=person, defaults={"token": f"bench-feed-{person.pk}"}
    )
    return feed.token


def _typical_project() -> Project | None:
    """In support, with a financing plan of two lines or more and as many kinds of children as
    the data holds (needs, resources, actions, follow-ups…), the first such."""
    in_support = Project.objects.filter(stage=Stage.IN_SUPPORT)
    with_plan = in_support.annotate(lines=Count("financing_lines")).filter(lines__gte=2)
    for candidates in (with_plan, in_support, Project.objects.all()):
        queryset = candidates
        for model in PROJECT_CHILDREN.values():
            narrower = queryset.filter(Exists(model.objects.filter(project=OuterRef("pk"))))
            if narrower.exists():
                queryset = narrower
        project = queryset.order_by("pk").first()
        if project is not None:
            return project
    return None


def _heaviest_project() -> Project | None:
    """The longest history: the most stage changes, then notes, lines, needs and actions."""
    leaders = list(
        StageChange.objects.values("project")
        .annotate(n=Count("pk"))
        .order_by("-n", "project")
        .values_list("project", flat=True)[:20]
    )
    if not leaders:
        return Project.objects.order_by("pk").first()

    def weight(pk: int) -> int:
        return sum(
            model.objects.filter(project_id=pk).count()
            for model in (StageChange, ProjectNote, FinancingLine, Need, SupportAction, FollowUp)
        )

    return Project.objects.get(pk=max(leaders, key=lambda pk: (weight(pk), -pk)))


def _heaviest_company() -> Company | None:
    """The most exchanges and projects (the company page lists both)."""
    leaders = set(
        Interaction.objects.values("company")
        .annotate(n=Count("pk"))
        .order_by("-n", "company")
        .values_list("company", flat=True)[:20]
    ) | set(
        Project.objects.values("company")
        .annotate(n=Count("pk"))
        .order_by("-n", "company")
        .values_list("company", flat=True)[:20]
    )
    if not leaders:
        return Company.objects.order_by("pk").first()
    totals = Company.objects.filter(pk__in=leaders).annotate(
        rows=Count("interactions", distinct=True) + Count("projects", distinct=True)
    )
    return totals.order_by("-rows", "pk").first()


# Kinds few projects have (files): the heaviest set's, when its project has none, is of the
# project with the most, rather than the typical set's (the same request, timed once).
BUSIEST_FALLBACK = ("document", "doc_request")


def _children(
    project: Project | None, fallback: SimpleNamespace | None, *, heaviest: bool = False
) -> dict:
    """One child of each kind of `project` (the last, the most recent), else the fallback's
    (for the heaviest set, of the kinds in BUSIEST_FALLBACK: the project with the most's)."""
    found = {}
    for name, model in PROJECT_CHILDREN.items():
        child = None
        if project is not None:
            child = model.objects.filter(project=project).order_by("-pk").first()
        if child is None and heaviest and name in BUSIEST_FALLBACK:
            busiest = _top(model, "project")
            child = model.objects.filter(project=busiest).order_by("-pk").first()
        if child is None:
            child = getattr(fallback, name, None) if fallback else None
        if child is None:
            child = model.objects.order_by("pk").first()
        found[name] = child
    return found


def _sessions(heaviest: bool) -> tuple[Session | None, AgendaItem | None]:
    if heaviest:
        # The session held with the most submitted reviews, and its most reviewed dossier.
        held = Review.objects.filter(
            status=Review.Status.SUBMITTED, agenda_item__session__date__lte=timezone.localdate()
        ).exclude(agenda_item__session__status=Session.Status.DRAFT)
        session_id = _top(Review, "agenda_item__session", held) or _top(AgendaItem, "session")
        session = Session.objects.filter(pk=session_id).first()
    else:
        # The next published session with an agenda: what members open this week.
        session = (
            Session.objects.filter(status=Session.Status.PUBLISHED, date__gte=timezone.localdate())
            .filter(Exists(AgendaItem.objects.filter(session=OuterRef("pk"))))
            .order_by("date", "pk")
            .first()
        ) or Session.objects.exclude(status=Session.Status.DRAFT).order_by("-date").first()
    if session is None:
        return None, None
    items = AgendaItem.objects.filter(session=session)
    if heaviest:
        item = items.annotate(n=Count("reviews")).order_by("-n", "pk").first()
    else:
        item = items.order_by("position", "pk").first()
    return session, item


def _collective(heaviest: bool) -> tuple[CollectiveAction | None, CollectiveParticipation | None]:
    """The collective action with the most participants (heaviest) or the first with any, and
    its first participation."""
    with_any = CollectiveAction.objects.filter(
        Exists(CollectiveParticipation.objects.filter(action=OuterRef("pk")))
    )
    if heaviest:
        action = with_any.annotate(n=Count("participations")).order_by("-n", "pk").first()
    else:
        action = with_any.order_by("pk").first()
    if action is None:
        return None, None
    return action, action.participations.order_by("pk").first()


def _undecided(heaviest: bool) -> AgendaItem | None:
    """A dossier examined at a held session, its decision still to record (the decision page):
    the most reviewed for the heaviest set, the first for the typical one."""
    items = AgendaItem.objects.filter(
        outcome="", session__status=Session.Status.HELD, session__date__lte=timezone.localdate()
    )
    if heaviest:
        return items.annotate(n=Count("reviews")).order_by("-n", "pk").first()
    return items.order_by("pk").first()


def _member(session: Session | None, item: AgendaItem | None, heaviest: bool) -> User | None:
    """A member of the session with no conflict on the dossier: the one sitting in the most
    sessions for the heaviest set, the first for the typical one."""
    seats = SessionMember.objects.filter(session=session) if session else SessionMember.objects
    if item is not None:
        conflicted = ConflictDeclaration.objects.filter(project=item.project_id).values("member")
        seats = seats.exclude(user__in=conflicted)
    candidates = list(seats.order_by("user").values_list("user", flat=True))
    if not candidates:
        return User.objects.with_role(Role.TASKFORCE_MEMBER).order_by("pk").first()
    if heaviest:
        busiest = _top(SessionMember, "user", among=candidates)
        return User.objects.get(pk=busiest)
    return User.objects.get(pk=candidates[0])


def _company_person(company: Company | None, heaviest: bool) -> tuple[User | None, Contact | None]:
    """A company contact with an account: of the set's company if it has one, else the one
    whose company has the most projects (heaviest) or the first."""
    accounts = Contact.objects.filter(user__isnull=False, user__is_active=True)
    contact = accounts.filter(company=company).order_by("pk").first() if company else None
    if contact is None and heaviest:
        busiest = _top(Project, "company", among=accounts.values("company"))
        contact = accounts.filter(company=busiest).order_by("pk").first() if busiest else None
    if contact is None:
        contact = accounts.order_by("pk").first()
    return (contact.user if contact else None), contact


def _directory(heaviest: bool) -> tuple[PartnerOrganisation | None, SupportScheme | None]:
    if not heaviest:
        scheme = SupportScheme.objects.order_by("pk").first()
        return PartnerOrganisation.objects.order_by("pk").first(), scheme
    organisation = PartnerOrganisation.objects.filter(pk=_top(SupportScheme, "organisation"))
    scheme = SupportScheme.objects.filter(pk=_top(Resource, "scheme"))
    return organisation.first(), scheme.first()


def _job(manager: User | None, heaviest: bool) -> Job | None:
    """A finished export of the manager's (a job's pages are its requester's alone): the one
    of the most rows for the heaviest set, the latest for the typical one."""
    if manager is None:
        return None
    jobs = Job.objects.filter(requested_by=manager)
    done = jobs.filter(status=Job.Status.DONE)
    order = ("-total", "-pk") if heaviest else ("-pk",)
    return done.order_by(*order).first() or jobs.order_by("-pk").first()


def _median(model, queryset=None):
    rows = queryset if queryset is not None else model._default_manager.all()
    count = rows.count()
    return rows.order_by("pk")[count // 2] if count else None


def pick_set(name: str, typical: "SubjectSet | None" = None) -> SubjectSet:
    heaviest = name == "heaviest"
    project = _heaviest_project() if heaviest else _typical_project()
    company = _heaviest_company() if heaviest else (project.company if project else None)
    contact = (
        Contact.objects.filter(company=project.company_id).order_by("pk").first()
        if project
        else None
    )
    session, item = _sessions(heaviest)
    collective = _collective(heaviest)
    member = _member(session, item, heaviest)
    company_user, company_contact = _company_person(company, heaviest)
    organisation, scheme = _directory(heaviest)
    children = _children(project, typical.objects if typical else None, heaviest=heaviest)
    follow_up = children["follow_up"]
    manager = User.objects.with_role(Role.MANAGER).order_by("pk").first()
    finance = (
        (project.finance_officer if project and project.finance_officer_id else None)
        if not heaviest
        else User.objects.filter(pk=_top(Project, "finance_officer")).first()
    ) or User.objects.with_role(Role.FINANCE_OFFICER).order_by("pk").first()
    editable = next((kind.code for kind in kinds.registered() if kind.editable), None)
    email = (
        _median(OutboundEmail)
        if not heaviest
        else OutboundEmail.objects.order_by("-attempts", "pk").first()
    )
    reset_user = company_user or manager
    officer = _median_officer(heaviest)
    objects = SimpleNamespace(
        project=project,
        company=company,
        contact=Contact.objects.filter(company=company).order_by("pk").first() if company else None,
        interaction=(
            Interaction.objects.filter(company=company).order_by("-occurred_on", "-pk").first()
            if company
            else None
        ),
        organisation=organisation,
        # The organisations a typed field offers (its suggestions' endpoint): the active ones.
        organisation_set="actives",
        scheme=scheme,
        session=session,
        item=item,
        undecided_item=_undecided(heaviest),
        collective_action=collective[0],
        participation=collective[1],
        email=email,
        email_kind=editable,
        # The team's search asked as the lists' officer filter asks it (the widest set).
        team_set=OFFICER_FILTER,
        # A background export is its requester's alone: one the manager asked for, if any.
        job=_job(manager, heaviest),
        target_year=YearlyTarget.objects.order_by("-year").values_list("year", flat=True).first(),
        two_factor_person=member,
        draft_token=IntakeDraft.objects.unfinished()
        .alive()
        .order_by("pk")
        .values_list("token", flat=True)
        .first(),
        company_link=(
            company_link_token(contact_id=contact.pk, project_id=project.pk) if contact else None
        ),
        survey_token=survey_token(follow_up_id=follow_up.pk) if follow_up else None,
        unsubscribe_token=(
            unsubscribe_url(contact.email).rstrip("/").rsplit("/", 1)[-1] if contact else None
        ),
        reset_uid=urlsafe_base64_encode(force_bytes(reset_user.pk)) if reset_user else None,
        reset_token=default_token_generator.make_token(reset_user) if reset_user else None,
        # An officer's feed: their sessions and the next steps of the companies they follow.
        calendar_token=_calendar_token(officer),
        **children,
    )
    people = {
        "officer": officer,
        "manager": manager,
        "finance": finance,
        "member": member,
        "company": company_user,
        "anonymous": None,
    }
    notes = {
        "officer_open_projects": (
            Project.objects.open().filter(officer=people["officer"]).count()
            if people["officer"]
            else 0
        ),
        "project": project.pk if project else None,
        "company": company.pk if company else None,
        "session": session.pk if session else None,
        "agenda_item": item.pk if item else None,
        "member_sessions": (
            SessionMember.objects.filter(user=member).count() if member is not None else 0
        ),
        "company_contact": company_contact.pk if company_contact else None,
    }
    if session is not None:
        notes["session_dossiers"] = AgendaItem.objects.filter(session=session).count()
    if project is not None:
        notes["project_stage_changes"] = StageChange.objects.filter(project=project).count()
    if company is not None:
        notes["company_interactions"] = Interaction.objects.filter(company=company).count()
        notes["company_projects"] = Project.objects.filter(company=company).count()
    return SubjectSet(name, people, objects, notes)


def pick_subjects() -> dict[str, SubjectSet]:
    typical = pick_set("typical")
    return {"typical": typical, "heaviest": pick_set("heaviest", typical)}


def searched_word() -> str:
    """A common word of the data: the most frequent first word of company names (their trade,
    in the generated data: "Usinage", "Forges"…), which projects' titles share too."""
    names = Company.objects.order_by("pk").values_list("name", flat=True)[:2000]
    words: dict[str, int] = {}
    for name in names:
        first = (name.split() or [""])[0].lower()
        if len(first) >= 5:
            words[first] = words.get(first, 0) + 1
    if not words:
        return "usinage"
    return max(sorted(words), key=lambda word: words[word])


def the_busiest(model) -> int | None:
    """The primary key of the `model` row with the most rows pointing at it through any one
    relation (a foreign key or a many-to-many of another model), or None when none points."""
    best: tuple[int, int] | None = None
    for relation in model._meta.related_objects:
        if relation.many_to_many:
            through = relation.through if hasattr(relation, "through") else None
            through = through or relation.field.remote_field.through
            column = next(
                (
                    f.attname
                    for f in through._meta.fields
                    if f.is_relation and f.related_model is model
                ),
                None,
            )
            rows = through._default_manager.all()
        elif relation.one_to_many or relation.one_to_one:
            rows = relation.related_model._default_manager.all()
            column = relation.field.attname
        else:
            continue
        if column is None:
            continue
        top = (
            rows.exclude(**{f"{column}__isnull": True})
            .values(column)
            .annotate(n=Count("pk"))
            .order_by("-n", column)
            .values_list(column, "n")
            .first()
        )
        if top and (best is None or top[1] > best[1]):
            best = (top[0], top[1])
    return best[0] if best else None


def typical_pk(model) -> int | None:
    """A row from the middle of the table (by primary key)."""
    ids = model._default_manager.order_by("pk").values_list("pk", flat=True)
    low, high = ids.first(), ids.last()
    if low is None:
        return None
    if not isinstance(low, int):
        return low
    return ids.filter(pk__gte=(low + high) // 2).first()

"""Task-force screens: every view asks taskforce/permissions.py before showing anything."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from pmi_aqt.accounts.models import CalendarFeed, User
from pmi_aqt.accounts.permissions import can_have_calendar_feed, ensure
from pmi_aqt.jobs.views import background
from pmi_aqt.pagination import IdPaginator
from pmi_aqt.queries import count_per
from projects.models import Need, Resource

from . import ics, permissions, services
from .background import MINUTES_PDF
from .forms import (
    AgendaItemForm,
    AttendanceForm,
    ConflictForm,
    ConsultationForm,
    DecisionForm,
    ReviewForm,
    SessionForm,
    SupportActionFormSet,
)
from .models import (
    AgendaItem,
    ConflictDeclaration,
    Review,
    ReviewCriterion,
    Session,
    SessionMember,
)
from .pdf import pdf_response

# The session's synthesis shows its dossiers by pages: a session can hold a hundred of them,
# each with its table of scores.
AGGREGATE_DOSSIERS_PER_PAGE = 20


def _session(pk: int) -> Session:
    return get_object_or_404(Session.objects.select_related("chair"), pk=pk)


def _item(pk: int) -> AgendaItem:
    return get_object_or_404(
        AgendaItem.objects.select_related("session", "project__company", "presenter"), pk=pk
    )


# --- The members' workspace


PAST_SESSIONS_SHOWN = 20


@login_required
def workspace(request: HttpRequest) -> HttpResponse:
    """What a member has to do, filtered in SQL: the rows read are bounded by what is shown
    (the dossiers still to review, the coming sessions, the latest past ones), not by how
    many sessions the member ever sat in."""
    user = request.user
    ensure(permissions.can_view_workspace(user))
    today = timezone.localdate()
    visible = permissions.visible_sessions(user).select_related("chair")
    # A cancelled session is no longer coming (its members were told).
    coming = list(
        visible.filter(date__gte=today)
        .exclude(status=Session.Status.CANCELLED)
        .order_by("date", "starts_at", "id")
    )
    past = list(
        visible.filter(date__lt=today).order_by("-date", "-starts_at", "-id")[:PAST_SESSIONS_SHOWN]
    )
    to_review = []
    if permissions.is_member(user):
        # The SQL twin of permissions.can_review minus has_submitted_review: an undecided
        # dossier of a published or held session the member sits in, not in a closed written
        # consultation, without a conflict declared by them and without a review they
        # submitted.
        to_review = list(
            AgendaItem.objects.filter(
                session__session_members__user=user,
                session__status__in=permissions.REVIEWABLE_STATUSES,
                outcome="",
            )
            .exclude(consultation_closes_on__lt=today)
            .exclude(
                Exists(ConflictDeclaration.objects.filter(member=user, project=OuterRef("project")))
            )
            .exclude(
                Exists(
                    Review.objects.filter(
                        member=user, agenda_item=OuterRef("pk"), status=Review.Status.SUBMITTED
                    )
                )
            )
            .select_related("session", "project")
            .only(
                "id",
                "position",
                "session__id",
                "session__date",
                "session__starts_at",
                "session__status",
                "consultation_closes_on",
                "project__id",
                "project__title",
            )
            .order_by("session__date", "position", "id")
        )
    return render(
        request,
        "taskforce/workspace.html",
        {
            "coming": coming,
            "past": past,
            "to_review": to_review,
            "is_staff": permissions.is_taskforce_staff(user),
            "is_member": permissions.is_member(user),
        },
    )


# --- Sessions, for staff


SESSIONS_PER_PAGE = 25


@login_required
def session_list(request: HttpRequest) -> HttpResponse:
    ensure(permissions.can_view_session_list(request.user))
    # Thousands of sessions: the page is chosen over the ids (the index of their order), then
    # only its 25 sessions are joined to their chair and counted (an OFFSET over the annotated
    # rows ran both counts for every session skipped).
    sessions = permissions.visible_sessions(request.user).order_by("-date", "-starts_at", "-pk")
    rows = sessions.select_related("chair").annotate(
        item_count=count_per(AgendaItem, "session"),
        member_count=count_per(SessionMember, "session"),
    )
    page = IdPaginator(sessions, SESSIONS_PER_PAGE, rows=rows).get_page(request.GET.get("page"))
    return render(request, "taskforce/session_list.html", {"page_obj": page})


@login_required
@require_http_methods(["GET", "POST"])
def session_create(request: HttpRequest) -> HttpResponse:
    ensure(permissions.can_manage_session(request.user))
    return _session_form(request, Session())


@login_required
@require_http_methods(["GET", "POST"])
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(pk)
    ensure(permissions.can_edit_session(request.user, session))
    return _session_form(request, session)


def _session_form(request: HttpRequest, session: Session) -> HttpResponse:
    form = SessionForm(
        request.POST or None,
        instance=session,
        member_search_url=reverse("taskforce:member_search"),
    )
    if request.method == "POST" and form.is_valid():
        session = services.session_save(form=form)
        messages.success(request, _("La séance est enregistrée."))
        return redirect(session)
    title = _("Modifier la séance") if session.pk else _("Nouvelle séance")
    return render(
        request, "taskforce/session_form.html", {"form": form, "session": session, "title": title}
    )


@login_required
@require_safe
def member_search(request: HttpRequest) -> JsonResponse:
    """The first task-force members matching `q`, as the session form's input writes them."""
    ensure(permissions.can_manage_session(request.user))
    field = SessionForm().fields["members"]
    return JsonResponse({"results": field.suggestions(request.GET.get("q", "")[:200])})


@login_required
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(pk)
    user = request.user
    ensure(permissions.can_view_session(user, session))
    if permissions.can_manage_session(user, session):
        return _session_detail_staff(request, session)
    items = list(
        session.agenda_items.select_related("project", "presenter").order_by("position", "id")
    )
    own_reviews = {
        review.agenda_item_id: review
        for review in Review.objects.filter(agenda_item__session=session, member=user)
    }
    rows = [
        {
            "item": item,
            "dossier": permissions.can_view_dossier(user, item),
            "can_review": permissions.can_review(user, item),
            "review": own_reviews.get(item.pk),
        }
        for item in items
    ]
    return render(
        request,
        "taskforce/session_member.html",
        {
            "session": session,
            "rows": rows,
            "can_view_minutes": permissions.can_view_minutes(user, session),
        },
    )


def _url_for_each(name: str, placeholder: int = 987654321):
    """`reverse(name, args=[pk])` for many objects at the price of one call.

    The URL is reversed once around a placeholder number, then filled in per object: an
    agenda of a hundred dossiers, four links each, spent more time in reverse() than in SQL.
    """
    before, _, after = reverse(name, args=[placeholder]).rpartition(str(placeholder))
    return lambda pk: f"{before}{pk}{after}"


def _session_detail_staff(request: HttpRequest, session: Session) -> HttpResponse:
    # Counted in a subquery per dossier rather than by grouping the joined rows: grouping by
    # every column of the dossier, project, company and presenter cost more than the count.
    submitted_counts = (
        Review.objects.filter(agenda_item=OuterRef("pk"), status=Review.Status.SUBMITTED)
        .order_by()
        .values("agenda_item")
        .annotate(n=Count("pk"))
        .values("n")
    )
    items = list(
        session.agenda_items.select_related("project__company", "presenter")
        .annotate(submitted_count=Coalesce(Subquery(submitted_counts), 0))
        .order_by("position", "id")
    )
    seats = list(session.session_members.select_related("user__taskforce_membership__organisation"))
    conflicts: dict[int, list] = {}
    for conflict in ConflictDeclaration.objects.filter(
        project__in=[item.project_id for item in items]
    ).select_related("member"):
        conflicts.setdefault(conflict.project_id, []).append(conflict)
    links = {
        name: _url_for_each(f"taskforce:{name}")
        for name in ("dossier", "dossier_pdf", "agenda_item_edit", "conflict_declare")
    }
    rows = [
        {
            "item": item,
            "conflicts": conflicts.get(item.project_id, []),
            "urls": {name: url_for(item.pk) for name, url_for in links.items()},
        }
        for item in items
    ]
    add_form = None
    if session.is_draft:
        add_form = AgendaItemForm(
            candidates=services.agenda_candidates(), search_url=_candidates_url(session)
        )
    return render(
        request,
        "taskforce/session_staff.html",
        {
            "session": session,
            "rows": rows,
            "seats": seats,
            "add_form": add_form,
            "can_record_attendance": permissions.can_record_attendance(request.user, session),
            "may_edit": permissions.can_edit_session(request.user, session),
            "may_cancel": permissions.can_cancel_session(request.user, session),
        },
    )


@login_required
@require_POST
def session_publish(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(pk)
    ensure(permissions.can_manage_session(request.user, session))
    try:
        services.session_publish(session=session, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("L'ordre du jour est publié ; les dossiers y sont inscrits."))
    return redirect(session)


@login_required
@require_POST
def session_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(pk)
    ensure(permissions.can_cancel_session(request.user, session))
    try:
        services.session_cancel(session=session, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _(
                "La séance est annulée : les membres convoqués en sont avertis et ses dossiers "
                "peuvent être inscrits à une autre séance."
            ),
        )
    return redirect(session)


@login_required
def session_aggregate(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(pk)
    ensure(permissions.can_view_aggregate(request.user, session))
    dossiers = session.agenda_items.select_related("project__company", "presenter").order_by(
        "position", "id"
    )
    page = Paginator(dossiers, AGGREGATE_DOSSIERS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "taskforce/session_aggregate.html",
        {
            "session": session,
            "page_obj": page,
            "aggregates": services.session_aggregate(session, items=list(page)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(pk)
    ensure(permissions.can_record_attendance(request.user, session))
    seats = session.session_members.select_related(
        "user__taskforce_membership__organisation"
    ).order_by("user__last_name", "user__first_name", "id")
    # Not `request.POST or None`: a form with every box unticked posts nothing but the token.
    form = AttendanceForm(request.POST if request.method == "POST" else None, seats=seats)
    if form.is_bound and form.is_valid():
        services.session_attendance_record(
            session=session, present=form.cleaned_data["present"], by=request.user
        )
        messages.success(request, _("Les présences sont enregistrées ; la séance est tenue."))
        return redirect(session)
    return render(request, "taskforce/session_attendance.html", {"form": form, "session": session})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def minutes_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The minutes, as each reader may see them: a background job (seconds of rendering for a
    long session); the GET offers it, the POST starts it (taskforce/background.py)."""
    session = _session(pk)
    ensure(permissions.can_view_minutes(request.user, session))
    return background(request, kind=MINUTES_PDF, parameters={"session": session.pk})


# --- The agenda, for staff


def _candidates_url(session: Session) -> str:
    return reverse("taskforce:agenda_candidates", args=[session.pk])


@login_required
@require_safe
def agenda_candidates(request: HttpRequest, pk: int) -> JsonResponse:
    """The first dossiers ready matching `q`, as the agenda form's input writes them."""
    session = _session(pk)
    ensure(permissions.can_manage_session(request.user, session))
    field = AgendaItemForm(candidates=services.agenda_candidates()).fields["project"]
    return JsonResponse({"results": field.suggestions(request.GET.get("q", "")[:200])})


@login_required
@require_http_methods(["GET", "POST"])
def agenda_item_add(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(pk)
    ensure(permissions.can_manage_session(request.user, session))
    form = AgendaItemForm(
        request.POST or None,
        candidates=services.agenda_candidates(),
        search_url=_candidates_url(session),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.agenda_item_add(
                session=session,
                project=form.cleaned_data["project"],
                presenter=form.cleaned_data["presenter"],
                starts_at=form.cleaned_data["starts_at"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Le dossier est inscrit à l'ordre du jour."))
            return redirect(session)
    return render(
        request,
        "taskforce/agenda_item_form.html",
        {"form": form, "session": session, "title": _("Inscrire un dossier")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def agenda_item_edit(request: HttpRequest, item_pk: int) -> HttpResponse:
    item = _item(item_pk)
    ensure(permissions.can_manage_session(request.user, item.session))
    form = AgendaItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Le passage est enregistré."))
        return redirect(item.session)
    return render(
        request,
        "taskforce/agenda_item_form.html",
        {"form": form, "session": item.session, "item": item, "title": _("Modifier le passage")},
    )


@login_required
@require_POST
def agenda_item_remove(request: HttpRequest, item_pk: int) -> HttpResponse:
    item = _item(item_pk)
    ensure(permissions.can_manage_session(request.user, item.session))
    try:
        services.agenda_item_remove(item=item)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Le dossier est retiré de l'ordre du jour."))
    return redirect(item.session)


# --- Dossiers, conflicts and reviews


@login_required
def dossier(request: HttpRequest, item_pk: int) -> HttpResponse:
    item = _item(item_pk)
    user = request.user
    decision = permissions.can_view_dossier(user, item)
    if decision.title_only:
        # The title and the conflict, nothing else of the dossier.
        return render(request, "taskforce/dossier_conflicted.html", {"item": item}, status=403)
    ensure(decision)
    project = item.project
    context = {
        **_dossier_content(item),
        "can_review": permissions.can_review(user, item),
        "can_declare_conflict": permissions.can_declare_conflict(user, item),
        "own_review": Review.objects.filter(agenda_item=item, member=user).first(),
        "is_staff": permissions.is_taskforce_staff(user),
        "can_decide": permissions.can_decide(user, item),
        "can_open_consultation": permissions.can_open_consultation(user, item),
        # The dossier's other passages before the task force (a deferred dossier comes back):
        # the outcome and what was asked, so that this session judges whether it was done.
        # Conflicts hold for the project, so whoever reads this dossier may read them; their
        # motivations stay in their own sessions' minutes.
        "other_passages": list(
            AgendaItem.objects.filter(project=project)
            .exclude(pk=item.pk)
            .exclude(outcome="")
            .select_related("session")
            .order_by("decided_at", "pk")
        ),
    }
    reading = permissions.can_read_reviews(user, item)
    context["can_read_reviews"] = reading
    if reading:
        context["reviews"] = list(
            item.reviews.filter(status=Review.Status.SUBMITTED)
            .select_related("member")
            .prefetch_related(Prefetch("scores__criterion"))
        )
    if context["is_staff"]:
        context["conflicts"] = list(
            ConflictDeclaration.objects.filter(project=project).select_related("member")
        )
    return render(request, "taskforce/dossier.html", context)


def _dossier_content(item: AgendaItem) -> dict:
    """What the dossier says, on its page and in its PDF alike; never the staff's notes."""
    project = item.project
    return {
        "item": item,
        "project": project,
        "company": project.company,
        "axes": list(project.axes.all()),
        "needs": list(Need.objects.filter(project=project).select_related("axis")),
        # Each resource is shown with its scheme's organisation: read with it, not one by one.
        "resources": list(
            Resource.objects.filter(project=project).select_related("scheme__organisation")
        ),
        "financing_lines": list(project.financing_lines.select_related("scheme")),
    }


@login_required
@require_safe
def dossier_pdf(request: HttpRequest, item_pk: int) -> HttpResponse:
    """The dossier to print or read offline: allowed exactly when its page is."""
    item = _item(item_pk)
    ensure(permissions.can_view_dossier(request.user, item))
    return pdf_response(
        request,
        template="taskforce/pdf/dossier.html",
        context=_dossier_content(item),
        filename=f"dossier-{slugify(item.project.title) or item.pk}.pdf",
    )


@login_required
@require_http_methods(["GET", "POST"])
def conflict_declare(request: HttpRequest, item_pk: int) -> HttpResponse:
    item = _item(item_pk)
    user = request.user
    ensure(permissions.can_declare_conflict(user, item))
    member_choices = None
    if permissions.is_taskforce_staff(user):
        member_choices = User.objects.filter(session_seats__session=item.session).exclude(
            conflicts__project=item.project
        )
    form = ConflictForm(request.POST or None, member_choices=member_choices)
    if request.method == "POST" and form.is_valid():
        member = form.cleaned_data.get("member") or user
        try:
            services.conflict_declare(
                item=item,
                member=member,
                kind=form.cleaned_data["kind"],
                comment=form.cleaned_data["comment"],
                by=user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Le conflit d'intérêts est enregistré."))
            if member_choices is not None:
                return redirect(item)
            return redirect(item.session)
    return render(
        request,
        "taskforce/conflict_form.html",
        {"form": form, "item": item, "for_self": member_choices is None},
    )


@login_required
@require_http_methods(["GET", "POST"])
def review_edit(request: HttpRequest, item_pk: int) -> HttpResponse:
    item = _item(item_pk)
    user = request.user
    ensure(permissions.can_review(user, item))
    criteria = ReviewCriterion.objects.filter(is_active=True)
    review = Review.objects.filter(agenda_item=item, member=user).first()
    submitting = request.POST.get("action") == "submit"
    initial = {}
    if review:
        initial = {
            "recommendation": review.recommendation,
            "comments_for_taskforce": review.comments_for_taskforce,
            "comments_for_company": review.comments_for_company,
        }
        initial.update({f"score_{s.criterion_id}": s.score for s in review.scores.all()})
    form = ReviewForm(
        request.POST or None, criteria=criteria, submitting=submitting, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        services.review_save(
            item=item,
            member=user,
            scores=form.scores(),
            recommendation=form.cleaned_data["recommendation"],
            comments_for_taskforce=form.cleaned_data["comments_for_taskforce"],
            comments_for_company=form.cleaned_data["comments_for_company"],
            submit=submitting,
        )
        if submitting:
            messages.success(
                request, _("Votre avis est transmis. Vous pouvez lire ceux des autres membres.")
            )
            return redirect(reverse("taskforce:dossier", args=[item.pk]) + "#avis")
        messages.success(request, _("Votre brouillon est enregistré."))
        return redirect("taskforce:review", item_pk=item.pk)
    return render(
        request, "taskforce/review_form.html", {"form": form, "item": item, "review": review}
    )


@login_required
@require_http_methods(["GET", "POST"])
def decision_record(request: HttpRequest, item_pk: int) -> HttpResponse:
    item = _item(item_pk)
    ensure(permissions.can_decide(request.user, item))
    (aggregate,) = services.session_aggregate(item.session, items=[item])
    post = request.POST if request.method == "POST" else None
    form = DecisionForm(
        post,
        financing_lines=item.project.financing_lines.select_related("scheme"),
        reviews_submitted=len(aggregate.submitted),
    )
    actions = SupportActionFormSet(post, prefix="actions")
    if post is not None and form.is_valid() and actions.is_valid():
        try:
            services.decision_record(
                item=item,
                outcome=form.cleaned_data["outcome"],
                conditions=form.cleaned_data["conditions"],
                rationale=form.cleaned_data["rationale"],
                no_review_reason=form.cleaned_data.get("no_review_reason", ""),
                amount_granted=form.cleaned_data["amount_granted"],
                line_amounts=form.line_amounts(),
                actions=[f.cleaned_data for f in actions if f.has_changed() and f.cleaned_data],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("La décision est enregistrée."))
            return redirect(item)
    return render(
        request,
        "taskforce/decision_form.html",
        {"form": form, "actions": actions, "item": item, "aggregate": aggregate},
    )


@login_required
@require_http_methods(["GET", "POST"])
def consultation_open(request: HttpRequest, item_pk: int) -> HttpResponse:
    item = _item(item_pk)
    ensure(permissions.can_open_consultation(request.user, item))
    form = ConsultationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.consultation_open(
                item=item, closes_on=form.cleaned_data["closes_on"], by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _(
                    "La consultation écrite est ouverte ; les membres qui peuvent encore "
                    "répondre en sont informés par e-mail."
                ),
            )
            return redirect(item)
    return render(request, "taskforce/consultation_form.html", {"form": form, "item": item})


# --- A person's private calendar feed


@login_not_required
@require_safe
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The .ics feed calendar apps fetch without logging in: the token is the key. An unknown
    or revoked token, or a person who no longer has a feed (role withdrawn, account closed),
    answers 404, saying nothing of whether the address ever existed."""
    feed = get_object_or_404(CalendarFeed.objects.select_related("user"), token=token)
    if not can_have_calendar_feed(feed.user):
        raise Http404
    response = HttpResponse(
        ics.calendar_feed(feed.user, site_url=settings.SITE_URL),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = 'inline; filename="agenda.ics"'
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response

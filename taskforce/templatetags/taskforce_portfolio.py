"""The task force's section of a portfolio (templates/projects/workspace/portfolio.html).

The projects app stands below the task force and never imports it: its portfolio loads this tag,
which reads the coming sessions and the portfolio owner's dossiers on their agendas, in two
queries whatever their number, and asks the task force's rights who may see them.
"""

from datetime import date

from django import template
from django.db.models import Count, Q, Window

from projects.models import Project

from ..models import AgendaItem, Session
from ..permissions import can_view_session_list, visible_sessions

register = template.Library()

# The coming sessions shown; the session list holds them all.
COMING_SESSIONS_SHOWN = 5
# The owner's dossiers shown unless the whole list is asked for (like the portfolio's lists).
DOSSIERS_SHOWN = 10


@register.inclusion_tag("taskforce/partials/portfolio_sessions.html")
def portfolio_task_forces(
    viewer, owner, today: date, is_own: bool, full_link_prefix: str, full: bool = False
) -> dict:
    """Nothing (`shown` False) for a person who may not follow the task force's sessions.

    `full` lists all the owner's dossiers on coming agendas; `full_link_prefix` is the
    portfolio's own "voir tout" link, which keeps the person it shows.
    """
    if not can_view_session_list(viewer):
        return {"shown": False}
    # A cancelled session is no longer coming (its members were told).
    coming = (
        visible_sessions(viewer).filter(date__gte=today).exclude(status=Session.Status.CANCELLED)
    )
    # The shown sessions are chosen first and only theirs are counted: counting every coming
    # session's dossiers before keeping five read the whole agenda table at scale.
    shown = coming.order_by("date", "starts_at", "pk").values("pk")[:COMING_SESSIONS_SHOWN]
    sessions = list(
        Session.objects.filter(pk__in=shown)
        .annotate(dossier_count=Count("agenda_items"))
        .order_by("date", "starts_at", "pk")
    )
    # The owner's dossiers: those of the projects they hold, and those they present, as a
    # UNION read from the owner's side (their projects, the presenter index). With an OR,
    # PostgreSQL fetched the project of every dossier on every coming agenda to keep a few.
    on_coming = AgendaItem.objects.filter(session__in=coming.values("pk"))
    held_projects = Project.objects.filter(Q(officer=owner) | Q(finance_officer=owner))
    owners_items = (
        on_coming.filter(project__in=held_projects.values("pk"))
        .values("pk")
        .union(on_coming.filter(presenter=owner).values("pk"))
    )
    items = (
        AgendaItem.objects.filter(pk__in=owners_items)
        .annotate(full_count=Window(Count("id")))
        .select_related("session", "project__company", "presenter")
        # The columns the rows show: whole rows of five tables were most of the decoding.
        .only(
            "id",
            "position",
            "starts_at",
            "session__id",
            "session__date",
            "project__id",
            "project__title",
            "project__company__id",
            "project__company__name",
            "presenter__id",
            "presenter__first_name",
            "presenter__last_name",
            "presenter__email",
        )
        .order_by("session__date", "session__starts_at", "session_id", "position", "pk")
    )
    dossiers = list(items if full else items[:DOSSIERS_SHOWN])
    return {
        "shown": True,
        "sessions": sessions,
        "dossiers": dossiers,
        "dossiers_total": dossiers[0].full_count if dossiers else 0,
        "is_own": is_own,
        "owner": owner,
        "full_link_prefix": full_link_prefix,
    }

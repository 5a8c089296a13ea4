"""The session minutes as a background job (pmi_aqt/jobs): rendered by a worker as the person
who asked, with what their rights let them read (asked again there)."""

import io

from django.utils.translation import gettext_lazy as _

from pmi_aqt.accounts.permissions import ensure
from pmi_aqt.jobs.progress import Progress
from pmi_aqt.jobs.registry import JobKind, JobOutput, register

from . import permissions
from .models import ConflictDeclaration, Session
from .pdf import render_pdf

MINUTES_PDF = "taskforce.minutes_pdf"


def minutes_context(user, session: Session) -> dict:
    """Who was there and each dossier's decision, as this reader may see it."""
    seats = list(
        session.session_members.select_related("user__taskforce_membership__organisation").order_by(
            "user__last_name", "user__first_name", "id"
        )
    )
    items = list(
        session.agenda_items.select_related("project__company", "presenter").order_by(
            "position", "id"
        )
    )
    conflicted: dict[int, list] = {}
    if permissions.is_taskforce_staff(user):
        # Who withdrew from which dossier: for the staff's copy only.
        for conflict in ConflictDeclaration.objects.filter(
            project__in=[item.project_id for item in items],
            member__in=[seat.user_id for seat in seats],
        ).select_related("member"):
            conflicted.setdefault(conflict.project_id, []).append(conflict.member)
    rows = [
        {
            "item": item,
            "visible": bool(permissions.can_view_dossier(user, item)),
            "conflicted": conflicted.get(item.project_id, []),
        }
        for item in items
    ]
    return {
        "session": session,
        "rows": rows,
        "present": [seat for seat in seats if seat.attended],
        "absent": [seat for seat in seats if seat.attended is False],
        "unrecorded": [seat for seat in seats if seat.attended is None],
        "attendance_recorded": any(seat.attended is not None for seat in seats),
    }


def minutes_filename(session: Session) -> str:
    return f"proces-verbal-task-force-{session.date.isoformat()}.pdf"


def _minutes(job, progress: Progress) -> JobOutput:
    user = job.requested_by
    session = Session.objects.select_related("chair").get(pk=job.parameters["session"])
    ensure(permissions.can_view_minutes(user, session))
    progress.start(2)
    context = minutes_context(user, session)
    progress.advance()
    pdf = render_pdf(template="taskforce/pdf/minutes.html", context=context)
    progress.advance()
    return JobOutput(io.BytesIO(pdf), minutes_filename(session), "application/pdf")


def register_kinds() -> None:
    register(JobKind(MINUTES_PDF, _("Procès-verbal de séance (PDF)"), _minutes))

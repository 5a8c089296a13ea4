"""Following one's background jobs: the list, a job's page with its progress, the status the
page's script polls, the file. And `background()`, which the exporting views call to offer or
start a job instead of producing the file in the request."""

from django.conf import settings
from django.contrib import messages
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from pmi_aqt.accounts.permissions import ensure, require

from . import registry, services
from .models import Job
from .permissions import can_list_jobs, can_view_job

JOBS_SHOWN = 50
# The ids of the person's jobs still to be announced when they end (pmi_aqt.jobs.middleware).
PENDING_SESSION_KEY = "jobs_to_announce"


# --- Used by the exporting views


def query_parameters(request: HttpRequest) -> dict[str, list[str]]:
    """The list's search, filters and sort, as a job's parameters (every page: no `page`)."""
    return {key: request.GET.getlist(key) for key in sorted(request.GET) if key != "page"}


def beyond_direct_limit(queryset: QuerySet) -> bool:
    """Whether the list has more rows than an export answered in the request may hold; counts
    no further than the limit, whatever the list's size."""
    limit = settings.JOB_DIRECT_EXPORT_MAX_ROWS
    return queryset.order_by().values("pk")[: limit + 1].count() > limit


def background(request: HttpRequest, *, kind: str, parameters: dict) -> HttpResponse:
    """A GET offers to prepare the file in the background (a link followed must change
    nothing); the POST of that offer records the job, queues it and opens its page."""
    if request.method == "POST":
        job = services.job_start(kind=kind, by=request.user, parameters=parameters)
        _announce_later(request, job)
        return redirect(job)
    context = {
        "title": registry.get(kind).title,
        "action": request.get_full_path(),
        "limit": settings.JOB_DIRECT_EXPORT_MAX_ROWS,
        "hours": settings.JOB_FILE_HOURS,
    }
    return render(request, "jobs/start.html", context)


def _announce_later(request: HttpRequest, job: Job) -> None:
    pending = request.session.get(PENDING_SESSION_KEY, [])
    if job.pk not in pending:
        request.session[PENDING_SESSION_KEY] = [*pending, job.pk]


def _announced(request: HttpRequest, job: Job) -> None:
    """The person saw how the job ended: no notice on their next page."""
    pending = request.session.get(PENDING_SESSION_KEY)
    if pending and job.pk in pending:
        request.session[PENDING_SESSION_KEY] = [pk for pk in pending if pk != job.pk]


def notice(job: Job) -> str:
    """The in-portal notice of a job that has ended (a link to its page)."""
    if job.status == Job.Status.DONE:
        text = _("« %(title)s » est prêt : téléchargez-le depuis sa page.")
    else:
        text = _("« %(title)s » n'a pas pu être préparé.")
    return format_html(
        '{} <a href="{}">{}</a>',
        text % {"title": job.title},
        job.get_absolute_url(),
        _("Ouvrir"),
    )


# --- The person's jobs


def status_text(job: Job) -> str:
    """Where the job stands, in words (the page shows it and its script repeats it)."""
    if job.status == Job.Status.PENDING:
        return _("En attente : le travail commence dans un instant.")
    if job.status == Job.Status.RUNNING:
        if job.total:
            return _("En cours : %(done)s sur %(total)s (%(percent)s %%).") % {
                "done": number_format(job.done, force_grouping=True),
                "total": number_format(job.total, force_grouping=True),
                "percent": job.percent,
            }
        return _("En cours.")
    if job.status == Job.Status.DONE and job.is_downloadable:
        return _("Prêt. Le fichier reste disponible jusqu'au %(date)s.") % {
            "date": date_filter(timezone.localtime(job.expires_at), "j F Y à H:i"),
        }
    if job.status in {Job.Status.DONE, Job.Status.EXPIRED}:
        # Past its time (the sweep deletes the file within minutes).
        return _("Le fichier a été supprimé à la fin de son délai : relancez l'export.")
    return _(
        "Le fichier n'a pas pu être préparé. Relancez l'export ; si l'échec se répète, "
        "prévenez le responsable du programme."
    )


def download_label(job: Job) -> str:
    return _("Télécharger %(name)s") % {"name": job.filename or _("le fichier")}


def _own_job(request: HttpRequest, pk: int) -> Job:
    job = get_object_or_404(Job, pk=pk)
    ensure(can_view_job(request.user, job))
    return job


@require(can_list_jobs)
@require_safe
def job_list(request: HttpRequest) -> HttpResponse:
    jobs = list(Job.objects.filter(requested_by=request.user)[:JOBS_SHOWN])
    for job in jobs:
        job.status_text = status_text(job)
    return render(request, "jobs/job_list.html", {"jobs": jobs, "hours": settings.JOB_FILE_HOURS})


@require_safe
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = _own_job(request, pk)
    if job.is_finished:
        _announced(request, job)
    context = {"job": job, "status_text": status_text(job), "download_label": download_label(job)}
    return render(request, "jobs/job_detail.html", context)


@require_safe
def job_status(request: HttpRequest, pk: int) -> JsonResponse:
    """What the job page's script polls (static/js/job-progress.js)."""
    job = _own_job(request, pk)
    if job.is_finished:
        _announced(request, job)
    return JsonResponse(
        {
            "status": job.status,
            "finished": job.is_finished,
            "done": job.done,
            "total": job.total,
            "percent": job.percent,
            "text": status_text(job),
            "download_url": (
                reverse("jobs:download", args=[job.pk]) if job.is_downloadable else None
            ),
            "download_label": download_label(job),
        },
        headers={"Cache-Control": "no-store"},
    )


@require_safe
def job_download(request: HttpRequest, pk: int) -> HttpResponse:
    job = _own_job(request, pk)
    if not job.is_downloadable:
        if job.is_finished:
            messages.info(request, status_text(job))
            return redirect(job)
        raise Http404(_("Le fichier n'est pas encore prêt."))
    try:
        handle = job.file.open("rb")
    except (FileNotFoundError, ValueError):
        # Gone from the disk before its time (a lost volume, a cleanup by hand): said on the
        # job's page, never a server error.
        messages.error(
            request, _("Le fichier de cet export n'est plus disponible : relancez l'export.")
        )
        return redirect(job)
    _announced(request, job)
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=job.filename,
        content_type=job.content_type or "application/octet-stream",
    )
    # Confidential: never kept by a cache on the way.
    response["Cache-Control"] = "private, no-store"
    return response

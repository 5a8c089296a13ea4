"""The in-portal notice that a job has ended, on the next page the person opens."""

from django.contrib import messages

from . import views
from .models import Job

FINISHED = (Job.Status.DONE, Job.Status.FAILED)


class JobNoticeMiddleware:
    """Reads the database only for a person with jobs still to announce (kept in the session),
    so other requests pay nothing. The jobs' own pages say how a job ended themselves."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        session = getattr(request, "session", None)
        pending = session.get(views.PENDING_SESSION_KEY) if session is not None else None
        if not pending or not request.user.is_authenticated:
            return None
        if getattr(view_func, "__module__", "") == views.__name__:
            return None
        ended = list(
            Job.objects.filter(pk__in=pending, requested_by=request.user, status__in=FINISHED)
        )
        for job in ended:
            level = messages.SUCCESS if job.status == Job.Status.DONE else messages.ERROR
            messages.add_message(request, level, views.notice(job))
        if ended:
            ended_ids = {job.pk for job in ended}
            session[views.PENDING_SESSION_KEY] = [pk for pk in pending if pk not in ended_ids]
        return None

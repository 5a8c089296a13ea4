import logging
from functools import wraps

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods
from django_ratelimit.decorators import ratelimit
from django_ratelimit.exceptions import Ratelimited

from ..forms.intake import IntakeForm
from ..services.intake import intake_submit

logger = logging.getLogger(__name__)

# What the thank-you page may say: the submitter's own first name and email, nothing else.
INTAKE_DONE_SESSION_KEY = "intake_done"


def intake_rate_limited(request, exception=None):
    """Settings.RATELIMIT_VIEW: the page for someone who sent too many requests."""
    return render(request, "projects/intake_rate_limited.html", status=429)


def _intake_rate(group: str, request) -> str:
    # Read at request time, so the limit follows the settings (and tests can change it).
    return settings.INTAKE_RATE_LIMIT


def _rate_limit_page(view):
    """Answer django-ratelimit's refusal with our 429 page rather than a bare 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except Ratelimited as exception:
            return intake_rate_limited(request, exception)

    return wrapper


def _client_address(request) -> str | None:
    return request.META.get(settings.RATELIMIT_IP_META_KEY or "REMOTE_ADDR")


@login_not_required
@_rate_limit_page
@ratelimit(key="ip", rate=_intake_rate, method="POST", block=True)
@require_http_methods(["GET", "POST"])
def intake(request):
    if request.method == "POST":
        form = IntakeForm(request.POST)
        if form.caught_in_honeypot:
            # Look like a success to the robot; create and send nothing.
            logger.info("Intake honeypot filled from %s", _client_address(request))
            request.session.pop(INTAKE_DONE_SESSION_KEY, None)
            return redirect("projects:intake_done")
        if form.is_valid():
            intake_submit(**form.submission(), ip=_client_address(request))
            request.session[INTAKE_DONE_SESSION_KEY] = {
                "first_name": form.cleaned_data["first_name"],
                "email": form.cleaned_data["email"],
            }
            return redirect("projects:intake_done")
    else:
        form = IntakeForm()
    return render(request, "projects/intake.html", {"form": form})


@login_not_required
@require_GET
def intake_done(request):
    submitter = request.session.pop(INTAKE_DONE_SESSION_KEY, None)
    return render(request, "projects/intake_done.html", {"submitter": submitter})

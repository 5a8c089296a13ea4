"""The public intake form: send a request now, or save it and finish it from an emailed link."""

import logging
from functools import wraps

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from django_ratelimit.decorators import ratelimit
from django_ratelimit.exceptions import Ratelimited

from ..forms.intake import IntakeDraftForm, IntakeForm, intake_initial
from ..models import IntakeDraft
from ..models.intake_draft import DRAFT_LIFETIME
from ..services.intake import intake_submit
from ..services.intake_drafts import (
    ExpiredDraftLink,
    InvalidDraftLink,
    intake_draft_complete,
    intake_draft_for_token,
    intake_draft_save,
)

logger = logging.getLogger(__name__)

# What the thank-you page may say: the submitter's own first name and email, nothing else.
INTAKE_DONE_SESSION_KEY = "intake_done"
# What the "saved" page may say: the address the link went to, nothing else.
DRAFT_SAVED_SESSION_KEY = "intake_draft_saved"
# The value of the "save and finish later" button (the other one sends the request).
SAVE_DRAFT = "draft"
# The form page and the resume page share one counter per address: one limit for both.
RATE_LIMIT_GROUP = "projects.intake"


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


def _render_form(
    request: HttpRequest,
    form: IntakeForm,
    *,
    draft: IntakeDraft | None = None,
    saving_draft: bool = False,
) -> HttpResponse:
    context = {
        "form": form,
        "draft": draft,
        "saving_draft": saving_draft,
        "draft_lifetime_days": DRAFT_LIFETIME.days,
    }
    response = render(request, "projects/intake.html", context)
    if draft is not None:
        response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _intake_post(request: HttpRequest, *, draft: IntakeDraft | None) -> HttpResponse:
    """Either button of the form, from the blank page (draft=None) or from a resume link."""
    saving_draft = request.POST.get("action") == SAVE_DRAFT
    form = (IntakeDraftForm if saving_draft else IntakeForm)(request.POST)
    if form.caught_in_honeypot:
        # Look like a success to the robot; create and send nothing.
        logger.info("Intake honeypot filled from %s", _client_address(request))
        request.session.pop(INTAKE_DONE_SESSION_KEY, None)
        request.session.pop(DRAFT_SAVED_SESSION_KEY, None)
        return redirect("projects:intake_draft_saved" if saving_draft else "projects:intake_done")
    if not form.is_valid():
        return _render_form(request, form, draft=draft, saving_draft=saving_draft)

    ip = _client_address(request)
    if saving_draft:
        saved = intake_draft_save(
            draft=draft, email=form.cleaned_data["email"], data=form.draft_data(), ip=ip
        )
        if saved is None:  # sent or expired between opening the page and saving it
            return _draft_closed(request, draft)
        request.session[DRAFT_SAVED_SESSION_KEY] = {"email": saved.email}
        return redirect("projects:intake_draft_saved")

    if draft is None:
        intake_submit(**form.submission(), ip=ip)
    elif intake_draft_complete(draft=draft, submission=form.submission(), ip=ip) is None:
        return _draft_closed(request, draft)
    request.session[INTAKE_DONE_SESSION_KEY] = {
        "first_name": form.cleaned_data["first_name"],
        "email": form.cleaned_data["email"],
    }
    return redirect("projects:intake_done")


def _draft_closed(request: HttpRequest, draft: IntakeDraft) -> HttpResponse:
    """The page for a draft that can no longer change: already sent, or expired (or deleted)."""
    if not draft.is_completed:
        draft = IntakeDraft.objects.filter(pk=draft.pk).first()
    if draft is not None and draft.is_completed:
        status = 409 if request.method == "POST" else 200
        return _link_page(request, "projects/intake/draft_completed.html", status)
    return _link_page(request, "projects/intake/draft_link_invalid.html", 410, expired=True)


def _link_page(request, template: str, status: int, **context) -> HttpResponse:
    response = render(
        request, template, {**context, "draft_lifetime_days": DRAFT_LIFETIME.days}, status=status
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@login_not_required
@_rate_limit_page
@ratelimit(key="ip", group=RATE_LIMIT_GROUP, rate=_intake_rate, method="POST", block=True)
@require_http_methods(["GET", "POST"])
def intake(request):
    if request.method == "POST":
        return _intake_post(request, draft=None)
    return _render_form(request, IntakeForm())


@login_not_required
@require_GET
def intake_done(request):
    submitter = request.session.pop(INTAKE_DONE_SESSION_KEY, None)
    return render(request, "projects/intake_done.html", {"submitter": submitter})


@login_not_required
@require_GET
def intake_draft_saved(request):
    saved = request.session.pop(DRAFT_SAVED_SESSION_KEY, None)
    return render(
        request,
        "projects/intake/draft_saved.html",
        {"saved": saved, "draft_lifetime_days": DRAFT_LIFETIME.days},
    )


@login_not_required
@never_cache
@_rate_limit_page
@ratelimit(key="ip", group=RATE_LIMIT_GROUP, rate=_intake_rate, method="POST", block=True)
@require_http_methods(["GET", "POST"])
def intake_resume(request, token: str):
    """The emailed link: the form filled with what was saved, to finish and send (or save)."""
    try:
        draft = intake_draft_for_token(token)
    except ExpiredDraftLink:
        return _link_page(request, "projects/intake/draft_link_invalid.html", 410, expired=True)
    except InvalidDraftLink:
        return _link_page(request, "projects/intake/draft_link_invalid.html", 404, expired=False)
    if draft.is_completed:
        return _draft_closed(request, draft)
    if request.method == "POST":
        return _intake_post(request, draft=draft)
    return _render_form(request, IntakeForm(initial=intake_initial(draft.data)), draft=draft)

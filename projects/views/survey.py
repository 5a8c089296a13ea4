"""The follow-up survey, opened with the secure link emailed 3, 6 and 12 months after support.

No account: the signed, expiring token in the address is the permission, and it names one
follow-up. The page shows the project's title and the company's name, nothing else of the
dossier.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from ..forms.survey import FollowUpSurveyForm
from ..models import FollowUp
from ..reminders import (
    ExpiredSurveyLink,
    InvalidSurveyLink,
    follow_up_answer,
    survey_follow_up,
)
from ..stats.cache import figures_changed


def _render(request: HttpRequest, template: str, context: dict, status: int = 200):
    response = render(request, f"projects/survey/{template}", context, status=status)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _page_context(follow_up: FollowUp) -> dict:
    """Only what the company may read: each value is chosen, the objects are not passed."""
    return {
        "project_title": follow_up.project.title,
        "company_name": follow_up.project.company.name,
        "months": follow_up.months,
        "answered_at": follow_up.answered_at,
    }


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def survey(request: HttpRequest, token: str) -> HttpResponse:
    try:
        follow_up = survey_follow_up(token)
    except ExpiredSurveyLink:
        return _render(request, "invalid_link.html", {"expired": True}, status=403)
    except InvalidSurveyLink:
        return _render(request, "invalid_link.html", {"expired": False}, status=404)

    context = _page_context(follow_up)
    if follow_up.answered_at is not None:
        status = 409 if request.method == "POST" else 200
        return _render(request, "answered.html", context, status=status)

    form = FollowUpSurveyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if follow_up_answer(follow_up=follow_up, answers=form.answers()):
            figures_changed()  # An UPDATE sends no signal; the dashboard's outcomes change.
            messages.success(request, _("Merci : vos réponses sont enregistrées."))
            return redirect("projects:survey", token=token)
        # Another submission won the race a moment ago.
        return _render(request, "answered.html", context, status=409)
    return _render(request, "form.html", {**context, "form": form, "token": token})

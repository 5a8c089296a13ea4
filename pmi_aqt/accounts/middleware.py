from urllib.parse import urlencode

from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponseRedirect
from django.urls import reverse
from django_otp.middleware import OTPMiddleware

from .two_factor import TwoFactorState, two_factor_state

STEP_URL_NAMES = {
    TwoFactorState.NEEDS_CODE: "accounts:two_factor_verify",
    TwoFactorState.NEEDS_SETUP: "accounts:two_factor_setup",
}


def two_factor_step_url(state: TwoFactorState, next_url: str = "") -> str:
    url = reverse(STEP_URL_NAMES[state])
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


class TwoFactorMiddleware(OTPMiddleware):
    """django-otp's middleware (request.user.is_verified()), and the one place that enforces it.

    A person whose password was accepted but who still owes a code — or who, as staff, must
    first set up two-factor authentication — is sent to that step from every page that needs
    a login, and is treated as anonymous on public pages (some of them give staff more, such as
    document downloads). Only views marked in `two_factor.py` see them as logged in.
    """

    def process_view(self, request, view_func, view_args, view_kwargs):
        state = two_factor_state(request.user)
        request.two_factor_state = state
        if state is TwoFactorState.SATISFIED:
            return None
        if state in getattr(view_func, "two_factor_allowed", ()):
            return None
        if not getattr(view_func, "login_required", True):
            request.user = AnonymousUser()
            return None
        return HttpResponseRedirect(two_factor_step_url(state, request.get_full_path()))

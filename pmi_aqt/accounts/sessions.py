"""How long a session lasts: the programme's team is logged out after idling, and anyone may
end their other sessions (a phone left logged in, a shared computer)."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.utils.translation import gettext as _

LAST_SEEN_KEY = "staff_last_seen"
# The session is written at most this often to record activity: not on every request.
REFRESH_EVERY_SECONDS = 60


class StaffIdleTimeoutMiddleware:
    """Staff idle for STAFF_IDLE_TIMEOUT_MINUTES are logged out at their next request.

    Each request of theirs records when they were last seen and extends the session's own
    expiry, so that an abandoned session also dies in the database. That expiry is twice the
    limit: in between, the person coming back is told why they must log in again.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_programme_staff:
            self._check(request)
        return self.get_response(request)

    def _check(self, request) -> None:
        timeout = settings.STAFF_IDLE_TIMEOUT_MINUTES * 60
        now = int(time.time())
        last_seen = request.session.get(LAST_SEEN_KEY)
        if last_seen is not None and now - last_seen > timeout:
            logout(request)
            messages.info(
                request,
                _(
                    "Vous avez été déconnecté·e après %(minutes)s minutes sans activité. "
                    "Reconnectez-vous pour continuer."
                )
                % {"minutes": settings.STAFF_IDLE_TIMEOUT_MINUTES},
            )
            return
        if last_seen is None or now - last_seen >= REFRESH_EVERY_SECONDS:
            seen(request.session, now)


def seen(session, now: int | None = None) -> None:
    """Record activity now, and keep the session alive for twice the idle limit from now."""
    session[LAST_SEEN_KEY] = int(time.time()) if now is None else now
    session.set_expiry(2 * settings.STAFF_IDLE_TIMEOUT_MINUTES * 60)


def seen_at_login(sender, request, user, **kwargs) -> None:
    """Logging in is activity: the first page after it then writes nothing to the session."""
    if request is not None and hasattr(request, "session") and user.is_programme_staff:
        seen(request.session)


def sessions_end_others(request) -> None:
    """Log the person out everywhere but here: their other sessions stop at their next request."""
    user = request.user
    user.session_generation += 1
    user.save(update_fields=["session_generation"])
    update_session_auth_hash(request, user)

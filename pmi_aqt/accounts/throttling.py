"""Login throttling: failed password attempts counted per address typed and per client address.

Only failures count, so a person who types their password right is never slowed down; a
success resets nothing either, so an attacker who owns one account cannot wipe the count of
their address by logging into it. Counters live in the default cache (Redis in production,
shared by every web process) through django-ratelimit, and expire with their window.
"""

import logging

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import get_usage

logger = logging.getLogger(__name__)

ACCOUNT_GROUP = "accounts.login.account"
IP_GROUP = "accounts.login.ip"


def _usages(request: HttpRequest, username: str | None, *, increment: bool) -> list[dict]:
    # Whatever address was typed, known account or not: the answer must not tell them apart.
    typed = (username or "").strip().lower()
    # Rates read at request time, so they follow the settings (and tests can change them).
    limits = [
        (ACCOUNT_GROUP, lambda group, request: typed, settings.LOGIN_FAILURE_LIMIT_PER_ACCOUNT),
        (IP_GROUP, "ip", settings.LOGIN_FAILURE_LIMIT_PER_IP),
    ]
    usages = []
    for group, key, rate in limits:
        if key == "ip" and not (settings.RATELIMIT_IP_META_KEY or request.META.get("REMOTE_ADDR")):
            continue  # A request built in code (no client address): only the account counts.
        try:
            usage = get_usage(request, group=group, key=key, rate=rate, increment=increment)
        except Exception:
            # The cache is down (Redis stopped): people must still be able to log in, with
            # their password and second factor; the counters come back with the cache.
            logger.warning("Login throttling skipped: the cache is unavailable.", exc_info=True)
            continue
        if usage is not None:
            usages.append(usage)
    return usages


def login_is_throttled(request: HttpRequest | None, username: str | None) -> bool:
    """True once the typed address or the client address has used up its failures."""
    if request is None:
        return False
    return any(
        usage["count"] >= usage["limit"] for usage in _usages(request, username, increment=False)
    )


def login_failure_record(request: HttpRequest | None, username: str | None) -> None:
    if request is not None:
        _usages(request, username, increment=True)

"""Login throttling: failed password attempts counted per address typed and per client address.

Only failures count, so a person who types their password right is never slowed down; a
success resets nothing either, so an attacker who owns one account cannot wipe the count of
their address by logging into it. Counters live in the "limits" cache through django-ratelimit
(Redis in production, shared by every web process; in the database while Redis is unreachable,
pmi_aqt/cache.py), and expire with their window.
"""

import logging

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router
from django.http import HttpRequest
from django.utils import timezone
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


_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def counting_window_seconds(rate: str) -> int:
    """The window of a django-ratelimit rate ("5/15m": 900): how long a client address it
    counted is kept (the privacy page states the longest)."""
    period = rate.split("/", 1)[1]
    return int(period[:-1] or 1) * _SECONDS[period[-1]]


def longest_counting_window_minutes() -> int:
    """The longest window of the abuse limits (login throttles, intake rate), in minutes."""
    rates = (
        settings.LOGIN_FAILURE_LIMIT_PER_ACCOUNT,
        settings.LOGIN_FAILURE_LIMIT_PER_IP,
        settings.INTAKE_RATE_LIMIT,
    )
    return max(-(-counting_window_seconds(rate) // 60) for rate in rates)


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


def expired_counters_purge() -> int:
    """Delete the counters the database holds (without Redis, or while it was down) once their
    window is over: Django's database cache only drops them when it is full, and they hold
    client addresses. Returns how many were deleted."""
    deleted = 0
    for alias in ("limits", "limits_fallback"):
        if alias not in settings.CACHES or not isinstance(caches[alias], DatabaseCache):
            continue
        cache = caches[alias]
        database = router.db_for_write(cache.cache_model_class)
        connection = connections[database]
        table = connection.ops.quote_name(cache._table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {table} WHERE expires < %s",  # noqa: S608 - a setting's name
                [connection.ops.adapt_datetimefield_value(timezone.now())],
            )
            deleted += cursor.rowcount
    return deleted

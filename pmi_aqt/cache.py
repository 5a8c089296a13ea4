"""Django's Redis cache in two flavours, for what each holds.

- `FailOpenRedisCache` (the default cache: figures, disposable values): when Redis is
  unreachable each operation logs a warning and behaves as a miss (reads return the default,
  writes do nothing), so pages keep working until Redis returns.
- `FallbackRedisCache` (the "limits" cache: the intake rate limit and the login throttles):
  abuse limits must hold while Redis is down, so when it does not answer the counters go on in
  the database cache named by FALLBACK. A window that started in Redis starts again in the
  database: an outage can give an attacker one fresh window, never an unlimited one.
"""

import logging

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

REDIS_DOWN = (RedisConnectionError, RedisTimeoutError)


class FailOpenRedisCache(RedisCache):
    def _warn(self, operation: str) -> None:
        logger.warning("Redis cache unreachable during %s: acting as a cache miss", operation)

    def add(self, key, value, timeout=None, version=None):
        try:
            return super().add(key, value, timeout, version)
        except REDIS_DOWN:
            self._warn("add")
            return True

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except REDIS_DOWN:
            self._warn("get")
            return default

    def set(self, key, value, timeout=None, version=None):
        try:
            super().set(key, value, timeout, version)
        except REDIS_DOWN:
            self._warn("set")

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version)
        except REDIS_DOWN:
            self._warn("incr")
            return delta

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except REDIS_DOWN:
            self._warn("delete")
            return False

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except REDIS_DOWN:
            self._warn("get_many")
            return {}

    def set_many(self, data, timeout=None, version=None):
        try:
            return super().set_many(data, timeout, version)
        except REDIS_DOWN:
            self._warn("set_many")
            return list(data)  # none was set

    def delete_many(self, keys, version=None):
        try:
            return super().delete_many(keys, version)
        except REDIS_DOWN:
            self._warn("delete_many")

    def clear(self):
        try:
            return super().clear()
        except REDIS_DOWN:
            self._warn("clear")
            return False


class FallbackRedisCache(RedisCache):
    """Redis while it answers, the cache named by the FALLBACK parameter while it does not."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._fallback_alias = params["FALLBACK"]

    def _fallback(self, operation: str):
        logger.warning(
            "Redis unreachable during %s: abuse counters kept in the database", operation
        )
        return caches[self._fallback_alias]

    def add(self, key, value, timeout=None, version=None):
        try:
            return super().add(key, value, timeout, version)
        except REDIS_DOWN:
            return self._fallback("add").add(key, value, timeout, version)

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except REDIS_DOWN:
            return self._fallback("get").get(key, default, version)

    def set(self, key, value, timeout=None, version=None):
        try:
            super().set(key, value, timeout, version)
        except REDIS_DOWN:
            self._fallback("set").set(key, value, timeout, version)

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version)
        except REDIS_DOWN:
            return self._fallback("incr").incr(key, delta, version)

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except REDIS_DOWN:
            return self._fallback("delete").delete(key, version)

    def clear(self):
        try:
            super().clear()
        except REDIS_DOWN:
            self._warn_clear()
        # Counters left in the database by an outage are cleared with the rest.
        caches[self._fallback_alias].clear()

    def _warn_clear(self) -> None:
        logger.warning("Redis unreachable during clear: only the database counters cleared")

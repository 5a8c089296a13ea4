"""Django's Redis cache, made to fail open: a Redis outage must not take pages down.

The cache only holds rate-limit counters and other disposable values. When Redis is unreachable
each operation logs a warning and behaves as a miss (reads return the default, writes do
nothing), so the intake form keeps working — without its rate limit — until Redis returns.
"""

import logging

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

    def clear(self):
        try:
            return super().clear()
        except REDIS_DOWN:
            self._warn("clear")
            return False

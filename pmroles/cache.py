"""The Redis cache, tolerant of Redis being down: a miss, not a 500.

Stored answers and the API throttle counters live in Redis when REDIS_URL is set (the data
versions live in the database). With Redis stopped every request raised ConnectionError
(issue 17: 241 × 500 in 10 s). Everything kept there can be rebuilt or done without, so each
operation that fails is logged and answered as the cache's "nothing there": a read is a miss
(the page is built from the database), a write is dropped. Throttles therefore fail OPEN
while Redis is down (every request is let through, none counted); the database, not the
cache, is the truth for every write. Short socket timeouts keep a dead or hung Redis from
holding a request for long. `/health/` (pmroles.health) reports the outage.
"""

from __future__ import annotations

import logging
import time

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger("pmroles.cache")
_LOG_EVERY_SECONDS = 10.0


class TolerantRedisCache(RedisCache):
    _last_logged = 0.0

    def _failed(self, operation: str, exc: Exception) -> None:
        now = time.monotonic()
        if now - TolerantRedisCache._last_logged >= _LOG_EVERY_SECONDS:
            TolerantRedisCache._last_logged = now
            logger.warning(
                "Cache unavailable (%s failed: %r); answering without it.", operation, exc
            )

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except RedisError as exc:
            self._failed("get", exc)
            return default

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except RedisError as exc:
            self._failed("get_many", exc)
            return {}

    def has_key(self, key, version=None):
        try:
            return super().has_key(key, version)
        except RedisError as exc:
            self._failed("has_key", exc)
            return False

    def set(self, key, value, timeout=None, version=None, **kwargs):
        try:
            super().set(key, value, timeout, version)
        except RedisError as exc:
            self._failed("set", exc)

    def set_many(self, data, timeout=None, version=None):
        try:
            return super().set_many(data, timeout, version)
        except RedisError as exc:
            self._failed("set_many", exc)
            return list(data)

    def add(self, key, value, timeout=None, version=None):
        try:
            return super().add(key, value, timeout, version)
        except RedisError as exc:
            self._failed("add", exc)
            return False

    def touch(self, key, timeout=None, version=None):
        try:
            return super().touch(key, timeout, version)
        except RedisError as exc:
            self._failed("touch", exc)
            return False

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except RedisError as exc:
            self._failed("delete", exc)
            return False

    def delete_many(self, keys, version=None):
        try:
            super().delete_many(keys, version)
        except RedisError as exc:
            self._failed("delete_many", exc)

    def clear(self):
        try:
            return super().clear()
        except RedisError as exc:
            self._failed("clear", exc)
            return False

    def ping(self) -> None:
        """Raise unless Redis answers (pmroles.health)."""
        self._cache.get_client(write=True).ping()

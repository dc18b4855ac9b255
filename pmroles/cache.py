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

import base64
import datetime as dt
import logging
import pickle
import time

from django.conf import settings
from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.db import connections, router, transaction
from django.db.models import DateTimeField, Expression
from django.utils import timezone
from redis.exceptions import RedisError

logger = logging.getLogger("pmroles.cache")
_LOG_EVERY_SECONDS = 10.0


class ReusedClientRedisCacheClient(RedisCacheClient):
    """Django's Redis client maker, keeping one client per connection pool.

    Django makes a new `redis.Redis` for every operation; with redis-py 8 building one costs
    more than the GET it carries (about a third of a stored page's cache time). A client
    holds no connection of its own (it borrows one from the pool per command) and is safe
    to share between threads, so one per pool is kept.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}

    def get_client(self, key=None, *, write=False):
        # Django's own private helpers (the stubs do not declare them).
        index = self._get_connection_pool_index(write)  # type: ignore[attr-defined]
        client = self._clients.get(index)
        if client is None:
            pool = self._get_connection_pool(write)  # type: ignore[attr-defined]
            client = self._client(connection_pool=pool)  # type: ignore[attr-defined]
            self._clients[index] = client
        return client


class TolerantRedisCache(RedisCache):
    _last_logged = 0.0

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient

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

    def incr(self, key, delta=1, version=None):
        """Redis's INCR (atomic); with Redis down, ValueError, Django's "no such key", which
        the API throttles (api.throttles) answer by letting the request through."""
        try:
            return super().incr(key, delta, version)
        except RedisError as exc:
            self._failed("incr", exc)
            raise ValueError("The cache is unavailable.") from None

    def decr(self, key, delta=1, version=None):
        return self.incr(key, -delta, version)

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


class CountingDatabaseCache(DatabaseCache):
    """The database cache with an atomic incr, for the API throttle counters.

    Django's DatabaseCache.incr is BaseCache's: get, add, set, so two requests at once both
    read N and both write N + 1 (issue 17, finding 10). Here the row is read with
    SELECT ... FOR UPDATE (PostgreSQL; SQLite takes its write lock for the whole
    transaction) and written back in the same transaction, so concurrent increments queue.
    """

    def incr(self, key, delta=1, version=None):
        key = self.make_and_validate_key(key, version=version)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        quote = connection.ops.quote_name
        table = quote(self._table)  # type: ignore[attr-defined]  # set by DatabaseCache
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        with transaction.atomic(using=db), connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                # Take SQLite's write lock before reading, so no one reads between.
                cursor.execute(
                    f"UPDATE {table} SET cache_key = cache_key WHERE cache_key = %s", [key]
                )
            cursor.execute(
                f"SELECT {quote('value')}, {quote('expires')} FROM {table} "
                f"WHERE {quote('cache_key')} = %s{lock}",
                [key],
            )
            row = cursor.fetchone()
            if row is None or _expired(connection, row[1]):
                raise ValueError(f"Key '{key}' not found.")
            value = pickle.loads(base64.b64decode(row[0].encode()))  # noqa: S301  # our own row
            value += delta
            encoded = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
            cursor.execute(
                f"UPDATE {table} SET {quote('value')} = %s WHERE {quote('cache_key')} = %s",
                [encoded, key],
            )
        return value

    def decr(self, key, delta=1, version=None):
        return self.incr(key, -delta, version)


def _expired(connection, expires) -> bool:
    """Whether a cache row's `expires` column (as the backend returns it) is past."""
    field = DateTimeField()
    for converter in connection.ops.get_db_converters(Expression(output_field=field)):
        expires = converter(expires, Expression(output_field=field), connection)
    if isinstance(expires, str):
        expires = dt.datetime.fromisoformat(expires)
    if settings.USE_TZ and timezone.is_naive(expires):
        expires = timezone.make_aware(expires, dt.UTC)
    return expires < (timezone.now() if settings.USE_TZ else dt.datetime.now())

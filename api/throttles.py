"""The API's anon/user throttles: rates read at request time, counted atomically in a
shared cache.

DRF's own classes copy DEFAULT_THROTTLE_RATES into a class attribute at import, so
changed settings (tests, or a settings reload) would never reach them. They also count in
the "default" cache, which is local memory per process unless Redis is configured: with
several gunicorn workers each allowed the full rate. The "throttle" cache alias is always
shared (Redis, or the database table; pmroles/settings/base.py).

DRF's history is a list read from the cache, appended to and written back: two requests at
once both read N entries and both write N + 1, so under concurrency about 3% went uncounted
(issue 17, finding 10). Here each client has a window that opens with its first request
(`<key>_start`, added with the rate's duration as its timeout, so it closes by itself) and a
counter named by that start, advanced with `cache.incr`: atomic in Redis (INCR), in local
memory (a lock) and in the database cache (pmroles.cache.CountingDatabaseCache locks the
row). Each request gets its own count, so of N concurrent requests against a limit L exactly
L are let through. A refused request gives its count back, so refusals do not use up the
next requests' places. Retry-After is the time left in the window.

With the cache down (Redis stopped), `add` answers False and `incr` raises ValueError
("nothing there", pmroles.cache.TolerantRedisCache): the request is let through, as before:
throttles fail open while the cache is down (docs/operations.md).
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Callable
from typing import Any

from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


def _rate(scope: str | None) -> str | None:
    """The scope's rate now, as DRF reads it (None: not throttled), read at each request."""
    if scope is None:
        raise ImproperlyConfigured("A throttle needs a scope.")
    rates = api_settings.DEFAULT_THROTTLE_RATES
    if scope not in rates:
        raise ImproperlyConfigured(f"No throttle rate set for scope “{scope}”.")
    rate = rates[scope]
    return None if rate is None else str(rate)


def counted(cache, key: str) -> int:
    """How many requests the client behind `key` has been let through in its open window
    (0 without one): for tests and scripts/cluster.sh, which read another process's count."""
    start = cache.get(f"{key}_start")
    return 0 if start is None else int(cache.get(f"{key}_{start}", 0))


class _Counting:
    """allow_request and wait for SimpleRateThrottle subclasses, counting with add + incr."""

    # Set by DRF's SimpleRateThrottle, which each throttle below also derives from.
    cache: Any
    scope: str | None
    rate: str | None
    num_requests: int
    duration: int
    key: str | None
    timer: Callable[[], float]
    get_cache_key: Callable[..., str | None]
    _wait: float = 0.0

    def get_rate(self) -> str | None:
        return _rate(self.scope)

    def allow_request(self, request, view) -> bool:
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        cache = self.cache
        now = self.timer()
        # The first request of a window records when it opened; the others read it.
        cache.add(f"{self.key}_start", int(now * 1_000_000), self.duration)
        start = cache.get(f"{self.key}_start")
        if start is None:
            return True  # the cache is down (fail open), or the window closed just now
        counter = f"{self.key}_{start}"
        # One second past the window: the counter outlives every request that reads it.
        cache.add(counter, 0, self.duration + 1)
        try:
            count = cache.incr(counter)
        except ValueError:
            return True  # the cache is down (fail open), or the counter expired meanwhile
        if count <= self.num_requests:
            return True
        with contextlib.suppress(ValueError):  # the cache went down: nothing to give back
            cache.decr(counter)
        # Another worker's clock may run a little ahead: never more than one window.
        self._wait = min(self.duration, start / 1_000_000 + self.duration - now)
        return False

    def wait(self) -> float | None:
        """Seconds until the window closes (DRF rounds Retry-After up), at least 1."""
        return max(1.0, math.ceil(self._wait))


class AnonThrottle(_Counting, AnonRateThrottle):
    def __init__(self) -> None:
        self.cache = caches["throttle"]
        super().__init__()


class UserThrottle(_Counting, UserRateThrottle):
    def __init__(self) -> None:
        self.cache = caches["throttle"]
        super().__init__()

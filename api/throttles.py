"""DRF's anon/user throttles, reading their rates at request time, counting in a shared cache.

DRF's own classes copy DEFAULT_THROTTLE_RATES into a class attribute at import, so
changed settings (tests, or a settings reload) would never reach them. They also count in
the "default" cache, which is local memory per process unless Redis is configured: with
several gunicorn workers each allowed the full rate. The "throttle" cache alias is always
shared (Redis, or the database table; pmroles/settings/base.py).
"""

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


class AnonThrottle(AnonRateThrottle):
    def __init__(self) -> None:
        self.cache = caches["throttle"]
        super().__init__()

    def get_rate(self) -> str | None:
        return _rate(self.scope)


class UserThrottle(UserRateThrottle):
    def __init__(self) -> None:
        self.cache = caches["throttle"]
        super().__init__()

    def get_rate(self) -> str | None:
        return _rate(self.scope)

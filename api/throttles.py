"""DRF's anon/user throttles, reading their rates at request time, counting in a shared cache.

DRF's own classes copy DEFAULT_THROTTLE_RATES into a class attribute at import, so
changed settings (tests, or a settings reload) would never reach them. They also count in
the "default" cache, which is local memory per process unless Redis is configured: with
several gunicorn workers each allowed the full rate. The "throttle" cache alias is always
shared (Redis, or the database table; pmroles/settings/base.py).
"""

from django.core.cache import caches
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class SharedCounts:
    @property
    def cache(self):
        return caches["throttle"]


class AnonThrottle(SharedCounts, AnonRateThrottle):
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]


class UserThrottle(SharedCounts, UserRateThrottle):
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]

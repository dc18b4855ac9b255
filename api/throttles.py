"""DRF's anon/user throttles, reading their rates at request time.

DRF's own classes copy DEFAULT_THROTTLE_RATES into a class attribute at import, so
changed settings (tests, or a settings reload) would never reach them.
"""

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class AnonThrottle(AnonRateThrottle):
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]


class UserThrottle(UserRateThrottle):
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]

"""Benchmark only (scripts/bench.py): production settings on loopback, plus a bare view.

The benchmark passes a throwaway SECRET_KEY in the environment (production refuses to start
without one). Differences from production, each because a benchmark needs it:
- hosts 127.0.0.1 and localhost, no SSL redirect, no secure-only cookies (plain HTTP);
- the default map is the generated one (pmroles.benchdata), unless PMROLES_DEFAULT_MAP says;
- API throttles off: a few thousand requests a second from one address would be refused;
- `/bench/bare/` (pmroles.bench_urls) answers a tiny response: the yardstick;
- pmroles.benchtools.QueryCountMiddleware counts the SQL queries of requests that carry the
  header X-Bench-Queries (the others pay one header lookup).
"""

from .env import envstr
from .prod import *  # noqa: F403
from .prod import MIDDLEWARE, REST_FRAMEWORK

ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
ROOT_URLCONF = "pmroles.bench_urls"
PMROLES_DEFAULT_MAP = envstr("PMROLES_DEFAULT_MAP", "generated")
# The API's views name their throttles (api.throttles), which read these rates per request;
# no rate means no throttling (and no cache traffic for it).
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_CLASSES": [],
    "DEFAULT_THROTTLE_RATES": {"anon": None, "user": None},
}
MIDDLEWARE = ["pmroles.benchtools.QueryCountMiddleware", *MIDDLEWARE]

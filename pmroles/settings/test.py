"""Test runs: fast hashing, plain static storage, no throttling surprises."""

import tempfile

from .base import *  # noqa: F403
from .base import BASE_DIR, MIDDLEWARE, REST_FRAMEWORK, STORAGES

DEBUG = False
SECRET_KEY = "test-only-key"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    # Prepared downloads in a folder of this run's own (roles/prepared.py).
    "downloads": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": tempfile.mkdtemp(prefix="pmroles-test-downloads-")},
    },
}
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": {"anon": "100000/hour", "user": "100000/hour"},
}
WHITENOISE_USE_FINDERS = True
# Static files come from the finders (above), never from a folder `collectstatic` filled
# (`make serve`, the benchmark): WhiteNoise would list that folder again for every test
# client, 85 ms each, and make a checkout's suite slower than a clean clone's.
STATIC_ROOT = BASE_DIR / "var" / "test-static-root-never-collected"
# Both caches in one local-memory store (same LOCATION), so `cache.clear()` in a test also
# clears the throttle counters; the shared (database, Redis) throttle cache is tested on its
# own (tests/test_shared_counts.py).
CACHES = {
    alias: {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pmroles-test"}
    for alias in ("default", "throttle")
}
# WhiteNoise lists the static files once per process, not once per test client (every
# client builds its own middleware chain): tests/static_files.py.
MIDDLEWARE = [
    "tests.static_files.WhiteNoiseMiddleware"
    if name == "whitenoise.middleware.WhiteNoiseMiddleware"
    else name
    for name in MIDDLEWARE
]

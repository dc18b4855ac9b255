"""Production: refuses to start without a secret key; secure cookies and HSTS."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATABASES, MIDDLEWARE, REST_FRAMEWORK, SECRET_KEY
from .env import envbool, envint

if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment for production.")

DEBUG = envbool("DEBUG", False)
# HTTPS only, by default: plain HTTP is redirected, browsers are told (HSTS) to use HTTPS for
# a year, cookies are never sent over HTTP. Each has a switch for local runs over plain HTTP
# (README, Security): SECURE_SSL_REDIRECT=false SECURE_HSTS_SECONDS=0
# SESSION_COOKIE_SECURE=false CSRF_COOKIE_SECURE=false.
SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", True)
CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", True)
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
# A load balancer checks /health/ over plain HTTP on the private network: not redirected.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
# Behind a proxy that terminates TLS and forwards plain HTTP (HAProxy, nginx, a platform's
# router): BEHIND_TLS_PROXY=true trusts its X-Forwarded-Proto: https, so requests that came
# in over HTTPS are not redirected again. Only with a proxy that always sets the header.
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if envbool("BEHIND_TLS_PROXY") else None
)

# Persistent connections (a new PostgreSQL connection per request costs more than many
# queries), checked before reuse so a restarted database costs one failed check, not a 500.
DATABASES["default"]["CONN_MAX_AGE"] = envint("DB_CONN_MAX_AGE", 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# Gzip for HTML and JSON, right after whitenoise (which serves static files precompressed);
# streamed downloads at a lower level, workbooks not at all (pmroles/middleware/gzip.py).
# BREACH: see README (CSRF tokens are masked per response, Django pads gzip output).
MIDDLEWARE = [*MIDDLEWARE]
MIDDLEWARE.insert(
    MIDDLEWARE.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1,
    "pmroles.middleware.gzip.GZipMiddleware",
)

# The API answers JSON only: no browsable HTML pages (forms, login links) in production.
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}

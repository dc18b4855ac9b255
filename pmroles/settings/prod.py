"""Production: refuses to start without a secret key; secure cookies and HSTS."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATABASES, MIDDLEWARE, REST_FRAMEWORK, SECRET_KEY
from .env import envbool, envint

if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment for production.")

DEBUG = envbool("DEBUG", False)
SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", True)
CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", True)
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if envbool("BEHIND_TLS_PROXY") else None
)

# Persistent connections (a new PostgreSQL connection per request costs more than many
# queries), checked before reuse so a restarted database costs one failed check, not a 500.
DATABASES["default"]["CONN_MAX_AGE"] = envint("DB_CONN_MAX_AGE", 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# Gzip for HTML and JSON, right after whitenoise (which serves static files precompressed).
# BREACH: see README (CSRF tokens are masked per response, Django pads gzip output).
MIDDLEWARE = [*MIDDLEWARE]
MIDDLEWARE.insert(
    MIDDLEWARE.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1,
    "django.middleware.gzip.GZipMiddleware",
)

# The API answers JSON only: no browsable HTML pages (forms, login links) in production.
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}

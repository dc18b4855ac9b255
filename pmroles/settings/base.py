"""Settings shared by every environment; environment-specific files override them."""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF

from .env import envbool, envint, envlist, envstr

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = envstr("SECRET_KEY")
DEBUG = envbool("DEBUG", False)
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "simple_history",
    "axes",
    "csp",
    "rules",
    # The domain: models, rules, services and computations. It imports nothing above it.
    "roles",
    "responsibilities",
    # The layers above the domain: pages, the REST API, the editors' admin and interchange.
    "web",
    "api",
    "editing",
]

MIDDLEWARE = [
    # Security headers first: every response gets them, static files (whitenoise answers
    # those itself and skips the middleware after it) and HTTPS redirects included.
    "csp.middleware.CSPMiddleware",
    "pmroles.middleware.headers.SecurityHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # A database outage answers 503 + Retry-After (pmroles/middleware/database.py).
    "pmroles.middleware.database.DatabaseUnavailableMiddleware",
    # A 400 for a NUL byte or non-UTF-8 bytes in the address, before any view (pmroles.errors).
    "pmroles.errors.UnreadableInputMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Django's AuthenticationMiddleware; a GET's signed-in reader remembered (signed_in.py).
    "pmroles.middleware.signed_in.SignedInReaderMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: refuses logins while an account and address are locked out.
    "axes.middleware.AxesMiddleware",
    # A page view's InputError becomes the 400 page with its sentence (web/errors.py).
    "web.errors.InputErrorMiddleware",
]

# Django's database sessions, keeping each row's expiry date when loaded: a signed-in
# reader is remembered no longer than their session (pmroles/conditional/signed_in.py).
SESSION_ENGINE = "pmroles.sessions"

# django-axes first: it counts failed logins and refuses them during a lockout.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Per-map permissions (roles/access.py): who may see and edit which map.
    "rules.permissions.ObjectPermissionBackend",
]

# Content-Security-Policy (django-csp 4 format): only this site's own scripts, styles,
# images and fonts; no inline script or style anywhere (templates keep JS and CSS in static/).
# The one nonce: Redoc (/api/redoc/) writes its styles into <style> elements at run time and
# is given a per-response nonce for them (templates/api/redoc.html, static/js/redoc-init.js);
# a page that asks for no nonce gets none in its header.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        # Redoc's search index runs in a worker it builds from a blob.
        "worker-src": [SELF, "blob:"],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Browser features no page of pmroles uses, switched off (pmroles/middleware/headers.py).
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), fullscreen=(), "
    "geolocation=(), gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), "
    "publickey-credentials-get=(), screen-wake-lock=(), usb=(), xr-spatial-tracking=()"
)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

ROOT_URLCONF = "pmroles.urls"
WSGI_APPLICATION = "pmroles.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "web.context_processors.role_maps",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        envstr("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=envint("DB_CONN_MAX_AGE", 0),
    )
}
# PostgreSQL compiles a query whose estimated cost passes jit_above_cost (100,000) to machine
# code first. Ours are short reads the planner overestimates (a page of the matrix at scale 1:
# 52 ms of compiling for a 40 ms query), so JIT is off unless DB_JIT=true.
if DATABASES["default"]["ENGINE"].endswith("postgresql") and not envbool("DB_JIT", False):
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    # Whole-map downloads of big maps, written once per data version (roles/prepared.py).
    # More than one server: point this at storage they share (docs/operations.md).
    "downloads": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": envstr("PMROLES_DOWNLOADS_DIR", str(BASE_DIR / "var" / "downloads"))
        },
    },
}

# Django's caches. "throttle" holds the API throttle counters, which must be shared by every
# process and server or each would count on its own: Redis when REDIS_URL is set (e.g.
# redis://127.0.0.1:6379/3), else the database (table pmroles_cache, which every `migrate`
# makes: editing/apps.py runs createcachetable after it). "default" (cached
# computations) is Redis too with REDIS_URL, else local memory.
CACHE_TABLE = "pmroles_cache"
# With Redis down, pages and the API answer without it and throttles let requests through
# (pmroles/cache.py); the timeouts (seconds) bound how long a hung Redis holds a request.
if envstr("REDIS_URL"):
    CACHES = {
        alias: {
            "BACKEND": "pmroles.cache.TolerantRedisCache",
            "LOCATION": envstr("REDIS_URL"),
            "KEY_PREFIX": envstr("CACHE_KEY_PREFIX", "pmroles") + suffix,
            "OPTIONS": {
                "socket_connect_timeout": float(envstr("REDIS_CONNECT_TIMEOUT", "0.5")),
                "socket_timeout": float(envstr("REDIS_TIMEOUT", "1")),
            },
        }
        for alias, suffix in (("default", ""), ("throttle", "-throttle"))
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "throttle": {
            "BACKEND": "pmroles.cache.CountingDatabaseCache",
            "LOCATION": CACHE_TABLE,
        },
    }

# Admin (and any password) login: django-axes locks an account out for one client address
# after AXES_FAILURE_LIMIT failures in a row, for AXES_COOLOFF_MINUTES; a success resets the
# count. Counted in the database, so every process and server sees the same count.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=envint("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "locked.html"
# The client's address as the API throttles see it (NUM_PROXIES trusted proxies).
AXES_CLIENT_IP_CALLABLE = "pmroles.security.client_ip"

# Seconds a client is told to wait (Retry-After) when the database cannot be reached.
DATABASE_RETRY_AFTER = envint("DATABASE_RETRY_AFTER", 30)

# The slug of the role map that pages and queries use when none is asked for.
PMROLES_DEFAULT_MAP = envstr("PMROLES_DEFAULT_MAP", "reference")

# Map health (roles/health.py): a role holding more than this percentage of a map's
# Accountable parts is reported; a role whose parts rest on fewer quotes than this (or on a
# single source) has thin evidence. Pages and the API take ?max_a_share= / ?min_quotes=.
PMROLES_HEALTH_MAX_A_SHARE = envint("PMROLES_HEALTH_MAX_A_SHARE", 40)
PMROLES_HEALTH_MIN_QUOTES = envint("PMROLES_HEALTH_MIN_QUOTES", 3)

# Whole-map downloads (CSV, XLSX) of a map with more parts than this are prepared in the
# background and kept per data version (roles/prepared.py); smaller maps' are streamed at
# once. The plain grid (`cells=letters`) waits for ten times as many.
PMROLES_PREPARE_ABOVE_PARTS = envint("PMROLES_PREPARE_ABOVE_PARTS", 20_000)

# The largest XLSX workbook an import reads (bytes); editing/interchange/xlsx.py also bounds
# its zip entries and their declared unpacked size before parsing.
PMROLES_XLSX_MAX_BYTES = envint("PMROLES_XLSX_MAX_BYTES", 20 * 1024 * 1024)

# "How evidence is read" for readers, which the /method/ page renders and every footer links.
# The editors' method (how the sources are read into data, what the checks check) is
# docs/evidence.md, for editors, not a public page.
PMROLES_METHOD_DOC = BASE_DIR / "docs" / "reading.md"

# Request lines (`GET /path?query HTTP/1.1`) longer than this are a 414 from Django, JSON under
# /api/ and with every security header (pmroles.errors); gunicorn's own limit is lifted.
PMROLES_MAX_REQUEST_LINE = envint("PMROLES_MAX_REQUEST_LINE", 8190)

# Import files (import_roles, the admin's import page) above this size are refused before
# they are read (editing/interchange/bounded.py).
PMROLES_IMPORT_MAX_BYTES = envint("PMROLES_IMPORT_MAX_BYTES", 5 * 1024 * 1024)

# API tokens (stored hashed, api/tokens.py) are refused this many days after they were issued.
PMROLES_TOKEN_DAYS = envint("PMROLES_TOKEN_DAYS", 90)

# The key backups are signed with (HMAC-SHA256; editing/backup.py); empty: derived from
# SECRET_KEY, so a backup restores only where that key is the same.
PMROLES_BACKUP_KEY = envstr("PMROLES_BACKUP_KEY")
# Restore refuses a backup file larger than this as stored, or whose JSON is larger than the
# second once decompressed (a gzip bomb), before it reads further (editing/backup.py).
PMROLES_RESTORE_MAX_BYTES = envint("PMROLES_RESTORE_MAX_BYTES", 256 * 1024 * 1024)
PMROLES_RESTORE_MAX_DATA_BYTES = envint("PMROLES_RESTORE_MAX_DATA_BYTES", 1024 * 1024 * 1024)

# Request bodies above this size are refused (413) before they are parsed.
DATA_UPLOAD_MAX_MEMORY_SIZE = envint("DATA_UPLOAD_MAX_MEMORY_SIZE", 1_048_576)

# Fields a form may post: the admin's grid editor posts 4 per cell, at most 60 rows × 12 roles
# a page (roles/grid_window.py), beyond Django's default of 1,000.
DATA_UPLOAD_MAX_NUMBER_FIELDS = envint("DATA_UPLOAD_MAX_NUMBER_FIELDS", 3_000)

# Proxies in front of the app whose X-Forwarded-For is trusted (throttles, login lockout).
NUM_PROXIES = envint("NUM_PROXIES", 0)

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # JSON only: DRF's browsable HTML pages carry inline styles that the Content-Security-
    # Policy forbids; people browse the API in Swagger UI (/api/docs/) or Redoc instead.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "api.tokens.HashedTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.DjangoModelPermissionsOrAnonReadOnly",
    ],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": envstr("API_THROTTLE_ANON", "600/hour"),
        "user": envstr("API_THROTTLE_USER", "5000/hour"),
    },
    # DRF trusts X-Forwarded-For for throttling unless told how many proxies sit in front.
    "NUM_PROXIES": NUM_PROXIES,
    # JSON errors for oversized bodies, model validation and protected deletes (api.errors).
    "EXCEPTION_HANDLER": "api.errors.handler",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "pmroles API",
    "DESCRIPTION": (
        "Product roles and who does what, backed by cited source quotes. How levels, bases "
        "(stated, described, inferred), “no part (stated)” and disputes are read from the "
        "sources: [How evidence is read](/method/)."
    ),
    "VERSION": "1.0.0",
    # The docs list the groups in this order: what a newcomer needs first (the roles, how
    # they compare, who does what), then the evidence, then the building blocks.
    "TAGS": [
        {"name": "roles", "description": "The roles: definition, attributes, contrasts."},
        {"name": "compare", "description": "Two to four roles side by side."},
        {"name": "matrix", "description": "Roles × responsibilities: who does what (RACI)."},
        {"name": "finder", "description": "Which role matches the work you do."},
        {"name": "responsibilities", "description": "The work, grouped by area."},
        {"name": "assignments", "description": "One role's level on one responsibility."},
        {"name": "disputes", "description": "Where the sources disagree."},
        {"name": "sources", "description": "The documents every quote comes from."},
        {"name": "quotes", "description": "Verbatim quotes, the evidence."},
        {"name": "maps", "description": "Role maps and what one changes relative to another."},
        {"name": "areas", "description": "The areas responsibilities are grouped in."},
    ],
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # API schema details (api/schema.py): 3.1 so response schemas are plain JSON Schema.
    "OAS_VERSION": "3.1.0",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "ENUM_NAME_OVERRIDES": {
        "LevelEnum": "responsibilities.models.Level",
        "BasisEnum": "responsibilities.models.Basis",
        "ResponsibilityKindEnum": "responsibilities.models.Kind",
        "ContrastKindEnum": "roles.models.ContrastKind",
        "FocusEnum": "roles.models.Focus",
        "HorizonEnum": "roles.models.Horizon",
        "StakeholdersEnum": "roles.models.Stakeholders",
        "HealthFindingKindEnum": "roles.health.FINDING_KINDS",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_errors_and_headers",
    ],
}

# CORS is off unless origins are listed; even then only safe methods are allowed.
CORS_ALLOWED_ORIGINS = envlist("CORS_ALLOWED_ORIGINS")
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_URLS_REGEX = r"^/api/.*$"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
}

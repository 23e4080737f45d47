"""Kotacerdas settings: one module, configured by environment variables.

Every variable is documented in docs/configuration.md. Development defaults are safe and
need no service; ``DJANGO_ENV=production`` turns on the production checks and refuses to
start without a real ``SECRET_KEY`` and ``ALLOWED_HOSTS``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

SRC_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = SRC_DIR.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

DJANGO_ENV: str = env.str("DJANGO_ENV", default="development")
if DJANGO_ENV not in {"development", "test", "production"}:
    raise ImproperlyConfigured(
        f"DJANGO_ENV must be development, test or production, not {DJANGO_ENV!r}"
    )
PRODUCTION = DJANGO_ENV == "production"

_DEV_SECRET = "dev-only-insecure-key-change-me"  # noqa: S105 - refused in production below
SECRET_KEY: str = env.str("SECRET_KEY", default=_DEV_SECRET)
DEBUG: bool = env.bool("DEBUG", default=not PRODUCTION and DJANGO_ENV != "test")
ALLOWED_HOSTS: list[str] = env.list(
    "ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"]
)
CSRF_TRUSTED_ORIGINS: list[str] = env.list("CSRF_TRUSTED_ORIGINS", default=[])

if PRODUCTION:
    if SECRET_KEY == _DEV_SECRET or len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
        raise ImproperlyConfigured(
            "DJANGO_ENV=production needs SECRET_KEY: at least 50 random characters."
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("DJANGO_ENV=production needs ALLOWED_HOSTS (comma-separated).")
    if DEBUG:
        raise ImproperlyConfigured("DEBUG must be off when DJANGO_ENV=production.")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "rules.apps.AutodiscoverRulesConfig",
    "auditlog",
    "axes",
    "django_htmx",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "kotacerdas.accounts",
    "kotacerdas.regions",
    "kotacerdas.framework",
    "kotacerdas.notifications",
    "kotacerdas.jobs",
    "kotacerdas.readiness",
    "kotacerdas.selection",
    "kotacerdas.planning",
    "kotacerdas.monitoring",
    "kotacerdas.evaluation",
    "kotacerdas.documents",
    "kotacerdas.portal",
    "kotacerdas.guidance",
    "kotacerdas.api",
    "kotacerdas.config",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "kotacerdas.config.middleware.QueryCountHeaderMiddleware",
    "kotacerdas.config.middleware.TimeZoneResetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "kotacerdas.config.middleware.ApiTextMiddleware",
    "kotacerdas.config.middleware.LazyAuditActorMiddleware",
    "kotacerdas.config.middleware.ConstraintViolationMiddleware",
    "kotacerdas.config.middleware.StateConflictPageMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kotacerdas.config.urls"
WSGI_APPLICATION = "kotacerdas.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SRC_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kotacerdas.config.context_processors.navigation",
                "kotacerdas.notifications.context_processors.unread",
            ],
        },
    },
]

FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# Database: SQLite under var/ unless DATABASE_URL names another (PostgreSQL in production).
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'kotacerdas.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=0)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_HASHERS = env.list(
    "PASSWORD_HASHERS",
    default=[
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ],
)
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Sessions live in the database so any number of app servers can serve a user.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60 * 8)

# Cache: local memory unless CACHE_URL names a shared one (redis://...).
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}

# Internationalisation: Indonesian first, English second.
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
LOCALE_PATHS = [SRC_DIR / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="Asia/Jakarta")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=str(VAR_DIR / "static"))
STATICFILES_DIRS = [SRC_DIR / "static"]
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Uploaded and generated files: the disk under MEDIA_ROOT by default; an S3-compatible store
# (django-storages) when S3_BUCKET is set. Either way they are served only by the views that
# check permission first (lib.files.serve streams a file that is not on the disk).
S3_BUCKET: str = env.str("S3_BUCKET", default="")
if S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env.str("S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("S3_REGION", default="") or None,
            "access_key": env.str("S3_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("S3_SECRET_ACCESS_KEY", default="") or None,
            "location": env.str("S3_PREFIX", default=""),
            "default_acl": "private",
            "file_overwrite": False,
            "querystring_auth": True,
        },
    }
WHITENOISE_USE_FINDERS = not PRODUCTION
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(VAR_DIR / "media"))

# Request limits: a body over this is refused before it is parsed (API: 413, forms: 400).
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=2 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = DATA_UPLOAD_MAX_MEMORY_SIZE
# Largest file a user may upload, per kind, in bytes (see ``lib.files``): evidence and
# supporting documents (default 10 MB), spreadsheets to import (5 MB), framework
# instrument files (1 MB), photographs (JPEG/PNG, 8 MB).
DOCUMENT_MAX_BYTES = env.int(
    "DOCUMENT_MAX_BYTES", default=env.int("EVIDENCE_MAX_BYTES", default=10 * 1024 * 1024)
)
SPREADSHEET_MAX_BYTES = env.int("SPREADSHEET_MAX_BYTES", default=5 * 1024 * 1024)
INSTRUMENT_MAX_BYTES = env.int("INSTRUMENT_MAX_BYTES", default=1024 * 1024)
PHOTO_MAX_BYTES = env.int("PHOTO_MAX_BYTES", default=8 * 1024 * 1024)
# What a spreadsheet may hold before it is read at all (``lib.xlsx``): the unzipped size of
# an XLSX, its rows and columns per sheet.
SPREADSHEET_MAX_UNZIPPED_BYTES = env.int("SPREADSHEET_MAX_UNZIPPED_BYTES", default=50 * 1024 * 1024)
SPREADSHEET_MAX_ROWS = env.int("SPREADSHEET_MAX_ROWS", default=5000)
SPREADSHEET_MAX_COLUMNS = env.int("SPREADSHEET_MAX_COLUMNS", default=60)
SPREADSHEET_MAX_CELLS = env.int("SPREADSHEET_MAX_CELLS", default=50_000)
SPREADSHEET_MAX_MEMBERS = env.int("SPREADSHEET_MAX_MEMBERS", default=100)  # parts of the zip
SPREADSHEET_MAX_COMPRESSION_RATIO = env.int("SPREADSHEET_MAX_COMPRESSION_RATIO", default=100)

# Uploaded and generated files are never served from a public URL: a view checks the
# object a file belongs to, then hands the file over through django-sendfile2. The
# embedded default streams it from Django; behind nginx set SENDFILE_BACKEND to
# ``django_sendfile.backends.nginx`` and nginx serves SENDFILE_URL as an internal location.
SENDFILE_BACKEND = env.str("SENDFILE_BACKEND", default="django_sendfile.backends.simple")
SENDFILE_ROOT = str(MEDIA_ROOT)
SENDFILE_URL = env.str("SENDFILE_URL", default="/protected-media")

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
# The address users reach the application at, for links in e-mails.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Kotacerdas <noreply@localhost>")

# Security headers. The CSP allows no inline script and no other host.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Login throttling: lock a username+address pair after repeated failures.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# How many reverse proxies stand in front of the application servers (nginx: 1). With
# none, X-Forwarded-For is ignored: anyone can write it, so trusting it would let a client
# rotate addresses and never be locked out (see lib.client_ip).
PROXY_COUNT = env.int("PROXY_COUNT", default=env.int("AXES_PROXY_COUNT", default=0))
AXES_CLIENT_IP_CALLABLE = "kotacerdas.lib.client_ip.client_ip"

# Rate limits of API tokens (accounts.limits), counted in the cache per client address and
# per user; 0 turns a limit off. Failed token authentications in API_TOKEN_FAILURE_MINUTES:
API_TOKEN_FAILURES_PER_ADDRESS = env.int("API_TOKEN_FAILURES_PER_ADDRESS", default=20)
API_TOKEN_FAILURES_PER_USER = env.int("API_TOKEN_FAILURES_PER_USER", default=10)
API_TOKEN_FAILURE_MINUTES = env.float("API_TOKEN_FAILURE_MINUTES", default=15)
# Tokens created in API_TOKEN_CREATION_MINUTES:
API_TOKEN_CREATIONS_PER_ADDRESS = env.int("API_TOKEN_CREATIONS_PER_ADDRESS", default=20)
API_TOKEN_CREATIONS_PER_USER = env.int("API_TOKEN_CREATIONS_PER_USER", default=10)
API_TOKEN_CREATION_MINUTES = env.float("API_TOKEN_CREATION_MINUTES", default=60)
# Public consultation (portal): aspirations accepted per client address in
# CONSULTATION_WINDOW_MINUTES (0: no limit), and the least seconds between showing the form
# and sending it (faster is taken for a robot).
CONSULTATION_ASPIRATIONS_PER_ADDRESS = env.int("CONSULTATION_ASPIRATIONS_PER_ADDRESS", default=10)
CONSULTATION_WINDOW_MINUTES = env.float("CONSULTATION_WINDOW_MINUTES", default=10)
CONSULTATION_MIN_SECONDS = env.int("CONSULTATION_MIN_SECONDS", default=3)
# The public API (/api/v1/public/, no token): requests per client address in
# PUBLIC_API_MINUTES; 0 turns the limit off.
PUBLIC_API_REQUESTS_PER_ADDRESS = env.int("PUBLIC_API_REQUESTS_PER_ADDRESS", default=300)
PUBLIC_API_MINUTES = env.float("PUBLIC_API_MINUTES", default=1)

AUDITLOG_DISABLE_REMOTE_ADDR = env.bool("AUDITLOG_DISABLE_REMOTE_ADDR", default=False)

# Adds an X-Query-Count header; used by the benchmarks only.
QUERY_COUNT_HEADER = env.bool("QUERY_COUNT_HEADER", default=False)

# Background work (kotacerdas.jobs) runs through the Tasks API (django-tasks, Django 6's
# API backported): by default on the database (any number of ``manage.py jobs_worker``
# processes on any number of machines share it); TASKS_BACKEND=rq puts the queue on Redis
# (REDIS_URL) for a large installation. A job whose worker stopped renewing its heartbeat
# for JOBS_LEASE_SECONDS is taken up again by another worker.
TASKS_BACKEND: str = env.str("TASKS_BACKEND", default="database")
if TASKS_BACKEND == "rq":
    INSTALLED_APPS.insert(INSTALLED_APPS.index("django_tasks_db"), "django_rq")
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    RQ_QUEUES = {
        "default": {
            "URL": env.str("REDIS_URL", default="redis://127.0.0.1:6379/0"),
            "DEFAULT_TIMEOUT": env.int("JOBS_TIMEOUT_SECONDS", default=60 * 60),
        }
    }
elif TASKS_BACKEND == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
else:
    raise ImproperlyConfigured(f"TASKS_BACKEND must be database or rq, not {TASKS_BACKEND!r}")
JOBS_LEASE_SECONDS = env.float("JOBS_LEASE_SECONDS", default=60)
JOBS_HEARTBEAT_SECONDS = env.float("JOBS_HEARTBEAT_SECONDS", default=10)
if JOBS_HEARTBEAT_SECONDS * 2 > JOBS_LEASE_SECONDS:
    raise ImproperlyConfigured("JOBS_HEARTBEAT_SECONDS must be at most half JOBS_LEASE_SECONDS.")

NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_LIMIT = 500

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}, "weasyprint": {"level": "WARNING"}},
}

"""PrepSite settings: every value comes from the environment.

The defaults need no server (SQLite file, a filesystem Celery broker); production sets
DATABASE_URL, REDIS_URL, SECRET_KEY and friends. Development and production run the
same code paths: only the values differ.
"""

import datetime
import secrets
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from prepsite import limits

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable "
            "(e.g. `python -c 'import secrets; print(secrets.token_urlsafe(50))'`), "
            "or set DEBUG=1 for local development."
        )
    # A key generated once per install and kept out of the repository, so nobody who has read
    # the code can forge this install's signed links (unsubscribe, sessions, password resets).
    _DEV_SECRET_FILE = VAR_DIR / "dev-secret-key"
    if not _DEV_SECRET_FILE.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        _DEV_SECRET_FILE.touch(mode=0o600)
        _DEV_SECRET_FILE.write_text(secrets.token_urlsafe(50))
    SECRET_KEY = _DEV_SECRET_FILE.read_text().strip()

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "prepsite.apps.StaticFilesConfig",
    "django.contrib.humanize",
    "django.contrib.sites",
    "allauth",
    "allauth.account",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "django_filters",
    "rest_framework",
    "knox",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "accounts",
    "stories",
    "studyplan",
    "portfolio",
    "reminders",
    "interviews",
    "practice",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "prepsite.middleware.HostileInputMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.UserTimezoneMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "prepsite.urls"
WSGI_APPLICATION = "prepsite.wsgi.application"

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
                "csp.context_processors.nonce",
                "prepsite.context_processors.autosave",
            ],
        },
    },
]

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Development serves with runserver, one thread per request: persistent connections there
# pile up under a burst until PostgreSQL refuses everyone, so they are off unless asked for.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0 if DEBUG else 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# A form's model choices are read with .iterator(), which on PostgreSQL opens a server-side
# cursor: three round trips (DECLARE, FETCH, CLOSE) for sixteen principles. No query here reads
# more rows than fit in memory, so plain client-side cursors do.
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
else:
    # Files under var/, not each process's memory: `make run`'s web, worker and beat processes
    # share it, so a write in the worker (the weekly re-plan, erasing old deleted stories)
    # drops the cached pages the web process shows.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
            "OPTIONS": {"MAX_ENTRIES": 10_000},
        }
    }

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"
SITE_ID = 1

ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
# Mandatory verification is what lets sign-up hide whether an address is registered: both
# cases answer "check your inbox", and the owner of a taken address gets a mail saying so.
ACCOUNT_EMAIL_VERIFICATION = env.str("ACCOUNT_EMAIL_VERIFICATION", default="mandatory")
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_LOGIN_ON_PASSWORD_RESET = True
ACCOUNT_SIGNUP_REDIRECT_URL = env.str("ACCOUNT_SIGNUP_REDIRECT_URL", default="/plan/onboarding/")
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[PrepSite] "
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="PrepSite <prepsite@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
NODE_MODULES = BASE_DIR / "node_modules"
# Front-end packages come from the npm registry at setup (package.json), never from the repo.
STATICFILES_DIRS = [BASE_DIR / "static"]
# Only the package files the pages load (prepsite/staticfiles.py): whole `dist/` folders made
# collectstatic take many minutes and hundreds of megabytes.
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "prepsite.staticfiles.VendorFilesFinder",
]
VENDOR_STATIC_FILES = {
    "vendor/bootstrap": (
        NODE_MODULES / "bootstrap" / "dist",
        ["css/bootstrap.min.css", "css/bootstrap.min.css.map", "js/bootstrap.bundle.min.js*"],
    ),
    "vendor/bootstrap-icons": (
        NODE_MODULES / "bootstrap-icons" / "font",
        ["bootstrap-icons.min.css", "fonts/*"],
    ),
    "vendor/mermaid": (NODE_MODULES / "mermaid" / "dist", ["mermaid.min.js"]),
}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_BACKEND",
            default="whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage",
        )
    },
}
WHITENOISE_USE_FINDERS = env.bool("WHITENOISE_USE_FINDERS", default=DEBUG)
# Serving from the finders, look each file up when it is asked for. Indexing them all instead
# happens whenever a middleware chain is built: once per test client, since tests run with
# DEBUG off, and that indexing was a tenth of the suite's CPU time.
WHITENOISE_AUTOREFRESH = WHITENOISE_USE_FINDERS
# Vendor packages ship source-map comments whose maps are not all published.
WHITENOISE_MANIFEST_STRICT = False
# Templates reach static files through {% static %}, i.e. by their hashed names: the unhashed
# copies would only double the size of the collected folder.
WHITENOISE_KEEP_ONLY_HASHED_FILES = True

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: its WWW-Authenticate header turns anonymous calls into 401, not 403.
        "accounts.api.authentication.PersonalTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "prepsite.negotiation.StrictFormatNegotiation",
    "DEFAULT_PAGINATION_CLASS": "prepsite.api.StandardPagination",
    "DEFAULT_FILTER_BACKENDS": [
        "prepsite.api.StrictFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_THROTTLE_ANON", default="60/min"),
        "user": env.str("API_THROTTLE_USER", default="1200/min"),
        # Whole-account export and import: heavy, and nobody needs more than a few an hour.
        "account_backup": env.str("API_THROTTLE_ACCOUNT_BACKUP", default="30/hour"),
        "portfolio_export": env.str("API_THROTTLE_EXPORT", default=limits.EXPORT_THROTTLE_RATE),
        "portfolio_import": env.str("API_THROTTLE_IMPORT", default=limits.IMPORT_THROTTLE_RATE),
    },
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "prepsite.api.exception_handler",
    # JSON only: the schema then promises one body encoding; uploads opt in per view.
    "DEFAULT_PARSER_CLASSES": ["prepsite.parsers.BoundedJSONParser"],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
# Request bodies and uploads (issue 9a): the middleware answers a larger body with 413.
DATA_UPLOAD_MAX_MEMORY_SIZE = limits.REQUEST_BODY_MAX_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = limits.UPLOAD_MAX_BYTES
SPECTACULAR_SETTINGS = {
    "TITLE": "PrepSite API",
    "DESCRIPTION": (
        "Study plan, STAR stories and leadership portfolio. Authenticate with a browser "
        "session or a personal token: `Authorization: Token <token>`."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Each app labels the L6/L7 levels in its own words; name their enums apart in the schema.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "prepsite.api.document_error_responses",
    ],
    "ENUM_NAME_OVERRIDES": {
        "PlanLevelEnum": "studyplan.models.Level",
        "StoryTargetLevelEnum": "stories.models.TargetLevel",
        "PortfolioLevelEnum": "portfolio.models.Level",
        "WeekdayEnum": "accounts.models.Weekday",
        "ApplicationStatusEnum": "interviews.models.ApplicationStatus",
        "ApplicationLevelEnum": "interviews.models.Level",
    },
}

KNOX_TOKEN_MODEL = "accounts.ApiToken"
# Knox's own migrations create its default token table even when the model is swapped; that
# orphan table's foreign key to users would then block flushing the database.
MIGRATION_MODULES = {"knox": None}
API_TOKEN_TTL_DAYS = env.int("API_TOKEN_TTL_DAYS", default=90)
# How long after the last keystroke an editor saves the draft: long enough not to send every
# word, short enough that closing the tab loses little (the page also sends a beacon on leave).
AUTOSAVE_DELAY_MS = 1500
# Each web and worker process keeps a browser warm for PDFs (prepsite/pdf.py); after this many
# seconds without one it exits and gives its few hundred MB back.
PDF_RENDERER_IDLE_SECONDS = env.int("PDF_RENDERER_IDLE_SECONDS", default=600)
REST_KNOX = {
    "TOKEN_TTL": datetime.timedelta(days=API_TOKEN_TTL_DAYS) if API_TOKEN_TTL_DAYS else None,
    "AUTO_REFRESH": False,
    "AUTH_HEADER_PREFIX": "Token",
    "TOKEN_PREFIX": "ps_",
}

CELERY_BROKER_URL = REDIS_URL or "filesystem://"
CELERY_RESULT_BACKEND = REDIS_URL or f"file://{VAR_DIR / 'celery-results'}"
if not REDIS_URL:
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(VAR_DIR / "celery-broker"),
        "data_folder_out": str(VAR_DIR / "celery-broker"),
        "processed_folder": str(VAR_DIR / "celery-processed"),
        # Broadcast (remote control) messages; kombu's default is a folder in the working dir.
        "control_folder": str(VAR_DIR / "celery-control"),
        "store_processed": False,
    }
    # A fresh checkout has no var/ folders yet (only `make setup` made them), and the filesystem
    # broker and result backend fail on the first .delay() without them.
    for _folder in ("celery-broker", "celery-processed", "celery-results", "celery-control"):
        (VAR_DIR / _folder).mkdir(parents=True, exist_ok=True)
# Redis redelivers a task that no worker acknowledged (a worker killed mid-batch) after this
# many seconds. It must exceed the longest batch (about 3 x EMAIL_TIMEOUT when the mail server
# hangs, since a batch gives up after two failed connections) or a slow batch runs twice.
# The claim rows keep even that single, but the default keeps it from happening.
CELERY_VISIBILITY_TIMEOUT = env.int("CELERY_VISIBILITY_TIMEOUT", default=300)
if REDIS_URL:
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_VISIBILITY_TIMEOUT}
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Static schedule, not django-celery-beat: one fixed job that never changes at run time, so
# it belongs in version control and needs no extra tables. Every minute, because an idle
# run costs a couple of queries and a send then lands within a minute of the chosen time.
CELERY_BEAT_SCHEDULE: dict = {
    "reminders-dispatch": {
        "task": "reminders.tasks.reminders_dispatch_task",
        "schedule": 60.0,
        # A run stuck in the queue is worthless once the next one is due.
        "options": {"expires": 55},
    },
    "reminders-recover": {
        "task": "reminders.tasks.reminders_recover_task",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    "stories-purge-expired-deletions": {
        "task": "stories.tasks.stories_purge_expired_deletions_task",
        "schedule": 24 * 60 * 60.0,
    },
    "interviews-reminders-dispatch": {
        "task": "interviews.tasks.interview_reminders_dispatch_task",
        "schedule": 300.0,
        "options": {"expires": 290},
    },
    # Hourly, so each time zone's Monday is caught soon after its week closes.
    "studyplan-replan-weekly": {
        "task": "studyplan.tasks.studyplan_replan_weekly_task",
        "schedule": 60 * 60.0,
        "options": {"expires": 55 * 60},
    },
}
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")

# Reminder delivery (see reminders/delivery.py and the README's production section).
REMINDERS_SEND_BATCH_SIZE = env.int("REMINDERS_SEND_BATCH_SIZE", default=100)
# A claim untouched this long belongs to a dead worker; must exceed EMAIL_TIMEOUT and a batch.
REMINDERS_STUCK_AFTER_SECONDS = env.int("REMINDERS_STUCK_AFTER_SECONDS", default=600)
REMINDERS_RETRY_BASE_SECONDS = env.int("REMINDERS_RETRY_BASE_SECONDS", default=60)
REMINDERS_RETRY_MAX_SECONDS = env.int("REMINDERS_RETRY_MAX_SECONDS", default=3600)
# After the data went out but no reply came: "never" retry, or "retry_once" after N minutes
# with the same Message-ID (a possible duplicate, knowingly accepted).
REMINDERS_UNCERTAIN_POLICY = env.str("REMINDERS_UNCERTAIN_POLICY", default="never")
if REMINDERS_UNCERTAIN_POLICY not in ("never", "retry_once"):
    raise ImproperlyConfigured("REMINDERS_UNCERTAIN_POLICY must be 'never' or 'retry_once'")
REMINDERS_UNCERTAIN_RETRY_MINUTES = env.int("REMINDERS_UNCERTAIN_RETRY_MINUTES", default=30)
REMINDERS_MESSAGE_ID_DOMAIN = env.str("REMINDERS_MESSAGE_ID_DOMAIN", default="prepsite.local")

if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}

# Content-Security-Policy (django-csp). Scripts only from this site: templates carry no inline
# <script> or on*= handlers; a page that truly needs an inline script adds nonce="{{ CSP_NONCE }}".
# Inline *styles* stay allowed: Mermaid writes <style> elements and style attributes into the
# diagrams it renders, htmx injects its indicator style, and templates size progress bars with
# style="width: …". Style injection cannot run code, so this is the accepted trade-off.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, "'unsafe-inline'"],
        # Bootstrap's form controls and Swagger UI draw icons from data: SVGs.
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Account export and import (accounts/backup.py): the largest upload accepted, in bytes.
# Unsubscribe links in reminder e-mails stop working after this many days.
UNSUBSCRIBE_LINK_MAX_AGE_DAYS = env.int("UNSUBSCRIBE_LINK_MAX_AGE_DAYS", default=180)
# A private calendar-feed address stops working this many days after it was issued.
CALENDAR_FEED_MAX_AGE_DAYS = env.int("CALENDAR_FEED_MAX_AGE_DAYS", default=365)

"""Settings for the ITA Portal: one module, configured by environment variables.

See .env.example for the variables. Defaults suit local development (SQLite, DEBUG on);
production sets DEBUG=0 and must then give a real SECRET_KEY.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

# pythainlp must never reach for the network or write to the home directory.
os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be 1/0, true/false, yes/no or on/off, not {value!r}")


def env_int(name, default):
    value = os.environ.get(name, "")
    if value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def env_list(name, default):
    value = os.environ.get(name, "")
    return [v.strip() for v in value.split(",") if v.strip()] or default


DEBUG = env_bool("DEBUG", True)
# Django's English technical 404/500 pages instead of the Thai ones, under DEBUG only: for a
# developer who asks (`make run TECHNICAL_ERROR_PAGES=1`), never what a visitor sees.
TECHNICAL_ERROR_PAGES = env_bool("TECHNICAL_ERROR_PAGES", False)

_DEV_SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"
_PLACEHOLDER_KEYS = {"", _DEV_SECRET_KEY, "change-me-to-a-long-random-string"}
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if SECRET_KEY in _PLACEHOLDER_KEYS:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is missing or still the example value. With DEBUG off the portal does "
            "not start without a real secret: set SECRET_KEY to a long random string, e.g. "
            "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    SECRET_KEY = _DEV_SECRET_KEY

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])

INSTALLED_APPS = [
    # First: its templates (the password widget in Thai) come before contrib's own.
    "core.apps.CoreConfig",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "simple_history",
    "django_tables2",
    "django_filters",
    "import_export",
    "core.apps.AxesConfig",  # django-axes, with a Thai name in the admin
    "csp",
    "django_tasks",  # the backport of Django 6's django.tasks (its checks); gone on Django 6
    "django_tasks_db",  # background jobs stored in the project's database (manage.py db_worker)
    "indicators",
    "assessments",
    "actionplans",
    "oit",
    "surveys",
    "publishing",
    "ops",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files straight after the security headers, before sessions and the rest.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    # Under DEBUG (make run) a visitor still gets the Thai 404/500 pages: core/middleware.py.
    "core.middleware.FriendlyErrorPagesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ita_portal.urls"

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
                "publishing.context_processors.organization",
            ],
        },
    },
]

WSGI_APPLICATION = "ita_portal.wsgi.application"

_DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
# PostgreSQL connections are kept for a minute (health-checked before reuse, so a restarted
# server costs one reconnect, not an error); SQLite opens in microseconds and is not kept.
_DEFAULT_CONN_MAX_AGE = "60" if _DATABASE_URL.startswith(("postgres", "pgsql")) else "0"
DATABASES = {
    "default": dj_database_url.parse(
        _DATABASE_URL,
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", _DEFAULT_CONN_MAX_AGE)),
        conn_health_checks=True,
    )
}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite (make run's zero-set-up default) has no row locks: select_for_update is a no-op.
    # A transaction that began reading and then writes cannot wait for another writer and
    # fails at once with "database is locked". IMMEDIATE takes the write lock when the
    # transaction begins, so writers queue (up to SQLITE_TIMEOUT seconds) instead of failing;
    # WAL lets pages be read while someone writes.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": env_int("SQLITE_TIMEOUT", 20),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache keeps the public pages and the keys of the cached PDFs, and the token that every
# write replaces to drop them (publishing.caching). It must be one that all the app processes
# share, or a gunicorn worker would go on serving what another one invalidated: files in
# CACHE_DIR on one machine (no server to run; a read is a file read, no SQL). Several machines
# share Redis or Memcached instead, set here.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.environ.get("CACHE_DIR", BASE_DIR / "cache"),
        # A page per public address and a key per PDF: far below this for one organization.
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "th"
LANGUAGES = [("th", "ไทย")]
# The project's own Thai translations for Django and the third-party apps, ahead of theirs;
# compiled from .po by `make venv` (core/locale_build.py), no GNU gettext needed.
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Bangkok"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Static files are served by WhiteNoise from the app server. In production (DEBUG off, after
# `manage.py collectstatic`) under hashed, compressed names cached for a year; in development
# and tests straight from static/ with no collectstatic. STATIC_MANIFEST=1/0 overrides.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("STATIC_MANIFEST", not DEBUG)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
    # Uploaded spreadsheets between an import's preview and its confirmation: private (outside
    # MEDIA_ROOT), removed on confirm; a shared storage here serves several app servers.
    "import_export": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": os.environ.get("IMPORT_TMP_ROOT", BASE_DIR / "import-tmp")},
    },
}
# Fixed by the environment's DEBUG, not the test runner's: tests and `make run` serve static/
# through the finders, with no collectstatic and no "No directory at staticfiles/" warning.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/actions/"

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "ita-portal@localhost")
# The portal's public address, for links in emails (reminders).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# LINE Messaging API (README "LINE"): the Official Account's channel secret (the webhook's
# signatures) and channel access token (pushes), from the environment only, never the database.
# Without a token LINE is off and everything goes by e-mail; without a secret /line/webhook/
# answers 404. LINE_API_HOST is LINE's API host (a local stand-in in the tests).
LINE_CHANNEL_SECRET = os.environ.get("LINE_CHANNEL_SECRET", "")
LINE_CHANNEL_ACCESS_TOKEN = os.environ.get("LINE_CHANNEL_ACCESS_TOKEN", "")
LINE_API_HOST = os.environ.get("LINE_API_HOST", "").rstrip("/") or "https://api.line.me"
# The OIT link checker refuses loopback, private, link-local, multicast and reserved addresses;
# networks named here (comma-separated CIDRs, e.g. an intranet web server) are let through.
OIT_LINKCHECK_ALLOWED_NETWORKS = [
    n.strip() for n in os.environ.get("OIT_LINKCHECK_ALLOWED_NETWORKS", "").split(",") if n.strip()
]
# Fixed addresses for host names, asked before DNS ("name=address,name=address"), like
# /etc/hosts: an intranet name, or a local test site. The addresses are checked all the same.
OIT_LINKCHECK_HOSTS = dict(
    pair.strip().lower().split("=", 1)
    for pair in os.environ.get("OIT_LINKCHECK_HOSTS", "").split(",")
    if "=" in pair
)

# The code of the organization whose years the public pages show (empty: the oldest one).
ITA_ORGANIZATION = os.environ.get("ITA_ORGANIZATION", "").strip()

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # WeasyPrint and fontTools log every step of a render at INFO.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# django-import-export: the file is kept in the storage above between preview and confirm (never
# re-posted); every import runs in one transaction. The library's formula escaping is on for any
# of its own formats, but every admin export goes through the portal's formats
# (core/spreadsheets.py), whose export_data writes text as text and never as a formula
# (spreadsheets.neutralise, undone on import by spreadsheets.unneutralise, so that a round trip
# changes nothing): that rule, not this setting, is the one that applies. (The library's own
# escaping drops a leading "=", which no import could give back.)
IMPORT_EXPORT_TMP_STORAGE_CLASS = "import_export.tmp_storages.MediaStorage"
IMPORT_EXPORT_USE_TRANSACTIONS = True
# Importing or exporting a model's rows needs its permissions, never being staff alone (the
# portal's admins ask for "add" and "change" to import: core.spreadsheet_admin).
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True

DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5-responsive.html"

# Evidence files uploaded by division heads: outside MEDIA_ROOT, never served directly
# (actionplans sends them through a permission-checked download view).
EVIDENCE_ROOT = Path(os.environ.get("EVIDENCE_ROOT", BASE_DIR / "evidence"))

# ---------------------------------------------------------------- background jobs (issue 18)
# Rendering PDFs after publishing, pruning old ones, reminder emails: django-tasks, the API of
# Django 6's django.tasks (on Django 6 only the import and the backends' paths change).
# TASKS_BACKEND=database (the default) keeps the jobs in the project's database, where
# `manage.py db_worker` (deploy/ita-portal-worker.service) takes them; `immediate` runs each job
# at once in the process that queued it (make run, and the tests).
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "") or "database"
if TASKS_BACKEND not in _TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"TASKS_BACKEND must be one of {', '.join(_TASK_BACKENDS)}, not {TASKS_BACKEND!r}"
    )
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[TASKS_BACKEND]}}
# A job still running after this many minutes is taken for one whose worker died, and is put
# back in the queue by `manage.py requeue_stale_tasks` (cron); far above the longest render.
TASKS_STALE_MINUTES = env_int("TASKS_STALE_MINUTES", 30)

# ---------------------------------------------------------------- security (issue 6)
# See README "Deploying". Production runs behind nginx (deploy/nginx-ita-portal.conf), which
# terminates TLS and passes X-Forwarded-Proto and X-Real-IP; BEHIND_PROXY says to believe them.
BEHIND_PROXY = env_bool("BEHIND_PROXY", not DEBUG)
# The proxy's own addresses: X-Real-IP is believed only on requests coming from these, so a
# client that reaches gunicorn directly cannot choose its address (core.security).
TRUSTED_PROXY_IPS = env_list("TRUSTED_PROXY_IPS", ["127.0.0.1", "::1"])
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# SECURE_HTTPS=0 is for a plain-HTTP intranet with no certificate: passwords and session
# cookies then cross the office network in clear text, and browsers get no HSTS. Only the
# check --deploy warnings about HTTPS are silenced in that mode, nothing else.
SECURE_HTTPS = env_bool("SECURE_HTTPS", not DEBUG)
if SECURE_HTTPS:
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    # Off unless asked: with includeSubDomains or preload a browser refuses plain HTTP for the
    # whole domain for a year, which the portal's host cannot promise for its sibling sites.
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    SILENCED_SYSTEM_CHECKS = [
        *([] if SECURE_HSTS_INCLUDE_SUBDOMAINS else ["security.W005"]),
        *([] if SECURE_HSTS_PRELOAD else ["security.W021"]),
    ]
else:
    SILENCED_SYSTEM_CHECKS = [
        "security.W004",  # SECURE_HSTS_SECONDS
        "security.W008",  # SECURE_SSL_REDIRECT
        "security.W012",  # SESSION_COOKIE_SECURE
        "security.W016",  # CSRF_COOKIE_SECURE
    ]
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# A session lasts one working day at most, and ends when the browser closes.
# Sessions are written to the database and kept in the shared cache beside it (Django's own
# cached_db engine): a signed-in page reads its session from the cache, not the database. With
# the kept /actions/ and OIT readiness pages (core/private_pages.py) that took a signed-in page
# from 3.2x to 2.5x /healthz in make bench (issue 21's limit is 3x). Signing out deletes both.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Sign-in throttling (django-axes): 5 wrong passwords for one user name from one address lock
# that pair out for AXES_COOLOFF_MINUTES; AXES_USERNAME_FAILURE_LIMIT (10) wrong passwords for
# one user name from all addresses together lock the name everywhere for as long
# (core.security.lockout_parameters). Staff unlock early with `manage.py
# axes_reset_username`.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Password-reset mails (core.views.PasswordResetView): at most this many per address and
# requests per client (its address, as for axes) within the window; then a Thai 429.
PASSWORD_RESET_LIMIT_PER_ADDRESS = env_int("PASSWORD_RESET_LIMIT_PER_ADDRESS", 3)
PASSWORD_RESET_LIMIT_PER_CLIENT = env_int("PASSWORD_RESET_LIMIT_PER_CLIENT", 10)
PASSWORD_RESET_WINDOW_MINUTES = env_int("PASSWORD_RESET_WINDOW_MINUTES", 60)

AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_USERNAME_FAILURE_LIMIT = env_int("AXES_USERNAME_FAILURE_LIMIT", 10)
AXES_LOCKOUT_PARAMETERS = "core.security.lockout_parameters"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "core.security.lockout_response"
AXES_CLIENT_IP_CALLABLE = "core.security.client_ip"

# Content-Security-Policy (django-csp): no inline or third-party scripts anywhere. Style
# attributes (progress-bar widths, the admin's score check) are allowed; <style> elements and
# stylesheets from elsewhere are not.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
    },
}

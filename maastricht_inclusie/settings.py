"""Settings for Maastricht Inclusie: one file; every difference between deployments comes from the environment, with
a safe development default. Production sets DEBUG=0, SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL and REDIS_URL (see
README, "Configuration")."""

import importlib.util
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from accounts.client_ip import trusted_proxies
from maastricht_inclusie.schedule import BEAT_SCHEDULE

# Organisation-specific values are settings, never literals in code: each from the environment (municipality.py).
from .municipality import *  # noqa: F403

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

# Django's own security.W009 threshold: a key shorter than this, or with fewer distinct characters, can be
# guessed, and with it sessions, password-reset links and signed values can be forged.
SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_UNIQUE_CHARACTERS = 5

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "django-insecure-development-only-key"  # noqa: S105 - only ever used with DEBUG on
elif not DEBUG and (
    len(SECRET_KEY) < SECRET_KEY_MIN_LENGTH
    or len(set(SECRET_KEY)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS
    or SECRET_KEY.startswith("django-insecure-")
):
    raise ImproperlyConfigured(
        f"SECRET_KEY is too weak for DEBUG off: use at least {SECRET_KEY_MIN_LENGTH} random characters, at least "
        f"{SECRET_KEY_MIN_UNIQUE_CHARACTERS} of them different, not starting with 'django-insecure-' (Django's "
        "security.W009). Make one with: python -c 'import secrets; print(secrets.token_urlsafe(50))'"
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "accounts",  # the custom user model; its app label is still "maastricht_inclusie" (see accounts/apps.py)
    "maastricht_inclusie.admin_apps.PortalAdminConfig",  # django.contrib.admin, with the portal's site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # Django's widget templates, for the project's form renderer (FORM_RENDERER)
    "django.contrib.postgres",
    "django_filters",
    "import_export",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_static",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_email",  # the code mailed at the per-account soft limit (accounts/login_limit.py)
    "two_factor",
    "auditlog",
    "initiatives",
    "tenders",
    "keypersons",
    "progress",
    "exports",
    "reminders",
    "outbox",
    "letters",
]
# The demo data (`seed_demo`) and the benchmark data generator live beside the portal, not in its
# package: a checkout has them, an installed wheel or the production image does not.
INSTALLED_APPS += [app for app in ("demo", "bench") if importlib.util.find_spec(app) is not None]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "accounts.session_user.SessionUserMiddleware",  # Django's and django-otp's in one: the user in one query
    "auditlog.middleware.AuditlogMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "accounts.middleware.NoStoreForSignedInMiddleware",
    "accounts.middleware.ActorMiddleware",
    "accounts.middleware.StaffSessionTimeoutMiddleware",
    "accounts.middleware.TwoFactorRequiredMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "maastricht_inclusie.urls"
WSGI_APPLICATION = "maastricht_inclusie.wsgi.application"

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
                "maastricht_inclusie.context_processors.site",
                "accounts.context_processors.session",
                "accounts.context_processors.menu",
            ],
            # The project package is not an app; its template tags are registered here.
            "libraries": {"portal": "maastricht_inclusie.templatetags.portal"},
        },
    },
]

# Forms render with the project's templates (templates/forms/) and name the field in every error message.
FORM_RENDERER = "maastricht_inclusie.forms.rendering.PortalFormRenderer"

# Database: PostgreSQL via psycopg 3 in production and CI; a SQLite file for the demo.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
IS_POSTGRES = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
# The statement every request runs is prepared (accounts/session_user.py); 0 behind a pooler in transaction mode.
if IS_POSTGRES and env_bool("DATABASE_PREPARED_STATEMENTS", True):
    DATABASES["default"]["OPTIONS"] = {**DATABASES["default"].get("OPTIONS", {}), "prepare_threshold": 0}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "maastricht_inclusie.User"
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses logins after too many failures.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The login is django-two-factor-auth's wizard: its form posts `auth-username`, but it authenticates with
# `username=`, and axes takes the username from those credentials, so AXES_USERNAME_FORM_FIELD stays the default.
# Behind the TLS proxy: the addresses (or networks) of the proxies whose X-Forwarded-For is believed, so that
# five wrong passwords lock a username for that client only, not for everyone behind the proxy.
TRUSTED_PROXIES = trusted_proxies(os.environ.get("TRUSTED_PROXIES", ""))  # a bad entry stops the start-up
AXES_CLIENT_IP_CALLABLE = "accounts.client_ip.client_ip"
AXES_RESET_ON_SUCCESS = True
# The per-account soft limit on failed logins from any addresses (accounts/login_limit.py): more, and a code is asked.
LOGIN_SOFT_LIMIT = int(os.environ.get("LOGIN_SOFT_LIMIT", "10"))
LOGIN_SOFT_LIMIT_WINDOW = timedelta(minutes=int(os.environ.get("LOGIN_SOFT_LIMIT_MINUTES", "60")))
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Staff sessions end after 30 minutes without activity; others after two weeks.
STAFF_SESSION_IDLE_SECONDS = 30 * 60
# The idle timer restarts at most this often: a session write per minute, not per page.
STAFF_SESSION_REFRESH_SECONDS = 60
# Sessions in the database, read from the cache: no session query on a page (accounts/session_store.py).
SESSION_ENGINE = "accounts.session_store"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    # Django's list is English; ours adds common Dutch ones ("Welkom2026", "Zomer2026!", "maastricht").
    {"NAME": "maastricht_inclusie.passwords.DutchCommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "start"
LOGOUT_REDIRECT_URL = "home"

# Internationalisation: Dutch first, English under /en/.
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = "maastricht_inclusie.formats"  # one date format per language, in text and in tables
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = USE_TZ = True

# Static files, served by WhiteNoise.
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "maastricht_inclusie.storage.PrivateStorage"},  # maastricht_inclusie/storage.py
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"
# Uploads that must never be public (application attachments) live outside MEDIA_ROOT and are
# served only through views that check who may see them.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private-media"))
# With a bucket named, both are in object storage instead (S3 or compatible, maastricht_inclusie/object_storage.py):
# django-storages reads the AWS_* settings, and the credentials from the environment or the machine's role.
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    AWS_S3_ENDPOINT_URL = os.environ.get("S3_ENDPOINT_URL") or None
    AWS_S3_REGION_NAME = os.environ.get("AWS_S3_REGION_NAME") or None
    STORAGES["default"] = {"BACKEND": "maastricht_inclusie.object_storage.PublicObjectStorage"}
    STORAGES["private"] = {"BACKEND": "maastricht_inclusie.object_storage.PrivateObjectStorage"}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

# Redis: Celery's broker and the cache. Without REDIS_URL tasks run eagerly and the cache is local.
REDIS_URL = os.environ.get("REDIS_URL", "")
_CACHE = "redis_cache.PortalRedisCache" if REDIS_URL else "locmem.LocMemCache"
CACHES = {"default": {"BACKEND": ("maastricht_inclusie." if REDIS_URL else "django.core.cache.backends.") + _CACHE,
                      "LOCATION": REDIS_URL}}  # fmt: skip
# A public page read from the data less than this many seconds ago is served after a write without renewing it
# (caching.cached_public_page; every write shows within caching.STALE_FOR seconds).
PUBLIC_PAGES_FRESH_SECONDS = int(os.environ.get("PUBLIC_PAGES_FRESH_SECONDS", "5"))

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Countdowns and retries stay well below this, so Redis never hands a task out twice.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_RESULT_EXPIRES = 3600
# While Redis is down a request that queues a task must not hang: give up on the broker and the result
# store within about a second (the outbox and the sweepers hand the work over again later).
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.3,
}
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {
    "retry_policy": {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.3}
}
CELERY_BROKER_CONNECTION_TIMEOUT = 2


# The beat schedule (maastricht_inclusie/schedule.py): every periodic task, none between 02:00 and 03:00.
CELERY_BEAT_SCHEDULE = BEAT_SCHEDULE

# E-mail: console in development, SMTP from the environment in production.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Maastricht Inclusie <noreply@maastricht.nl>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security. Production (DEBUG off) gets secure cookies, HSTS and an HTTPS redirect; a proxy that
# terminates TLS sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# A Content Security Policy without 'unsafe-inline': the templates have no inline script or style.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
PERMISSIONS_POLICY = {
    "accelerometer": [], "camera": [], "geolocation": [], "gyroscope": [], "magnetometer": [], "microphone": [],
    "payment": [], "usb": [],
}  # fmt: skip

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"stdout": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["stdout"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}


# Two-factor login (TOTP; django-otp with django-two-factor-auth's views) for superusers (accounts.middleware) and the
# roles that reach personal or financial data, assessors too (applicants' data and finances). Always on in
# production; in development (DEBUG) off unless TWO_FACTOR_REQUIRED=1, so the demo logs in with a password.
TWO_FACTOR_ROLES = ("regisseur", "netwerkmedewerker", "beleidsmedewerker", "functioneel-beheerder",
                    "beoordelaar")  # fmt: skip
TWO_FACTOR_REQUIRED = env_bool("TWO_FACTOR_REQUIRED", default=not DEBUG)
OTP_TOTP_ISSUER = "Maastricht Inclusie"
# Nobody reads a TOTP key or a backup code in the admin (that would copy someone's second factor); a lost phone
# is a deleted device, or one of the backup codes the user printed at setup.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# django-two-factor-auth: the admin's login is the portal's login (password, then the code), and the code must
# follow the password within 10 minutes. No "remember this browser" cookie: every login asks for the code.
TWO_FACTOR_PATCH_ADMIN = True
TWO_FACTOR_LOGIN_TIMEOUT = 600

# The audit trail of changes to applications, decisions and the ledger (django-auditlog): who, what,
# when, before and after. Readable by the application manager in the admin; never edited.
AUDITLOG_INCLUDE_TRACKING_MODELS = (
    # Who gave whom which rights: roles and flags, never the password hash.
    {
        "model": "maastricht_inclusie.user",
        "m2m_fields": ["groups", "user_permissions"],
        "exclude_fields": ["password", "last_login"],
    },
    {"model": "initiatives.organisation", "include_fields": ["iban", "account_holder", "iban_verified_at"]},
    "tenders.Application",
    "tenders.Decision",
    "tenders.BudgetEntry",
    "tenders.Payment",
    "tenders.Settlement",
    "tenders.Objection",
    "tenders.InformationRequest",
    "tenders.Round",
)
AUDITLOG_STORE_JSON_CHANGES = True

# Public pages never show a count below this number (statistical disclosure control), and the key-person
# network's public figures are rounded to a multiple of PUBLIC_ROUNDING (progress/snapshots.py).
PUBLIC_MINIMUM_COUNT = 10
PUBLIC_ROUNDING = 5
# A neighbourhood or domain with fewer active key persons than this is "thin": look for new ones there.
KEYPERSON_THIN_NETWORK = int(os.environ.get("KEYPERSON_THIN_NETWORK", "2"))
# Working days to respond to a signal, by severity: urgent, high, medium, low.
SIGNAL_RESPONSE_DAYS = [int(d) for d in os.environ.get("SIGNAL_RESPONSE_DAYS", "1,3,10,30").split(",")]

# Spreadsheet import and export (django-import-export). Our admin base class uses formats that check
# limits before parsing, and resources that neutralise formulas in every exported cell
# (maastricht_inclusie/spreadsheets.py).
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = False
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
IMPORT_LIMITS = {
    "max_upload_bytes": 10_000_000,
    "max_unpacked_bytes": 100_000_000,
    "max_compression_ratio": 100,
    "max_rows": 20_000,
}


# Tenders. Periods and limits are settings, never literals in code.
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
# A DOCX, XLSX or ODT attachment may unpack to at most this much (a zip bomb is refused before anyone opens it).
ATTACHMENT_ARCHIVE_LIMITS = {"max_unpacked_bytes": 100 * 1024 * 1024, "max_compression_ratio": 100}
INFORMATION_REQUEST_DAYS = int(os.environ.get("INFORMATION_REQUEST_DAYS", "14"))
# Awb 4:13: a decision within the term the subsidy regulation sets, otherwise within eight weeks. Counted from the
# closing of a tender round (all its applications are decided together, by the ranking) and from receipt in a
# first-come round; it waits while an information request is open (Awb 4:15). Shown to applicants as a date.
DECISION_TERM_WEEKS = int(os.environ.get("DECISION_TERM_WEEKS", "8"))
MINIMUM_ASSESSORS = 2
# Assessors whose scores on one criterion differ by more than this many points hold a consensus talk; the officer
# records the agreed score with a reason, and the ranking uses it.
CONSENSUS_SPREAD = int(os.environ.get("CONSENSUS_SPREAD", "3"))

"""Settings for PMI en AQT, driven by the environment (see README, "Configuration").

One file for every environment: the defaults give a self-contained development portal
(SQLite, Celery on the filesystem, emails written to files); production sets DATABASE_URL,
REDIS_URL, SECRET_KEY and the email variables.
"""

import os
import re
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse_lazy

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), not {value!r}")


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_rate(name: str, default: str) -> str:
    """A django-ratelimit rate: a count, a slash and a period (5/15m, 100/h)."""
    value = os.environ.get(name) or default
    if not re.fullmatch(r"[1-9]\d*/\d*[smhd]", value):
        raise ImproperlyConfigured(f"{name} must be a rate such as 5/15m, not {value!r}")
    return value


DEBUG = env_bool("DEBUG", False)
TESTING = env_bool("PMI_TESTING", False)

# Required with DEBUG off, where the web and Celery processes refuse to start without it
# (pmi_aqt.startup); commands that sign nothing (migrate, makemigrations, check) run anyway.
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY and (DEBUG or TESTING):
    SECRET_KEY = "dev-only-insecure-key-never-use-in-production-0123456789abcdef"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG or TESTING else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "auditlog",
    "pmi_aqt.accounts",
    "pmi_aqt.mailing",
    "pmi_aqt.jobs",
    "pmi_aqt.audit",
    "pmi_aqt.passwords",
    "pmi_aqt.imports",
    "pmi_aqt.search",
    "companies",
    "projects",
    "taskforce",
    "tooling",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # django-otp's OTPMiddleware, plus the one place that asks for the second factor.
    "pmi_aqt.accounts.middleware.TwoFactorMiddleware",
    # The author of every history entry written during the request (pmi_aqt/audit).
    "auditlog.middleware.AuditlogMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # The notice that one's background export has ended, on the next page (pmi_aqt/jobs).
    "pmi_aqt.jobs.middleware.JobNoticeMiddleware",
    # Before any view runs (LoginRequiredMiddleware's check included): idle staff are logged out.
    "pmi_aqt.accounts.sessions.StaffIdleTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
]

# The browser features no page of the portal uses are turned off for every page and frame.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "usb",
        "xr-spatial-tracking",
    )
}

ROOT_URLCONF = "pmi_aqt.urls"
WSGI_APPLICATION = "pmi_aqt.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "pmi_aqt.accounts.context_processors.rights",
                "projects.context_processors.rights",
                "taskforce.context_processors.rights",
            ],
        },
    },
]

# --- Database: SQLite in var/ by default, PostgreSQL (or any) through DATABASE_URL.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # A file (not memory) test database, so a real Celery worker process can share it.
    # One per test run (by process), so parallel runs never share it.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test_db_{os.getpid()}.sqlite3")}
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    # Covering indexes (INCLUDE) serve PostgreSQL's index-only scans; SQLite builds the same
    # index on its key columns, which is all the development database needs.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]

elif DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql"):
    # The portal's queries are short: PostgreSQL's JIT compiles some of them (a count over a
    # large table) for longer than they run.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = reverse_lazy("accounts:login")
LOGIN_REDIRECT_URL = reverse_lazy("home")
LOGOUT_REDIRECT_URL = reverse_lazy("accounts:login")
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24
# The programme's team is logged out after this long without a request (accounts/sessions.py).
STAFF_IDLE_TIMEOUT_MINUTES = int(os.environ.get("STAFF_IDLE_TIMEOUT_MINUTES", "60"))
if STAFF_IDLE_TIMEOUT_MINUTES < 1:
    raise ImproperlyConfigured("STAFF_IDLE_TIMEOUT_MINUTES must be at least 1 minute.")
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Every login form (ours and the admin's) goes through this backend: it refuses to check a
# password once an address or a client address has failed too often (django-ratelimit rates,
# e.g. "5/15m"; counted in the default cache, Redis in production).
AUTHENTICATION_BACKENDS = ["pmi_aqt.accounts.backends.ThrottledModelBackend"]
LOGIN_FAILURE_LIMIT_PER_ACCOUNT = env_rate("LOGIN_FAILURE_LIMIT_PER_ACCOUNT", "5/15m")
# Higher per client address: a whole office may share one address behind its router.
LOGIN_FAILURE_LIMIT_PER_IP = env_rate("LOGIN_FAILURE_LIMIT_PER_IP", "20/15m")
# Two-factor authentication (django-otp): the name authenticator apps show beside the code.
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER") or "PMI en AQT"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# History (django-auditlog): a row saved raw (loaddata, a test's serialized rollback putting the
# seeded rows back) is no change made by someone. Logged, its entry's content type was written
# before the content types themselves were restored, and the restore failed (UNIQUE constraint).
AUDITLOG_DISABLE_ON_RAW_SAVE = True

# --- Language and time
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Paris")
USE_I18N = True
USE_TZ = True

# --- Static files: vendored in static/, served by WhiteNoise (no CDN).
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "staticfiles"))
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(VAR_DIR / "private")},
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Cache: Redis when available (shared by every web process: the rate limit needs that),
# otherwise the database, which every process of the embedded mode shares too.
REDIS_URL = os.environ.get("REDIS_URL", "")


def redis_url_of_test_process(url: str, worker: str) -> str:
    """Tests in parallel processes (pytest-xdist's gw0, gw1…): each on a Redis database of its
    own, counted down from the one given, so one process's cache flush or Celery worker never
    meets another's keys or messages."""
    parts = urlsplit(url)
    database = (int(parts.path.strip("/") or 0) - int(worker.removeprefix("gw"))) % 16
    return urlunsplit(parts._replace(path=f"/{database}"))


if TESTING and REDIS_URL and os.environ.get("PYTEST_XDIST_WORKER"):
    REDIS_URL = redis_url_of_test_process(REDIS_URL, os.environ["PYTEST_XDIST_WORKER"])
# The abuse counters (intake rate limit, login throttles) have a cache of their own that does
# not fail open: without Redis they go on counting in the database (pmi_aqt/cache.py).
_LIMITS_IN_DATABASE = {
    "BACKEND": "django.core.cache.backends.db.DatabaseCache",
    "LOCATION": "pmi_limits",
}
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "pmi_aqt.cache.FailOpenRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "pmi",
        },
        "limits": {
            "BACKEND": "pmi_aqt.cache.FallbackRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "pmi-limits",
            "FALLBACK": "limits_fallback",
        },
        "limits_fallback": _LIMITS_IN_DATABASE,
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "pmi_cache",
        },
        "limits": _LIMITS_IN_DATABASE,
    }
RATELIMIT_USE_CACHE = "limits"
RATELIMIT_VIEW = "projects.views.intake.intake_rate_limited"
# Behind a reverse proxy, set RATELIMIT_IP_META_KEY to the header holding the client address.
RATELIMIT_IP_META_KEY = os.environ.get("RATELIMIT_IP_META_KEY") or None
INTAKE_RATE_LIMIT = os.environ.get("INTAKE_RATE_LIMIT", "10/h")

# --- Celery: Redis in production, the filesystem in the embedded mode (no server needed).
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
else:
    CELERY_BROKER_URL = "filesystem://"
    # Each test run gets its own folder (handed to the worker it starts through CELERY_FS_DIR),
    # so neither a `make run` worker nor a parallel run takes its messages.
    _celery_dir = Path(
        os.environ.get("CELERY_FS_DIR")
        or VAR_DIR / (f"celery-test-{os.getpid()}" if TESTING else "celery")
    )
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_celery_dir / "queue"),
        "data_folder_out": str(_celery_dir / "queue"),
        "processed_folder": str(_celery_dir / "processed"),
        "control_folder": str(_celery_dir / "control"),
        "store_processed": False,
    }
FILESYSTEM_BROKER_DIR = "" if REDIS_URL else str(_celery_dir)
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
# First retry of a failed SMTP delivery after about this many seconds, doubling each time.
EMAIL_RETRY_BACKOFF = int(os.environ.get("EMAIL_RETRY_BACKOFF", "30"))
# An email left "sending" this long (seconds) belongs to a worker that died mid-delivery.
EMAIL_STALE_CLAIM_SECONDS = int(os.environ.get("EMAIL_STALE_CLAIM_SECONDS", "900"))
# --- Background jobs (pmi_aqt/jobs): whole-list exports and PDFs prepared by a worker.
# Exports of more rows than this leave the request; smaller ones are answered at once.
JOB_DIRECT_EXPORT_MAX_ROWS = int(os.environ.get("JOB_DIRECT_EXPORT_MAX_ROWS", "2000"))
# How long a prepared file stays downloadable (then the sweep deletes it).
JOB_FILE_HOURS = int(os.environ.get("JOB_FILE_HOURS", "24"))
# A job "running" this long (seconds) belongs to a worker that died: taken over.
JOB_STALE_SECONDS = int(os.environ.get("JOB_STALE_SECONDS", "3600"))
# Rows between two writes of a job's progress (at least; a hundred writes a job at most).
JOB_PROGRESS_BATCH = int(os.environ.get("JOB_PROGRESS_BATCH", "500"))
CELERY_BEAT_SCHEDULE = {
    "deliver-pending-emails": {
        "task": "pmi_aqt.mailing.tasks.deliver_pending_emails",
        "schedule": 300.0,
    },
    # Times in CELERY_TIMEZONE (Europe/Paris); the digest also skips public holidays itself.
    "officer-digest": {
        "task": "projects.tasks.send_officer_digests",
        "schedule": crontab(hour=7, minute=30, day_of_week="mon-fri"),
    },
    "follow-up-surveys": {
        "task": "projects.tasks.send_follow_up_surveys",
        "schedule": crontab(hour=9, minute=0),
    },
    "intake-draft-reminders": {
        "task": "projects.tasks.send_intake_draft_reminders",
        "schedule": crontab(hour=10, minute=0),
    },
    # The people of companies inactive for RETENTION_YEARS are anonymised (privacy page).
    "retention": {
        "task": "projects.tasks.apply_retention",
        "schedule": crontab(hour=3, minute=30, day_of_week="sun"),
    },
    # Recorded emails and history entries past HISTORY_RETENTION_YEARS (privacy page).
    "purge-old-emails": {
        "task": "pmi_aqt.mailing.tasks.purge_old_emails",
        "schedule": crontab(hour=4, minute=0, day_of_week="sun"),
    },
    "purge-history": {
        "task": "pmi_aqt.audit.tasks.purge_history",
        "schedule": crontab(hour=4, minute=30, day_of_week="sun"),
    },
    # Abuse counters kept in the database past their window (they hold client addresses).
    "purge-expired-counters": {
        "task": "pmi_aqt.accounts.tasks.purge_expired_counters",
        "schedule": crontab(minute=15),
    },
    # Background exports: files past JOB_FILE_HOURS deleted, lost jobs queued again.
    "background-jobs-sweep": {
        "task": "pmi_aqt.jobs.tasks.sweep_jobs",
        "schedule": 600.0,
    },
    # Task-force members who have not reviewed, 7 and 2 days before the session.
    "taskforce-review-reminders": {
        "task": "taskforce.tasks.send_review_reminders",
        "schedule": crontab(hour=8, minute=0),
    },
}

# --- Email (Django 6.1 mailers): SMTP in production or when EMAIL_HOST is set; in development
# each email is written as a file in var/emails/ instead.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "PMI en AQT <ne-pas-repondre@pmi-aqt.fr>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_OUTBOX_DIR = VAR_DIR / "emails"
if os.environ.get("EMAIL_HOST") or not (DEBUG or TESTING):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ.get("EMAIL_HOST", "localhost"),
                "port": int(os.environ.get("EMAIL_PORT", "587")),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", False),
                "use_ssl": env_bool("EMAIL_USE_SSL", False),
                "timeout": int(os.environ.get("EMAIL_TIMEOUT", "20")),
            },
        }
    }
else:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": str(EMAIL_OUTBOX_DIR)},
        }
    }
# How many connections to the mail server one delivery task uses at once for a large batch.
EMAIL_DELIVERY_CONNECTIONS = max(1, int(os.environ.get("EMAIL_DELIVERY_CONNECTIONS", "4")))
# Staff addresses told when an intake request arrives (besides the programme's officers).
INTAKE_NOTIFY_EMAILS = env_list("INTAKE_NOTIFY_EMAILS")

# --- Security
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
    "base-uri": ["'self'"],
    "object-src": ["'none'"],
}
if not DEBUG and not TESTING:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    # Cached template loader in production (Django enables it when DEBUG is off).

# Upload limits: the intake form is text only; documents come with the pipeline.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

PROGRAMME_NAME = "PMI en AQT"
# Personal data (RGPD): who is responsible, whom people write to, how long data are kept.
DATA_CONTROLLER = os.environ.get("DATA_CONTROLLER", "UIMM Aquitaine")
DPO_EMAIL = os.environ.get("DPO_EMAIL", "dpo@pmi-aqt.fr")
RETENTION_YEARS = int(os.environ.get("RETENTION_YEARS", "3"))
if RETENTION_YEARS < 1:
    raise ImproperlyConfigured("RETENTION_YEARS must be at least 1.")
# Recorded emails and the history of changes: deleted after this many years (the same as the
# people's by default, as the privacy page says; a funder's audit may ask for longer).
HISTORY_RETENTION_YEARS = int(os.environ.get("HISTORY_RETENTION_YEARS", str(RETENTION_YEARS)))
if HISTORY_RETENTION_YEARS < 1:
    raise ImproperlyConfigured("HISTORY_RETENTION_YEARS must be at least 1.")
# An intake request started and saved but not sent: deleted after this many days untouched.
INTAKE_DRAFT_LIFETIME_DAYS = int(os.environ.get("INTAKE_DRAFT_LIFETIME_DAYS", "30"))
if INTAKE_DRAFT_LIFETIME_DAYS < 1:
    raise ImproperlyConfigured("INTAKE_DRAFT_LIFETIME_DAYS must be at least 1 day.")
# How long a company's secure follow-up link stays valid.
COMPANY_LINK_MAX_AGE_DAYS = int(os.environ.get("COMPANY_LINK_MAX_AGE_DAYS", "30"))
# Documents: the largest file accepted, in megabytes.
DOCUMENT_MAX_SIZE_MB = int(os.environ.get("DOCUMENT_MAX_SIZE_MB", "10"))
# Spreadsheets imported (prospect lists, the directory): largest file and most rows.
IMPORT_MAX_SIZE_MB = int(os.environ.get("IMPORT_MAX_SIZE_MB", "10"))
IMPORT_MAX_ROWS = int(os.environ.get("IMPORT_MAX_ROWS", "20000"))

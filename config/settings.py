"""Settings for the coordination programme manager.

Everything a deployment changes comes from the environment (see
.env.example). With nothing set, the app runs on an embedded SQLite file and a
file-system Celery transport, so one command starts the real thing.
"""

import importlib.util
import re
from pathlib import Path

import dj_database_url

from config.env import ConfigError, envbool, envint, envlist, envstr

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(envstr("VAR_DIR", str(BASE_DIR / "var")))

DEBUG = envbool("DEBUG", True)
# With DEBUG on, missing pages still show the app's own page unless this is set.
TECHNICAL_404 = envbool("TECHNICAL_404", False)
_DEV_SECRET = "dev-only-not-secret-change-me-for-production-0123456789abcdef"
SECRET_KEY = envstr("SECRET_KEY", _DEV_SECRET if DEBUG else "")
if not SECRET_KEY:
    raise ConfigError("SECRET_KEY must be set when DEBUG is off")
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "kit",
    "coordination",
    "programmes",
    "activities",
    "reports",
    "emulation",
    "meetings",
    "overview",
    "devtools",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "kit.middleware.content_security_policy",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "kit.middleware.app_not_found_page",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "kit.middleware.DatabaseUnavailable",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
# Django's form templates, the commonest widgets written in Python to the same markup.
FORM_RENDERER = "kit.renderer.Renderer"

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
                "coordination.context_processors.navigation",
            ],
        },
    },
]

# Database: DATABASE_URL, or an SQLite file under var/ that needs no server.
_default_db = f"sqlite:///{VAR_DIR / 'db.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        envstr("DATABASE_URL", _default_db),
        conn_max_age=envint("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # A file, not memory, so a Celery worker process started by a test sees
    # the same test database.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
    # Transactions begin IMMEDIATE: a writer waits its turn at the start (up to
    # the timeout) instead of failing at once with "database is locked" when
    # it upgrades from reading to writing while another writer is active.
    DATABASES["default"]["OPTIONS"] = {"timeout": envint("SQLITE_TIMEOUT", 20), "transaction_mode": "IMMEDIATE"}
else:
    # Memory per sort or hash of a query. PostgreSQL's 4 MB made the period
    # review's one GROUP BY of 35,000 rows sort on disk once the installation
    # held millions of rows (the planner then expects more groups); 16 MB
    # keeps it in a hash, as at 100,000 (README, Capacity).
    _work_mem = envstr("DB_WORK_MEM", "16MB")
    if not re.fullmatch(r"[1-9][0-9]*(kB|MB|GB)", _work_mem):
        raise ConfigError("DB_WORK_MEM must be a size such as 16MB")
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = f"-c work_mem={_work_mem}"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Vietnamese by default; English msgids with a complete vi catalogue.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Our own vi formats (dd/mm/yyyy input first, "." groups thousands). Grouping
# is applied explicitly by the number filters, not globally, so years and
# document numbers never print as "2.023".
FORMAT_MODULE_PATH = ["kit.formats"]
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "static/"
STATIC_ROOT = Path(envstr("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Bootstrap's compiled CSS/JS, from the bootstrap-wrapper package.
    ("bootstrap", list(importlib.util.find_spec("bootstrap").submodule_search_locations)[0]),
    # Tom Select (the unit and locality pickers), installed from npm by make install.
    ("tom-select/js", BASE_DIR / "node_modules/tom-select/dist/js"),
    ("tom-select/css", BASE_DIR / "node_modules/tom-select/dist/css"),
]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(envstr("MEDIA_ROOT", str(VAR_DIR / "media")))
# A request may carry a few more files than one save accepts (20, with its own
# message); beyond that Django refuses the request before reading the files.
DATA_UPLOAD_MAX_NUMBER_FILES = 25
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if envbool("STATIC_COMPRESS", True)  # gzip and brotli copies made by collectstatic
            else "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Security: strict by default when DEBUG is off (manage.py check --deploy).
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", not DEBUG)
if envbool("USE_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Only behind a reverse proxy that appends the client's address itself.
TRUST_X_FORWARDED_FOR = envbool("TRUST_X_FORWARDED_FOR", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# A session lasts one working day at most (checked on the server) and ends
# when the browser closes: offices share computers.
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = envbool("SESSION_EXPIRE_AT_BROWSER_CLOSE", True)
SESSION_COOKIE_HTTPONLY = True

# Celery: CELERY_BROKER_URL, or a file-system transport under var/ that needs
# no broker process (a real worker process still does the work).
CELERY_BROKER_URL = envstr("CELERY_BROKER_URL", "filesystem://")
CELERY_BROKER_TRANSPORT_OPTIONS: dict = {}
if CELERY_BROKER_URL.startswith("filesystem://"):
    _broker_dir = Path(envstr("CELERY_FS_BROKER_DIR", str(VAR_DIR / "broker")))
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ROUTES = {"reports.*": {"queue": "reports"}}
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_MAX_MEMORY_PER_CHILD = envint("CELERY_WORKER_MAX_MEMORY_PER_CHILD", 600_000)
CELERY_BROKER_CONNECTION_TIMEOUT = envint("CELERY_BROKER_CONNECTION_TIMEOUT", 3)
CELERY_TASK_ALWAYS_EAGER = envbool("CELERY_TASK_ALWAYS_EAGER", False)
# Report rendering: time limits per run; the broker's visibility timeout is
# above the hard limit so a slow render is not delivered twice.
REPORT_SOFT_TIME_LIMIT = envint("REPORT_SOFT_TIME_LIMIT", 240)
REPORT_HARD_TIME_LIMIT = envint("REPORT_HARD_TIME_LIMIT", 300)
if CELERY_BROKER_URL.startswith("redis"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": REPORT_HARD_TIME_LIMIT * 2,
        "socket_timeout": 3,
        "socket_connect_timeout": 3,
        "max_retries": 1,
    }
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Runs left pending (broker down when they were ordered) are dispatched again
# by the sweep after REPORT_REDISPATCH_AFTER seconds.
REPORT_SWEEP_SECONDS = envint("REPORT_SWEEP_SECONDS", 60)
REPORT_REDISPATCH_AFTER = envint("REPORT_REDISPATCH_AFTER", 30)
# /health/ checks the broker at most this often per web process.
HEALTH_BROKER_CACHE_SECONDS = envint("HEALTH_BROKER_CACHE_SECONDS", 5)
# Mail through the intranet's server; without EMAIL_HOST, printed to the console.
EMAIL_HOST = envstr("EMAIL_HOST", "")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = envstr("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = envstr("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", 10)
EMAIL_BACKEND = envstr(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend",
)
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "ban-chi-dao@localhost")
# The address the reminder e-mails link to.
SITE_URL = envstr("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# The beat sends the day's reminders every hour: a person gets one digest a
# day, and a digest delayed by a mail server that was down goes out later.
REMINDERS_EVERY_SECONDS = envint("REMINDERS_EVERY_SECONDS", 3600)
CELERY_BEAT_SCHEDULE = {
    "send-reminders": {"task": "overview.send_reminders", "schedule": float(REMINDERS_EVERY_SECONDS)},
    "sweep-report-runs": {"task": "reports.sweep_report_runs", "schedule": float(REPORT_SWEEP_SECONDS)},
    "worker-heartbeat": {"task": "kit.worker_heartbeat", "schedule": 60.0},
    "clear-expired-sessions": {"task": "kit.clear_expired_sessions", "schedule": 6 * 3600.0},
    "sweep-pending-imports": {"task": "activities.sweep_pending_imports", "schedule": 3600.0},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "config.logging.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if envstr("LOG_FORMAT") == "json" else "plain",
        }
    },
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}

"""TrustPortal settings: one module, driven by the environment.

TRUSTPORTAL_ENV selects the profile:
- ``development`` (default): DEBUG on, SQLite under var/, a Celery broker on the filesystem;
- ``demo``: as development but with DEBUG off (friendly error pages), used by ``make demo``;
- ``test``: used by the test command;
- ``production``: DEBUG off; refuses to start without SECRET_KEY, ALLOWED_HOSTS and
  DATABASE_URL, or with a database other than PostgreSQL; every ``check --deploy`` warning
  answered.

DATABASE_URL (PostgreSQL via psycopg 3) and REDIS_URL (Celery broker) override the
embedded defaults in every profile. In production DATABASE_URL is the application's role,
which owns nothing; MIGRATION_DATABASE_URL (the owner role) is set only where
``manage.py migrate_as_owner`` runs (scripts/db_roles.sh, docs/decisions/0004).
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

TRUSTPORTAL_ENV = env.str("TRUSTPORTAL_ENV", default="development")
if TRUSTPORTAL_ENV not in {"development", "demo", "test", "production"}:
    raise ImproperlyConfigured(
        f"TRUSTPORTAL_ENV must be development, demo, test or production, not {TRUSTPORTAL_ENV!r}."
    )
PRODUCTION = TRUSTPORTAL_ENV == "production"

if PRODUCTION:
    _missing = [
        name for name in ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL") if not env.str(name, default="")
    ]
    if _missing:
        raise ImproperlyConfigured(
            "Production needs these environment variables: " + ", ".join(_missing) + "."
        )

SECRET_KEY = env.str(
    "SECRET_KEY",
    default="dev-only-insecure-key-trustportal-0123456789-abcdefghijklmnopqrstuvwxyz",
)
# The demo behaves like production here: friendly 403/404/500 pages, never a traceback.
DEBUG = env.bool("DEBUG", default=TRUSTPORTAL_ENV == "development")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# --- Second factor ----------------------------------------------------------------------
# Every account needs a TOTP second factor. Development and demo may relax it; production
# and the test profile may not (tests switch it off per test where they need to).
MFA_REQUIRED = env.bool("TRUSTPORTAL_MFA_REQUIRED", default=True)
if not MFA_REQUIRED and TRUSTPORTAL_ENV not in {"development", "demo"}:
    raise ImproperlyConfigured("TRUSTPORTAL_MFA_REQUIRED=false is allowed only in development and demo mode.")

INSTALLED_APPS = [
    "trustportal.common.admin_site.TrustPortalAdminConfig",  # django.contrib.admin, hardened
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "simple_history",
    "trustportal.accounts",
    "trustportal.audit",
    "trustportal.common",
    "trustportal.notifications",
    "cases",
    "training",
    "reports",
]

MIDDLEWARE = [
    "trustportal.logging.RequestIdMiddleware",  # first: every later log line carries the id
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "trustportal.middleware.ContentSecurityPolicyMiddleware",
    "trustportal.middleware.NoStoreMiddleware",
    "trustportal.middleware.RejectNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "trustportal.middleware.IdleTimeoutMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "trustportal.middleware.SecondFactorRequiredMiddleware",
    "trustportal.middleware.PasswordChangeRequiredMiddleware",
    "trustportal.audit.middleware.RequestContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "trustportal.common.idempotency.DoubleSubmitMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "trustportal.urls"
WSGI_APPLICATION = "trustportal.wsgi.application"

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
                "trustportal.accounts.context_processors.navigation",
                "trustportal.notifications.context_processors.reminders_clock",
            ],
            "builtins": ["trustportal.common.templatetags.local_time"],
        },
    },
]

# --- Database ---------------------------------------------------------------------------
VAR_DIR.mkdir(exist_ok=True)
DATABASES = {"default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'trustportal.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update({"timeout": 20, "transaction_mode": "IMMEDIATE"})
if PRODUCTION and DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured(
        "Production needs PostgreSQL: DATABASE_URL must be a postgres:// URL (the application's "
        "role). The audit trail's protections (a role without UPDATE, DELETE or TRUNCATE, the "
        "triggers, the hash chain) exist only on PostgreSQL; SQLite is for development."
    )
# The owner role, which runs the migrations (manage.py migrate_as_owner). Set it only in the
# environment of the migration job, never in the web, worker or beat processes'.
MIGRATION_DATABASE = None
if env.str("MIGRATION_DATABASE_URL", default=""):
    MIGRATION_DATABASE = env.db_url("MIGRATION_DATABASE_URL")
    if (MIGRATION_DATABASE["ENGINE"], MIGRATION_DATABASE["NAME"]) != (
        "django.db.backends.postgresql",
        DATABASES["default"]["NAME"],
    ):
        raise ImproperlyConfigured(
            "MIGRATION_DATABASE_URL must be a postgres:// URL of the same database as DATABASE_URL "
            "(the owner role of that database)."
        )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts, passwords, sessions, lockout ---------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "trustportal.accounts.backends.AgencyModelBackend",
]
if TRUSTPORTAL_ENV == "test":
    # Tests create many users; a fast hash keeps the suite quick. Never used outside tests.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "trustportal.accounts.passwords.AuditPasswordChange"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

SESSION_COOKIE_AGE = 30 * 60  # 30-minute idle timeout, renewed by IdleTimeoutMiddleware
SESSION_SAVE_EVERY_REQUEST = False  # automatic polling must not keep a session alive
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 403
AXES_VERBOSE = False
AXES_USERNAME_CALLABLE = "trustportal.accounts.backends.axes_username"
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)

OTP_TOTP_ISSUER = "TrustPortal"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # TOTP secrets are never shown in the admin

LOGIN_BANNER = (
    "You are accessing a criminal justice information system. Use is limited to authorised "
    "staff for official purposes, and all activity is logged and may be monitored and "
    "audited. Unauthorised use or disclosure is prohibited and may be subject to criminal "
    "and civil penalties."
)

# --- Internationalisation: store UTC, show America/New_York -----------------------------
LANGUAGE_CODE = "en-us"
# The staff UI is English (no LocaleMiddleware). Only the notices given to a detained person
# ((e)(1)) are rendered in another language, with translation.override(notice.language);
# their texts are in locale/<code>/LC_MESSAGES/django.po (README: how to add a language).
LANGUAGES = [("en", "English"), ("es", "Spanish")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "America/New_York"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["trustportal.formats"]  # one date and one date-time format (formats/en)
DATETIME_FORMAT = "D d M Y H:i T"
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
DATE_FORMAT = "d M Y"

# --- Static files: our own in static/, third-party from node_modules (npm) --------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", NODE_MODULES / "bootstrap-icons" / "font"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/chart.js", NODE_MODULES / "chart.js" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
if not PRODUCTION:
    STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise expects it; collectstatic fills it in production

# Uploaded detainer scans: outside the static root, served only through an access-checked view.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(VAR_DIR / "uploads"))
MEDIA_URL = "/_uploads_are_never_served_directly/"  # scans go through an access-checked view
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Celery: Redis when REDIS_URL is set, else kombu's filesystem transport under var/ ----
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, int | str | bool] = {"visibility_timeout": 3600}
else:
    _broker_dir = Path(env.str("TRUSTPORTAL_BROKER_DIR", default=str(VAR_DIR / "broker")))
    for _sub in ("out", "processed", "control"):
        (_broker_dir / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "out"),
        "data_folder_out": str(_broker_dir / "out"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),  # which queues an exchange routes to
        "store_processed": False,
    }
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
CELERY_ENABLE_UTC = True
CELERY_TASK_ACKS_LATE = True
# A hung task must not hold a worker (and its row locks) for minutes: the sweep and the outbox
# are cut off after these many seconds (soft: the task's own cleanup; hard: the process).
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TASK_TIME_LIMIT = 300
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
# Beat is the clock; the database is the source of truth (trustportal/notifications/tasks.py).
# The schedule is static, in code, and beat keeps its state in a local file: beat never touches
# the database, so a database outage cannot stop the clock (docs/decisions/0005).
CELERY_BEAT_SCHEDULER = "celery.beat:PersistentScheduler"
CELERY_BEAT_SCHEDULE_FILENAME = env.str(
    "CELERY_BEAT_SCHEDULE_FILENAME", default=str(VAR_DIR / "celerybeat-schedule")
)
CELERY_BEAT_SCHEDULE_SECONDS = env.float("CELERY_BEAT_SCHEDULE_SECONDS", default=60.0)
# A tick's task that waited this long in its queue is dropped: the next tick brings a fresh one.
_BEAT_EXPIRES = max(5 * CELERY_BEAT_SCHEDULE_SECONDS, 30.0)
CELERY_BEAT_SCHEDULE = {
    "reminders-sweep": {
        "task": "notifications.sweep_reminders",
        "schedule": CELERY_BEAT_SCHEDULE_SECONDS,
        "options": {"expires": _BEAT_EXPIRES},
    },
    "outbox-deliver": {
        "task": "notifications.deliver_outbox",
        "schedule": CELERY_BEAT_SCHEDULE_SECONDS,
        "options": {"expires": _BEAT_EXPIRES},
    },
}
# In-app delivery never waits on e-mail: the sweep and the outbox have a queue each, and each
# queue its own worker (``celery worker -Q reminders`` / ``-Q email``), so a hung mail server
# can hold only the e-mail worker.
REMINDERS_QUEUE, EMAIL_QUEUE, IMPORTS_QUEUE = "reminders", "email", "imports"
CELERY_TASK_ROUTES = {
    "notifications.sweep_reminders": {"queue": REMINDERS_QUEUE},
    "notifications.deliver_outbox": {"queue": EMAIL_QUEUE},
    # A big roster import runs for minutes: never on the reminders' worker (the e-mail one).
    "cases.run_import": {"queue": IMPORTS_QUEUE},
    # Recomputing every policy-impact evaluation runs for seconds to minutes: the imports' queue.
    "reports.recompute_policy_impact": {"queue": IMPORTS_QUEUE},
}

# --- E-mail -----------------------------------------------------------------------------
EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
# A mail server that accepts the connection and never answers must not hold the outbox.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
# An e-mail being sent is leased to its worker for this long (no row lock is held while the
# server is talked to); after a crash between sending and recording, it is sent again then.
TRUSTPORTAL_OUTBOX_LEASE_SECONDS = env.int("TRUSTPORTAL_OUTBOX_LEASE_SECONDS", default=300)
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
TRUSTPORTAL_POLL_SECONDS = env.int("TRUSTPORTAL_POLL_SECONDS", default=30)  # board and bell refresh
# The board's statements are prepared once per database connection (trustportal/common/prepared.py);
# false behind a connection pooler in transaction mode (PgBouncer), which cannot keep them.
TRUSTPORTAL_PREPARED_STATEMENTS = env.bool("TRUSTPORTAL_PREPARED_STATEMENTS", default=True)
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="TrustPortal <trustportal@localhost>")

# --- Security headers -------------------------------------------------------------------
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
if PRODUCTION:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # container and load-balancer checks speak plain HTTP
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Logs: one JSON object a line with the request id in production (LOG_FORMAT=json), plain
# text with the request id elsewhere (trustportal/logging.py).
LOG_FORMAT = env.str("LOG_FORMAT", default="json" if PRODUCTION else "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "trustportal.logging.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "trustportal.logging.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}

# Lockout is per account (CJIS: lock the account after 5 failures), not per address: a shared
# desk computer must not lock out every officer, and rotating addresses cannot unlock an
# account. Axes warns about that choice; it is deliberate.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

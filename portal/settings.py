"""Settings, all from the environment (django-environ); see ``.env.example``.

Without configuration the portal runs on SQLite with Celery tasks executed eagerly, so the demo
starts on a bare machine. Production sets DATABASE_URL (PostgreSQL), CELERY_BROKER_URL (Redis),
and the S3 variables for uploaded files.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        # A key known to anyone who reads the repository signs nobody's session: refuse to start.
        # The test settings (portal/test_settings.py) set their own key explicitly.
        raise ImproperlyConfigured(
            "Set DJANGO_SECRET_KEY (e.g. python -c 'import secrets; print(secrets.token_urlsafe(50))'), "
            "or DJANGO_DEBUG=true for local development."
        )
    SECRET_KEY = "insecure-development-key-change-me"  # DEBUG only: the local demo
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",  # registers OpClass for the trigram indexes (issue 15); harmless on SQLite
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "simple_history",
    "axes",
    "csp",
    "drf_spectacular_sidecar",
    "accounts",
    "programs",
    "applications",
    "inspections",
    "payments",
    "ports_agreement",
    "notices",
    "agreements",
    "reporting",
    "funding",
    "mywork",
    "dashboards",
    "communities",
    "demo",
    "conversations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "csp.middleware.CSPMiddleware",
    "core.middleware.SecureHeadersMiddleware",
    "core.middleware.ReadOnlyAdminMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

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
                "accounts.context_processors.roles",
                "notices.context_processors.unread_notices",
                "core.context_processors.uploads",
                "mywork.menu.menu",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
# Persistent connections: a request reuses its worker's connection instead of opening one (about 1.8 times the
# throughput of the applicant list in a side-by-side run, issue 15); checked before reuse after a database restart.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "mywork:page"  # every role starts at its work (issue 21)
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "America/Los_Angeles"  # the documents' "PT"
USE_I18N = True
USE_TZ = True
# The applicant pages in English and Spanish ("many read Spanish first"): the browser's language, or the one chosen
# with the switch in the navbar (a cookie). Catalogs in locale/ (compiled .mo files are committed).
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["portal.formats"]  # dates in words: "February 29, 2028", "29 de febrero de 2028"

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
WHITENOISE_USE_FINDERS = True  # serve from the apps in development; collectstatic in production
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")

# Uploaded files go through django-storages: the local filesystem by default, any S3-compatible
# bucket when AWS_STORAGE_BUCKET_NAME is set. Files are never served publicly; views stream them
# after a permission check.
if env("AWS_STORAGE_BUCKET_NAME", default=""):
    DEFAULT_FILE_STORAGE_BACKEND = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env("AWS_S3_ENDPOINT_URL", default=None),
            "region_name": env("AWS_S3_REGION_NAME", default=None),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    DEFAULT_FILE_STORAGE_BACKEND = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": DEFAULT_FILE_STORAGE_BACKEND,
    "staticfiles": {
        "BACKEND": env("STATICFILES_BACKEND", default="django.contrib.staticfiles.storage.StaticFilesStorage")
    },
}

UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)
# An uploaded image is decoded only up to this many pixels (a 48-megapixel camera's photo fits): a small PNG can
# claim a billion pixels and take gigabytes to decode (core.uploads, issue 26).
UPLOAD_MAX_PIXELS = env.int("UPLOAD_MAX_PIXELS", default=50_000_000)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Celery: Redis in production; without a broker, tasks run eagerly in the web process.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="memory://")
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=None)
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=CELERY_BROKER_URL == "memory://")
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
EVALUATION_REQUEUE_AFTER_MINUTES = env.float("EVALUATION_REQUEUE_AFTER_MINUTES", default=5)
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_BEAT_SCHEDULE = {
    "requeue-stranded-evaluations": {
        "task": "applications.tasks.requeue_stranded_evaluations",
        "schedule": 300.0,  # every five minutes
    },
    "flag-overdue-port-milestones": {
        "task": "ports_agreement.tasks.flag_overdue_milestones",
        "schedule": crontab(hour=6, minute=0),
    },
    "send-unsent-notices": {
        "task": "notices.tasks.send_unsent_notices",
        "schedule": crontab(minute="*/10"),
    },
    "send-daily-digests": {
        "task": "notices.tasks.send_daily_digests",
        "schedule": crontab(hour=6, minute=30),  # each morning, the notices of the day before (notices.Inbox)
    },
    "archive-old-notices": {
        "task": "notices.tasks.archive_old_notices",
        "schedule": crontab(hour=3, minute=30),  # nightly: read notices past NOTICE_RETENTION_DAYS (docs/notices.md)
    },
    "remind-obligations": {
        "task": "agreements.tasks.remind_obligations",
        "schedule": crontab(hour=7, minute=0),  # daily, 7 AM Pacific (CELERY_TIMEZONE)
    },
    "remind-usage-reports": {
        "task": "reporting.tasks.remind_reports",
        "schedule": crontab(hour=7, minute=10),  # daily, after the obligations' reminders
    },
}

# E-mail (the notices app, account verification, password reset): EMAIL_URL, e.g.
# smtp+tls://user:password@smtp.example.org:587, or the usual EMAIL_HOST / EMAIL_PORT / EMAIL_HOST_USER /
# EMAIL_HOST_PASSWORD / EMAIL_USE_TLS. With neither (the demo), every message is written as a file under
# EMAIL_FILE_PATH (tmp/mail/); see the README.
if env("EMAIL_URL", default=""):
    globals().update(env.email_url("EMAIL_URL"))
elif env("EMAIL_HOST", default=""):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env("EMAIL_HOST")
    EMAIL_PORT = env.int("EMAIL_PORT", default=587)
    EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
    EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
    EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=True)
    EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=False)
else:
    EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.filebased.EmailBackend")
    EMAIL_FILE_PATH = env.path("EMAIL_FILE_PATH", default=BASE_DIR / "tmp" / "mail")
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
# Notices read and older than this many days leave the Notices page (archived, kept for audit; docs/notices.md)
NOTICE_RETENTION_DAYS = env.int("NOTICE_RETENTION_DAYS", default=400)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Clean Air Grants <no-reply@localhost>")
SERVER_EMAIL = env("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
# The portal's address as people reach it, for the links in e-mail (no request to build them from in a worker).
PORTAL_URL = env("PORTAL_URL", default="http://127.0.0.1:8000")
# Replies by e-mail to a conversation (issue 22, docs/conversations.md): each message's notice carries the Reply-To
# address reply+<signed token>@CONVERSATION_REPLY_DOMAIN, and the mail system pipes what arrives there to
# `manage.py receive_mail`. Blank: no Reply-To; people answer in the portal.
CONVERSATION_REPLY_DOMAIN = env("CONVERSATION_REPLY_DOMAIN", default="").strip().lower()

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Clean Air Grants API",
    "DESCRIPTION": "Programs, applications and rule evaluations of the Clean Air Grants portal.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
}

SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

# --- Security (issue 7) -------------------------------------------------------------------------------------------
# Sign-in: django-axes locks a user name from one address after repeated failures (portal and admin alike).
# Axes' backend first (it refuses a locked-out sign-in before any password is checked), then sign-in by e-mail
# address or user name (accounts.backends), which is Django's ModelBackend with an e-mail lookup.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.EmailOrUsernameBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)  # hours: 15 minutes
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
AXES_USERNAME_CALLABLE = "accounts.backends.axes_username"  # an e-mail address counts against its account

# API: anonymous and signed-in rate limits (DRF throttles); rule evaluation is the expensive one.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"] = [
    "rest_framework.throttling.AnonRateThrottle",
    "rest_framework.throttling.UserRateThrottle",
    "rest_framework.throttling.ScopedRateThrottle",
]
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = {
    "anon": env("API_ANON_RATE", default="60/minute"),
    "user": env("API_USER_RATE", default="600/minute"),
    "evaluate": env("API_EVALUATE_RATE", default="30/minute"),
    "register": env("REGISTRATION_RATE", default="10/hour"),  # accounts.views.register
}

# Swagger UI and ReDoc from drf-spectacular-sidecar's static files: no CDN at run time.
SPECTACULAR_SETTINGS.update(
    {
        "SWAGGER_UI_DIST": "SIDECAR",
        "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
        "REDOC_DIST": "SIDECAR",
    }
)

# Content Security Policy (django-csp): every script and style from this site. Inline style attributes stay
# allowed for the admin's rule tables and the SVG trend chart; no inline script anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# HTTPS in production (.env.example turns these on; see `manage.py check --deploy`).
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=False)
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=False)
if env.bool("DJANGO_BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
CSRF_FAILURE_VIEW = "core.views.csrf_failure"

# --- Deployment and operations (issue 24; docs/deploy.md) ---------------------------------------------------------
# One block, so that other changes to these settings merge around it. Everything here reads the environment.

INSTALLED_APPS += ["django_prometheus", "operations"]
# /healthz, /readyz and /metrics are answered first, before host validation, the HTTPS redirect and sign-in
# (probes and scrapers call the container by its address, over plain HTTP); then the request id, for every log line.
MIDDLEWARE = [
    "operations.middleware.InternalEndpointsMiddleware",
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "operations.requestid.RequestIdMiddleware",
    *MIDDLEWARE,
]
# django-prometheus asks to be last, and so does django-axes: axes keeps the last place.
MIDDLEWARE.insert(
    MIDDLEWARE.index("axes.middleware.AxesMiddleware")
    if "axes.middleware.AxesMiddleware" in MIDDLEWARE
    else len(MIDDLEWARE),
    "django_prometheus.middleware.PrometheusAfterMiddleware",
)

# Static files collected into the image at build time (the Dockerfile runs collectstatic with the production storage).
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")

# Query counts and durations per database (django-prometheus's wrappers around the same backends).
PROMETHEUS_ENGINES = {
    "django.db.backends.postgresql": "django_prometheus.db.backends.postgresql",
    "django.db.backends.sqlite3": "django_prometheus.db.backends.sqlite3",
}
DATABASES["default"]["ENGINE"] = PROMETHEUS_ENGINES.get(DATABASES["default"]["ENGINE"], DATABASES["default"]["ENGINE"])
# An optional read-only copy of the database (a streaming replica) for the dashboards and exports, so a board member's
# report never slows an applicant's submission: core.db.reporting() names it, or the main database without one.
if env("DATABASE_READ_URL", default=""):
    DATABASES["replica"] = env.db("DATABASE_READ_URL")
    DATABASES["replica"]["ENGINE"] = PROMETHEUS_ENGINES.get(
        DATABASES["replica"]["ENGINE"], DATABASES["replica"]["ENGINE"]
    )
    DATABASES["replica"].update(CONN_MAX_AGE=DATABASES["default"]["CONN_MAX_AGE"], CONN_HEALTH_CHECKS=True)
REPORTING_DATABASE = "replica" if "replica" in DATABASES else "default"
DATABASE_ROUTERS = ["core.db.ReportingRouter"]

# S3-compatible storage other than Amazon's (MinIO in docker-compose.yml) addresses buckets by path.
if "OPTIONS" in STORAGES["default"]:
    STORAGES["default"]["OPTIONS"].update(
        addressing_style=env("AWS_S3_ADDRESSING_STYLE", default=None), signature_version="s3v4"
    )

# Sessions are read from the shared cache (CACHE_URL: every web replica, and the API's throttle counts, share it) and
# kept in the database too, so restarting the cache signs nobody out.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Background work that always recovers: every task is acknowledged only once done and given back to the queue if its
# worker dies (acks late, reject on worker loss); a message a dead worker held comes back after the visibility timeout,
# longer than the longest task may run. The sweepers below re-queue what waits sooner, from the database's state.
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=30 * 60)  # seconds; the funding ranking is longest
CELERY_TASK_SOFT_TIME_LIMIT = CELERY_TASK_TIME_LIMIT - 60
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_TASK_TIME_LIMIT + 5 * 60,
    "socket_connect_timeout": 5,
    "health_check_interval": 25,
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_MAX_RETRIES = None  # a worker waits for a broker that went away, however long
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True  # their messages come back to the queue
# A request that queues a task while the broker is down answers in about a second (the work is saved as waiting).
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.25, "interval_max": 0.5}
CELERY_WORKER_HIJACK_ROOT_LOGGER = False  # the worker logs through LOGGING below (JSON, with the request id)
FUNDING_ROUND_REQUEUE_AFTER_MINUTES = env.float("FUNDING_ROUND_REQUEUE_AFTER_MINUTES", default=5)
# The sweepers run every minute: a round waiting for the task queue starts within a minute of its return.
BACKGROUND_SWEEP_SECONDS = env.float("BACKGROUND_SWEEP_SECONDS", default=60)
CELERY_BEAT_SCHEDULE["requeue-stranded-evaluations"]["schedule"] = BACKGROUND_SWEEP_SECONDS
# The geocoder of the community determination (issue 23): the US Census Geocoder; tests and a local demo read saved
# answers (communities/fixtures/geocoder), so neither touches the network.
COMMUNITIES_GEOCODER = env(
    "COMMUNITIES_GEOCODER",
    default="communities.geocoder.FixtureGeocoder" if DEBUG else "communities.geocoder.CensusGeocoder",
)
CELERY_BEAT_SCHEDULE["retry-waiting-community-lookups"] = {
    "task": "communities.tasks.retry_waiting",
    "schedule": 3600.0,  # hourly: the geocoder may be back
}
CELERY_BEAT_SCHEDULE["requeue-stranded-rounds"] = {
    "task": "funding.tasks.requeue_stranded_rounds",
    "schedule": BACKGROUND_SWEEP_SECONDS,
}

# Logs: one JSON object per line on standard output, each with the request id (and, in a task, the task's id and
# name); LOG_FORMAT=text for reading in a terminal (the default with DJANGO_DEBUG).
LOG_FORMAT = env("LOG_FORMAT", default="text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "operations.requestid.RequestIdFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(levelname)s %(name)s %(message)s",
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": "time",
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["request_id"]}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # Libraries' step-by-step chatter is not the portal's log: WeasyPrint's layout steps, fontTools' subsetting,
    # django-axes' start-up line (issue 20: ``make demo`` prints nothing that looks like an error).
    "loggers": {
        name: {"level": env("LIBRARY_LOG_LEVEL", default="WARNING")} for name in ("weasyprint", "fontTools", "axes")
    },
}

# Error reports to Sentry when SENTRY_DSN is set (requests and Celery tasks, tagged with the request id; no personal
# data is sent).
if env("SENTRY_DSN", default=""):
    from operations.errors import start_sentry

    start_sentry(
        env("SENTRY_DSN"),
        environment=env("SENTRY_ENVIRONMENT", default="production"),
        release=env("SENTRY_RELEASE", default=None),
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )

# Prometheus: /metrics for a scraper on the internal network or with the token; a worker serves its task counts on
# CELERY_METRICS_PORT (operations.metrics).
METRICS_TOKEN = env("METRICS_TOKEN", default="")
METRICS_ALLOWED_NETWORKS = env.list(
    "METRICS_ALLOWED_NETWORKS",
    default=["127.0.0.0/8", "::1/128", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"],
)
CELERY_METRICS_PORT = env.int("CELERY_METRICS_PORT", default=0)
if env("PROMETHEUS_MULTIPROC_DIR", default=""):  # several processes per container add their counts up there
    Path(env("PROMETHEUS_MULTIPROC_DIR")).mkdir(parents=True, exist_ok=True)

# --- Accounts: a second factor, throttles, session ages (issue 26; docs/accounts.md) -------------------------------
# One block, so that other changes to these settings merge around it.
# django-allauth's MFA (authenticator app, passkeys and security keys, recovery codes) behind the portal's own sign-in
# (accounts.views.SignInView hands a password sign-in to allauth's login stages); registration, password reset and
# e-mail confirmation stay the portal's (accounts.views), so allauth's own sign-up and e-mail pages are not routed.
INSTALLED_APPS += ["allauth", "allauth.account", "allauth.mfa"]
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "allauth.account.middleware.AccountMiddleware",
)
# After the messages: a district session that ran out says so on the sign-in page; then the enrolment a district role
# owes before any other page.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.messages.middleware.MessageMiddleware") + 1,
    "accounts.middleware.SessionAgeMiddleware",
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("accounts.middleware.SessionAgeMiddleware") + 1, "accounts.middleware.SecondFactorMiddleware"
)
ACCOUNT_ADAPTER = "accounts.adapters.PortalAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_EMAIL_VERIFICATION = "none"  # the portal confirms addresses itself (accounts.tokens)
ACCOUNT_LOGOUT_REDIRECT_URL = LOGOUT_REDIRECT_URL
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300  # seconds: enrolling or removing a factor asks again after five minutes
MFA_ADAPTER = "accounts.adapters.PortalMFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_TOTP_ISSUER = "Clean Air Grants"
MFA_TOTP_PERIOD = 30  # seconds
MFA_TOTP_TOLERANCE = 1  # the code before and after the current one: a phone's clock a little off still signs in
MFA_PASSKEY_LOGIN_ENABLED = False  # a passkey is a second factor after the password, not a way around it
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG  # http://127.0.0.1 in the demo; production is HTTPS only
MFA_TRUST_ENABLED = False  # every sign-in asks for the second factor
# The roles that approve, sign or release money, and the board, must have a second factor (accounts.mfa).

# Throttles in the shared cache (CACHE_URL, e.g. redis://redis:6379/1: every web replica counts together; without it
# each process counts alone, which is the demo). django-axes keeps its failures in the database, shared by all.
# Per account: AXES_* above (a user name or address from one network address). Per network address across user names:
SIGN_IN_FAILURES_PER_ADDRESS = env("SIGN_IN_FAILURES_PER_ADDRESS", default="20/hour")
# Password-reset mail: at most this many to one e-mail address, and from one network address, per hour.
PASSWORD_RESET_MAIL_PER_ADDRESS = env("PASSWORD_RESET_MAIL_PER_ADDRESS", default="3/hour")
PASSWORD_RESET_REQUESTS_PER_CLIENT = env("PASSWORD_RESET_REQUESTS_PER_CLIENT", default="10/hour")

# Session ages (accounts.middleware.SessionAgeMiddleware): district roles end after a working day and after idle time;
# applicants stay signed in for SESSION_COOKIE_AGE (14 days, Django's default).
DISTRICT_SESSION_HOURS = env.float("DISTRICT_SESSION_HOURS", default=9)
DISTRICT_SESSION_IDLE_MINUTES = env.float("DISTRICT_SESSION_IDLE_MINUTES", default=30)
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=14 * 24 * 3600)
# The client's network address for every count (accounts.throttles.client_address): the proxies in front of the
# portal that add X-Forwarded-For (0 without one: REMOTE_ADDR, never a header the client may write).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
REST_FRAMEWORK["NUM_PROXIES"] = TRUSTED_PROXY_COUNT
AXES_CLIENT_IP_CALLABLE = "accounts.throttles.client_address"

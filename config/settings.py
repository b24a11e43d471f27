"""Debrief settings: one module, driven by the environment.

Development needs nothing set. With DEBRIEF_DEBUG off, a missing secret key or database URL stops
start-up with a message that says what to set.
"""

import hashlib
import os
import warnings
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from config.storage_url import documents_storage

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

# Debrief's own settings are named DEBRIEF_…; standard connection strings (DATABASE_URL,
# REDIS_URL, …) keep their usual names. The names before issue 16 still work, with a warning.
RENAMED_VARIABLES = {
    "DJANGO_DEBUG": "DEBRIEF_DEBUG",
    "DJANGO_SECRET_KEY": "DEBRIEF_SECRET_KEY",
    "DJANGO_ALLOWED_HOSTS": "DEBRIEF_ALLOWED_HOSTS",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "DEBRIEF_CSRF_TRUSTED_ORIGINS",
    "DJANGO_CONN_MAX_AGE": "DEBRIEF_CONN_MAX_AGE",
    "DJANGO_PROXY_COUNT": "DEBRIEF_PROXY_COUNT",
    "DJANGO_TIME_ZONE": "DEBRIEF_TIME_ZONE",
    "DJANGO_STATIC_ROOT": "DEBRIEF_STATIC_ROOT",
    "DJANGO_DEFAULT_FROM_EMAIL": "DEBRIEF_DEFAULT_FROM_EMAIL",
    "DJANGO_PRIVACY_CONTACT_EMAIL": "DEBRIEF_PRIVACY_CONTACT_EMAIL",
    "DJANGO_SECURE_SSL_REDIRECT": "DEBRIEF_SECURE_SSL_REDIRECT",
    "DJANGO_SECURE_COOKIES": "DEBRIEF_SECURE_COOKIES",
    "DJANGO_LOG_LEVEL": "DEBRIEF_LOG_LEVEL",
    "CRONTASK_REDIS_URL": "DEBRIEF_SCHEDULER_REDIS_URL",
    "INBOUND_SMTP_HOST": "DEBRIEF_INBOUND_SMTP_HOST",
    "INBOUND_SMTP_PORT": "DEBRIEF_INBOUND_SMTP_PORT",
    "INBOUND_SMTP_DOMAIN": "DEBRIEF_INBOUND_SMTP_DOMAIN",
}
for old_name, new_name in RENAMED_VARIABLES.items():
    if old_name in os.environ:
        # FutureWarning, not DeprecationWarning: Python shows it to whoever runs manage.py.
        warnings.warn(
            f"{old_name} is deprecated: rename it {new_name}"
            + (" (both are set: the new one wins)" if new_name in os.environ else ""),
            FutureWarning,
            stacklevel=1,
        )
        os.environ.setdefault(new_name, os.environ[old_name])

# Off unless asked for: a production host that forgets a variable fails loudly rather than running
# with development defaults. `make run` and the tests turn it on.
DEBUG = env.bool("DEBRIEF_DEBUG", default=False)


def required_in_production(name: str, development_default: str) -> str:
    value = env.str(name, default="")
    if value:
        return value
    if DEBUG:
        return development_default
    raise ImproperlyConfigured(f"{name} must be set when DEBRIEF_DEBUG is off.")


SECRET_KEY = required_in_production(
    "DEBRIEF_SECRET_KEY", "django-insecure-development-only-key-never-use-in-production"
)
if not DEBUG and (len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure")):
    raise ImproperlyConfigured("DEBRIEF_SECRET_KEY must be at least 50 random characters.")

ALLOWED_HOSTS = env.list(
    "DEBRIEF_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env.list("DEBRIEF_CSRF_TRUSTED_ORIGINS", default=[])

DATABASES = {
    "default": env.db_url_config(
        required_in_production("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/debrief")
    )
}
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured(
        "Debrief runs on PostgreSQL only: DATABASE_URL must be postgresql://"
    )
DATABASES["default"].update(
    # Django's backend, with a health check that sends nothing and prepared_cursor() for the
    # statements every page runs (config/postgresql/base.py).
    ENGINE="config.postgresql",
    ATOMIC_REQUESTS=True,
    CONN_MAX_AGE=env.int("DEBRIEF_CONN_MAX_AGE", default=0 if DEBUG else 600),
    CONN_HEALTH_CHECKS=True,
)
# A streaming replica for read-only report pages (debrief/replica.py): opted-in views read from it
# once it has replayed the viewer's own last write; everything else reads from the primary.
if replica_url := env.str("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = env.db_url_config(replica_url)
    DATABASES["replica"].update(
        ENGINE="config.postgresql",
        CONN_MAX_AGE=DATABASES["default"]["CONN_MAX_AGE"],
        CONN_HEALTH_CHECKS=True,
        # Tests point it at the test database (two connections to one server).
        TEST={"MIRROR": "default"},
    )
    DATABASE_ROUTERS = ["debrief.replica.ReplicaRouter"]


def source_fingerprint() -> str:
    """A short hash of the application's Python source: it changes with every release that
    changes the code, so a release never reads the cached values another one wrote."""
    digest = hashlib.sha256()
    for source in sorted((BASE_DIR / "debrief").rglob("*.py")):
        digest.update(source.relative_to(BASE_DIR).as_posix().encode())
        digest.update(source.read_bytes())
    return f"src-{digest.hexdigest()[:12]}"


# Dashboard figures are cached under each record's version (see debrief/services/record_figures.py),
# so a per-process memory cache is always right; CACHE_URL (e.g. redis://…) shares it. The key
# prefix names the release (DEBRIEF_RELEASE, e.g. the git commit; by default a fingerprint of
# the source), so a deploy never unpickles values shaped by another release.
# REDIS_URL (redis://host:6379/0) is the shared cache of several web replicas: Django's own
# RedisCache holds the dashboard figures and django-ratelimit's counters, so a limit is one limit
# across every replica. Without it (make run, make test), a per-process memory cache.
DEBRIEF_RELEASE = env.str("DEBRIEF_RELEASE", default="") or source_fingerprint()
REDIS_URL = env.str("REDIS_URL", default="")
if cache_url := env.str("CACHE_URL", default=""):
    CACHES = {"default": env.cache_url_config(cache_url)}
elif REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # A Redis that stops answering costs a request 2 s at most, never a hung worker.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if CACHES["default"]["BACKEND"].endswith("LocMemCache"):
    CACHES["default"].setdefault("LOCATION", "debrief")
    CACHES["default"].setdefault("OPTIONS", {}).setdefault("MAX_ENTRIES", 2000)
CACHES["default"]["KEY_PREFIX"] = DEBRIEF_RELEASE

INSTALLED_APPS = [
    "debrief.apps.OTPAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    # Django's widget templates, found by the project's engine (FORM_RENDERER below).
    "django.forms",
    "crispy_forms",
    "crispy_bootstrap5",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks_db",
    "crontask",
    # Derived stores kept by statement-level triggers declared in the models (debrief/summaries).
    "pgtrigger",
    "debrief",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # English or Welsh: the language cookie, else the browser's Accept-Language.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Signed in, the language chosen on the account wins (debrief/middleware.py).
    "debrief.middleware.AccountLanguageMiddleware",
    # Private, no-store on pages about a person; the Permissions-Policy (debrief/middleware.py).
    "debrief.middleware.PrivatePagesMiddleware",
    # With a read replica: remembers your last write, so you read it back (debrief/replica.py).
    "debrief.replica.RememberWritesMiddleware",
    # django-otp's, reading the session's authenticator in one prepared statement (two_step.py).
    "debrief.two_step.OTPMiddleware",
    # After OTPMiddleware: advisers and staff need a verified session for every page.
    "debrief.middleware.TwoStepVerificationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "debrief.middleware.SessionLimitsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Answers a rate-limited request with the 429 page.
    "django_ratelimit.middleware.RatelimitMiddleware",
    # Last, as django-axes asks: it answers locked-out sign-ins.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            # Every {% url %} remembers its answers (debrief/templatetags/remembered_urls.py).
            "builtins": ["debrief.templatetags.remembered_urls"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "debrief.context_processors.navigation",
            ],
        },
    },
]

AUTH_USER_MODEL = "debrief.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "debrief.auth.UserBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "debrief:dashboard"
LOGOUT_REDIRECT_URL = None  # shows registration/logged_out.html

# The proxies in front of Debrief (each appends to X-Forwarded-For): the client's address, for
# lockouts and rate limits, is read through them by debrief.identity.client_ip (django-ipware).
PROXY_COUNT = env.int("DEBRIEF_PROXY_COUNT", default=0)
if PROXY_COUNT < 0:
    raise ImproperlyConfigured("DEBRIEF_PROXY_COUNT must be 0 or more.")

# Brute-force protection: the fifth failure for an account from one address locks it for 15 min.
# The account is named as sign-in reads it (case, spaces, Unicode forms folded), so spelling
# variants share one count; per-address failures across accounts are limited in RATE_LIMITS.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
# Per account, wherever the guesses come from; the owner's own browser (a device cookie) is not
# held back by it (debrief.devices).
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_WHITELIST_CALLABLE = "debrief.devices.known_for_credentials"
# axes.W006 asks for the address in the lockout so that rotating cookies cannot dodge it; a lockout
# per account does not read cookies at all, and addresses have their own limit (RATE_LIMITS).
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "debrief.identity.axes_username"
AXES_CLIENT_IP_CALLABLE = "debrief.identity.client_ip"
AXES_VERBOSE = False

# Rate limits (django-ratelimit, counted in the default cache; see debrief/ratelimits.py): far
# above what a person does. A per-process memory cache counts per worker: set CACHE_URL to share.
RATELIMIT_IP_META_KEY = "debrief.identity.client_ip"
RATELIMIT_VIEW = "debrief.views.pages.rate_limited"
RATE_LIMITS = {
    # Per address: high enough for a class signing up together behind one school or office
    # address, low enough that a script cannot try many accounts or make accounts in bulk.
    "sign-in-failures": "100/h",  # failed sign-ins from one address, any accounts
    # Failed sign-ins from one browser known to the account it names (a device cookie): such a
    # browser is spared the address and account limits, so it has its own.
    "sign-in-device-failures": "10/15m",
    # Wrong two-step codes: from an adviser's own browser (it passed two-step before), and from
    # any other browser of the account (the adviser is emailed when it reaches the limit).
    "two-step-browser-failures": "10/15m",
    "two-step-failures-elsewhere": "3/h",
    "signup:ip": "50/h",
    "signup:email": "3/h",  # sign-up emails to one address
    "password-reset:ip": "30/h",
    "password-reset:email": "3/h",  # reset emails to one address
    "confirm-email:user": "5/h",  # confirmation emails sent again
    "account-details:user": "10/h",  # name and email changes (each new email sends a link)
    "create:user": "120/h",  # new applications, interviews, feedback, STAR, actions, notes
    "create:ip": "1000/h",
}

# Sessions end after a time without activity, and in any case some time after signing in
# (debrief.middleware.SessionLimitsMiddleware). Advisers and staff read other people's records.
SESSION_IDLE_TIMEOUT = {"job_seeker": 60 * 60 * 24 * 14, "adviser": 60 * 60 * 2}
SESSION_IDLE_TIMEOUT_NOT_KEPT = 60 * 60 * 2  # "Keep me signed in" unticked
SESSION_ABSOLUTE_LIMIT = {"job_seeker": 60 * 60 * 24 * 30, "adviser": 60 * 60 * 12}

OTP_TOTP_ISSUER = "Debrief"

LANGUAGE_CODE = "en-gb"
# English and Welsh (docs/translation.md): the switch on every page, remembered on the account
# (User.language) and used for that person's emails. The Welsh catalogue is locale/cy/.
LANGUAGES = [("en-gb", "English"), ("cy", "Cymraeg")]
# locale/django/: Welsh for Django's own messages that Django's Welsh catalogue lacks.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "django"]
# The switch's cookie lasts a year, like the account's choice it stands in for when signed out.
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = env.str("DEBRIEF_TIME_ZONE", default="Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("DEBRIEF_STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        # WhiteNoise's, each URL worked out once (config/static_storage.py).
        else "config.static_storage.StaticFilesStorage"
    },
    # CVs and cover letters (config/storage_url.py): files by default, S3 when STORAGE_URL says.
    "documents": documents_storage(
        env.str("STORAGE_URL", default=""), BASE_DIR / "media" / "documents"
    ),
}

# `{{ form }}` renders with Debrief's two Bootstrap templates (templates/forms/); crispy-forms only
# where a FormHelper layout earns its cost (debrief/forms/rendering.py).
FORM_RENDERER = "debrief.forms.rendering.BootstrapRenderer"
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Background work: a queue in PostgreSQL (django-tasks-db), run by `manage.py db_worker`; periodic
# tasks enqueued by `manage.py crontask`. DEBRIEF_SCHEDULER_REDIS_URL (else REDIS_URL) adds a lock
# so that a second scheduler started by mistake waits instead of enqueueing twice (harmless
# anyway: see debrief/services).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
CRONTASK = {"REDIS_URL": env.str("DEBRIEF_SCHEDULER_REDIS_URL", default="") or REDIS_URL or None}
# How often the scheduler plans reminders (a crontab line; `make cluster` plans every minute).
REMINDER_PLAN_SCHEDULE = env.str("DEBRIEF_PLAN_SCHEDULE", default="*/5 * * * *")
# Rows a killed worker left behind are sent again after this long (debrief/services/reminders.py).
REMINDER_LOST_AFTER_SECONDS = env.int("DEBRIEF_REMINDER_LOST_AFTER", default=15 * 60)

# Links in emails and the calendar feed; in production, by default, https:// and the first allowed
# host. RFC 8058 one-click unsubscribe needs HTTPS there.
SITE_URL = env.str(
    "DEBRIEF_SITE_URL",
    default=f"https://{ALLOWED_HOSTS[0]}"
    if not DEBUG and ALLOWED_HOSTS
    else "http://127.0.0.1:8000",
)
if not DEBUG and not SITE_URL.startswith(("https://", "http://localhost", "http://127.0.0.1")):
    raise ImproperlyConfigured("DEBRIEF_SITE_URL must be an https:// address.")

# How long an invitation's link works, for a careers service's staff and for an adviser's
# clients alike: after it, the link answers with a page saying it expired.
INVITATION_DAYS = env.int("DEBRIEF_INVITATION_DAYS", default=14)

# Inbound mail (`manage.py inbound_smtp`, docs/inbound-mail.md): the SMTP server that receives
# rejections people forward to their private address no+<secret>@INBOUND_SMTP_DOMAIN. It listens
# on 127.0.0.1 unless told otherwise; in production a mail provider or an MX relays to it.
INBOUND_SMTP_HOST = env.str("DEBRIEF_INBOUND_SMTP_HOST", default="127.0.0.1")
INBOUND_SMTP_PORT = env.int("DEBRIEF_INBOUND_SMTP_PORT", default=2525)
INBOUND_SMTP_DOMAIN = env.str("DEBRIEF_INBOUND_SMTP_DOMAIN", default="localhost").strip().lower()
if not 0 < INBOUND_SMTP_PORT < 65536:
    raise ImproperlyConfigured("DEBRIEF_INBOUND_SMTP_PORT must be a TCP port (1-65535).")
if not INBOUND_SMTP_DOMAIN or "@" in INBOUND_SMTP_DOMAIN or " " in INBOUND_SMTP_DOMAIN:
    raise ImproperlyConfigured(
        "DEBRIEF_INBOUND_SMTP_DOMAIN must be a domain name, e.g. in.example.org."
    )

# Email: the console in development; EMAIL_URL (smtp+tls://user:password@host:587) in production.
DEFAULT_FROM_EMAIL = env.str("DEBRIEF_DEFAULT_FROM_EMAIL", default="Debrief <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Who answers privacy questions and rights requests; named in the privacy notice (/privacy/).
PRIVACY_CONTACT_EMAIL = env.str("DEBRIEF_PRIVACY_CONTACT_EMAIL", default="privacy@localhost")
# Where people report an accessibility problem (named in /accessibility/).
ACCESSIBILITY_CONTACT_EMAIL = (
    env.str("DEBRIEF_ACCESSIBILITY_CONTACT_EMAIL", default="") or PRIVACY_CONTACT_EMAIL
)
if email_url := env.str("EMAIL_URL", default=""):
    _email = environ.Env.email_url_config(email_url)
    MAILERS = {
        "default": {
            "BACKEND": _email["EMAIL_BACKEND"],
            "OPTIONS": {
                "host": _email.get("EMAIL_HOST"),
                "port": _email.get("EMAIL_PORT"),
                "username": _email.get("EMAIL_HOST_USER"),
                "password": _email.get("EMAIL_HOST_PASSWORD"),
                "use_tls": _email.get("EMAIL_USE_TLS", False),
                "use_ssl": _email.get("EMAIL_USE_SSL", False),
                "timeout": 10,
            },
        }
    }
elif email_dir := env.str("DEBRIEF_EMAIL_DIR", default=""):
    # Every email written to a file in this directory (make cluster / make loadtest count them).
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": email_dir},
        }
    }
elif DEBUG:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
else:
    raise ImproperlyConfigured("EMAIL_URL must be set when DEBRIEF_DEBUG is off.")

# Security headers. Strict CSP: no inline script or style anywhere; scripts carry no nonce because
# every script is a static file.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
# Every powerful browser feature Debrief does not use, refused for the page and anything in it.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in [
        "accelerometer",
        "ambient-light-sensor",
        "autoplay",
        "bluetooth",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    ]
)
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Django's database sessions, read without compiling a query on every request (debrief/sessions.py).
SESSION_ENGINE = "debrief.sessions"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 24 * 14
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("DEBRIEF_SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = env.bool("DEBRIEF_SECURE_COOKIES", default=True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
    if SESSION_COOKIE_SECURE:
        SESSION_COOKIE_NAME = "__Host-sessionid"
        CSRF_COOKIE_NAME = "__Host-csrftoken"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "structured": {
            "format": "time=%(asctime)s level=%(levelname)s logger=%(name)s message=%(message)s"
        }
    },
    "handlers": {"stdout": {"class": "logging.StreamHandler", "formatter": "structured"}},
    "root": {"handlers": ["stdout"], "level": env.str("DEBRIEF_LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        # Every run of every job at INFO: only problems are worth a line.
        "apscheduler": {"level": "WARNING"},
        # aiosmtpd logs each SMTP line at DEBUG: never the content of people's mail.
        "mail.log": {"level": "WARNING"},
    },
}

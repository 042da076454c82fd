"""Klyngeportalen settings: everything that differs between machines comes from the environment.

See `.env.example` for every variable. SQLite is the default so a fresh checkout runs; `DATABASE_URL`
switches to PostgreSQL. With DEBUG off, a missing SECRET_KEY or ALLOWED_HOSTS stops start-up.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from portal.core.env import cache_from_url, env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

# python-pptx brings lxml, and openpyxl would then parse uploaded workbooks with lxml instead of defusedxml
# (which refuses entity-expansion and external-entity attacks): keep openpyxl on defusedxml.
os.environ["OPENPYXL_LXML"] = "False"

DEBUG = env_bool("DEBUG", default=False)

_INSECURE_DEV_KEY = "django-insecure-dev-only-klyngeportalen"
SECRET_KEY = env_str("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

if DEBUG:
    SECRET_KEY = SECRET_KEY or _INSECURE_DEV_KEY
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]"]
else:
    if len(SECRET_KEY) < 50 or SECRET_KEY == _INSECURE_DEV_KEY or SECRET_KEY.startswith("django-insecure"):
        raise ImproperlyConfigured(
            "SECRET_KEY must be set to a random value of at least 50 characters when DEBUG is off."
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off.")

INSTALLED_APPS = [
    # Before the admin (its translated-field widgets) and before simple_history (historical models then
    # mirror the translation fields).
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "simple_history",
    "axes",
    "portal",
    "clusters",
    "surveys",
    "collaboration",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "portal.middleware.ContentSecurityPolicyMiddleware",
    # Before anything that could read the body; after the two above, so a refusal carries their headers.
    "portal.middleware.RequestSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "portal.locale.DanishFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "portal.middleware.PrivateResponsesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
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
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.roles",
                "portal.context_processors.nav_section",
            ],
        },
    },
]


DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Under gunicorn two administrators saving at once otherwise get "database is locked" (the load test
    # in tests/bench/load.py found it): take the write lock when a transaction starts and wait for it,
    # and let readers go on while one writer writes (WAL).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Throttle sign-in per user name *and* address, so nobody can lock a colleague out from elsewhere.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_SENSITIVE_PARAMETERS = ["password"]
AXES_VERBOSE = False

# The client's address, for the throttle and the audit log alike (axes asks django-ipware). Every trusted
# proxy appends the address that connected to it to X-Forwarded-For, so the client is the
# TRUSTED_PROXY_COUNT-th entry from the right; anything further left came from the client and is ignored.
# ipware counts only the proxies named in the header (the last proxy is REMOTE_ADDR), hence the - 1, and
# must accept a longer header than that (not strict): the client may send one of its own.
BEHIND_PROXY = env_bool("BEHIND_PROXY", default=False)
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1 if BEHIND_PROXY else 0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 0 or more.")
if TRUSTED_PROXY_COUNT:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR",)
    AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXY_COUNT - 1
else:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("REMOTE_ADDR",)
    AXES_IPWARE_PROXY_COUNT = None
IPWARE_STRICT = False

LANGUAGE_CODE = "da"
LANGUAGES = [("da", "Dansk"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
# One date format per language (portal/formats/<lang>/formats.py); templates use `|date` without an argument.
FORMAT_MODULE_PATH = ["portal.formats"]
# Content labels (areas, models, questions ...) have a Danish and an English field; an empty English one
# shows the Danish text.
MODELTRANSLATION_DEFAULT_LANGUAGE = "da"
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("da",)}

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = True

SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Behind TLS in production; off when DEBUG so the local server works over plain http.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# A load balancer checks gunicorn directly over http; a redirect would count as down.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SILENCED_SYSTEM_CHECKS = env_list("SILENCED_SYSTEM_CHECKS")

# Uploads: survey Excel files. The import also checks the archive's uncompressed size and entry count.
SURVEY_IMPORT_MAX_BYTES = env_int("SURVEY_IMPORT_MAX_BYTES", 5 * 1024 * 1024)
SURVEY_IMPORT_MAX_UNCOMPRESSED_BYTES = env_int("SURVEY_IMPORT_MAX_UNCOMPRESSED_BYTES", 50 * 1024 * 1024)
SURVEY_IMPORT_MAX_ENTRIES = env_int("SURVEY_IMPORT_MAX_ENTRIES", 200)
# Where an uploaded import file waits between preview and confirmation (only the portal's user may read it).
# With several servers, a folder they all mount, as the confirmation may reach another one.
SURVEY_IMPORT_STASH_DIR = Path(env_str("SURVEY_IMPORT_STASH_DIR") or BASE_DIR / "var" / "survey-imports")

# The address the accessibility statement (/tilgaengelighed/) gives for reporting a problem: the portal owner's.
ACCESSIBILITY_CONTACT = env_str("ACCESSIBILITY_CONTACT")
DATA_UPLOAD_MAX_MEMORY_SIZE = SURVEY_IMPORT_MAX_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = SURVEY_IMPORT_MAX_BYTES + 1024 * 1024
# Any request body: room for the largest import file and its form (the proxy's own limit must allow as much).
REQUEST_MAX_BYTES = env_int("REQUEST_MAX_BYTES", SURVEY_IMPORT_MAX_BYTES + 1024 * 1024)

# E-mail: survey invitations and reminders, the follow-up digest. Without EMAIL_HOST mail is printed to the console (tests use
# Django's locmem backend). PORTAL_BASE_URL makes the links in e-mails absolute.
EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_BACKEND = env_str("EMAIL_BACKEND") or (  # an empty variable means the default, as for the others
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL") or "Business Region North Denmark <noreply@localhost>"
PORTAL_BASE_URL = (env_str("PORTAL_BASE_URL") or "http://localhost:8000").rstrip("/")
# Personal answer links: valid this many days after they are made, and reminders at most this often.
SURVEY_LINK_MAX_AGE_DAYS = env_int("SURVEY_LINK_MAX_AGE_DAYS", 120)
SURVEY_REMINDER_INTERVAL_DAYS = env_int("SURVEY_REMINDER_INTERVAL_DAYS", 7)
# GDPR: contacts of clusters that left the programme more than this many years ago are listed for review.
CONTACT_RETENTION_YEARS = env_int("CONTACT_RETENTION_YEARS", 2)

# --- More than one server (ops) ----------------------------------------------------------------------------
# The page cache (portal/core/caching.py): per process by default; CACHE_URL=redis://host:6379/0 shares it
# between servers. Sessions stay in the database either way.
CACHES = {"default": cache_from_url(env_str("CACHE_URL"))}
# --- end of more than one server ------------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "portal.audit": {"level": "INFO", "handlers": ["console"], "propagate": False},
    },
}

# --- Two-factor sign-in (django-otp) -------------------------------------------------------------------
# A code from an authenticator app (TOTP) after the password, or one of the backup codes shown once at
# enrolment. Administrators always; everyone with OTP_REQUIRED_FOR=everyone. `allow(...)` in
# portal/core/permissions.py sends a signed-in user who still owes a code to the two-factor page.
INSTALLED_APPS += ["django_otp", "django_otp.plugins.otp_totp", "django_otp.plugins.otp_static"]
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "django_otp.middleware.OTPMiddleware",
)
OTP_REQUIRED_FOR = env_str("OTP_REQUIRED_FOR") or "admins"
if OTP_REQUIRED_FOR not in {"admins", "everyone"}:
    raise ImproperlyConfigured("OTP_REQUIRED_FOR must be 'admins' or 'everyone'.")
OTP_TOTP_ISSUER = "Klyngeportalen"
OTP_BACKUP_CODE_COUNT = 10

"""Settings for the Leitbildportal.

One module, configured from environment variables and a git-ignored .env file
(see .env.example); a variable set in the environment wins over the file.
`make run` writes a development .env (DEBUG on, a generated key); with it the
defaults just work: SQLite, e-mails to the console and to files under
var/mail/. With DEBUG off the portal refuses to start without a SECRET_KEY.
"""

import sys
from pathlib import Path

import dj_database_url
import environ
import xstatic.pkg.bootstrap
import xstatic.pkg.jquery_ui
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

# The test suite runs with DEBUG off, like production, but needs no secret.
TESTING = "pytest" in sys.modules
# Commands that only read code, never serve or send, need no secret either.
OFFLINE_COMMAND = sys.argv[1:2] in (["makemigrations"], ["makemessages"])

env = environ.Env()
# The suite never reads a .env: the one `make run` writes would turn DEBUG on.
# read_env leaves variables that are already set alone (overwrite=False), so
# the environment wins over the file; a missing file is skipped.
if not TESTING:
    environ.Env.read_env(
        env.str("ENV_FILE", default=str(BASE_DIR / ".env")), overwrite=False
    )

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not (DEBUG or TESTING or OFFLINE_COMMAND):
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it in the environment or in .env "
            "(see .env.example); only development (DEBUG=true) runs with a "
            "built-in key."
        )
    SECRET_KEY = "django-insecure-development-key-never-use-in-production"

# Comma-separated lists: items are stripped ("a, b") and blank ones dropped
# ("a, "), which env.list alone would keep as "".
ALLOWED_HOSTS = [
    host
    for host in env.list(
        "ALLOWED_HOSTS", cast=str.strip, default=["localhost", "127.0.0.1", "[::1]"]
    )
    if host
]
CSRF_TRUSTED_ORIGINS = [
    origin
    for origin in env.list("CSRF_TRUSTED_ORIGINS", cast=str.strip, default=[])
    if origin
]

# The public address of the portal, used in e-mails and calendar feeds.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

# Which city's data this portal shows: the slug of a City loaded by
# `manage.py load_city data/<city>.yaml`.
CITY_SLUG = env.str("CITY_SLUG", default="muenster")

INSTALLED_APPS = [
    # Before the admin, whose forms it extends with a tab per language.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "allauth",
    "allauth.account",
    "crispy_forms",
    "crispy_bootstrap5",
    "corsheaders",
    "ninja",
    "django_tasks_db",
    # The portal's apps, in their layers from the base up (see README.md).
    "core",
    "leitbild",
    "handlungsfelder",
    "events",
    "registrations",
    "opendata",
    "contributions",
    "portal",
]

MIDDLEWARE = [
    # First, so that every answer under /api/ carries its CORS headers, those
    # that later middleware (WhiteNoise, CommonMiddleware) return included.
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "config.urls"

# Open data (the opendata app). The API under /api/v1/ is public and
# read-only: any web page may read it from the browser (GET, without
# cookies), and scripts may see its ETag and licence Link header.
CORS_URLS_REGEX = r"^/api/"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ("GET", "HEAD", "OPTIONS")
CORS_EXPOSE_HEADERS = ("ETag", "Link")
# Its lists are paged by limit and offset: this many items by default, at
# most NINJA_PAGINATION_MAX_LIMIT a page.
NINJA_PAGINATION_PER_PAGE = 100
NINJA_PAGINATION_MAX_LIMIT = 500

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
                "core.context_processors.city",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# SQLite by default; PostgreSQL in production via DATABASE_URL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env.int("DB_CONN_MAX_AGE", default=60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writes take the lock at BEGIN, so concurrent sign-ups serialise instead
    # of failing with "database is locked" half-way through a transaction.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation." + name}
    for name in (
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    )
]

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# allauth 65: log in by e-mail, which must be verified.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_USER_MODEL_USERNAME_FIELD = "username"
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "registrations:mine"

# Internationalisation: German by default, English msgids. German pages have
# no prefix, the others live under /en/, /tr/, /ar/, /uk/ and /ru/
# (i18n_patterns in config/urls.py). Each language needs a complete catalogue
# in locale/ (tests/config/test_catalogues.py).
LANGUAGE_CODE = "de"
LANGUAGES = [
    ("de", _("German")),
    ("en", _("English")),
    ("tr", _("Turkish")),
    ("ar", _("Arabic")),
    ("uk", _("Ukrainian")),
    ("ru", _("Russian")),
]
# Content (sections, fields, goals, events, ...) is translated per field with
# django-modeltranslation (the apps' translation.py). German is the original:
# a text without a translation is shown in German, marked as such.
MODELTRANSLATION_DEFAULT_LANGUAGE = "de"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("de",)
# Slugs come from the German title, whatever the admin's language.
MODELTRANSLATION_PREPOPULATE_LANGUAGE = "de"
# The admin's tabs load jQuery UI from the portal's own static files, not a CDN.
MODELTRANSLATION_JQUERY_UI_URL = "vendor/jquery-ui/jquery-ui.min.js"
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Bootstrap comes from a package (xstatic-bootstrap), never from a CDN.
    ("vendor/bootstrap", xstatic.pkg.bootstrap.BASE_DIR),
    # jQuery UI's tabs, for the admin's tab per language (django-modeltranslation).
    ("vendor/jquery-ui", xstatic.pkg.jquery_ui.BASE_DIR),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env.bool("STATIC_MANIFEST", default=not (DEBUG or TESTING))
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Without collectstatic (development, tests) WhiteNoise finds files itself.
WHITENOISE_USE_FINDERS = True
MEDIA_URL = "media/"
MEDIA_ROOT = BASE_DIR / "var" / "media"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail (Django 6.1 MAILERS): in development every message is printed and
# kept as a file under var/mail/; otherwise SMTP from the environment.
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="leitbild@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if env.str("EMAIL_HOST", default=""):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": env.str("EMAIL_HOST"),
                "port": env.int("EMAIL_PORT", default=587),
                "username": env.str("EMAIL_HOST_USER", default="") or None,
                "password": env.str("EMAIL_HOST_PASSWORD", default="") or None,
                "use_tls": env.bool("EMAIL_USE_TLS", default=True),
                "use_ssl": env.bool("EMAIL_USE_SSL", default=False),
                "timeout": 20,
            },
        }
    }
else:
    MAILERS = {
        "default": {
            "BACKEND": "config.mail.ConsoleAndFileEmailBackend",
            "OPTIONS": {"file_path": str(BASE_DIR / "var" / "mail")},
        }
    }

# Background work (e-mails) through Django's tasks framework. Development and
# tests run each task at once; production keeps them in the database for
# `manage.py db_worker` (django-tasks-db).
TASKS = {
    "default": {
        "BACKEND": env.str(
            "TASKS_BACKEND",
            default="django.tasks.backends.immediate.ImmediateBackend"
            if DEBUG or TESTING
            else "django_tasks_db.DatabaseBackend",
        ),
    }
}

# Sign-ups.
# Days before an event that `manage.py send_reminders` writes to participants.
REGISTRATION_REMINDER_DAYS = env.int("REGISTRATION_REMINDER_DAYS", default=2)
# Days after an event, or after a consultation closes, that
# `manage.py purge_personal_data` removes names and addresses, keeping the
# counts (and the contributions, credited to "a resident").
PERSONAL_DATA_RETENTION_DAYS = env.int("PERSONAL_DATA_RETENTION_DAYS", default=180)
# Sign-ups one client address may send per hour through the web form.
REGISTRATION_RATE_LIMIT_PER_HOUR = env.int(
    "REGISTRATION_RATE_LIMIT_PER_HOUR", default=20
)
# Contributions on a draft (comments, text suggestions, support): how many
# one client address and one e-mail address may send per hour, and how many
# links one contribution may hold. Personal data of contributors is removed
# PERSONAL_DATA_RETENTION_DAYS after the consultation closes.
CONTRIBUTION_RATE_LIMIT_PER_HOUR = env.int(
    "CONTRIBUTION_RATE_LIMIT_PER_HOUR", default=10
)
CONTRIBUTION_RATE_LIMIT_PER_EMAIL = env.int(
    "CONTRIBUTION_RATE_LIMIT_PER_EMAIL", default=5
)
CONTRIBUTION_MAX_LINKS = env.int("CONTRIBUTION_MAX_LINKS", default=2)
# Behind a reverse proxy: the request header that carries the client address
# (for example HTTP_X_REAL_IP); empty uses the connection's address.
CLIENT_IP_HEADER = env.str("CLIENT_IP_HEADER", default="")
# Who hears about events filling up (80 % and 100 %); empty uses the city's
# contact address.
STAFF_NOTIFICATION_EMAILS = [
    address
    for address in env.list("STAFF_NOTIFICATION_EMAILS", cast=str.strip, default=[])
    if address
]
# How often a failed e-mail is tried before it is given up.
MAIL_MAX_ATTEMPTS = env.int("MAIL_MAX_ATTEMPTS", default=5)

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "leitbildportal",
    }
}
if env.str("REDIS_URL", default=""):
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env.str("REDIS_URL"),
    }

SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}

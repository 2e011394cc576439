"""Settings from the environment, safe for production by default (README: Configuration, Production).

DEBUG is off unless asked for (`wellboard demo` asks). Production sets SECRET_KEY, ALLOWED_HOSTS
and DATABASE_URL; we refuse to start with DEBUG off and the development secret, because that
mistake is silent otherwise.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("WELLBOARD_DATA_DIR", "./var")).resolve()



def _flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    return default if value is None or not value.strip() else value.strip().lower() in {"1", "true", "yes", "on"}


def _list(name: str, default: str = "") -> list[str]:
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


_DEV_SECRET = "wellboard-development-only-secret-key-change-me"
SECRET_KEY = os.environ.get("SECRET_KEY", _DEV_SECRET)
# Off unless asked for: a forgotten setting must never serve debug pages. `wellboard demo` asks.
DEBUG = _flag("DEBUG")
ALLOWED_HOSTS = _list("ALLOWED_HOSTS", "127.0.0.1,localhost")
# pytest sets PYTEST_VERSION; the suite (and the commands it starts) may use the development
# key with DEBUG off, which is how it tests production behaviour.
_TEST_RUN = bool(os.environ.get("PYTEST_VERSION"))

if not DEBUG and SECRET_KEY == _DEV_SECRET and not _TEST_RUN:
    raise ImproperlyConfigured(
        "DEBUG is off but SECRET_KEY is the development default: set SECRET_KEY (or DEBUG=1 for development)."
    )

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rules",
    "wellboard.core",
    "wellboard.directory",
    "wellboard.governance",
    "wellboard.meetings",
    "wellboard.plans",
    "wellboard.indicators",
    "wellboard.reporting",
    "wellboard.outputs",
    "wellboard.imports",
    "wellboard.api",
    "auditlog",
    "ninja",  # the API docs page from local static files, not a CDN with inline script
    "csp",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "wellboard.core.request_guard.RequestGuardMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "wellboard.core.access.SignInMiddleware",
    "wellboard.core.audit.AuditMiddleware",  # records the signed-in user on audit entries
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "wellboard.urls"

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
                "wellboard.core.context_processors.access",
            ],
            "builtins": ["wellboard.core.templatetags.wellboard", "wellboard.core.templatetags.source_notes"],
        },
    }
]

WSGI_APPLICATION = "wellboard.wsgi.application"

DATABASE_POOL_MAX_SIZE = _int("DATABASE_POOL_MAX_SIZE", 4)
DATABASES = {"default": dj_database_url.config(default=f"sqlite:///{DATA_DIR / 'wellboard.sqlite3'}")}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
elif not _flag("WELLBOARD_NO_POOL"):  # set by `wellboard` for one-shot commands, which need no pool
    # Each process borrows connections from its own pool and returns them at the end of every
    # request, so a process never holds more than DATABASE_POOL_MAX_SIZE connections however
    # many threads it runs (runserver starts one per request). Django requires CONN_MAX_AGE 0
    # with a pool. A request that waits longer than DATABASE_POOL_TIMEOUT seconds fails.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 1,
        "max_size": DATABASE_POOL_MAX_SIZE,
        "timeout": _int("DATABASE_POOL_TIMEOUT", 30),
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "/media/"
# Serve static files from the app directories in the demo without a collectstatic step.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Roles and object permissions: see wellboard/core/permissions.py.
AUTHENTICATION_BACKENDS = [
    # First, so a locked-out sign-in stops before the password is checked.
    "wellboard.core.throttling.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
    "rules.permissions.ObjectPermissionBackend",
    "wellboard.core.backends.AdministratorBackend",
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# Reminder emails (`wellboard send-reminders`): the SMTP server and the address links in emails point at.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = _int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _flag("EMAIL_USE_TLS")
EMAIL_TIMEOUT = _int("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "wellboard@localhost")
WELLBOARD_BASE_URL = os.environ.get("WELLBOARD_BASE_URL", "http://localhost:8000").rstrip("/")

# --- Production hardening; see "Production" in README.md for each variable. ---
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = _flag("SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_AGE = _int("SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = _flag("SESSION_EXPIRE_AT_BROWSER_CLOSE", True)
SECURE_HSTS_SECONDS = _int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = _flag("SECURE_HSTS_INCLUDE_SUBDOMAINS")
SECURE_HSTS_PRELOAD = _flag("SECURE_HSTS_PRELOAD")
SECURE_SSL_REDIRECT = _flag("SECURE_SSL_REDIRECT")
# Only behind a proxy that sets this header itself (and strips it from clients).
if _flag("SECURE_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = _list("CSRF_TRUSTED_ORIGINS")
# How many proxies in front of Wellboard append to X-Forwarded-For (0: use the peer address).
TRUSTED_PROXY_COUNT = _int("TRUSTED_PROXY_COUNT", 0)

# Content Security Policy: scripts and styles only from our own static files, never inline.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# Sign-in throttling (django-axes): AXES_FAILURE_LIMIT wrong passwords for one username from
# one address lock that pair out for AXES_COOLOFF_MINUTES, counted from the latest attempt.
AXES_FAILURE_LIMIT = _int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "wellboard.core.throttling.lockout_response"
AXES_CLIENT_IP_CALLABLE = "wellboard.core.throttling.client_ip"
AXES_VERBOSE = False

"""Settings for openSEDP, read from the environment so one file serves a laptop, CI and production.

SQLite under `var/` is the zero-set-up default; `DATABASE_URL=postgres://...` selects PostgreSQL.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent
# The repository root when running from a checkout (src layout); var/ holds the SQLite file and uploads.
PROJECT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("SEDP_VAR_DIR", PROJECT_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("SEDP_DEBUG", False)
# Demo logins (printed by `make demo`) only work while this is on; production leaves it off.
SEDP_DEMO = env_bool("SEDP_DEMO", False)
SECRET_KEY = os.environ.get("SEDP_SECRET_KEY", "")
if not SECRET_KEY:
    if not (DEBUG or SEDP_DEMO or os.environ.get("SEDP_TESTING")):
        # A missing key in production is an error we want to see at start, not a weak default.
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("Set SEDP_SECRET_KEY (or SEDP_DEBUG=1 / SEDP_DEMO=1 for a local run).")
    SECRET_KEY = "insecure-local-only-key-do-not-use-in-production"

ALLOWED_HOSTS = [
    h for h in os.environ.get("SEDP_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h
]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("SEDP_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "sedp.audit",
    "sedp.places",
    "sedp.accounts",
    "sedp.cycles",
    "sedp.meetings",
    "sedp.needs",
    "sedp.plans",
    "sedp.funding",
    "sedp.assignments",
    "sedp.monitoring",
    "sedp.consultation",
    "sedp.dialogues",
    "sedp.markets",
    "sedp.dashboard",
    "sedp.portal",
    "sedp.opendata",
    "sedp.api",
    "sedp.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Pages are compressed for slow connections (a commune page with 30 villages: ~90 KB of HTML → ~10 KB).
    # Django's GZip adds random bytes to every response (its BREACH mitigation) and masks the CSRF token per response.
    "django.middleware.gzip.GZipMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "sedp.middleware.VietnameseFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "sedp.middleware.TooLargeMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "sedp.middleware.HtmxMiddleware",
    "sedp.middleware.ServerSideValidationMiddleware",
    "sedp.middleware.BadQueryMiddleware",
]

ROOT_URLCONF = "sedp.urls"
WSGI_APPLICATION = "sedp.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboard:home"
LOGOUT_REDIRECT_URL = "portal:index"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sedp.accounts.context_processors.demo",
            ],
            "builtins": ["sedp.templatetags.sedp"],
        },
    }
]

# Persistent connections (SEDP_DB_CONN_MAX_AGE seconds) only pay with a fixed pool of worker threads: each
# thread keeps one connection, so workers × threads must stay well under PostgreSQL's max_connections (100 by
# default). The development server starts a thread per request, and with persistent connections it once held 100
# and then failed every request: the default closes the connection after each request (see docs/security-signin.md).
DB_CONN_MAX_AGE = int(os.environ.get("SEDP_DB_CONN_MAX_AGE", "0"))
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'sedp.sqlite3'}",
        conn_max_age=DB_CONN_MAX_AGE,
        conn_health_checks=DB_CONN_MAX_AGE > 0,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # As Healthchecks does: wait for a writer instead of failing, and take the write lock up front so two
    # planners saving at once queue rather than deadlock.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# Vietnamese first; English second. Dates dd/mm/yyyy and VND grouped by dots come from sedp/formats.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["sedp.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Ho_Chi_Minh"

# A form may carry a long text (minutes, a pasted report): up to 10 MB reaches the form, which answers "too long"
# with the field's limit and keeps the text; beyond that the 413 page says so (photos are files, not counted).
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# sedp/static (vendored htmx, our CSS and JS) belongs to no app, so the app finder alone never finds it.
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_MAX_AGE = 3600
# Production serves the copies `collectstatic` makes: names carrying a hash of the content, with gzip and brotli
# files beside them, which WhiteNoise sends compressed and marks cacheable for a year (immutable). A laptop, the
# demo and the tests serve the files as they are (compressed on the fly by GZipMiddleware, an hour's cache).
if env_bool("SEDP_STATIC_MANIFEST", not (DEBUG or SEDP_DEMO or os.environ.get("SEDP_TESTING"))):
    STORAGES["staticfiles"]["BACKEND"] = "whitenoise.storage.CompressedManifestStaticFilesStorage"
    WHITENOISE_USE_FINDERS = False

# Everything is served from our own origin: vendored htmx and CSS, no CDN, no inline script without a nonce.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.NONE],
}
SESSION_COOKIE_HTTPONLY = True
# Served over HTTPS only (SEDP_HTTPS=1): secure cookies, plain HTTP redirected to HTTPS (except the health check a
# load balancer may ask over HTTP), and HSTS for a year, subdomains included, with the preload flag (each can be
# turned down: SEDP_HSTS_SECONDS, SEDP_HSTS_SUBDOMAINS=0, SEDP_HSTS_PRELOAD=0). Behind SEDP_PROXIES reverse
# proxies, the proxy's X-Forwarded-Proto says whether the browser used HTTPS.
HTTPS = env_bool("SEDP_HTTPS", False)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SEDP_HSTS_SECONDS", "31536000")) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS and env_bool("SEDP_HSTS_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = HTTPS and env_bool("SEDP_HSTS_PRELOAD", True)
# How many reverse proxies stand in front of the app: their X-Forwarded-For gives the client's address that
# sign-in throttling counts (0: the address of the connection itself).
SEDP_PROXIES = int(os.environ.get("SEDP_PROXIES", "0"))
if SEDP_PROXIES:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("SEDP_LOG_LEVEL", "WARNING")},
}
AUTHENTICATION_BACKENDS = ["sedp.accounts.backends.DemoAwareBackend"]

# Signing in (sedp.accounts.throttle, docs/security-signin.md): after SEDP_SIGNIN_FAILURES_PER_ACCOUNT wrong
# passwords or codes for one username, or SEDP_SIGNIN_FAILURES_PER_ADDRESS from one address, within
# SEDP_SIGNIN_WINDOW seconds, signing in is refused for SEDP_SIGNIN_LOCKOUT seconds. The counts live in the
# "signin" cache, files under var/ that every worker process of the server shares (memory, in tests).
SEDP_SIGNIN_FAILURES_PER_ACCOUNT = int(os.environ.get("SEDP_SIGNIN_FAILURES_PER_ACCOUNT", "5"))
SEDP_SIGNIN_FAILURES_PER_ADDRESS = int(os.environ.get("SEDP_SIGNIN_FAILURES_PER_ADDRESS", "20"))
SEDP_SIGNIN_WINDOW = int(os.environ.get("SEDP_SIGNIN_WINDOW", "900"))
SEDP_SIGNIN_LOCKOUT = int(os.environ.get("SEDP_SIGNIN_LOCKOUT", "900"))
# The default cache holds what is costly to make and the same for everyone — documents and workbooks per content
# of a plan, the province's Biểu 1/2, the public pages per edition — and the dialogues' counts: files under
# var/cache/default (SEDP_CACHE_DIR), shared by the server's workers; in memory, per process, in the tests.
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
        if os.environ.get("SEDP_TESTING")
        else {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ.get("SEDP_CACHE_DIR") or VAR_DIR / "cache" / "default",
            "TIMEOUT": 7 * 24 * 3600,
            "OPTIONS": {"MAX_ENTRIES": 1000},  # then a third of the entries are dropped
        }
    ),
    "signin": (
        {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "signin"}
        if os.environ.get("SEDP_TESTING")
        else {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": VAR_DIR / "cache" / "signin",
            "OPTIONS": {"MAX_ENTRIES": 10000},
        }
    ),
}
# Province and (legacy) district officers and administrators must set up a one-time code app (TOTP) at their
# next sign-in. On in production; off with SEDP_DEBUG or SEDP_DEMO, and demo accounts never need it.
SEDP_REQUIRE_MFA = env_bool("SEDP_REQUIRE_MFA", not (DEBUG or SEDP_DEMO))

# E-mail (reminders of reports due: `sedp send-reminders`, run daily). SMTP in production, set by SEDP_EMAIL_HOST,
# SEDP_EMAIL_PORT, SEDP_EMAIL_USER, SEDP_EMAIL_PASSWORD, SEDP_EMAIL_TLS; without a host in the demo or with
# SEDP_DEBUG (a laptop) the messages are printed on the console instead of sent. SEDP_SITE_URL is the address the messages link to.
# Django 6.1's MAILERS (the EMAIL_* settings are deprecated). In production without SEDP_EMAIL_HOST, the local
# mail server (localhost:25, no TLS), as Django's own default.
_EMAIL_HOST = os.environ.get("SEDP_EMAIL_HOST", "" if (DEBUG or SEDP_DEMO) else "localhost")
MAILERS = {
    "default": (
        {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": _EMAIL_HOST,
                "port": int(
                    os.environ.get("SEDP_EMAIL_PORT", "587" if "SEDP_EMAIL_HOST" in os.environ else "25")
                ),
                "username": os.environ.get("SEDP_EMAIL_USER", ""),
                "password": os.environ.get("SEDP_EMAIL_PASSWORD", ""),
                "use_tls": env_bool("SEDP_EMAIL_TLS", "SEDP_EMAIL_HOST" in os.environ),
            },
        }
        if _EMAIL_HOST
        else {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
    )
}
DEFAULT_FROM_EMAIL = os.environ.get("SEDP_EMAIL_FROM", "openSEDP <no-reply@localhost>")
SEDP_SITE_URL = os.environ.get("SEDP_SITE_URL", "http://127.0.0.1:8000")

# A plan's .pdf and .docx are made into the cache when its content is frozen for others to read (a draft frozen,
# the plan adopted or submitted): "background" (a thread after the commit), "inline" (at the commit) or "off"
# (`sedp.exports.warming`; off in tests, which turn it on where they test it).
SEDP_DOCUMENT_WARMING = os.environ.get(
    "SEDP_DOCUMENT_WARMING", "off" if os.environ.get("SEDP_TESTING") else "background"
)

if os.environ.get("SEDP_TESTING"):
    # Tests sign people in by the hundred; a slow hash buys nothing there.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

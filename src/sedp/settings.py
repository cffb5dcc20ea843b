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
    "sedp.dashboard",
    "sedp.portal",
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

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'sedp.sqlite3'}", conn_max_age=60
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
SESSION_COOKIE_SECURE = env_bool("SEDP_HTTPS", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("SEDP_LOG_LEVEL", "WARNING")},
}
AUTHENTICATION_BACKENDS = ["sedp.accounts.backends.DemoAwareBackend"]

# E-mail (reminders of reports due: `sedp send-reminders`, run daily). SMTP in production, set by SEDP_EMAIL_HOST,
# SEDP_EMAIL_PORT, SEDP_EMAIL_USER, SEDP_EMAIL_PASSWORD, SEDP_EMAIL_TLS; without a host (the demo, a laptop) the
# messages are printed on the console instead of sent. SEDP_SITE_URL is the address the messages link to.
EMAIL_HOST = os.environ.get("SEDP_EMAIL_HOST", "")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = int(os.environ.get("SEDP_EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("SEDP_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("SEDP_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("SEDP_EMAIL_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("SEDP_EMAIL_FROM", "openSEDP <no-reply@localhost>")
SEDP_SITE_URL = os.environ.get("SEDP_SITE_URL", "http://127.0.0.1:8000")

if os.environ.get("SEDP_TESTING"):
    # Tests sign people in by the hundred; a slow hash buys nothing there.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

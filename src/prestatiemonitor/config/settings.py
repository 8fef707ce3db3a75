"""Settings, read from the environment only. Every variable is documented in README.md."""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "ja", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


PACKAGE_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = Path(os.environ.get("PRESTATIEMONITOR_HOME", Path.cwd()))
VAR_DIR = Path(os.environ.get("PRESTATIEMONITOR_VAR_DIR", BASE_DIR / "var"))

DEBUG = env_bool("DJANGO_DEBUG", False)
# pytest (>= 8.2) sets PYTEST_VERSION in the environment of the test process.
TESTING = bool(os.environ.get("PYTEST_VERSION"))

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    # Only development (DEBUG) and the test run may use a fixed, public key.
    if DEBUG or TESTING:
        SECRET_KEY = "onveilig-alleen-voor-ontwikkeling-en-demo"  # noqa: S105
    else:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY ontbreekt. Zet deze variabele (of DJANGO_DEBUG=1 voor ontwikkeling)."
        )

ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver" if DEBUG else ""
)
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "csp",
    "axes",
    "simple_history",
    "prestatiemonitor.audit",
    "prestatiemonitor.organisaties",
    "prestatiemonitor.afspraken",
    "prestatiemonitor.jaarschijven",
    "prestatiemonitor.normen",
    "prestatiemonitor.planmonitor",
    "prestatiemonitor.verduurzaming",
    "prestatiemonitor.woonruimte",
    "prestatiemonitor.overleg",
    "prestatiemonitor.rapportage",
    "prestatiemonitor.api",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Refuse an oversized request body before anything reads it (config/middleware.py).
    "prestatiemonitor.config.middleware.RequestBodyLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Responses to a logged-in user are private and not stored (config/middleware.py).
    "prestatiemonitor.config.middleware.PrivateCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # AxesMiddleware must be last: it turns lock-outs into the Dutch lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "prestatiemonitor.config.urls"
WSGI_APPLICATION = "prestatiemonitor.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "prestatiemonitor.organisaties.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'prestatiemonitor.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded database needs its folder; create it on first use.
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            # Every transaction takes the write lock when it starts (BEGIN IMMEDIATE), so two
            # writers queue instead of failing at once with "database is locked" when a read
            # transaction tries to become a write transaction.
            "transaction_mode": "IMMEDIATE",
            # Seconds a writer waits for the lock; after that the form comes back with a Dutch
            # message and what was typed (config/db.py).
            "timeout": float(os.environ.get("SQLITE_BUSY_TIMEOUT", "10")),
            # Write-ahead log: readers do not block the writer and the writer blocks no reader.
            "init_command": "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "organisaties.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "prestatiemonitor.organisaties.wachtwoorden.MinimaleLengteValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
# None: after logging out the Dutch "U bent uitgelogd" page (registration/logged_out.html).
LOGOUT_REDIRECT_URL = None
# A password reset link is valid for one day (Django's default is three).
PASSWORD_RESET_TIMEOUT = int(os.environ.get("PASSWORD_RESET_TIMEOUT", str(24 * 3600)))

# Lock-out after repeated failed logins (django-axes).
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "1"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The Dutch lock-out page (registration/locked_out.html) with the waiting time in words.
AXES_LOCKOUT_CALLABLE = "prestatiemonitor.organisaties.views.lockout"
AXES_HTTP_RESPONSE_CODE = 429
AXES_RESET_ON_SUCCESS = True
# The client address (lock-out, password-reset limit) is read by django-ipware. Directly on the
# internet it is REMOTE_ADDR, and X-Forwarded-For is ignored (a client could write anything
# there). Behind DJANGO_PROXY_COUNT reverse proxies every request comes from the nearest proxy;
# each proxy appends the address it received the request from to X-Forwarded-For, so the client
# is the DJANGO_PROXY_COUNT-th address from the right. Whatever a client wrote to the left of it
# is ignored. In django-ipware's terms the last proxy is not in the header: proxy count N - 1.
PROXY_COUNT = 0
if env_bool("DJANGO_BEHIND_TLS_PROXY"):
    PROXY_COUNT = int(os.environ.get("DJANGO_PROXY_COUNT", "1"))
    if PROXY_COUNT < 1:
        raise ImproperlyConfigured("DJANGO_PROXY_COUNT moet 1 of meer zijn.")
IPWARE_STRICT = False  # a longer chain (a client's own X-Forwarded-For) is not an error
AXES_IPWARE_PROXY_ORDER = "left-most"
if PROXY_COUNT:
    AXES_IPWARE_PROXY_COUNT = PROXY_COUNT - 1
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
else:
    AXES_IPWARE_PROXY_COUNT = None
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("REMOTE_ADDR",)
AXES_VERBOSE = False

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands"))]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
LOCALE_PATHS = [PACKAGE_DIR / "locale"]

STATIC_URL = "/static/"
# The package's own static files (NL Design System CSS, app.css); apps add their static/ dirs.
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
# Tests serve static files through the finders only (no collectstatic output to look for).
STATIC_ROOT = None if TESTING else VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # The manifest storage needs `collectstatic`; development and tests serve the sources.
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("DJANGO_STATIC_MANIFEST", not (DEBUG or TESTING))
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Request sizes. Form fields (everything but uploaded files) may be 1 MB together; uploaded
# files are kept in memory up to 5 MB. The document import accepts files up to
# AFSPRAKEN_IMPORT_MAX_BYTES (its form says so in Dutch). RequestBodyLimitMiddleware refuses a
# bigger body with HTTP 413 before anything reads it: REQUEST_BODY_MAX_BYTES for every URL, and
# for the upload URLs in REQUEST_BODY_UPLOAD_URLS twice the import limit (so a file a little
# too big still gets the form's own message) plus room for the form fields.
AFSPRAKEN_IMPORT_MAX_BYTES = int(os.environ.get("AFSPRAKEN_IMPORT_MAX_BYTES", 5 * 1024 * 1024))
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
REQUEST_BODY_MAX_BYTES = DATA_UPLOAD_MAX_MEMORY_SIZE
# The jaarschijf import (jaarschijven:import) takes an Excel workbook up to this size;
# "melden" is the voortgang report with its evidence file (BIJLAGE_MAX_BYTES, below).
JAARSCHIJF_IMPORT_MAX_BYTES = int(os.environ.get("JAARSCHIJF_IMPORT_MAX_BYTES", 5 * 1024 * 1024))
# The woonruimte import (lettings: 100.000 rows is about 10 MB as CSV) reads files up to this
# size (docs/woonruimte.md).
WOONRUIMTE_IMPORT_MAX_BYTES = int(os.environ.get("WOONRUIMTE_IMPORT_MAX_BYTES", 50 * 1024 * 1024))
REQUEST_BODY_UPLOAD_URLS = {"importeren", "import", "melden"}
# A corporation's stock with energy labels (verduurzaming): one row per dwelling, so larger.
WONINGVOORRAAD_IMPORT_MAX_BYTES = int(
    os.environ.get("WONINGVOORRAAD_IMPORT_MAX_BYTES", 100 * 1024 * 1024)
)
# The delivery pages of woonruimte and verduurzaming (URL name "aanleveren"): up to two files
# (the stock and an EP-Online export) of those sizes, plus room for the form fields.
REQUEST_BODY_AANLEVEREN_MAX_BYTES = (
    2 * max(WOONRUIMTE_IMPORT_MAX_BYTES, WONINGVOORRAAD_IMPORT_MAX_BYTES)
    + DATA_UPLOAD_MAX_MEMORY_SIZE
)

# Cache: the password-reset limits count requests here. A file cache is shared by the
# gunicorn workers on one machine without another service; the test run uses memory.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    if TESTING
    else {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.environ.get("DJANGO_CACHE_DIR", str(VAR_DIR / "cache")),
    }
}
# Password reset ("wachtwoord vergeten"): at most this many mails per address and requests per
# client address per hour. Above it the page answers the same, but no mail is sent.
WACHTWOORD_RESET_PER_ADRES = int(os.environ.get("WACHTWOORD_RESET_PER_ADRES", "3"))
WACHTWOORD_RESET_PER_IP = int(os.environ.get("WACHTWOORD_RESET_PER_IP", "10"))
WACHTWOORD_RESET_PERIODE = 3600

# Invitations to join an organisation are valid this many days.
UITNODIGING_GELDIG_DAGEN = int(os.environ.get("UITNODIGING_GELDIG_DAGEN", "7"))

# Evidence attached to voortgang reports: stored outside the web root, served only by a view
# that checks who may see it (jaarschijven/views). Size limit per file in bytes.
BIJLAGEN_ROOT = Path(os.environ.get("BIJLAGEN_ROOT", VAR_DIR / "bijlagen"))
BIJLAGE_MAX_BYTES = int(os.environ.get("BIJLAGE_MAX_BYTES", str(10 * 1024 * 1024)))
# The upload URLs take twice the largest file limit, so a file a little too big still gets the
# form's own Dutch message, plus room for the form fields.
REQUEST_BODY_UPLOAD_MAX_BYTES = (
    2 * max(AFSPRAKEN_IMPORT_MAX_BYTES, JAARSCHIJF_IMPORT_MAX_BYTES, BIJLAGE_MAX_BYTES)
    + DATA_UPLOAD_MAX_MEMORY_SIZE
)

# Mail (password reset). Console in development, SMTP when EMAIL_HOST is set.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
# The address of the site in e-mails and calendar feeds (links back to a meeting).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

# Background work (django-tasks): in-process by default; in production the database backend,
# worked by `prestatiemonitor db_worker` (docs/productie.md).
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks_db.DatabaseBackend"
            if os.environ.get("TASKS_BACKEND") == "database"
            else "django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}

DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "prestatiemonitor@localhost")
# Shown as the contact address on the colofon and toegankelijkheidsverklaring pages.
CONTACT_EMAIL = os.environ.get("CONTACT_EMAIL", "")

# Session and cookie hardening.
SECURE_COOKIES = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 3600)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("DJANGO_BEHIND_TLS_PROXY") else None
)

# Strict Content-Security-Policy: no inline script or style, nothing from elsewhere.
# The planmonitor's map (Leaflet): a tile server only when configured, e.g. PDOK's BRT
# achtergrondkaart "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/standaard/EPSG:3857/{z}/{x}/{y}.png".
# Without one the map shows the projects on a plain background (no request leaves the site).
KAART_TEGELS_URL = os.environ.get("KAART_TEGELS_URL", "")
KAART_TEGELS_BRON = os.environ.get("KAART_TEGELS_BRON", "")


def _tegel_host(url: str) -> list[str]:
    from urllib.parse import urlsplit

    deel = urlsplit(url)
    return [f"{deel.scheme}://{deel.netloc}"] if deel.scheme in ("http", "https") else []


CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *_tegel_host(KAART_TEGELS_URL)],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# The REST API (api/, docs/api.md): anonymous reads public data; an API key (Authorization:
# Bearer) acts as its organisation with its role. No session authentication: the API is for
# other systems, and a browser's cookie must not write through it (no CSRF to reason about).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["prestatiemonitor.api.authenticatie.SleutelAuthenticatie"],
    "DEFAULT_PERMISSION_CLASSES": ["prestatiemonitor.api.toegang.LezenOfSleutel"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["prestatiemonitor.api.problemen.VeiligeJSONParser"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "prestatiemonitor.api.problemen.Onderhandeling",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "prestatiemonitor.api.problemen.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "COERCE_DECIMAL_TO_STRING": True,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Prestatiemonitor API",
    "DESCRIPTION": (
        "Lezen (openbaar zonder sleutel) en schrijven (met een API-sleutel van een organisatie) "
        "van prestatieafspraken, jaarschijven, voortgang, planmonitor en besluiten. Zie "
        "docs/api.md."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "MeldbareStatusEnum": "prestatiemonitor.api.serializers.MELDBARE_KEUZES"
    },
    "APPEND_COMPONENTS": {
        "securitySchemes": {
            "apiSleutel": {"type": "http", "scheme": "bearer", "description": "API-sleutel"}
        }
    },
    "SECURITY": [{"apiSleutel": []}, {}],
    # The same schema on every database (integer ranges differ between SQLite and PostgreSQL).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "prestatiemonitor.api.schema.zelfde_op_elke_database",
    ],
    "AUTHENTICATION_WHITELIST": [],
}

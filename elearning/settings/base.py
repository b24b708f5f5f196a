"""Everything the site needs; dev.py, test.py and production.py override little."""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent
VAR_DIR = Path(os.environ.get("ELEARNING_VAR_DIR", BASE_DIR / "var"))

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "insecure-dev-key-not-for-production")
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]

INSTALLED_APPS = [
    "core",
    "accounts",
    "home",
    "courses",
    "quizzes",
    "progress",
    "webinars",
    "trainers",
    "livequiz",
    "reports",
    "interop",
    "demo",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "allauth",
    "allauth.account",
    "csp",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.middleware.CraftedInputMiddleware",  # NUL bytes and out-of-range ids: 400/404, never a 500
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "core.middleware.CachedSiteMiddleware",  # the site of the host from the content cache, not a query
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.StaffAreaMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "core.middleware.ContentSecurityPolicyMiddleware",
    "core.typography.FrenchSpacingMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "elearning.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "home.context_processors.site_navigation",
            ],
        },
    },
]

WSGI_APPLICATION = "elearning.wsgi.application"

# PostgreSQL through DATABASE_URL in production and CI; an SQLite file under var/ otherwise.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite has no row locks: take the write lock when a transaction starts, and wait for it,
    # so that concurrent requests queue up instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# Django's and allauth's backends, loading the user with their admin access in one query.
AUTHENTICATION_BACKENDS = [
    "accounts.backends.ModelBackend",
    "accounts.backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
# After signing in (or confirming their e-mail), learners land on « Mon parcours »; a safe `next` wins.
LOGIN_REDIRECT_URL = "progress:dashboard"

# django-allauth: e-mail is the login; accounts only, no social login.
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.ProfileSignupForm"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = 600
ACCOUNT_LOGIN_BY_CODE_MAX_ATTEMPTS = 3
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Élus & quartiers] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    # Not allauth's: the public form « Vérifier une attestation » (progress.views.verify_form).
    "verify_attestation": "10/m/ip,60/h/ip",
}
# Failed sign-ins and sign-in code requests count per (client, address), and sign-up does the same work
# for a known address (accounts/adapter.py, accounts/login_code.py, accounts/signup.py, docs/security.md).
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {
    "signup": "accounts.signup.ConstantWorkSignupForm",
    "request_login_code": "accounts.login_code.PerClientRequestLoginCodeForm",
}

# The client's address behind the reverse proxy (core/client.py, docs/deployment.md). gunicorn reads
# the same FORWARDED_ALLOW_IPS; production.py refuses a proxy list without a proxy count and the reverse.
FORWARDED_ALLOW_IPS = [ip.strip() for ip in os.environ.get("FORWARDED_ALLOW_IPS", "").split(",") if ip.strip()]
TRUSTED_PROXY_COUNT = int(os.environ.get("DJANGO_TRUSTED_PROXY_COUNT", "0") or 0)
TRUSTED_CLIENT_IP_HEADER = os.environ.get("DJANGO_TRUSTED_CLIENT_IP_HEADER", "").strip() or None
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = TRUSTED_CLIENT_IP_HEADER

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("fr", "Français")]
WAGTAIL_CONTENT_LANGUAGES = [("fr", "Français")]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", VAR_DIR / "media"))
FILESYSTEM_STORAGE = "django.core.files.storage.FileSystemStorage"
S3_STORAGE = "storages.backends.s3.S3Storage"


def media_storage(environ, required) -> dict:
    """STORAGES["default"]: a bucket of S3-compatible object storage when DJANGO_MEDIA_S3_BUCKET is set
    (endpoint, region and keys from the environment), else the folder MEDIA_ROOT. Nothing in the
    bucket is public: files are private and every link to one is signed and expires, so attestations,
    data exports and report exports stay behind the permission checks of the views that serve them."""
    bucket = environ.get("DJANGO_MEDIA_S3_BUCKET", "").strip()
    if not bucket:
        return {"BACKEND": FILESYSTEM_STORAGE}
    return {
        "BACKEND": S3_STORAGE,
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": environ.get("DJANGO_MEDIA_S3_ENDPOINT_URL") or None,
            "region_name": environ.get("DJANGO_MEDIA_S3_REGION") or None,
            "access_key": required("DJANGO_MEDIA_S3_ACCESS_KEY_ID"),
            "secret_key": required("DJANGO_MEDIA_S3_SECRET_ACCESS_KEY"),
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": int(environ.get("DJANGO_MEDIA_S3_URL_SECONDS", "3600")),
            "file_overwrite": False,
            "addressing_style": environ.get("DJANGO_MEDIA_S3_ADDRESSING_STYLE") or None,
        },
    }


# Development and tests keep media in MEDIA_ROOT; production.py chooses with media_storage().
STORAGES = {
    "default": {"BACKEND": FILESYSTEM_STORAGE},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# All e-mail goes through a Celery task (accounts.mail); the task hands it to this backend.
EMAIL_BACKEND = "accounts.mail.CeleryEmailBackend"
EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = VAR_DIR / "mail"
# The redacted copy of a sent e-mail is emptied this many days after delivery (docs/privacy.md).
EMAIL_BODY_RETENTION_DAYS = int(os.environ.get("EMAIL_BODY_RETENTION_DAYS", "30"))
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "Élus & quartiers <ne-pas-repondre@elus-quartiers.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery: Redis broker when CELERY_BROKER_URL is set, eager execution otherwise.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", CELERY_BROKER_URL or None)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    # Later features add their periodic tasks here (reminders, retention).
    "purge-expired-sessions": {
        "task": "core.tasks.clear_expired_sessions",
        "schedule": 60 * 60 * 24,
    },
    # Learners of a started course without progress for 14 days get one reminder (progress app).
    "progress-reminders": {
        "task": "progress.tasks.send_progress_reminders",
        "schedule": 60 * 60 * 6,
    },
    # Webinar reminders the day before and one hour before; each is sent once (ReminderDelivery).
    "send-webinar-reminders": {
        "task": "webinars.tasks.send_webinar_reminders",
        "schedule": 60 * 5,
    },
    # RGPD: warn accounts 23 months without login, erase them at 24 months (docs/privacy.md).
    "process-inactive-accounts": {"task": "accounts.tasks.process_inactive_accounts", "schedule": 60 * 60 * 24},
    # Report exports are kept 7 days (reports/exports.py).
    "purge-report-exports": {"task": "reports.tasks.purge_report_exports", "schedule": 60 * 60 * 24},
    # Live-quiz sessions idle for 2 hours close themselves (livequiz/services.py).
    "close-idle-live-sessions": {"task": "livequiz.tasks.close_idle_live_sessions", "schedule": 60 * 10},
    # Proof files are kept 7 days, proof data of financed training PROOF_RETENTION_YEARS (progress/proof.py).
    "purge-proof-data": {"task": "progress.tasks.purge_proof_data", "schedule": 60 * 60 * 24},
}

# Content-cache entries each process keeps unpickled (core/content_cache.py): about 16 KiB each
# measured on the × 10 bench, so 4 000 cost at most ≈ 65 MiB per worker.
CONTENT_CACHE_LOCAL_ENTRIES = int(os.environ.get("CONTENT_CACHE_LOCAL_ENTRIES", "4000"))

# A report export with more rows than this is written by a Celery task and e-mailed (docs/trainers.md).
REPORT_SYNC_EXPORT_MAX_ROWS = int(os.environ.get("REPORT_SYNC_EXPORT_MAX_ROWS", "5000"))

# Content-Security-Policy: no inline script anywhere; everything is served by the site itself.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "media-src": [SELF],
        "frame-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    }
}
# The Wagtail admin sets inline styles (never inline scripts); only its URLs get this addition.
CSP_ADMIN_UPDATE = {"style-src": [UNSAFE_INLINE], "img-src": ["blob:"]}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "SAMEORIGIN"
SESSION_COOKIE_HTTPONLY = True
# Sessions read from the cache (Redis in production) and written through to the database: a signed-in
# page reads no session row while the cache holds it, and a lost cache loses no session.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

WAGTAIL_SITE_NAME = "Élus & quartiers"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # French stemming and stop words for PostgreSQL full-text search (« quartiers » finds « quartier »).
    WAGTAILSEARCH_BACKENDS["default"]["SEARCH_CONFIG"] = "french"
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "ods", "odp", "pdf", "pptx", "txt", "xlsx", "vtt"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Uploads (issue #8): no SVG through the admin (it can carry scripts); no decompression bomb; a document's
# bytes must match its extension (elearning/uploads.py).
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILDOCS_DOCUMENT_FORM_BASE = "core.uploads.CheckedDocumentForm"
# Images are decoded whole: a broken or disguised one is a French form error, not a 500 (core/uploads.py).
WAGTAILIMAGES_IMAGE_FORM_BASE = "core.uploads.CheckedImageForm"
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAILUSERS_PASSWORD_ENABLED = True
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No avatar from gravatar.com: no page of ours, admin included, talks to another host.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False

FORMAT_MODULE_PATH = ["core.formats"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# Attestations de suivi et de réussite (progress app): who signs them and where. The site settings
# (admin › Paramètres › Identité de l'éditeur) come first; these variables are the fallback. Empty by
# default: an attestation leaves out a signatory nobody gave rather than print an invented one.
ATTESTATION_SIGNATORY_NAME = os.environ.get("ATTESTATION_SIGNATORY_NAME", "")
ATTESTATION_SIGNATORY_FUNCTION = os.environ.get("ATTESTATION_SIGNATORY_FUNCTION", "")
ATTESTATION_PLACE = os.environ.get("ATTESTATION_PLACE", "")

# Interoperability (interop app, issue #21): SCORM packages are purged with the other downloads; xAPI
# statements go to the learning record store at XAPI_LRS_URL (e.g. http://127.0.0.1:8100/xAPI/), off
# when it is empty. Credentials: HTTP Basic (XAPI_LRS_USERNAME / XAPI_LRS_PASSWORD).
CELERY_BEAT_SCHEDULE["purge-scorm-exports"] = {"task": "interop.tasks.purge_scorm_exports", "schedule": 60 * 60 * 24}
CELERY_BEAT_SCHEDULE["send-xapi-statements"] = {"task": "interop.tasks.send_pending_statements", "schedule": 60 * 5}
XAPI_LRS_URL = os.environ.get("XAPI_LRS_URL", "")
XAPI_LRS_USERNAME = os.environ.get("XAPI_LRS_USERNAME", "")
XAPI_LRS_PASSWORD = os.environ.get("XAPI_LRS_PASSWORD", "")
XAPI_LRS_TIMEOUT = float(os.environ.get("XAPI_LRS_TIMEOUT", "10"))
# Key of the pseudonyms sent as xAPI actors (docs/privacy.md); empty: SECRET_KEY. Keep it stable.
XAPI_ACTOR_KEY = os.environ.get("XAPI_ACTOR_KEY", "")

# Time on task (progress.services, static/js/activity.js): the lesson page's heartbeat posts what it
# measured every ACTIVITY_BEAT_SECONDS; ACTIVITY_IDLE_SECONDS without input end the active time.
ACTIVITY_BEAT_SECONDS = int(os.environ.get("ACTIVITY_BEAT_SECONDS", "45"))
ACTIVITY_IDLE_SECONDS = int(os.environ.get("ACTIVITY_IDLE_SECONDS", "300"))
# Proof of a financed training (sessions, accompaniment log, certificates): kept this many years after
# it was recorded, then purged by the daily task (docs/privacy.md).
PROOF_RETENTION_YEARS = int(os.environ.get("PROOF_RETENTION_YEARS", "6"))

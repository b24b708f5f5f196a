"""Production: every secret and host comes from the environment; a missing one stops the start."""

import os

from django.core.exceptions import ImproperlyConfigured

from core.client import proxy_settings_problem

from .base import *  # noqa: F403


def required_env(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(
            f"La variable d'environnement {name} est obligatoire en production (missing environment variable {name})."
        )
    return value


DEBUG = False
SECRET_KEY = required_env("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = [host.strip() for host in required_env("DJANGO_ALLOWED_HOSTS").split(",") if host.strip()]
CSRF_TRUSTED_ORIGINS = [f"https://{host}" for host in ALLOWED_HOSTS]
DATABASES = {
    "default": dj_database_url.parse(  # noqa: F405
        required_env("DATABASE_URL"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
CELERY_BROKER_URL = required_env("CELERY_BROKER_URL")
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", CELERY_BROKER_URL)
CELERY_TASK_ALWAYS_EAGER = False
CACHES = {
    "default": {
        "BACKEND": "core.redis_cache.RedisCache",
        "LOCATION": os.environ.get("REDIS_CACHE_URL", CELERY_BROKER_URL),
    }
}
WAGTAILADMIN_BASE_URL = required_env("WAGTAILADMIN_BASE_URL")
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"

EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = required_env("DJANGO_EMAIL_HOST")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("DJANGO_EMAIL_USE_TLS", "true").lower() == "true"
DEFAULT_FROM_EMAIL = required_env("DJANGO_DEFAULT_FROM_EMAIL")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Media (uploads, attestations, exports): S3-compatible object storage when a bucket is named, else
# a folder that every node and worker mounts (docs/deployment.md).
STORAGES = {
    "default": media_storage(os.environ, required_env),  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if STORAGES["default"]["BACKEND"] == FILESYSTEM_STORAGE:  # noqa: F405
    MEDIA_ROOT = Path(required_env("DJANGO_MEDIA_ROOT"))  # noqa: F405

SECURE_SSL_REDIRECT = os.environ.get("DJANGO_SECURE_SSL_REDIRECT", "true").lower() == "true"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Load balancers probe the nodes over plain HTTP, without the proxy's X-Forwarded-Proto header.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# X_FRAME_OPTIONS stays SAMEORIGIN (base.py), as CSP frame-ancestors 'self' says: Wagtail's admin shows its
# live preview of a page in a frame of the same site. Hence the deploy check's advice (DENY) is silenced.
SILENCED_SYSTEM_CHECKS = ["security.W019"]

# Behind the proxy, every limit counts the client, not the proxy (core/client.py): gunicorn's
# FORWARDED_ALLOW_IPS and DJANGO_TRUSTED_PROXY_COUNT must agree, or the node refuses to start.
_proxy_problem = proxy_settings_problem(
    forwarded_allow_ips=FORWARDED_ALLOW_IPS,  # noqa: F405
    trusted_proxy_count=TRUSTED_PROXY_COUNT,  # noqa: F405
    client_ip_header=TRUSTED_CLIENT_IP_HEADER or "",  # noqa: F405
)
if _proxy_problem:
    raise ImproperlyConfigured(_proxy_problem)

"""Settings of `make bench`: the production settings, on this machine.

DEBUG is off, static files go through whitenoise (collected into var/bench/static), the cache is
Redis (db 9), the database is PostgreSQL `elearning_bench`. Only what plain HTTP on 127.0.0.1 needs
is relaxed (secure cookies, HTTPS redirect, HSTS).
"""

import os

# The database, broker and cache of the bench never come from the usual variables (CI sets
# DATABASE_URL and CELERY_BROKER_URL for the test suite): only BENCH_* ones can change them.
for _name, _value in {
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/elearning_bench",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/9",
    "REDIS_CACHE_URL": "redis://127.0.0.1:6379/9",
}.items():
    os.environ[_name] = os.environ.get(f"BENCH_{_name}", _value)

_DEFAULTS = {
    "DJANGO_SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789abcdef",
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
    "WAGTAILADMIN_BASE_URL": "http://127.0.0.1:8109",
    "DJANGO_EMAIL_HOST": "127.0.0.1",
    "DJANGO_DEFAULT_FROM_EMAIL": "banc-d-essai@example.org",
    "DJANGO_SECURE_SSL_REDIRECT": "false",
}
for _name, _value in _DEFAULTS.items():
    os.environ.setdefault(_name, _value)

from pathlib import Path  # noqa: E402

_BENCH_VAR = Path(__file__).resolve().parent.parent / "var" / "bench"
os.environ.setdefault("DJANGO_MEDIA_ROOT", str(_BENCH_VAR / "media"))

from elearning.settings.production import *  # noqa: E402, F403

INSTALLED_APPS = [*INSTALLED_APPS, "bench"]  # noqa: F405
# First, so that the count includes the session and authentication queries of every request.
MIDDLEWARE = ["bench.middleware.QueryCountMiddleware", *MIDDLEWARE]  # noqa: F405
STATIC_ROOT = _BENCH_VAR / "static"

# Plain HTTP on the loopback: cookies must travel without TLS.
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
CSRF_TRUSTED_ORIGINS = ["http://127.0.0.1:8109", "http://localhost:8109"]

# No mail server here: e-mails the measured pages queue (e.g. « export prêt ») are dropped on delivery.
EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.dummy.EmailBackend"

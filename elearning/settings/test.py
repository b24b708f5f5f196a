"""Tests: PostgreSQL when DATABASE_URL is set (CI), SQLite otherwise; e-mail kept in memory.

A few environment variables let the Celery integration test start a real worker on the same
settings (see tests/integration/test_celery_worker.py)."""

import os
import tempfile

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-secret-key-not-secret"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_DELIVERY_BACKEND = os.environ.get("ELEARNING_EMAIL_DELIVERY_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
EMAIL_FILE_PATH = os.environ.get("ELEARNING_EMAIL_FILE_PATH", str(VAR_DIR / "test-mail"))  # noqa: F405
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="elearning-test-media-"))  # noqa: F405

# Unit tests run tasks in-process; the integration test turns eager mode off and starts a worker.
CELERY_TASK_ALWAYS_EAGER = os.environ.get("ELEARNING_CELERY_EAGER", "1") == "1"
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL") or os.environ.get("ELEARNING_TEST_BROKER_URL", "memory://")
CELERY_RESULT_BACKEND = None
# A worker started by a test reads the test's own queue; tasks queued by its tasks (e-mails) must go there too.
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("ELEARNING_TEST_QUEUE", "celery")
CELERY_BROKER_TRANSPORT_OPTIONS = {}
if CELERY_BROKER_URL.startswith("filesystem://"):
    _folder = os.environ["ELEARNING_TEST_BROKER_FOLDER"]
    # control_folder too: kombu's default is ./control, which would litter the checkout.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"data_folder_in": _folder, "data_folder_out": _folder, "control_folder": _folder}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not memory, so that a worker process and the live server see the same test database.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-db-{os.getpid()}.sqlite3")}  # noqa: F405
    if os.environ.get("ELEARNING_WORKER_SQLITE_DB"):
        # A worker started by a test opens the test database directly.
        DATABASES["default"]["NAME"] = os.environ["ELEARNING_WORKER_SQLITE_DB"]  # noqa: F405

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

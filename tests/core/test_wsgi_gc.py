"""The WSGI application that gunicorn loads leaves its start-up objects out of the cycle collector."""

import os
import subprocess
import sys

from django.conf import settings


def test_wsgi_application_freezes_what_it_loaded_at_start():
    script = "import gc, elearning.wsgi; print(gc.get_freeze_count())"
    env = {"DJANGO_SETTINGS_MODULE": "elearning.settings.test", "PATH": "/usr/bin:/bin"}
    env.update({name: value for name, value in os.environ.items() if name in {"DATABASE_URL", "CELERY_BROKER_URL", "HOME"}})
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=settings.BASE_DIR, env=env, timeout=120
    )
    assert result.returncode == 0, result.stderr
    # Django and Wagtail alone are hundreds of thousands of objects.
    assert int(result.stdout.strip()) > 100_000

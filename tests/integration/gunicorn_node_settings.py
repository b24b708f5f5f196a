"""Settings of the gunicorn nodes started by test_two_gunicorn_nodes.py: the production settings,
read from the same environment variables, with one change: static files are referenced without
the manifest, because running `collectstatic` would cost the test more than its whole budget."""

from elearning.settings.production import *  # noqa: F403

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

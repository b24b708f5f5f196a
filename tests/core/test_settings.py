import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "elearning.settings.production",
    "DJANGO_SECRET_KEY": "a-very-long-production-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
    "DJANGO_ALLOWED_HOSTS": "formation.example.org",
    "DATABASE_URL": "postgres://user:pass@127.0.0.1:5432/elearning",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
    "WAGTAILADMIN_BASE_URL": "https://formation.example.org",
    "DJANGO_EMAIL_HOST": "smtp.example.org",
    "DJANGO_DEFAULT_FROM_EMAIL": "formation@example.org",
    "DJANGO_MEDIA_ROOT": "/tmp/elearning-media",
}


def run_manage(*args, env):
    clean_env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_URL", "CELERY_"))}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env={**clean_env, **env}, capture_output=True, text=True, timeout=120
    )


def test_settings_are_french_and_in_paris_time():
    """The site speaks French and tells time in Europe/Paris."""
    assert settings.LANGUAGE_CODE == "fr"
    assert settings.TIME_ZONE == "Europe/Paris"
    assert settings.USE_TZ is True


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DATABASE_URL", "CELERY_BROKER_URL"])
def test_production_settings_refuse_to_start_without_a_required_variable(missing):
    """Production settings stop with a message naming the missing variable."""
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != missing}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert missing in result.stderr


def test_production_settings_pass_the_deploy_check():
    """With every variable set, `manage.py check --deploy` reports nothing."""
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_use_hsts_and_secure_cookies():
    """Production turns on HSTS and secure cookies."""
    code = (
        "from django.conf import settings as s;"
        "print(s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.DEBUG)"
    )
    result = run_manage("shell", "--no-imports", "-c", code, env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == ["31536000", "True", "True", "False"]


def test_settings_email_backends_can_be_imported():
    """The e-mail backends named in the settings exist (tests swap EMAIL_BACKEND, so check the names)."""
    from django.utils.module_loading import import_string

    from elearning.settings import base

    assert import_string(base.EMAIL_BACKEND).__name__ == "CeleryEmailBackend"
    assert import_string(base.EMAIL_DELIVERY_BACKEND)


def test_production_settings_put_media_in_a_bucket_when_one_is_named():
    """With DJANGO_MEDIA_S3_BUCKET (and its keys), media go to private objects with signed links and
    DJANGO_MEDIA_ROOT is not needed; a bucket without its keys stops the start, naming the variable."""
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != "DJANGO_MEDIA_ROOT"}
    env.update(DJANGO_MEDIA_S3_BUCKET="elearning-media", DJANGO_MEDIA_S3_ENDPOINT_URL="https://s3.fr-par.scw.cloud")
    code = (
        'from django.core.files.storage import storages; d = storages["default"];'
        "print(type(d).__name__, d.bucket_name, d.default_acl, d.querystring_auth)"
    )
    result = run_manage("shell", "--no-imports", "-c", code, env=env)
    assert result.returncode != 0
    assert "DJANGO_MEDIA_S3_ACCESS_KEY_ID" in result.stderr

    env.update(DJANGO_MEDIA_S3_ACCESS_KEY_ID="cle", DJANGO_MEDIA_S3_SECRET_ACCESS_KEY="secret")
    result = run_manage("shell", "--no-imports", "-c", code, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == ["S3Storage", "elearning-media", "private", "True"]


def test_production_settings_refuse_a_proxy_without_a_proxy_count():
    """FORWARDED_ALLOW_IPS without DJANGO_TRUSTED_PROXY_COUNT (every limit would count the proxy) stops the start."""
    result = run_manage("check", env={**PRODUCTION_ENV, "FORWARDED_ALLOW_IPS": "10.0.0.10"})
    assert result.returncode != 0
    assert "DJANGO_TRUSTED_PROXY_COUNT vaut 0" in result.stderr
    result = run_manage("check", env={**PRODUCTION_ENV, "DJANGO_TRUSTED_PROXY_COUNT": "1"})
    assert result.returncode != 0
    assert "FORWARDED_ALLOW_IPS est vide" in result.stderr
    consistent = run_manage(
        "check", env={**PRODUCTION_ENV, "FORWARDED_ALLOW_IPS": "10.0.0.10", "DJANGO_TRUSTED_PROXY_COUNT": "1"}
    )
    assert consistent.returncode == 0, consistent.stderr

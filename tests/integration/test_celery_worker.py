"""A real Celery worker process delivers e-mail queued by the site.

With CELERY_BROKER_URL set (CI: Redis) the worker uses that broker; otherwise it uses Kombu's
filesystem transport, so the test always runs a real worker against a real queue."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.mail import send_mail
from django.db import connection

from accounts.models import EmailDelivery
from elearning.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def broker(tmp_path, monkeypatch):
    url = os.environ.get("CELERY_BROKER_URL")
    env = {}
    if url:
        # Our own queue name: a worker left over from elsewhere must not take these tasks.
        queue = f"test-{os.getpid()}"
    else:
        folder = tmp_path / "broker"
        folder.mkdir()
        url = "filesystem://"
        env["ELEARNING_TEST_BROKER_URL"] = url
        env["ELEARNING_TEST_BROKER_FOLDER"] = str(folder)
        queue = "celery"
        monkeypatch.setitem(
            celery_app.conf,
            "broker_transport_options",
            {"data_folder_in": str(folder), "data_folder_out": str(folder), "control_folder": str(folder)},
        )
    monkeypatch.setitem(celery_app.conf, "broker_url", url)
    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)
    monkeypatch.setitem(celery_app.conf, "task_default_queue", queue)
    reset_connection_pools()
    yield {"url": url, "queue": queue, "env": env}
    reset_connection_pools()


def reset_connection_pools():
    """Make the app open new connections with the broker settings patched above."""
    from kombu import pools

    # kombu keeps global connection and producer pools keyed by broker URL: drop them all.
    pools.reset()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def worker(broker, tmp_path):
    mail_dir = tmp_path / "mail"
    database = connection.settings_dict
    env = {
        **os.environ,
        **broker["env"],
        "DJANGO_SETTINGS_MODULE": "elearning.settings.test",
        "ELEARNING_CELERY_EAGER": "0",
        "ELEARNING_EMAIL_DELIVERY_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "ELEARNING_EMAIL_FILE_PATH": str(mail_dir),
        "ELEARNING_TEST_QUEUE": broker["queue"],
    }
    if database["ENGINE"].endswith("sqlite3"):
        env["ELEARNING_WORKER_SQLITE_DB"] = str(database["NAME"])
        env.pop("DATABASE_URL", None)
    else:
        # The worker must read the test database that pytest-django created, not the main one.
        env["DATABASE_URL"] = f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "elearning",
            "worker",
            "--pool=solo",
            "--loglevel=info",
            "-Q",
            broker["queue"],
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    yield {"process": process, "mail_dir": mail_dir}
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


def test_integration_worker_delivers_an_email_queued_by_the_site(worker):
    """send_mail returns at once; the worker process delivers the message and marks it sent."""
    assert settings.EMAIL_BACKEND == "accounts.mail.CeleryEmailBackend"
    send_mail("Bienvenue sur Élus & quartiers", "Votre compte est prêt.", None, ["elue@exemple.fr"])
    delivery = EmailDelivery.objects.get()

    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        delivery.refresh_from_db()
        if delivery.sent_at:
            break
        assert worker["process"].poll() is None, worker["process"].stdout.read()
        time.sleep(0.5)
    if delivery.sent_at is None:
        worker["process"].terminate()
        pytest.fail("the worker did not deliver the e-mail within 60 s:\n" + worker["process"].communicate(timeout=20)[0])
    files = list(worker["mail_dir"].glob("*.log"))
    assert len(files) == 1
    content = files[0].read_text()
    assert "To: elue@exemple.fr" in content
    assert "Votre compte est pr=C3=AAt." in content or "Votre compte est prêt." in content

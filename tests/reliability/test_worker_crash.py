"""A task killed mid-way and run again produces no duplicate e-mail, attestation or export.

A real Celery worker (tests/reliability/crash_worker.py) takes three tasks — deliver an e-mail, issue an
attestation, build a data export — and stops in the middle of each; the test kills it with SIGKILL,
as the OOM killer or a lost machine would. acks_late leaves the three messages unacknowledged, Redis
hands them out again after the (shortened) visibility timeout, and a second worker finishes them."""

import email
import email.header
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
from django.core.mail import send_mail
from django.utils import timezone

from accounts.models import DataExport, EmailDelivery
from accounts.tasks import build_data_export
from elearning.celery import app as celery_app
from progress.models import Attestation, CourseCompletion
from progress.tasks import complete_course
from tests.factories.accounts import UserFactory
from tests.integration.test_celery_worker import reset_connection_pools
from tests.progress.conftest import build_course

from .conftest import database_url, requires_postgresql

ROOT = Path(__file__).resolve().parents[2]
# Our own Redis database unless the run gives one (CI: .ci/run exports CELERY_BROKER_URL).
BROKER_URL = os.environ.get("CELERY_BROKER_URL") or "redis://127.0.0.1:6379/10"
PAUSES = {"deliver_email", "complete_course", "build_data_export"}


def redis_reachable() -> bool:
    try:
        return redis.Redis.from_url(BROKER_URL, socket_connect_timeout=2).ping()
    except redis.RedisError:
        return False


pytestmark = [
    pytest.mark.integration,
    # Three tasks paused at once hold row locks; SQLite would make them wait for each other.
    requires_postgresql,
    pytest.mark.skipif(
        not BROKER_URL.startswith("redis://") or not redis_reachable(),
        reason=f"needs Redis at {BROKER_URL} (acks_late redelivery is a Redis feature here; CI always has it)",
    ),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def broker(monkeypatch):
    # Our own queue: no other worker on this broker takes these tasks, and ours takes no one else's.
    queue = f"reliability-{os.getpid()}"
    monkeypatch.setitem(celery_app.conf, "broker_url", BROKER_URL)
    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)
    monkeypatch.setitem(celery_app.conf, "task_default_queue", queue)
    reset_connection_pools()
    yield queue
    reset_connection_pools()
    connection = redis.Redis.from_url(BROKER_URL)
    connection.delete(queue, *connection.keys(f"_kombu.binding*.{queue}"))


def start_worker(queue, tmp_path, *, pause_dir=None, pool="solo"):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "elearning.settings.test",
        "ELEARNING_CELERY_EAGER": "0",
        "CELERY_BROKER_URL": BROKER_URL,
        "DATABASE_URL": database_url(),
        "ELEARNING_EMAIL_DELIVERY_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "ELEARNING_EMAIL_FILE_PATH": str(tmp_path / "mail"),
        "ELEARNING_TEST_MEDIA_ROOT": str(tmp_path / "media"),
        "ELEARNING_TEST_VISIBILITY_TIMEOUT": "4",
        "ELEARNING_TEST_QUEUE": queue,
    }
    env.pop("ELEARNING_TEST_PAUSE_DIR", None)
    if pause_dir:
        env["ELEARNING_TEST_PAUSE_DIR"] = str(pause_dir)
    command = [sys.executable, "-m", "celery", "-A", "tests.reliability.crash_worker", "worker", f"--pool={pool}"]
    if pool == "threads":
        command.append("--concurrency=3")
    command += ["--loglevel=info", "-Q", queue, "--without-gossip", "--without-mingle", "--without-heartbeat"]
    log = (tmp_path / f"worker-{'paused' if pause_dir else 'second'}.log").open("w")
    # A process group of its own, so that the SIGKILL reaches the worker and nothing else.
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def delivered_subjects(folder: Path) -> list[str]:
    """The decoded subject of every message the file backend wrote.

    Django's file backend names a file after the second and the connection's id(); two connections in
    the same second can get the same id (the first one was freed) and share a file, so count messages,
    not files."""
    subjects = []
    for path in folder.glob("*.log"):
        for chunk in path.read_text().split("-" * 79):
            if chunk.strip():
                message = email.message_from_string(chunk.lstrip("\n"))
                subjects.append(str(email.header.make_header(email.header.decode_header(message["Subject"]))))
    return sorted(subjects)


def wait_for(condition, seconds, process, log):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        if process.poll() is not None:
            pytest.fail("the worker stopped:\n" + log.read_text())
        time.sleep(0.5)
    pytest.fail(f"not done within {seconds} s:\n" + log.read_text()[-5000:])


def test_worker_killed_mid_task_then_rerun_duplicates_nothing(settings, tmp_path, broker):
    """SIGKILL while three tasks are half-way; a new worker finishes them: one e-mail each, one attestation
    and its PDF, one export file."""
    settings.MEDIA_ROOT = tmp_path / "media"
    learner = UserFactory(email="relance@exemple.fr")
    course = build_course(modules=1, lessons=1)
    completion = CourseCompletion.objects.create(user=learner, course=course.course, completed_at=timezone.now())
    # Another learner: the paused export holds a lock on its user row, which would hold up the attestation.
    exporter = UserFactory(email="export@exemple.fr")
    export = DataExport.objects.create(user=exporter, requested_at=timezone.now())
    pause_dir = tmp_path / "paused"
    pause_dir.mkdir()

    send_mail("Message important", "Une seule fois, s'il vous plaît.", None, ["relance@exemple.fr"])
    assert EmailDelivery.objects.count() == 1
    complete_course.delay(completion.pk)
    build_data_export.delay(export.pk)

    first = start_worker(broker, tmp_path, pause_dir=pause_dir, pool="threads")
    try:
        wait_for(lambda: {p.name for p in pause_dir.iterdir()} == PAUSES, 60, first, tmp_path / "worker-paused.log")
    finally:
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(timeout=10)
    # Killed half-way: nothing sent, attestation without congratulation, export not recorded.
    assert EmailDelivery.objects.filter(sent_at__isnull=False).count() == 0
    assert CourseCompletion.objects.get().notified_at is None
    assert not Attestation.objects.get().pdf  # the PDF file is written, the row does not name it yet
    assert DataExport.objects.get().ready_at is None

    second = start_worker(broker, tmp_path)
    log = tmp_path / "worker-second.log"
    try:
        wait_for(
            lambda: (
                EmailDelivery.objects.count() == 3
                and not EmailDelivery.objects.filter(sent_at__isnull=True).exists()
                and DataExport.objects.filter(ready_at__isnull=False).exists()
            ),
            90,
            second,
            log,
        )
        # Let a late redelivery (the visibility timeout is short) run too, then compare.
        time.sleep(6)
    finally:
        second.terminate()
        second.wait(timeout=20)

    subjects = sorted(EmailDelivery.objects.values_list("subject", flat=True))
    assert subjects == sorted(
        [
            "Message important",
            f"[Élus & quartiers] Parcours terminé : « {course.course.title} »",
            "[Élus & quartiers] Vos données sont prêtes",
        ]
    )
    assert delivered_subjects(tmp_path / "mail") == subjects  # one message each, none twice

    attestation = Attestation.objects.get()
    assert attestation.completion_id == completion.pk
    assert [p.name for p in (tmp_path / "media" / "attestations").rglob("*.pdf")] == [Path(attestation.pdf.name).name]

    export.refresh_from_db()
    export_files = list((tmp_path / "media" / "exports" / export.public_id.hex).iterdir())
    assert [p.name for p in export_files] == [Path(export.file.name).name]
    assert '"export@exemple.fr"' in export_files[0].read_text()

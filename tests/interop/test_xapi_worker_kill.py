"""A worker killed in the middle of sending the xAPI outbox: each statement still reaches the LRS once.

A real Celery worker (tests/interop/xapi_crash_worker.py) sends the outbox to a real Ralph and is
killed (SIGKILL) just after Ralph took the third statement, before the outbox marked it sent. acks_late
leaves the task unacknowledged; Redis hands it to a second worker, which sends the rest, the third
statement again included: Ralph, which holds it under the same id, stores nothing twice."""

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from unittest import mock

import pytest

from interop.models import XapiStatement
from interop.tasks import send_pending_statements
from tests.factories.accounts import UserFactory
from tests.reliability.conftest import database_url, requires_postgresql
from tests.reliability.test_worker_crash import BROKER_URL, ROOT, broker, redis_reachable, wait_for  # noqa: F401

from .test_xapi_ralph import EXPECTED, journey, verbs

pytestmark = [
    pytest.mark.integration,
    requires_postgresql,
    pytest.mark.skipif(
        not BROKER_URL.startswith("redis://") or not redis_reachable(),
        reason=f"needs Redis at {BROKER_URL} (acks_late redelivery is a Redis feature here; CI always has it)",
    ),
    pytest.mark.django_db(transaction=True),
]


class ImmediateCommit:
    """What django_capture_on_commit_callbacks gives the journey; with transaction=True, on_commit
    callbacks already run at once."""

    def __call__(self, execute=True):
        return self

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def start_worker(queue, tmp_path, lrs, *, pause_dir=None):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "elearning.settings.test",
        "ELEARNING_CELERY_EAGER": "0",
        "CELERY_BROKER_URL": BROKER_URL,
        "DATABASE_URL": database_url(),
        "ELEARNING_TEST_VISIBILITY_TIMEOUT": "4",
        "ELEARNING_TEST_QUEUE": queue,
        "XAPI_LRS_URL": lrs.url,
        "XAPI_LRS_USERNAME": lrs.username,
        "XAPI_LRS_PASSWORD": lrs.password,
    }
    env.pop("ELEARNING_TEST_PAUSE_DIR", None)
    env.pop("ELEARNING_TEST_XAPI_PAUSE_DIR", None)
    if pause_dir:
        env["ELEARNING_TEST_XAPI_PAUSE_DIR"] = str(pause_dir)
    name = "paused" if pause_dir else "second"
    command = [sys.executable, "-m", "celery", "-A", "tests.interop.xapi_crash_worker", "worker", "--pool=solo"]
    command += ["--loglevel=info", "-Q", queue, "--without-gossip", "--without-mingle", "--without-heartbeat"]
    log = (tmp_path / f"xapi-worker-{name}.log").open("w")
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def test_worker_killed_mid_send_delivers_each_statement_once(xapi_on, tmp_path, broker):  # noqa: F811
    """SIGKILL after the LRS took a statement the outbox had not marked: a second worker finishes, no duplicate."""
    # The journey fills the outbox; nothing is queued yet (the attestation task neither: without an
    # eager Celery it would wait in the queue, so that statement is left out here).
    with (
        mock.patch("interop.xapi.queue_sending"),
        mock.patch("progress.tasks.complete_course.delay"),
    ):
        journey(UserFactory(), ImmediateCommit())
    expected = EXPECTED - Counter({"receive": 1})
    total = XapiStatement.objects.count()
    assert total == sum(expected.values()) and xapi_on.stored() == []
    send_pending_statements.delay()

    pause_dir = tmp_path / "paused"
    pause_dir.mkdir()
    first = start_worker(broker, tmp_path, xapi_on, pause_dir=pause_dir)
    try:
        wait_for(lambda: (pause_dir / "xapi").exists(), 60, first, tmp_path / "xapi-worker-paused.log")
    finally:
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(timeout=10)
    third = (pause_dir / "xapi").read_text()
    # Killed between the LRS's answer and our update: Ralph holds three, the outbox says two.
    assert len(xapi_on.stored()) == 3
    assert XapiStatement.objects.filter(sent_at__isnull=False).count() == 2
    assert XapiStatement.objects.get(statement_id=third).sent_at is None

    second = start_worker(broker, tmp_path, xapi_on)
    try:
        wait_for(
            lambda: not XapiStatement.objects.filter(sent_at__isnull=True).exists(),
            90,
            second,
            tmp_path / "xapi-worker-second.log",
        )
        time.sleep(6)  # a late redelivery would run now; it must add nothing
    finally:
        second.terminate()
        second.wait(timeout=20)

    stored = xapi_on.stored()
    assert len(stored) == total
    assert len({statement["id"] for statement in stored}) == total
    assert verbs(stored) == expected

"""The Celery app for the worker that tests/reliability/test_worker_crash.py kills mid-task.

`celery -A tests.reliability.crash_worker worker` is the site's app plus, only when the test asks for it
(ELEARNING_TEST_PAUSE_DIR), pauses at chosen points inside the tasks: the worker writes a marker
file there and sleeps until the test kills it. Nothing here is imported by the site."""

import os
import threading
import time
from pathlib import Path

from celery.signals import task_prerun
from django.conf import settings

from elearning.celery import app

__all__ = ["app"]

# Redelivery of a message whose worker died: Redis hands it out again after this many seconds.
app.conf.broker_transport_options = {
    **(app.conf.broker_transport_options or {}),
    "visibility_timeout": int(os.environ.get("ELEARNING_TEST_VISIBILITY_TIMEOUT", "3600")),
    # A worker killed while it restores unacked messages leaves kombu's restore lock behind for
    # unacked_mutex_expire (300 s by default): the next worker could not redeliver within the test.
    "unacked_mutex_expire": 5,
    # kombu tries a restore at start-up (often too early: the messages are younger than the timeout),
    # then on every 10th tick of 10 s: about 100 s later. Try every second instead.
    "unacked_restore_throttle": 1,
    "unacked_restore_interval": 1,
}
if os.environ.get("ELEARNING_TEST_QUEUE"):
    # Tasks queued by a task (the e-mails) go to the test's own queue, which this worker reads.
    app.conf.task_default_queue = os.environ["ELEARNING_TEST_QUEUE"]
if os.environ.get("ELEARNING_TEST_MEDIA_ROOT"):
    # test.py gives every process its own temporary MEDIA_ROOT; the test reads the files this worker writes.
    settings.MEDIA_ROOT = os.environ["ELEARNING_TEST_MEDIA_ROOT"]

PAUSE_DIR = os.environ.get("ELEARNING_TEST_PAUSE_DIR")
_patched = threading.Lock()
_done = False


def _pausing(original, point: str):
    def pause(*args, **kwargs):
        Path(PAUSE_DIR, point).write_text(str(os.getpid()))
        time.sleep(600)
        return original(*args, **kwargs)

    return pause


def _pausing_after_attestation_file(original):
    def save(storage, name, content):
        stored = original(storage, name, content)
        if stored.startswith("attestations/"):
            Path(PAUSE_DIR, "complete_course").write_text(str(os.getpid()))
            time.sleep(600)
        return stored

    return save


def _install_pauses():
    from django.core.files.storage import FileSystemStorage

    import accounts.tasks
    import core.mail

    # deliver_email: the row is locked and counted as an attempt, the message not handed to SMTP yet.
    accounts.tasks.payload_to_message = _pausing(accounts.tasks.payload_to_message, "deliver_email")
    # complete_course: the attestation row and its PDF file are written, the row does not name the file yet.
    FileSystemStorage._save = _pausing_after_attestation_file(FileSystemStorage._save)
    # build_data_export: the JSON file is written to MEDIA_ROOT, its row not committed yet (every app
    # sends through core.mail, which holds its own reference to send_mail).
    core.mail.send_mail = _pausing(core.mail.send_mail, "build_data_export")


@task_prerun.connect
def install_pauses_once(**kwargs):
    # Django is ready once a task runs; patch then, once, for all the pool's threads.
    global _done
    if not PAUSE_DIR:
        return
    with _patched:
        if not _done:
            _install_pauses()
            _done = True

"""The Celery app for the worker that tests/interop/test_xapi_worker_kill.py kills mid-send.

The site's app with the reliability tests' broker settings (short visibility timeout, the test's own
queue), plus, when ELEARNING_TEST_XAPI_PAUSE_DIR is set, a pause right after the LRS has taken the
third statement and before the outbox marks it sent: the worker writes a marker file and sleeps until
the test kills it. Nothing here is imported by the site."""

import os
import threading
import time
from pathlib import Path

from celery.signals import task_prerun

from tests.reliability.crash_worker import app

__all__ = ["app"]

PAUSE_DIR = os.environ.get("ELEARNING_TEST_XAPI_PAUSE_DIR")
_lock = threading.Lock()
_installed = False


def _install_pause():
    import interop.xapi

    original = interop.xapi.put_statement
    sent = []

    def put_then_pause(session, statement):
        original(session, statement)
        sent.append(statement["id"])
        if len(sent) == 3:
            Path(PAUSE_DIR, "xapi").write_text(statement["id"])
            time.sleep(600)

    interop.xapi.put_statement = put_then_pause


@task_prerun.connect
def install_pause_once(**kwargs):
    global _installed
    if not PAUSE_DIR:
        return
    with _lock:
        if not _installed:
            _install_pause()
            _installed = True

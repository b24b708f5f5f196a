"""Background work of interop. Each task is idempotent: a retried or duplicated run does nothing twice."""

from celery import shared_task

from .exports import scorm_export_build, scorm_export_purge_expired
from .xapi import send_pending


@shared_task(acks_late=True, autoretry_for=(ConnectionError, TimeoutError), retry_backoff=True, max_retries=5)
def build_scorm_export(export_id: int) -> bool:
    """Build a module's SCORM package; a redelivered task finds it ready and stops."""
    return scorm_export_build(export_id=export_id)


@shared_task
def purge_scorm_exports() -> int:
    """Beat task: SCORM packages are kept 7 days."""
    return scorm_export_purge_expired()


@shared_task(
    acks_late=True, autoretry_for=(ConnectionError, TimeoutError), retry_backoff=True, retry_backoff_max=600, max_retries=8
)
def send_pending_statements() -> int:
    """Send the xAPI outbox to the LRS; the LRS unreachable, the task retries with backoff (and the
    beat sends every few minutes whatever is left)."""
    return send_pending()

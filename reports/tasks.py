"""Background work of the reports app. Each task is idempotent: a retried or duplicated run does nothing twice."""

from celery import shared_task

from . import summaries
from .exports import report_export_build, report_export_purge_expired


@shared_task(acks_late=True, autoretry_for=(ConnectionError, TimeoutError), retry_backoff=True, max_retries=5)
def build_report_export(export_id: int) -> bool:
    """Write a large report export and e-mail its link; a redelivered task finds it ready and stops."""
    return report_export_build(export_id=export_id)


@shared_task
def purge_report_exports() -> int:
    """Beat task: report export files are kept 7 days."""
    return report_export_purge_expired()


@shared_task(acks_late=True, autoretry_for=(ConnectionError, TimeoutError), retry_backoff=True, max_retries=5)
def refresh_course_summary(course_id: int) -> bool:
    """Rebuild one course's report summary (a recount: running it twice gives the same figures)."""
    return summaries.refresh_now(course_id=course_id)

"""Background work of the progress app. Each task is idempotent: a retried or duplicated run does nothing twice."""

from celery import shared_task

from . import proof, services
from .models import CourseCompletion


@shared_task(acks_late=True, autoretry_for=(ConnectionError, TimeoutError), retry_backoff=True, max_retries=5)
def send_welcome(enrolment_id: int) -> bool:
    return services.enrolment_send_welcome(enrolment_id=enrolment_id)


@shared_task(acks_late=True, autoretry_for=(ConnectionError, TimeoutError, OSError), retry_backoff=True, max_retries=5)
def complete_course(completion_id: int) -> str:
    """Issue the attestation of a course completion, then congratulate the learner with its link."""
    completion = CourseCompletion.objects.select_related("user", "course").get(pk=completion_id)
    attestation = services.attestation_issue(completion=completion)
    services.course_completion_notify(completion_id=completion_id)
    return attestation.identifier


@shared_task
def send_progress_reminders() -> int:
    """Beat task (CELERY_BEAT_SCHEDULE): one reminder per enrolment after 14 days without progress."""
    return services.enrolment_send_reminders()


@shared_task(acks_late=True, autoretry_for=(ConnectionError, TimeoutError, OSError), retry_backoff=True, max_retries=5)
def build_proof_file(proof_id: int) -> bool:
    """Write a queued proof file (zip) and e-mail its link; a redelivered task finds it ready and stops."""
    return proof.proof_file_build(proof_id=proof_id)


@shared_task
def purge_proof_data() -> int:
    """Beat task (daily): proof files after a week, proof data after PROOF_RETENTION_YEARS."""
    return proof.proof_purge_expired()

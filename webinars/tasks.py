from celery import shared_task

from .services import reminders_send_due


@shared_task(acks_late=True)
def send_webinar_reminders() -> dict:
    """Run by Celery beat every few minutes; sending twice is prevented by ReminderDelivery rows."""
    sent = reminders_send_due()
    return {"day_before": sent.day_before, "hour_before": sent.hour_before}

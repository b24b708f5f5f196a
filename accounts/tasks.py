import logging
import smtplib

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from core.mail import delivery_connection, payload_to_message

from .models import EmailDelivery
from .sealing import redacted, unseal

logger = logging.getLogger(__name__)


@shared_task(
    bind=True,
    acks_late=True,
    autoretry_for=(smtplib.SMTPException, ConnectionError, TimeoutError, EmailDelivery.DoesNotExist),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=8,
)
def deliver_email(self, delivery_id: int) -> bool:
    """Send one stored e-mail once. Returns False when it had already been sent."""
    with transaction.atomic():
        # The row lock makes two copies of this task (a redelivery after a worker died) wait for
        # each other; the second one then sees sent_at and stops.
        delivery = EmailDelivery.objects.select_for_update().get(pk=delivery_id)
        if delivery.sent_at is not None or delivery.payload.get("purged"):
            return False  # sent already, or never sent and purged after its links expired
        delivery.attempts += 1
        payload = unseal(delivery.payload)
        message = payload_to_message(payload, connection=delivery_connection())
        message.send()
        delivery.sent_at = timezone.now()
        # Sent: the sealed original (a sign-in code, a reset link) is replaced by a redacted copy.
        delivery.payload = redacted(payload)
        delivery.save(update_fields=["attempts", "sent_at", "payload"])
    return True


@shared_task(acks_late=True)
def build_data_export(export_id: int) -> bool:
    from .models import DataExport
    from .services import data_export_build

    export = DataExport.objects.filter(pk=export_id).first()
    return bool(export) and data_export_build(export=export)


@shared_task
def process_inactive_accounts() -> tuple[int, int]:
    from .services import data_export_purge_expired, email_delivery_purge_bodies, inactive_accounts_process

    # The daily RGPD retention pass also removes data exports whose link has expired, and the
    # redacted bodies of e-mails sent more than EMAIL_BODY_RETENTION_DAYS ago.
    data_export_purge_expired()
    email_delivery_purge_bodies()
    return inactive_accounts_process()

"""All e-mail leaves through a Celery task: the site never waits on SMTP during a request.

`CeleryEmailBackend` is Django's EMAIL_BACKEND. It stores each message as an `EmailDelivery` row
and queues `accounts.tasks.deliver_email`, which hands it to `EMAIL_DELIVERY_BACKEND` (SMTP in
production, files in dev, memory in tests) and marks it sent, so a re-run task sends nothing twice.
"""

from django.core.mail.backends.base import BaseEmailBackend

from core.mail import message_to_payload

from .models import EmailDelivery
from .tasks import deliver_email


class CeleryEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        count = 0
        for message in email_messages:
            payload = message_to_payload(message)
            delivery = EmailDelivery.objects.create(
                recipients=", ".join(payload["to"] + payload["cc"] + payload["bcc"]),
                subject=payload["subject"][:998],
                payload=payload,
            )
            deliver_email.delay(delivery.pk)
            count += 1
        return count

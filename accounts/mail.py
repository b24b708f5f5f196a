"""All e-mail leaves through a Celery task: the site never waits on SMTP during a request.

`CeleryEmailBackend` is Django's EMAIL_BACKEND. It stores each message as an `EmailDelivery` row, sealed
(accounts.sealing), and queues `accounts.tasks.deliver_email`, which hands it to `EMAIL_DELIVERY_BACKEND`
(SMTP in production, files in dev, memory in tests), marks it sent and keeps only a redacted copy, so a
re-run task sends nothing twice and no secret outlives its use.
"""

from django.core.mail.backends.base import BaseEmailBackend

from core.mail import message_to_payload

from .models import EmailDelivery
from .sealing import seal
from .tasks import deliver_email


class CeleryEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        count = 0
        for message in email_messages:
            payload = message_to_payload(message)
            delivery = EmailDelivery.objects.create(
                recipients=", ".join(payload["to"] + payload["cc"] + payload["bcc"]),
                subject=payload["subject"][:998],
                payload=seal(payload),
            )
            deliver_email.delay(delivery.pk)
            count += 1
        return count

"""All e-mail leaves through a Celery task: the site never waits on SMTP during a request.

`CeleryEmailBackend` is Django's EMAIL_BACKEND. It stores each message as an `EmailDelivery` row
and queues `accounts.tasks.deliver_email`, which hands it to `EMAIL_DELIVERY_BACKEND` (SMTP in
production, files in dev, memory in tests) and marks it sent, so a re-run task sends nothing twice.
"""

import base64

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend


def message_to_payload(message) -> dict:
    attachments = []
    for attachment in message.attachments:
        filename, content, mimetype = attachment
        if isinstance(content, str):
            content = content.encode()
        attachments.append([filename, base64.b64encode(content).decode("ascii"), mimetype])
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": dict(message.extra_headers),
        "alternatives": [[str(content), mimetype] for content, mimetype in getattr(message, "alternatives", [])],
        "attachments": attachments,
    }


def payload_to_message(payload: dict, connection=None) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=payload["subject"],
        body=payload["body"],
        from_email=payload["from_email"],
        to=payload["to"],
        cc=payload["cc"],
        bcc=payload["bcc"],
        reply_to=payload["reply_to"],
        headers=payload["headers"],
        connection=connection,
    )
    for content, mimetype in payload["alternatives"]:
        message.attach_alternative(content, mimetype)
    for filename, content, mimetype in payload["attachments"]:
        message.attach(filename, base64.b64decode(content), mimetype)
    return message


def delivery_connection():
    return get_connection(backend=settings.EMAIL_DELIVERY_BACKEND)


class CeleryEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        from .models import EmailDelivery
        from .tasks import deliver_email

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

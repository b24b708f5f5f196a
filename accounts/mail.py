"""All e-mail leaves through a Celery task: the site never waits on SMTP during a request.

`CeleryEmailBackend` is Django's EMAIL_BACKEND. It stores each message as an `EmailDelivery` row
and queues `accounts.tasks.deliver_email`, which hands it to `EMAIL_DELIVERY_BACKEND` (SMTP in
production, files in dev, memory in tests) and marks it sent, so a re-run task sends nothing twice.

Nothing secret is kept in clear (docs/privacy.md): until it is sent, the message is stored sealed
(encrypted with a key derived from SECRET_KEY), since it may carry a sign-in code or a password-reset
link; once sent, only a redacted copy stays (links and codes masked, attachments named but dropped),
and the daily task empties that copy EMAIL_BODY_RETENTION_DAYS after delivery.
"""

import base64
import hashlib
import json
import re

from cryptography.fernet import Fernet, InvalidToken
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
                payload=seal(payload),
            )
            deliver_email.delay(delivery.pk)
            count += 1
        return count


# --- Sealed while queued, redacted once sent ------------------------------------------------------

REDACTED_LINK = "[lien masqué]"
REDACTED_CODE = "[code masqué]"
LINK = re.compile(r"https?://[^\s<>\"']+")
# allauth's sign-in and confirmation codes ("XLVH-MLGM", or six characters on a line of their own).
CODE = re.compile(r"\b[A-Z0-9]{4}-[A-Z0-9]{4}\b|^\s*[A-Z0-9]{6}\s*$", re.MULTILINE)


def _fernet() -> Fernet:
    key = hashlib.sha256(b"elearning.accounts.mail:" + settings.SECRET_KEY.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def seal(payload: dict) -> dict:
    """The payload as it is stored while queued: encrypted, nothing readable in the database or a backup."""
    return {"sealed": _fernet().encrypt(json.dumps(payload).encode()).decode("ascii")}


def unseal(stored: dict) -> dict:
    """The payload to send. Rows written before sealing existed hold it in clear."""
    if "sealed" not in stored:
        return stored
    try:
        return json.loads(_fernet().decrypt(stored["sealed"].encode()))
    except InvalidToken as error:  # SECRET_KEY changed since the e-mail was queued
        raise ValueError("E-mail scellé avec une autre DJANGO_SECRET_KEY : il ne peut plus être envoyé.") from error


def redact_text(text: str) -> str:
    return CODE.sub(REDACTED_CODE, LINK.sub(REDACTED_LINK, text))


def redacted(payload: dict) -> dict:
    """What is kept of a sent e-mail: who, what about, the text without any link or code, attachment names."""
    return {
        "subject": payload.get("subject", ""),
        "body": redact_text(payload.get("body", "")),
        "to": payload.get("to", []),
        "redacted": True,
        "attachments": [attachment[0] for attachment in payload.get("attachments", [])],
    }

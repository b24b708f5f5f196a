"""Sending the platform's e-mails: one helper for every app, and the message ⇄ payload conversion the
delivery task uses.

Every message goes through Django's EMAIL_BACKEND (accounts.mail.CeleryEmailBackend), which stores it
and queues its delivery: a request never waits on SMTP.
"""

from __future__ import annotations

import base64

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection, send_mail
from django.template.loader import render_to_string

SUBJECT_PREFIX = "[Élus & quartiers]"


def send_templated_mail(*, to: str, subject: str, template: str, context: dict) -> None:
    """Send the plain-text `template` rendered with `context` to `to`, with the platform's prefix."""
    send_mail(
        subject=f"{SUBJECT_PREFIX} {subject}",
        message=render_to_string(template, context),
        from_email=None,
        recipient_list=[to],
    )


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

"""E-mails are never kept in clear (docs/privacy.md): until it is sent, a message is stored sealed
(encrypted with a key derived from SECRET_KEY), since it may carry a sign-in code or a password-reset
link; once sent, only a redacted copy stays (links and codes masked, attachments named but dropped),
and the daily task empties that copy EMAIL_BODY_RETENTION_DAYS after delivery."""

import base64
import hashlib
import json
import re

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings

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

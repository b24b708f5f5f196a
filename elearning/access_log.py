"""gunicorn's access log without the secrets some URLs carry (gunicorn.conf.py: logger_class).

A link e-mailed to someone must carry its key in the URL (a password-reset or confirmation key); the
identifiers of attestations, exports, attempts and live sessions are not bearer tokens (the views
check who asks) but name one person's file. None of them belongs in a log file kept for months and
read by whoever operates the servers: each is replaced by « … » in the request line, the path, the
query string and the Referer. Forms that can carry a value in their body (the live-quiz code, the
sign-in code) use POST."""

import re

from gunicorn.glogging import Logger

MASK = "…"
SECRETS = (
    # UUIDs: exports, report exports, attempts, live sessions, learners in reports.
    re.compile(r"[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}"),
    # allauth's e-mail confirmation and password-reset keys.
    re.compile(r"(?<=/confirm-email/)[^/?\s]+"),
    re.compile(r"(?<=/password/reset/key/)[^/?\s]+"),
    # Attestation identifiers (16 characters of base32, possibly grouped with dashes).
    re.compile(r"(?<=/attestations/)[A-Za-z2-7-]{16,24}(?=\.pdf|/)", re.IGNORECASE),
    re.compile(r"(?<=/attestations/verifier/)[^/?\s]+"),
    # Query parameters that may hold a code or a key.
    re.compile(r"(?:(?<=[?&]code=)|(?<=[?&]key=)|(?<=[?&]token=)|(?<=^code=)|(?<=^key=)|(?<=^token=))[^&\s]*", re.IGNORECASE),
)


def redact(text: str) -> str:
    for pattern in SECRETS:
        text = pattern.sub(MASK, text)
    return text


class RedactingLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key in ("r", "U", "q", "f", "{referer}i", "{raw_uri}e", "{path_info}e", "{query_string}e", "{http_referer}e"):
            if isinstance(atoms.get(key), str):
                atoms[key] = redact(atoms[key])
        return atoms

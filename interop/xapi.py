"""xAPI 1.0.3 statements of learning events, queued in an outbox and sent to the LRS.

- Off unless settings.XAPI_LRS_URL is set: then nothing is even queued (`manage.py xapi_replay` sends
  the history once an LRS is connected).
- Statement ids are uuid5 of the event (« enrolled/<enrolment id> »…), so recording an event twice,
  a retried task or a replay give the same statement; it is PUT under its id, and the LRS answers 204
  to a statement it already holds (xAPI 1.0.3 §2.1.3): each statement is stored once.
- Actors are pseudonymous: an account on the platform's home page whose name is an HMAC of the user's
  public id (never a name or an e-mail). An erased account gets no new statement.
- Activity ids are stable IRIs under WAGTAILADMIN_BASE_URL, built on database ids (not slugs, which
  editors change).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import uuid
from datetime import UTC, datetime

import requests
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import XapiStatement

logger = logging.getLogger(__name__)

VERSION = "1.0.3"
ADL = "http://adlnet.gov/expapi/verbs/"
VERBS = {
    "registered": (ADL + "registered", "s'est inscrit·e à"),
    "experienced": (ADL + "experienced", "a ouvert"),
    "completed": (ADL + "completed", "a terminé"),
    "answered": (ADL + "answered", "a répondu à"),
    "passed": (ADL + "passed", "a réussi"),
    "failed": (ADL + "failed", "a échoué à"),
    "received": ("http://activitystrea.ms/schema/1.0/receive", "a reçu"),
    "attended": (ADL + "attended", "a assisté à"),
}
ACTIVITY_TYPES = {
    "cours": "http://adlnet.gov/expapi/activities/course",
    "modules": "http://adlnet.gov/expapi/activities/module",
    "lecons": "http://adlnet.gov/expapi/activities/lesson",
    "quiz": "http://adlnet.gov/expapi/activities/assessment",
    "questions": "http://adlnet.gov/expapi/activities/question",
    "attestations": "http://id.tincanapi.com/activitytype/certificate",
    "webinaires": "http://adlnet.gov/expapi/activities/meeting",
}
BATCH = 50


class LrsError(Exception):
    """The LRS did not take a statement: retried later (network, 5xx) or kept aside (4xx)."""


def enabled() -> bool:
    return bool(getattr(settings, "XAPI_LRS_URL", ""))


def base_url() -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def _namespace() -> uuid.UUID:
    return uuid.uuid5(uuid.NAMESPACE_URL, base_url() + "/xapi/")


def statement_id(event: str) -> uuid.UUID:
    """The id of the statement of `event`: the same event always gives the same id."""
    return uuid.uuid5(_namespace(), event)


def actor_name(user) -> str:
    """An opaque, stable name for `user` in the LRS: nobody holding the LRS alone can tell who it is."""
    key = (settings.XAPI_ACTOR_KEY or settings.SECRET_KEY).encode()
    return hmac.new(key, f"xapi-actor:{user.public_id}".encode(), hashlib.sha256).hexdigest()[:32]


def actor(user) -> dict:
    return {"objectType": "Agent", "account": {"homePage": base_url() + "/", "name": actor_name(user)}}


def activity(kind: str, key, title: str) -> dict:
    return {
        "objectType": "Activity",
        "id": f"{base_url()}/xapi/{kind}/{key}",
        "definition": {"type": ACTIVITY_TYPES[kind], "name": {"fr-FR": title or str(key)}},
    }


def build(*, event: str, user, verb: str, obj: dict, when: datetime, result: dict | None = None, parents=()) -> dict:
    """One complete statement; the same arguments always give the same statement (replays compare equal)."""
    verb_id, display = VERBS[verb]
    statement = {
        "id": str(statement_id(event)),
        "actor": actor(user),
        "verb": {"id": verb_id, "display": {"fr-FR": display}},
        "object": obj,
        "timestamp": when.astimezone(UTC).isoformat().replace("+00:00", "Z"),
        "context": {"platform": settings.WAGTAIL_SITE_NAME, "language": "fr-FR"},
        "version": VERSION,
    }
    parents = [parent for parent in parents if parent]
    if parents:
        statement["context"]["contextActivities"] = {"parent": parents}
    if result:
        statement["result"] = result
    return statement


def record(*, statement: dict, user, verb: str) -> XapiStatement | None:
    """Put a statement in the outbox (once). None when xAPI is off or the account was erased."""
    if not enabled() or user is None or getattr(user, "erased_at", None) is not None:
        return None
    try:
        with transaction.atomic():
            row, _created = XapiStatement.objects.get_or_create(
                statement_id=statement["id"], defaults={"user": user, "verb": verb, "payload": statement}
            )
    except IntegrityError:  # recorded by a concurrent request
        row = XapiStatement.objects.get(statement_id=statement["id"])
    return row


# --- Delivery --------------------------------------------------------------------------------------


def _session() -> requests.Session:
    session = requests.Session()
    if settings.XAPI_LRS_USERNAME:
        session.auth = (settings.XAPI_LRS_USERNAME, settings.XAPI_LRS_PASSWORD)
    session.headers.update({"X-Experience-API-Version": VERSION, "Content-Type": "application/json"})
    return session


def statements_url() -> str:
    return settings.XAPI_LRS_URL.rstrip("/") + "/statements"


def put_statement(session: requests.Session, statement: dict) -> None:
    """PUT one statement under its id. 204: stored now or already held (the same statement); 409: the
    LRS holds another version of the same event. Both count as delivered."""
    try:
        response = session.put(
            statements_url(), params={"statementId": statement["id"]}, json=statement, timeout=settings.XAPI_LRS_TIMEOUT
        )
    except requests.RequestException as error:
        raise ConnectionError(f"LRS unreachable: {error}") from error
    if response.status_code in (200, 204):
        return
    if response.status_code == 409:
        # The LRS already holds a statement under this id (uuid5 of the event): this event is recorded
        # there, from a time its titles read differently (a module renamed since, then replayed).
        logger.info("xAPI statement %s already held by the LRS in another form", statement["id"])
        return
    if response.status_code >= 500 or response.status_code in (401, 403, 429):
        raise ConnectionError(f"LRS answered {response.status_code}: {response.text[:300]}")
    raise LrsError(f"LRS refused the statement ({response.status_code}): {response.text[:500]}")


def send_pending(*, limit: int = 500, now=None) -> int:
    """Send the statements not yet delivered, oldest first. Returns how many were delivered.

    A statement is marked sent only after the LRS took it; a worker killed in between sends it again,
    and the LRS, which already holds it under the same id, stores nothing twice. ConnectionError
    propagates so that the Celery task retries later."""
    if not enabled():
        return 0
    session = _session()
    delivered = 0
    pending = XapiStatement.objects.filter(sent_at__isnull=True, user__erased_at__isnull=True).exclude(
        last_error__startswith="refused:"
    )
    for row in pending.order_by("created_at", "statement_id")[:limit]:
        XapiStatement.objects.filter(pk=row.pk).update(attempts=row.attempts + 1)
        try:
            put_statement(session, row.payload)
        except LrsError as error:
            # Invalid for the LRS: retrying will not help; kept aside with its reason for the team.
            XapiStatement.objects.filter(pk=row.pk).update(last_error=f"refused: {error}"[:2000])
            logger.error("xAPI statement %s refused: %s", row.pk, error)
            continue
        except ConnectionError as error:
            XapiStatement.objects.filter(pk=row.pk).update(last_error=str(error)[:2000])
            raise
        XapiStatement.objects.filter(pk=row.pk).update(sent_at=now or timezone.now(), last_error="")
        delivered += 1
    return delivered


def queue_sending() -> None:
    """Ask a worker to send the outbox once the current transaction has committed."""
    from .tasks import send_pending_statements

    def send():
        # The learner's action has committed: an LRS or a broker that is down must not turn it into an
        # error page (with an eager Celery the send runs right here). The outbox keeps the statements
        # and beat sends them every few minutes.
        try:
            send_pending_statements.delay()
        except Exception as error:  # noqa: BLE001
            logger.warning("xAPI statements not sent now, kept in the outbox: %s", error)

    transaction.on_commit(send)

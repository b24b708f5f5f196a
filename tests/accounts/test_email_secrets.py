"""Finding 5: no sign-in code or reset link is stored in clear, and stored bodies are emptied N days after delivery."""

import re
from datetime import timedelta

import pytest
from django.core.mail import send_mail
from django.db import connection
from django.utils import timezone

from accounts.models import EmailDelivery
from accounts.sealing import seal
from accounts.services import email_delivery_purge_bodies
from accounts.tasks import deliver_email, process_inactive_accounts
from tests.factories.accounts import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
CODE_PATTERN = r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$"


def raw_rows() -> str:
    """Every stored e-mail as the database (and so its backups) holds it."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT subject, recipients, payload FROM accounts_emaildelivery")
        return "\n".join(" ".join(str(value) for value in row) for row in cursor.fetchall())


def test_login_code_is_delivered_but_never_stored_in_clear(client, outbox):
    """The sign-in code reaches the person, and neither the code nor its link is in the database."""
    user = UserFactory(password=DEFAULT_PASSWORD)
    client.post("/compte/login/code/", {"email": user.email})
    code = re.search(CODE_PATTERN, outbox[-1].body, re.MULTILINE).group(1)
    assert code not in raw_rows()
    assert "[code masqué]" in EmailDelivery.objects.latest("pk").payload["body"]


def test_password_reset_link_is_delivered_but_never_stored_in_clear(client, outbox):
    """The reset link reaches the person; the database keeps « [lien masqué] » instead."""
    user = UserFactory(password=DEFAULT_PASSWORD)
    client.post("/compte/password/reset/", {"email": user.email})
    link = re.search(r"https?://\S+/compte/password/reset/key/\S+", outbox[-1].body).group(0)
    stored = raw_rows()
    assert link not in stored and "/password/reset/key/" not in stored
    assert "[lien masqué]" in EmailDelivery.objects.latest("pk").payload["body"]


def test_queued_email_is_sealed_until_sent(monkeypatch, outbox):
    """While queued (worker busy), the stored message is encrypted; the worker still sends the original."""
    from accounts import tasks

    monkeypatch.setattr(tasks.deliver_email, "delay", lambda delivery_id: None)  # the worker has not run yet
    send_mail(
        "Votre code", "Code : ABCD-EFGH\nhttps://formation.example.org/compte/password/reset/key/1-abc/", None, ["elu@exemple.fr"]
    )
    stored = raw_rows()
    assert "ABCD-EFGH" not in stored and "reset/key" not in stored
    delivery = EmailDelivery.objects.get()
    assert list(delivery.payload) == ["sealed"]
    monkeypatch.undo()
    deliver_email.apply(args=[delivery.pk]).get()
    assert "ABCD-EFGH" in outbox[-1].body
    assert "ABCD-EFGH" not in raw_rows()


def test_daily_task_empties_bodies_n_days_after_delivery(settings, outbox):
    """After EMAIL_BODY_RETENTION_DAYS the daily task empties the stored body; a recent one stays."""
    send_mail("Ancien", "Bonjour Maëlle, ancien message.", None, ["ancien@exemple.fr"])
    send_mail("Récent", "Bonjour Yann, message récent.", None, ["recent@exemple.fr"])
    old = EmailDelivery.objects.get(subject="Ancien")
    old.sent_at = timezone.now() - timedelta(days=settings.EMAIL_BODY_RETENTION_DAYS + 1)
    old.save(update_fields=["sent_at"])
    process_inactive_accounts.apply().get()
    old.refresh_from_db()
    assert old.payload == {"purged": True}
    assert "Maëlle" not in raw_rows()
    assert "message récent" in EmailDelivery.objects.get(subject="Récent").payload["body"]
    assert email_delivery_purge_bodies() == 0  # idempotent


def test_unsent_email_past_retention_is_purged_and_never_sent(settings, outbox):
    """A message stuck unsent past the retention (its links expired) is emptied and the task sends nothing."""
    delivery = EmailDelivery.objects.create(recipients="x@exemple.fr", subject="Bloqué", payload=seal({"body": "x"}))
    EmailDelivery.objects.filter(pk=delivery.pk).update(
        created_at=timezone.now() - timedelta(days=settings.EMAIL_BODY_RETENTION_DAYS + 1)
    )
    assert email_delivery_purge_bodies() == 1
    assert deliver_email.apply(args=[delivery.pk]).get() is False
    assert outbox == []

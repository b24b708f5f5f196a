import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives, send_mail

from accounts.models import EmailDelivery
from accounts.tasks import deliver_email

pytestmark = pytest.mark.django_db


def test_tasks_send_mail_goes_through_the_delivery_task(outbox):
    """Django's send_mail stores the message, queues the task, and the task delivers it."""
    send_mail("Bienvenue", "Bonjour et bienvenue.", None, ["elue@exemple.fr"])
    delivery = EmailDelivery.objects.get()
    assert delivery.sent_at is not None
    assert delivery.recipients == "elue@exemple.fr"
    assert [(message.subject, message.to) for message in outbox] == [("Bienvenue", ["elue@exemple.fr"])]


def test_tasks_deliver_email_twice_sends_once(outbox):
    """A redelivered task (worker died after sending) does not send the e-mail a second time."""
    send_mail("Rappel", "Votre webinaire commence demain.", None, ["elu@exemple.fr"])
    delivery = EmailDelivery.objects.get()
    assert deliver_email.apply(args=[delivery.pk]).get() is False
    assert len(outbox) == 1


def test_tasks_html_alternative_and_attachment_survive_the_queue(outbox):
    """HTML parts and attachments are kept when the message is serialised for the worker."""
    message = EmailMultiAlternatives("Attestation", "Texte", None, ["elu@exemple.fr"])
    message.attach_alternative("<p>Texte</p>", "text/html")
    message.attach("attestation.pdf", b"%PDF-1.7 binary \x00\xff", "application/pdf")
    message.send()
    delivered = mail.outbox[0]
    assert delivered.alternatives[0][0] == "<p>Texte</p>"
    assert delivered.attachments[0][1] == b"%PDF-1.7 binary \x00\xff"


def test_tasks_smtp_failure_is_retried_and_nothing_is_marked_sent(monkeypatch, outbox):
    """When SMTP is down the task asks for a retry, the row stays unsent, and the retry sends it once."""
    import smtplib

    from celery.exceptions import Retry

    from accounts import tasks

    working_connection = tasks.delivery_connection

    def broken_connection():
        raise smtplib.SMTPServerDisconnected("SMTP indisponible")

    monkeypatch.setattr(tasks, "delivery_connection", broken_connection)
    with pytest.raises(Retry):
        send_mail("Test", "Corps", None, ["elu@exemple.fr"])
    delivery = EmailDelivery.objects.get()
    assert delivery.sent_at is None
    assert outbox == []

    monkeypatch.setattr(tasks, "delivery_connection", working_connection)
    assert deliver_email.apply(args=[delivery.pk]).get() is True
    assert deliver_email.apply(args=[delivery.pk]).get() is False
    assert len(outbox) == 1

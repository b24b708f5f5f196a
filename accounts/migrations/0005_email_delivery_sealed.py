"""E-mails stored before sealing held sign-in codes and reset links in clear: seal the unsent ones,
keep only a redacted copy of the sent ones (accounts/mail.py)."""

from django.db import migrations


def seal_existing(apps, schema_editor):
    from accounts.sealing import redacted, seal

    EmailDelivery = apps.get_model("accounts", "EmailDelivery")
    for delivery in EmailDelivery.objects.all().iterator():
        payload = delivery.payload or {}
        if "sealed" in payload or payload.get("redacted") or payload.get("purged"):
            continue
        delivery.payload = redacted(payload) if delivery.sent_at else seal(payload)
        delivery.save(update_fields=["payload"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_user_departement")]

    operations = [migrations.RunPython(seal_existing, migrations.RunPython.noop)]

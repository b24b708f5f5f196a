"""Replay the learning history into the LRS (a new one, or after an outage). Idempotent: each event
keeps its statement id, the outbox holds it once and the LRS stores it once."""

from django.core.management.base import BaseCommand, CommandError

from interop import statements
from interop.models import XapiStatement
from interop.xapi import enabled, record, send_pending


class Command(BaseCommand):
    help = (
        "Envoie tout l'historique d'apprentissage au LRS (XAPI_LRS_URL) en déclarations xAPI ; peut être relancée sans doublon."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--resend", action="store_true", help="Renvoyer aussi les déclarations déjà envoyées (nouveau LRS vide)."
        )

    def handle(self, *args, resend=False, **options):
        if not enabled():
            raise CommandError("xAPI est désactivé : renseignez XAPI_LRS_URL (et ses identifiants) puis relancez.")
        recorded = 0
        for user, statement in statements.history():
            if record(statement=statement, user=user, verb=statement["verb"]["id"].rsplit("/", 1)[-1]) is not None:
                recorded += 1
        if resend:
            XapiStatement.objects.filter(user__erased_at__isnull=True).update(sent_at=None, last_error="")
        sent = 0
        while True:
            batch = send_pending(limit=500)
            sent += batch
            if batch == 0:
                break
        self.stdout.write(f"{recorded} déclarations dans l'historique, {sent} envoyées au LRS.")

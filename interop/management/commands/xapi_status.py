"""Where the xAPI outbox stands: sent, waiting, refused by the LRS (with the first refusals' reasons)."""

from django.core.management.base import BaseCommand

from interop.models import XapiStatement
from interop.xapi import enabled


class Command(BaseCommand):
    help = "État de la file des déclarations xAPI : envoyées, en attente, refusées par le LRS."

    def handle(self, *args, **options):
        refused = XapiStatement.objects.filter(sent_at__isnull=True, last_error__startswith="refused:")
        waiting = XapiStatement.objects.filter(sent_at__isnull=True).exclude(last_error__startswith="refused:")
        self.stdout.write(f"xAPI {'activé' if enabled() else 'désactivé (XAPI_LRS_URL vide)'}")
        self.stdout.write(f"Envoyées : {XapiStatement.objects.filter(sent_at__isnull=False).count()}")
        self.stdout.write(f"En attente : {waiting.count()}")
        self.stdout.write(f"Refusées par le LRS : {refused.count()}")
        for row in refused.order_by("created_at")[:10]:
            self.stdout.write(f"  {row.statement_id} ({row.verb}) : {row.last_error[len('refused: ') :][:300]}")

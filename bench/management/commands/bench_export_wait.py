"""`manage.py bench_export_wait` (bench settings only): wait for the latest report export, print its timing.

The CSV export of a large report is a Celery task: the bench requests it over HTTP, then this command
polls the ReportExport row until the task has written the file (or failed) and prints, as JSON, the
time from the request to the file being ready."""

import json
import time

from django.core.management.base import BaseCommand, CommandError

from reports.models import ReportExport


class Command(BaseCommand):
    help = "Attend la fin du dernier export de rapport et affiche sa durée (JSON)."

    def add_arguments(self, parser):
        parser.add_argument("--timeout", type=float, default=300)

    def handle(self, *args, **options):
        deadline = time.monotonic() + options["timeout"]
        while time.monotonic() < deadline:
            export = ReportExport.objects.order_by("-requested_at").first()
            if export is None:
                raise CommandError("Aucun export de rapport demandé.")
            if export.status in (ReportExport.Status.READY, ReportExport.Status.FAILED):
                seconds = (export.ready_at - export.requested_at).total_seconds() if export.ready_at else None
                self.stdout.write(json.dumps({"status": export.status, "rows": export.rows, "seconds": seconds}))
                return
            time.sleep(0.5)
        raise CommandError(f"L'export n'est pas prêt après {options['timeout']} s (un worker Celery tourne-t-il ?).")

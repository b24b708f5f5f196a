"""Report exports too large for a request: queued, written by a Celery task, e-mailed, kept a week.

The task rebuilds the report's table (reports.tables) with the requester's rights and the filters they
had, so the file holds exactly the rows the synchronous download would (and nothing the requester may
no longer see).
"""

from __future__ import annotations

import logging
import os
import tempfile
from datetime import timedelta

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone

from core.expiry import delete_with_files
from core.mail import send_templated_mail
from core.spreadsheets import write_csv, write_xlsx
from core.storage import save_whole
from core.urls import absolute_url

from .models import ReportExport
from .tables import ReportUnavailable, Table, build_table, query_dict

logger = logging.getLogger(__name__)

DEFAULT_SYNC_MAX_ROWS = 5000
# Two clicks (or a retried request) on the same export within this window return the first one.
DEDUP_MINUTES = 10


class ReportExportError(Exception):
    pass


def sync_export_max_rows() -> int:
    return int(getattr(settings, "REPORT_SYNC_EXPORT_MAX_ROWS", DEFAULT_SYNC_MAX_ROWS))


def report_export_request(*, requester, report: str, title: str, filters: dict, format: str, now=None) -> ReportExport:
    """Queue an export; the same request again while it is pending or recent returns the same row."""
    from django.contrib.auth import get_user_model

    from .tasks import build_report_export

    if format not in ReportExport.Format.values:
        raise ReportExportError("Format d'export inconnu : choisissez CSV ou XLSX.")
    now = now or timezone.now()
    with transaction.atomic():
        # Locking the requester's row serialises two simultaneous clicks.
        get_user_model().objects.select_for_update().filter(pk=requester.pk).first()
        existing = (
            ReportExport.objects.filter(
                requester=requester,
                report=report,
                format=format,
                filters=filters,
                requested_at__gte=now - timedelta(minutes=DEDUP_MINUTES),
            )
            .exclude(status=ReportExport.Status.FAILED)
            .first()
        )
        if existing is not None:
            return existing
        export = ReportExport.objects.create(
            requester=requester, report=report, title=title[:255], filters=filters, format=format, requested_at=now
        )
        transaction.on_commit(lambda: build_report_export.delay(export.pk))
    return export


def write_table(table: Table, export_format: str, handle) -> None:
    if export_format == ReportExport.Format.XLSX:
        write_xlsx(handle, table.headings, table.rows, title=table.title)
    else:
        write_csv(handle, table.headings, table.rows)


def table_response(table: Table, export_format: str) -> HttpResponse:
    """The download of a table small enough to be written during the request."""
    if export_format == ReportExport.Format.XLSX:
        response = HttpResponse(content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    else:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
    write_table(table, export_format, response)
    response["Content-Disposition"] = f'attachment; filename="{table.filename}.{export_format}"'
    return response


def report_export_build(*, export_id: int, now=None) -> bool:
    """Write the file of an export and e-mail its link once. False when it was already built (or gone)."""
    with transaction.atomic():
        export = ReportExport.objects.select_for_update().select_related("requester").filter(pk=export_id).first()
        if export is None or export.status in (ReportExport.Status.READY, ReportExport.Status.FAILED):
            return False
        export.status = ReportExport.Status.RUNNING
        export.save(update_fields=["status"])
        try:
            table = build_table(
                report=export.report,
                user=export.requester,
                query=query_dict(export.filters.get("query") or {}),
                scope=export.filters.get("kwargs") or {},
            )
        except ReportUnavailable:
            # The requester lost access to this report since asking: nothing is written.
            export.status = ReportExport.Status.FAILED
            export.save(update_fields=["status"])
            return False
        rows = table.row_count
        fd, path = tempfile.mkstemp(suffix=f".{export.format}")
        try:
            with os.fdopen(fd, "wb") as handle:
                write_table(table, export.format, handle)
            with open(path, "rb") as handle:
                save_whole(export.file, f"{table.filename}.{export.format}", File(handle))
        except OSError:
            # Disk full on the media volume (or the temporary folder): no half file is kept, and the
            # export list says « Échec : relancez l'export depuis le rapport. » (templates/reports/exports.html).
            logger.exception("Export %s impossible : écriture du fichier interrompue", export.pk)
            export.file = None
            export.status = ReportExport.Status.FAILED
            export.save(update_fields=["file", "status"])
            return False
        finally:
            os.unlink(path)
        export.rows = rows
        export.status = ReportExport.Status.READY
        export.ready_at = now or timezone.now()
        export.expires_at = export.ready_at + timedelta(days=ReportExport.VALIDITY_DAYS)
        export.save(update_fields=["file", "rows", "status", "ready_at", "expires_at"])
        if export.emailed_at is None:
            _send_ready_email(export=export)
            export.emailed_at = timezone.now()
            export.save(update_fields=["emailed_at"])
    return True


def _send_ready_email(*, export: ReportExport) -> None:
    send_templated_mail(
        to=export.requester.email,
        subject="Votre export de rapport est prêt",
        template="reports/report_export_ready.txt",
        context={
            "export": export,
            "user": export.requester,
            "url": absolute_url(reverse("progress_report_export_download", args=[export.public_id])),
            "list_url": absolute_url(reverse("progress_report_exports")),
        },
    )


def report_export_purge_expired(*, now=None) -> int:
    """Delete export files and rows past their expiry. Returns how many went."""
    return delete_with_files(ReportExport.objects.filter(expires_at__lte=now or timezone.now()))

"""SCORM exports of a module: queued, built by a Celery task, downloaded by their requester, kept a week."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from accounts import roles
from core.expiry import delete_with_files
from courses.models import ModulePage

from .models import ScormExport
from .scorm import ScormBuildError, build_package, package_filename

# Two clicks (or a retried request) on the same module within this window return the first export.
DEDUP_MINUTES = 10


class ScormExportError(Exception):
    pass


def scorm_export_request(*, requester, module: ModulePage, now=None) -> ScormExport:
    """Queue the export of `module`; the same request again while it is pending or recent returns it."""
    from .tasks import build_scorm_export

    if not roles.can_export_module(requester, module):
        raise ScormExportError("Vous ne pouvez pas exporter ce module.")
    now = now or timezone.now()
    with transaction.atomic():
        # Locking the requester's row serialises two simultaneous clicks.
        get_user_model().objects.select_for_update().filter(pk=requester.pk).first()
        existing = (
            ScormExport.objects.filter(
                requester=requester, module=module, requested_at__gte=now - timedelta(minutes=DEDUP_MINUTES)
            )
            .exclude(status=ScormExport.Status.FAILED)
            .first()
        )
        if existing is not None:
            return existing
        export = ScormExport.objects.create(requester=requester, module=module, title=module.title[:255], requested_at=now)
        transaction.on_commit(lambda: build_scorm_export.delay(export.pk))
    return export


def scorm_export_build(*, export_id: int, now=None) -> bool:
    """Write the package of an export. False when it was already built, failed or is gone."""
    with transaction.atomic():
        export = ScormExport.objects.select_for_update().select_related("requester").filter(pk=export_id).first()
        if export is None or export.status in (ScormExport.Status.READY, ScormExport.Status.FAILED):
            return False
        module = ModulePage.objects.filter(pk=export.module_id).first() if export.module_id else None
        if module is None or not roles.can_export_module(export.requester, module):
            # The module went, or the requester lost the right to it, since asking: nothing is written.
            export.status = ScormExport.Status.FAILED
            export.error = "Le module n'existe plus ou vous n'y avez plus accès."
            export.save(update_fields=["status", "error"])
            return False
        try:
            content = build_package(module=module)
        except ScormBuildError as error:
            export.status = ScormExport.Status.FAILED
            export.error = str(error)
            export.save(update_fields=["status", "error"])
            return False
        export.file.save(package_filename(module=module), ContentFile(content), save=False)
        export.size = len(content)
        export.status = ScormExport.Status.READY
        export.ready_at = now or timezone.now()
        export.expires_at = export.ready_at + timedelta(days=ScormExport.VALIDITY_DAYS)
        export.save(update_fields=["file", "size", "status", "ready_at", "expires_at"])
    return True


def scorm_export_purge_expired(*, now=None) -> int:
    """Delete package files and rows past their expiry. Returns how many went."""
    return delete_with_files(ScormExport.objects.filter(expires_at__lte=now or timezone.now()))

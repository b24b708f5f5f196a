"""Report exports too large for a request: written by a Celery task, kept a few days, then purged."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def report_export_path(instance, filename):
    # Unguessable folder per export; the file is only served by the requester/administrator-only view.
    return f"rapports/{instance.public_id.hex}/{filename}"


class ReportExport(models.Model):
    """A report export too large for the request: written by a Celery task, kept a few days, then purged."""

    VALIDITY_DAYS = 7

    class Status(models.TextChoices):
        PENDING = "pending", _("En attente")
        RUNNING = "running", _("En cours")
        READY = "ready", _("Prêt")
        FAILED = "failed", _("Échec")

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "XLSX"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("demandé par"), related_name="report_exports", on_delete=models.CASCADE
    )
    report = models.CharField(_("rapport"), max_length=64)
    title = models.CharField(_("intitulé"), max_length=255)
    # The query string of the report page (filters and scope such as the course), replayed by the task.
    filters = models.JSONField(_("filtres"), default=dict, blank=True)
    format = models.CharField(_("format"), max_length=4, choices=Format.choices)
    status = models.CharField(_("statut"), max_length=8, choices=Status.choices, default=Status.PENDING)
    rows = models.PositiveIntegerField(_("lignes"), null=True, blank=True)
    file = models.FileField(_("fichier"), upload_to=report_export_path, blank=True)
    requested_at = models.DateTimeField(_("demandé le"))
    ready_at = models.DateTimeField(_("prêt le"), null=True, blank=True)
    expires_at = models.DateTimeField(_("disponible jusqu'au"), null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("export de rapport")
        verbose_name_plural = _("exports de rapports")
        ordering = ["-requested_at"]
        db_table = "progress_reportexport"  # moved from progress; the table kept its name
        indexes = [models.Index(fields=["requester", "report", "status"], name="progress_re_request_f8e1ed_idx")]

    @property
    def is_downloadable(self) -> bool:
        """Ready, with its file, and not expired: the one rule of the download view and of « Mes exports »."""
        return (
            self.status == self.Status.READY and bool(self.file) and not (self.expires_at and self.expires_at <= timezone.now())
        )

    def __str__(self):
        return f"{self.title} ({self.get_format_display()}) — {self.requested_at:%d/%m/%Y %H:%M}"

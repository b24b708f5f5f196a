"""Interoperability records: SCORM packages built for a requester, and the xAPI statements outbox."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def scorm_export_path(instance, filename):
    # Unguessable folder per export; the file is only served to its requester by the download view.
    return f"scorm/{instance.public_id.hex}/{filename}"


class ScormExport(models.Model):
    """A module exported as a SCORM 1.2 package: built by a Celery task, kept a few days, then purged."""

    VALIDITY_DAYS = 7

    class Status(models.TextChoices):
        PENDING = "pending", _("En attente")
        RUNNING = "running", _("En cours")
        READY = "ready", _("Prêt")
        FAILED = "failed", _("Échec")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("demandé par"), related_name="scorm_exports", on_delete=models.CASCADE
    )
    # The module may be deleted while its package waits for download: the package keeps its title.
    module = models.ForeignKey(
        "courses.ModulePage", verbose_name=_("module"), related_name="+", null=True, on_delete=models.SET_NULL
    )
    title = models.CharField(_("intitulé"), max_length=255)
    status = models.CharField(_("statut"), max_length=8, choices=Status.choices, default=Status.PENDING)
    file = models.FileField(_("fichier"), upload_to=scorm_export_path, blank=True)
    size = models.PositiveBigIntegerField(_("taille"), null=True, blank=True)
    error = models.TextField(_("erreur"), blank=True)
    requested_at = models.DateTimeField(_("demandé le"))
    ready_at = models.DateTimeField(_("prêt le"), null=True, blank=True)
    expires_at = models.DateTimeField(_("disponible jusqu'au"), null=True, blank=True)

    class Meta:
        verbose_name = _("export SCORM")
        verbose_name_plural = _("exports SCORM")
        ordering = ["-requested_at"]
        indexes = [models.Index(fields=["requester", "status"])]

    @property
    def is_downloadable(self) -> bool:
        """Ready, with its file, and not expired: the one rule of the download view and of the list."""
        return (
            self.status == self.Status.READY and bool(self.file) and not (self.expires_at and self.expires_at <= timezone.now())
        )

    def __str__(self):
        return f"{self.title} (SCORM 1.2) — {self.requested_at:%d/%m/%Y %H:%M}"


class XapiStatement(models.Model):
    """One xAPI statement waiting for (or already delivered to) the LRS.

    The id is derived from the event (uuid5), so recording the same event twice, or replaying history,
    gives the same row; the LRS receives it under that id and ignores a second PUT of the same statement.
    """

    statement_id = models.UUIDField(primary_key=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="+", null=True, on_delete=models.SET_NULL)
    verb = models.CharField(max_length=32)
    payload = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("déclaration xAPI")
        verbose_name_plural = _("déclarations xAPI")
        ordering = ["created_at"]
        indexes = [models.Index(fields=["sent_at", "created_at"])]

    def __str__(self):
        return f"{self.verb} {self.statement_id}"

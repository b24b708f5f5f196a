"""What a trainer has seen of the module their copy was adapted from.

Kept out of ModulePage on purpose: a field on the page would be copied into its revisions, and
publishing an older draft would bring back an old marker.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Adaptation(models.Model):
    """An adapted module (`copy`) and the revision of its source that its trainer last saw."""

    copy = models.OneToOneField(
        "courses.ModulePage", verbose_name=_("module adapté"), on_delete=models.CASCADE, related_name="adaptation"
    )
    copied_revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name=_("version source copiée"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source_revision_seen = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name=_("dernière version source vue"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    seen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    seen_at = models.DateTimeField(_("vue le"), auto_now=True)

    class Meta:
        verbose_name = _("adaptation de module")
        verbose_name_plural = _("adaptations de modules")

    def __str__(self):
        return str(self.copy)

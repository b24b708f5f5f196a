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


class CourseAssignment(models.Model):
    """A trainer follows the learners of a course: set by an administrator, it bounds what reports show."""

    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("formateur·rice"),
        on_delete=models.CASCADE,
        related_name="course_assignments",
    )
    course = models.ForeignKey(
        "courses.CoursePage", verbose_name=_("parcours"), on_delete=models.CASCADE, related_name="trainer_assignments"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("affecté·e par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    assigned_at = models.DateTimeField(_("affecté·e le"), auto_now_add=True)

    class Meta:
        verbose_name = _("affectation à un parcours")
        verbose_name_plural = _("affectations aux parcours")
        ordering = ["course__title", "trainer__last_name", "trainer__first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["trainer", "course"],
                name="trainers_assignment_once",
                violation_error_message=_("Ce·tte formateur·rice est déjà affecté·e à ce parcours."),
            )
        ]

    def __str__(self):
        return f"{self.trainer} — {self.course}"

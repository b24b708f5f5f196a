"""Learner progress: enrolments, lesson visits and completions, module and course completions, attestations.

Plain models written by progress.services and read by progress.selectors. Completion rows are records of
what happened: changing a course later (adding or removing a module) never deletes them; what the pages
show is computed against the course as it is now.
"""

import base64
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Enrolment(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="enrolments", on_delete=models.CASCADE)
    course = models.ForeignKey("courses.CoursePage", related_name="enrolments", on_delete=models.CASCADE)
    enrolled_at = models.DateTimeField(_("inscrit·e le"))
    # Last lesson visit, lesson completion or graded quiz in this course: the reminder clock.
    last_activity_at = models.DateTimeField(_("dernière activité"))
    welcome_sent_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("rappel envoyé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("inscription")
        verbose_name_plural = _("inscriptions")
        ordering = ["-last_activity_at"]
        constraints = [models.UniqueConstraint(fields=["user", "course"], name="progress_enrolment_once")]
        indexes = [models.Index(fields=["reminder_sent_at", "last_activity_at"])]

    def __str__(self):
        return f"{self.user} — {self.course}"


class LessonProgress(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="lesson_progress", on_delete=models.CASCADE)
    lesson = models.ForeignKey("courses.LessonPage", related_name="progress_records", on_delete=models.CASCADE)
    first_visit_at = models.DateTimeField(_("première visite"))
    last_visit_at = models.DateTimeField(_("dernière visite"))
    completed_at = models.DateTimeField(_("terminée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("progression dans une leçon")
        verbose_name_plural = _("progressions dans les leçons")
        constraints = [models.UniqueConstraint(fields=["user", "lesson"], name="progress_lesson_once")]

    def __str__(self):
        return f"{self.user} — {self.lesson}"


class ModuleCompletion(models.Model):
    """A module of the library completed once counts in every course that contains it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="module_completions", on_delete=models.CASCADE)
    module = models.ForeignKey("courses.ModulePage", related_name="completions", on_delete=models.CASCADE)
    completed_at = models.DateTimeField(_("terminé le"))

    class Meta:
        verbose_name = _("module terminé")
        verbose_name_plural = _("modules terminés")
        constraints = [models.UniqueConstraint(fields=["user", "module"], name="progress_module_completion_once")]

    def __str__(self):
        return f"{self.user} — {self.module}"


class CourseCompletion(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="course_completions", on_delete=models.CASCADE)
    course = models.ForeignKey("courses.CoursePage", related_name="completions", on_delete=models.CASCADE)
    completed_at = models.DateTimeField(_("terminé le"))
    # The course as it was when it was completed (content changes over time).
    course_revision_id = models.PositiveBigIntegerField(null=True, blank=True)
    course_version = models.CharField(_("version du parcours"), max_length=40, blank=True)
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("parcours terminé")
        verbose_name_plural = _("parcours terminés")
        constraints = [models.UniqueConstraint(fields=["user", "course"], name="progress_course_completion_once")]

    def __str__(self):
        return f"{self.user} — {self.course}"


def new_identifier() -> str:
    """16 characters of base32 (80 random bits): unguessable, easy to read aloud or type."""
    return base64.b32encode(secrets.token_bytes(10)).decode("ascii")


class Attestation(models.Model):
    """« Attestation de suivi et de réussite » of one course completion; its data are frozen at issue."""

    completion = models.OneToOneField(CourseCompletion, related_name="attestation", on_delete=models.PROTECT)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="attestations", on_delete=models.CASCADE)
    identifier = models.CharField(_("identifiant"), max_length=32, unique=True, default=new_identifier, editable=False)
    issued_at = models.DateTimeField(_("délivrée le"))
    data = models.JSONField(_("données attestées"), default=dict)
    pdf = models.FileField(_("PDF"), upload_to="attestations/%Y/", blank=True)
    revoked_at = models.DateTimeField(_("révoquée le"), null=True, blank=True)
    revocation_reason = models.TextField(_("motif de la révocation"), blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.SET_NULL)

    class Meta:
        verbose_name = _("attestation")
        verbose_name_plural = _("attestations")
        ordering = ["-issued_at"]

    def __str__(self):
        return f"{self.identifier} — {self.data.get('learner_name', '')} — {self.data.get('course_title', '')}"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

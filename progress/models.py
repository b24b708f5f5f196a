"""Learner progress: enrolments, lesson visits and completions, module and course completions, attestations.

Plain models written by progress.services and read by progress.selectors. Completion rows are records of
what happened: changing a course later (adding or removing a module) never deletes them; what the pages
show is computed against the course as it is now.
"""

import base64
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
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


# --- Proof of completion (time on task, accompaniment, « certificat de réalisation », proof files) ------


class ActivitySession(models.Model):
    """A stretch of time a learner spent on one lesson: from the first page view or beat to the last,
    with the active seconds the lesson page's heartbeat measured (page visible, input within the idle
    cut-off). A visit with JavaScript off is a session from page views alone, with no active time."""

    class Source(models.TextChoices):
        PAGE_VIEW = "page_view", _("consultation (sans mesure)")
        HEARTBEAT = "heartbeat", _("mesure du temps actif")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="activity_sessions", on_delete=models.CASCADE)
    lesson = models.ForeignKey("courses.LessonPage", related_name="activity_sessions", on_delete=models.CASCADE)
    started_at = models.DateTimeField(_("début"))
    ended_at = models.DateTimeField(_("fin"))
    active_seconds = models.FloatField(_("temps actif (secondes)"), default=0)
    source = models.CharField(_("origine"), max_length=10, choices=Source.choices, default=Source.PAGE_VIEW)

    class Meta:
        verbose_name = _("séance d'activité")
        verbose_name_plural = _("séances d'activité")
        ordering = ["started_at"]
        indexes = [models.Index(fields=["user", "lesson", "-ended_at"]), models.Index(fields=["ended_at"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(active_seconds__gte=0), name="progress_session_active_positive"),
            models.CheckConstraint(condition=models.Q(ended_at__gte=models.F("started_at")), name="progress_session_ends_after"),
        ]

    def __str__(self):
        return f"{self.user} — {self.lesson} — {self.started_at:%d/%m/%Y %H:%M}"


class AccompanimentEntry(models.Model):
    """One interaction of the training team with a learner (« journal d'accompagnement »): the proof of
    individual follow-up that connection logs alone do not give. Webinar attendance is read from
    webinars.Attendance itself (progress.selectors.accompaniment_log), not copied here."""

    class Kind(models.TextChoices):
        ANSWER_REVIEWED = "review", _("réponse libre corrigée et commentée")
        REMINDER_AUTO = "auto", _("relance automatique")
        REMINDER_TRAINER = "reminder", _("relance par un·e formateur·rice")
        MESSAGE = "message", _("message")

    learner = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="accompaniment_entries", on_delete=models.CASCADE)
    course = models.ForeignKey(
        "courses.CoursePage", null=True, blank=True, related_name="accompaniment_entries", on_delete=models.SET_NULL
    )
    kind = models.CharField(_("nature"), max_length=8, choices=Kind.choices)
    occurred_at = models.DateTimeField(_("date"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
        verbose_name=_("auteur·rice"),
    )
    summary = models.CharField(_("objet"), max_length=255)
    detail = models.TextField(_("contenu"), blank=True)
    # What the entry records (e.g. "answer:12"), so that a retried service writes it once.
    source_key = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("entrée du journal d'accompagnement")
        verbose_name_plural = _("journal d'accompagnement")
        ordering = ["occurred_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "course", "kind", "source_key"],
                condition=~models.Q(source_key=""),
                name="progress_accompaniment_once",
            )
        ]

    def __str__(self):
        return f"{self.learner} — {self.get_kind_display()} — {self.occurred_at:%d/%m/%Y}"


class Certificate(models.Model):
    """« Certificat de réalisation » of one learner and course, issued by the training team (also for a
    partial completion, with its reason); its figures are frozen at issue."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="certificates", on_delete=models.CASCADE)
    course = models.ForeignKey("courses.CoursePage", related_name="certificates", on_delete=models.PROTECT)
    identifier = models.CharField(_("identifiant"), max_length=32, unique=True, default=new_identifier, editable=False)
    issued_at = models.DateTimeField(_("délivré le"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
        verbose_name=_("délivré par"),
    )
    partial = models.BooleanField(_("réalisation partielle"), default=False)
    partial_reason = models.TextField(_("motif de la réalisation partielle"), blank=True)
    data = models.JSONField(_("données certifiées"), default=dict)
    pdf = models.FileField(_("PDF"), upload_to="certificats/%Y/", blank=True)

    class Meta:
        verbose_name = _("certificat de réalisation")
        verbose_name_plural = _("certificats de réalisation")
        ordering = ["-issued_at"]

    def __str__(self):
        return f"{self.identifier} — {self.data.get('learner_name', '')} — {self.data.get('course_title', '')}"


def proof_file_path(instance, filename):
    # Unguessable folder; the file is only served by the requester/administrator-only view.
    return f"preuves/{instance.public_id.hex}/{filename}"


class ProofFile(models.Model):
    """« Dossier de preuve »: a zip for one learner and course, or for a course's whole cohort, written by
    a Celery task, e-mailed, downloadable for a week, then purged."""

    VALIDITY_DAYS = 7

    class Status(models.TextChoices):
        PENDING = "pending", _("En attente")
        READY = "ready", _("Prêt")
        FAILED = "failed", _("Échec")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    requester = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="proof_files", on_delete=models.CASCADE)
    course = models.ForeignKey("courses.CoursePage", related_name="proof_files", on_delete=models.CASCADE)
    # Empty: the whole cohort of the course.
    learner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.CASCADE)
    status = models.CharField(_("statut"), max_length=8, choices=Status.choices, default=Status.PENDING)
    file = models.FileField(_("fichier"), upload_to=proof_file_path, blank=True)
    requested_at = models.DateTimeField(_("demandé le"))
    ready_at = models.DateTimeField(_("prêt le"), null=True, blank=True)
    expires_at = models.DateTimeField(_("disponible jusqu'au"), null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("dossier de preuve")
        verbose_name_plural = _("dossiers de preuve")
        ordering = ["-requested_at"]

    @property
    def is_downloadable(self) -> bool:
        return (
            self.status == self.Status.READY and bool(self.file) and not (self.expires_at and self.expires_at <= timezone.now())
        )

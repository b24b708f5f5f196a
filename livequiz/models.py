"""« Quiz en salle »: a trainer projects a module quiz, participants answer from their phones.

Kept apart from quizzes.Attempt/Answer on purpose: live answers are anonymous (a random token per
phone and session, no account, no IP) and must never count in a learner's progress or in the
quiz statistics.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class QuestionState(models.TextChoices):
    OPEN = "open", _("Question ouverte")
    REVEALED = "revealed", _("Réponses révélées")


class LiveSession(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    quiz = models.ForeignKey("quizzes.Quiz", verbose_name=_("quiz"), related_name="live_sessions", on_delete=models.PROTECT)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("lancée par"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    code = models.CharField(_("code"), max_length=6)
    # Frozen at launch (same shape as quizzes.Attempt.snapshot, free-text questions left out), so
    # editing the quiz during the session changes nothing on the screen or in the counts.
    questions = models.JSONField()
    position = models.PositiveSmallIntegerField(_("question en cours"), default=1)
    state = models.CharField(_("état"), max_length=8, choices=QuestionState.choices, default=QuestionState.OPEN)
    # Bumped on every change the phones must follow; they poll it and refresh when it moves.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(_("lancée le"), auto_now_add=True)
    # Moved by every action of the trainer and every phone that joins or answers: a session left open
    # with no activity for IDLE_HOURS is closed by livequiz.tasks.close_idle_sessions.
    last_activity_at = models.DateTimeField(_("dernière activité"), default=timezone.now, db_index=True)
    closed_at = models.DateTimeField(_("terminée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("session de quiz en salle")
        verbose_name_plural = _("sessions de quiz en salle")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["code"], condition=Q(closed_at__isnull=True), name="livequiz_open_code_unique"),
        ]

    def __str__(self):
        return f"{self.quiz} — {self.code}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    @property
    def total(self) -> int:
        return len(self.questions)

    @property
    def current_question(self) -> dict | None:
        if 1 <= self.position <= len(self.questions):
            return self.questions[self.position - 1]
        return None

    @property
    def is_last_question(self) -> bool:
        return self.position >= len(self.questions)


class LiveParticipant(models.Model):
    """One phone in one session: a random token kept in that phone's session cookie, nothing else."""

    session = models.ForeignKey(LiveSession, related_name="participants", on_delete=models.CASCADE)
    token = models.UUIDField(default=uuid.uuid4, editable=False)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "token"], name="livequiz_participant_once")]


class LiveAnswer(models.Model):
    session = models.ForeignKey(LiveSession, related_name="answers", on_delete=models.CASCADE)
    participant = models.ForeignKey(LiveParticipant, related_name="answers", on_delete=models.CASCADE)
    position = models.PositiveSmallIntegerField()
    choice_ids = models.JSONField(default=list)
    answered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            # The first answer stands: a second one (double tap, retry) is refused, never counted twice.
            models.UniqueConstraint(fields=["session", "position", "participant"], name="livequiz_answer_once"),
        ]
        indexes = [models.Index(fields=["session", "position"])]

"""Everything that writes live-quiz state. Keyword-only, safe to call twice and under concurrency.

Trainer actions carry the position they were shown (`from_position`): a double click on
« Question suivante » moves one question, not two."""

import random
import re
import secrets
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from quizzes.models import QuestionKind, Quiz
from quizzes.services import build_snapshot, quiz_unverified_questions

from .models import LiveAnswer, LiveParticipant, LiveSession, QuestionState

# No 0/O, 1/I/L: read aloud or copied from a projector, these are the ones people confuse.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6


class LiveQuizError(Exception):
    """A refusal with a French message meant for the person who asked."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def normalize_code(raw: str) -> str:
    """What people type: lower case, spaces, dashes or dots between groups."""
    return re.sub(r"[\s\-.]", "", raw or "").upper()


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def live_questions(*, quiz: Quiz) -> list[dict]:
    """The quiz's questions as an attempt would freeze them, without free-text ones, renumbered.

    Free-text answers need a trainer to read them: they have no distribution to project, so live
    mode leaves them out (documented in docs/trainers.md)."""
    snapshot = build_snapshot(quiz=quiz, rng=random.Random())
    kept = [question for question in snapshot if question["kind"] != QuestionKind.FREE_TEXT]
    return [dict(question, position=position) for position, question in enumerate(kept, start=1)]


def live_session_start(*, quiz: Quiz, user) -> LiveSession:
    """Open a session on `quiz`, or return this trainer's session already open on it (double click)."""
    if quiz_unverified_questions(quiz=quiz):
        raise LiveQuizError("Ce quiz contient des questions « à vérifier » : vérifiez-les avant de le lancer en salle.")
    with transaction.atomic():
        # Serialise two simultaneous launches by the same trainer: the second waits for the first
        # to commit its session (created under the same lock), then finds it.
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        existing = LiveSession.objects.filter(quiz=quiz, started_by=user, closed_at__isnull=True).first()
        if existing:
            return existing
        questions = live_questions(quiz=quiz)
        if not questions:
            raise LiveQuizError("Ce quiz n'a aucune question à choix : il ne peut pas être lancé en salle.")
        for _ in range(20):
            try:
                with transaction.atomic():  # a savepoint: a taken code rolls back only this insert
                    return LiveSession.objects.create(quiz=quiz, started_by=user, code=_new_code(), questions=questions)
            except IntegrityError:
                continue  # the code is taken by another open session: draw again
    raise LiveQuizError("Impossible d'attribuer un code de session pour le moment : réessayez.")


def live_session_join(*, code: str, known_participants: dict[str, int]) -> tuple[LiveSession, LiveParticipant]:
    """The open session with this code and this phone's participant (created once per phone).

    `known_participants` maps the sessions this phone already joined to its participant there."""
    normalized = normalize_code(code)
    if not normalized:
        raise LiveQuizError("Saisissez le code affiché à l'écran.")
    if len(normalized) != CODE_LENGTH:
        raise LiveQuizError("Le code de session compte 6 caractères : vérifiez le code affiché à l'écran.")
    session = LiveSession.objects.filter(code=normalized, closed_at__isnull=True).first()
    if session is None:
        raise LiveQuizError("Aucune session en cours n'a ce code : vérifiez le code affiché à l'écran.")
    participant_id = known_participants.get(str(session.public_id))
    return session, participant_get_or_create(session=session, participant_id=participant_id)


def participant_get_or_create(*, session: LiveSession, participant_id: int | None = None) -> LiveParticipant:
    """The phone's participant in this session; a phone that joins twice stays one participant."""
    if participant_id is not None:
        participant = LiveParticipant.objects.filter(session=session, pk=participant_id).first()
        if participant:
            return participant
    participant = LiveParticipant.objects.create(session=session)
    LiveSession.objects.filter(pk=session.pk).update(last_activity_at=timezone.now())
    return participant


def _valid_choices(question: dict, choice_ids: list) -> list[int]:
    allowed = {choice["id"] for choice in question["choices"]}
    try:
        chosen = sorted({int(choice_id) for choice_id in choice_ids})
    except (TypeError, ValueError):
        raise LiveQuizError("Cette réponse n'est pas valide : choisissez parmi les propositions.") from None
    if not chosen:
        raise LiveQuizError("Choisissez une réponse avant d'envoyer.")
    if not set(chosen) <= allowed:
        raise LiveQuizError("Cette réponse n'est pas valide : choisissez parmi les propositions.")
    if question["kind"] != QuestionKind.MULTIPLE and len(chosen) != 1:
        raise LiveQuizError("Choisissez une seule réponse.")
    return chosen


def live_answer_submit(
    *, session: LiveSession, participant: LiveParticipant, position: int, choice_ids: list
) -> tuple[LiveAnswer, bool]:
    """Record a phone's answer to the current question; (answer, False) if it had already answered.

    The first answer stands. The unique constraint decides between two simultaneous submits."""
    current = LiveSession.objects.filter(pk=session.pk).values("position", "state", "closed_at", "questions").first()
    if current is None or current["closed_at"] is not None:
        raise LiveQuizError("Cette session est terminée : votre réponse n'a pas été enregistrée.")
    if participant.session_id != session.pk:
        raise LiveQuizError("Rejoignez d'abord la session avec son code.")
    if position != current["position"]:
        raise LiveQuizError("Le formateur est passé à une autre question : votre réponse n'a pas été enregistrée.")
    if current["state"] != QuestionState.OPEN:
        raise LiveQuizError("Les réponses ont été révélées : il n'est plus possible de répondre à cette question.")
    chosen = _valid_choices(current["questions"][position - 1], choice_ids)
    existing = LiveAnswer.objects.filter(session=session, position=position, participant=participant).first()
    if existing:
        return existing, False
    try:
        with transaction.atomic():
            answer = LiveAnswer.objects.create(session=session, participant=participant, position=position, choice_ids=chosen)
            LiveSession.objects.filter(pk=session.pk).update(last_activity_at=timezone.now())
            return answer, True
    except IntegrityError:
        return LiveAnswer.objects.get(session=session, position=position, participant=participant), False


def _locked(session: LiveSession) -> LiveSession:
    locked = LiveSession.objects.select_for_update().get(pk=session.pk)
    if locked.closed_at is not None:
        raise LiveQuizError("Cette session est terminée.")
    return locked


@transaction.atomic
def live_session_reveal(*, session: LiveSession, from_position: int) -> LiveSession:
    """Show the distribution, the correct answer(s) and the explanation; answers are closed."""
    locked = _locked(session)
    if locked.position == from_position and locked.state == QuestionState.OPEN:
        LiveSession.objects.filter(pk=locked.pk).update(
            state=QuestionState.REVEALED, version=F("version") + 1, last_activity_at=timezone.now()
        )
        locked.refresh_from_db()
    return locked


@transaction.atomic
def live_session_next(*, session: LiveSession, from_position: int) -> LiveSession:
    """Open the next question (only from the position the trainer was looking at)."""
    locked = _locked(session)
    if locked.position == from_position and not locked.is_last_question:
        LiveSession.objects.filter(pk=locked.pk).update(
            position=from_position + 1, state=QuestionState.OPEN, version=F("version") + 1, last_activity_at=timezone.now()
        )
        locked.refresh_from_db()
    return locked


@transaction.atomic
def live_session_close(*, session: LiveSession) -> LiveSession:
    """End the session: phones see « Session terminée », the code is free for another session."""
    locked = LiveSession.objects.select_for_update().get(pk=session.pk)
    if locked.closed_at is None:
        LiveSession.objects.filter(pk=locked.pk).update(closed_at=timezone.now(), version=F("version") + 1)
        locked.refresh_from_db()
    return locked


IDLE_HOURS = 2


def live_sessions_close_idle(*, now=None) -> int:
    """Close every open session without activity (trainer's action, phone joining or answering) for
    IDLE_HOURS: a session forgotten after a training day frees its code and stops the phones polling.
    Returns how many were closed; a re-run closes nothing more."""
    now = now or timezone.now()
    closed = 0
    for session in LiveSession.objects.filter(closed_at__isnull=True, last_activity_at__lte=now - timedelta(hours=IDLE_HOURS)):
        live_session_close(session=session)
        closed += 1
    return closed

"""Services of the live quiz: launching, joining by code, answering once, the trainer's steps."""

import pytest

from livequiz import services
from livequiz.models import LiveAnswer, LiveParticipant, LiveSession, QuestionState
from livequiz.selectors import question_distribution
from livequiz.services import (
    CODE_ALPHABET,
    LiveQuizError,
    live_answer_submit,
    live_session_close,
    live_session_join,
    live_session_next,
    live_session_reveal,
    live_session_start,
)
from quizzes.models import Attempt, QuestionKind, QuestionStatus
from quizzes.selectors import quiz_statistics
from tests.factories.quizzes import make_question, make_quiz

from .conftest import choice_id

pytestmark = pytest.mark.django_db


def test_services_live_session_start_freezes_the_choice_questions_and_gives_a_short_code(quiz, trainer):
    """A new session has a 6-character unambiguous code and the choice questions, renumbered."""
    session = live_session_start(quiz=quiz, user=trainer)
    assert len(session.code) == 6 and set(session.code) <= set(CODE_ALPHABET)
    assert not set(session.code) & set("0O1IL")
    assert [q["position"] for q in session.questions] == [1, 2, 3]
    assert [q["kind"] for q in session.questions] == [QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.TRUE_FALSE]
    assert session.position == 1 and session.state == QuestionState.OPEN and session.is_open


def test_services_live_session_start_twice_returns_the_open_session(quiz, trainer):
    """A double click on « Lancer » opens one session, not two."""
    first = live_session_start(quiz=quiz, user=trainer)
    second = live_session_start(quiz=quiz, user=trainer)
    assert first.pk == second.pk
    assert LiveSession.objects.count() == 1


def test_services_live_session_start_draws_another_code_when_taken(quiz, trainer, monkeypatch, django_user_model):
    """Codes are unique among open sessions: a collision draws a new code."""
    from tests.factories.accounts import UserFactory

    first = live_session_start(quiz=quiz, user=trainer)
    codes = iter([first.code, "ABCDEF"])
    monkeypatch.setattr(services, "_new_code", lambda: next(codes))
    second = live_session_start(quiz=quiz, user=UserFactory())
    assert second.code == "ABCDEF"
    live_session_close(session=first)
    codes = iter(["ABCDEF", first.code])
    third = live_session_start(quiz=make_quiz([make_question()], title="Autre quiz"), user=trainer)
    assert third.code == first.code  # a closed session's code is free again


def test_services_live_session_start_refuses_a_quiz_without_choice_questions(trainer):
    """Only free-text questions: nothing to project, a clear message, no session."""
    quiz = make_quiz([make_question("Décrivez.", kind=QuestionKind.FREE_TEXT)])
    with pytest.raises(LiveQuizError, match="aucune question à choix"):
        live_session_start(quiz=quiz, user=trainer)
    assert LiveSession.objects.count() == 0


def test_services_live_session_start_refuses_unverified_questions(trainer):
    """Questions « à vérifier » are never shown to a room."""
    quiz = make_quiz([make_question(status=QuestionStatus.TO_CHECK)])
    with pytest.raises(LiveQuizError, match="à vérifier"):
        live_session_start(quiz=quiz, user=trainer)
    assert LiveSession.objects.count() == 0


@pytest.mark.parametrize(
    "typed, message",
    [
        ("", "Saisissez le code"),
        ("ABC", "6 caractères"),
        ("ZZZZZZ", "Aucune session en cours"),
    ],
)
def test_services_live_session_join_refuses_a_wrong_code(quiz, trainer, typed, message):
    """A wrong code gets a French message and creates no participant."""
    live_session_start(quiz=quiz, user=trainer)
    with pytest.raises(LiveQuizError, match=message):
        live_session_join(code=typed, known_participants={})
    assert LiveParticipant.objects.count() == 0


def test_services_live_session_join_accepts_what_people_type_and_refuses_closed_sessions(quiz, trainer):
    """Lower case and spaces are fine; once the session ends its code lets nobody in."""
    session = live_session_start(quiz=quiz, user=trainer)
    typed = f" {session.code[:3].lower()} {session.code[3:].lower()} "
    joined, participant = live_session_join(code=typed, known_participants={})
    assert joined.pk == session.pk
    again, same = live_session_join(code=session.code, known_participants={str(session.public_id): participant.pk})
    assert same.pk == participant.pk and LiveParticipant.objects.count() == 1
    live_session_close(session=session)
    with pytest.raises(LiveQuizError, match="Aucune session en cours"):
        live_session_join(code=session.code, known_participants={})


def test_services_live_answer_submit_keeps_the_first_answer(quiz, trainer):
    """A double answer is refused: the first one stands and counts once."""
    session = live_session_start(quiz=quiz, user=trainer)
    _, participant = live_session_join(code=session.code, known_participants={})
    good, bad = choice_id(session, 1, "1 362"), choice_id(session, 1, "1 296")
    first, created = live_answer_submit(session=session, participant=participant, position=1, choice_ids=[str(good)])
    again, created_again = live_answer_submit(session=session, participant=participant, position=1, choice_ids=[str(bad)])
    assert created and not created_again and again.pk == first.pk
    assert list(LiveAnswer.objects.values_list("choice_ids", flat=True)) == [[good]]


@pytest.mark.parametrize(
    "position, picks, message",
    [
        (1, [], "Choisissez une réponse"),
        (1, ["pas-un-nombre"], "pas valide"),
        (1, [999999], "pas valide"),
        (1, ["1 362", "1 296"], "une seule réponse"),
        (2, ["L'État"], "autre question"),
    ],
)
def test_services_live_answer_submit_refuses_bad_input_and_writes_nothing(quiz, trainer, position, picks, message):
    """Empty, foreign, several-on-single or other-question answers are refused with a French message."""
    session = live_session_start(quiz=quiz, user=trainer)
    _, participant = live_session_join(code=session.code, known_participants={})
    texts = {c["text"]: c["id"] for q in session.questions for c in q["choices"]}
    ids = [texts.get(pick, pick) for pick in picks]
    with pytest.raises(LiveQuizError, match=message):
        live_answer_submit(session=session, participant=participant, position=position, choice_ids=ids)
    assert LiveAnswer.objects.count() == 0


def test_services_live_answer_submit_refuses_after_reveal_and_after_the_end(quiz, trainer):
    """Once revealed, or once the session has ended, no answer is recorded."""
    session = live_session_start(quiz=quiz, user=trainer)
    _, participant = live_session_join(code=session.code, known_participants={})
    live_session_reveal(session=session, from_position=1)
    with pytest.raises(LiveQuizError, match="révélées"):
        live_answer_submit(session=session, participant=participant, position=1, choice_ids=[choice_id(session, 1, "1 362")])
    live_session_close(session=session)
    with pytest.raises(LiveQuizError, match="terminée"):
        live_answer_submit(session=session, participant=participant, position=1, choice_ids=[choice_id(session, 1, "1 362")])
    assert LiveAnswer.objects.count() == 0


def test_services_trainer_steps_are_idempotent(quiz, trainer):
    """A double click on « Révéler » or « Question suivante » moves one step, never two."""
    session = live_session_start(quiz=quiz, user=trainer)
    live_session_reveal(session=session, from_position=1)
    session = live_session_reveal(session=session, from_position=1)
    assert session.state == QuestionState.REVEALED
    live_session_next(session=session, from_position=1)
    session = live_session_next(session=session, from_position=1)
    assert (session.position, session.state) == (2, QuestionState.OPEN)
    live_session_next(session=session, from_position=2)
    session = live_session_next(session=session, from_position=3)
    assert session.position == 3  # the last question: no further
    closed = live_session_close(session=session)
    closed_at = closed.closed_at
    assert live_session_close(session=session).closed_at == closed_at
    with pytest.raises(LiveQuizError, match="terminée"):
        live_session_next(session=session, from_position=3)


def test_services_live_answers_never_become_attempts_or_statistics(quiz, trainer):
    """Live answers are anonymous: no quizzes.Attempt, nothing in the quiz statistics."""
    session = live_session_start(quiz=quiz, user=trainer)
    for _ in range(3):
        _, participant = live_session_join(code=session.code, known_participants={})
        live_answer_submit(session=session, participant=participant, position=1, choice_ids=[choice_id(session, 1, "1 362")])
    assert LiveAnswer.objects.count() == 3
    assert Attempt.objects.count() == 0
    stats = quiz_statistics(quiz=quiz)
    assert stats["attempts"] == 0 and stats["questions"] == []


def test_selectors_question_distribution_counts_each_choice(quiz, trainer):
    """Counts and percent per choice, correct ones flagged; several choices count on a multiple question."""
    session = live_session_start(quiz=quiz, user=trainer)
    live_session_next(session=live_session_reveal(session=session, from_position=1), from_position=1)
    session.refresh_from_db()
    picks = [["L'État", "L'intercommunalité"], ["L'État"], ["Un parti politique"], ["L'État", "L'intercommunalité"]]
    for texts in picks:
        _, participant = live_session_join(code=session.code, known_participants={})
        live_answer_submit(
            session=session, participant=participant, position=2, choice_ids=[choice_id(session, 2, t) for t in texts]
        )
    result = question_distribution(session=session, position=2)
    assert result["answered"] == 4
    assert [(r["letter"], r["count"], r["percent"], r["correct"]) for r in result["rows"]] == [
        ("A", 3, 75, True),
        ("B", 2, 50, True),
        ("C", 1, 25, False),
    ]

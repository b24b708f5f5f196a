"""Phones answering in the same second, on a real database: threads with their own connections.

Runs on SQLite by default and on PostgreSQL when DATABASE_URL points to it (CI)."""

import pytest

from livequiz.models import LiveAnswer, LiveParticipant, LiveSession
from livequiz.services import live_answer_submit, live_session_join, live_session_start
from tests.concurrency import run_together

from .conftest import choice_id

pytestmark = pytest.mark.django_db(transaction=True)


def test_concurrency_thirty_phones_and_a_double_tap_in_the_same_second(quiz, trainer):
    """30 phones answer at once and one of them taps twice: 30 answers, each counted once."""
    session = live_session_start(quiz=quiz, user=trainer)
    participants = [live_session_join(code=session.code, known_participants={})[1] for _ in range(30)]
    good = choice_id(session, 1, "1 362")
    who = participants + [participants[0]]  # the 31st submit is the first phone's second tap

    results = run_together(
        lambda i: live_answer_submit(session=session, participant=who[i], position=1, choice_ids=[good]), len(who)
    )

    errors = [result for result in results if not isinstance(result, tuple)]
    assert errors == []
    assert sum(1 for _answer, created in results if created) == 30
    assert LiveAnswer.objects.filter(session=session, position=1).count() == 30
    assert LiveAnswer.objects.filter(participant=participants[0]).count() == 1


def test_concurrency_thirty_phones_join_at_once(quiz, trainer):
    """30 simultaneous joins: 30 participants in the one open session."""
    session = live_session_start(quiz=quiz, user=trainer)
    results = run_together(lambda i: live_session_join(code=session.code, known_participants={}), 30)
    assert all(isinstance(result, tuple) and result[0].pk == session.pk for result in results), results
    assert LiveParticipant.objects.filter(session=session).count() == 30


def test_concurrency_double_launch_opens_one_session(quiz, trainer):
    """Five simultaneous « Lancer » by the same trainer (impatient clicks) open one session."""
    results = run_together(lambda i: live_session_start(quiz=quiz, user=trainer), 5)
    assert LiveSession.objects.count() == 1
    assert {result.pk for result in results} == {LiveSession.objects.get().pk}

"""Reads of live-quiz state, each in a fixed number of queries whatever the number of phones."""

from collections import Counter

from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from quizzes.models import Quiz

from .models import LiveAnswer, LiveParticipant, LiveSession


def launchable_quizzes(*, query: str = "", course=None):
    """Quizzes to project, by title; `query` matches words of the title, `course` keeps the end-of-module
    quizzes of its modules and its final quiz."""
    quizzes = Quiz.objects.order_by("title")
    for word in query.split():
        quizzes = quizzes.filter(title__icontains=word)
    if course is not None:
        module_quizzes = course.course_modules.values("module__quiz_id")
        quizzes = quizzes.filter(Q(pk__in=module_quizzes) | Q(pk=course.final_quiz_id or 0))
    return quizzes


def open_sessions():
    return LiveSession.objects.filter(closed_at__isnull=True).select_related("quiz", "started_by").order_by("-created_at")


def recent_closed_sessions(*, limit: int = 10):
    """The last sessions ended, to find a summary again after « Terminer »."""
    return LiveSession.objects.filter(closed_at__isnull=False).select_related("quiz").order_by("-closed_at")[:limit]


def session_for_phone(*, public_id) -> LiveSession | None:
    return LiveSession.objects.filter(public_id=public_id).first()


def session_with_counts(*, public_id) -> LiveSession | None:
    """The session with `participant_count` and `answer_count` (current question), in one query."""
    participants = (
        LiveParticipant.objects.filter(session=OuterRef("pk")).order_by().values("session").annotate(n=Count("pk")).values("n")
    )
    answers = (
        LiveAnswer.objects.filter(session=OuterRef("pk"), position=OuterRef("position"))
        .order_by()
        .values("session")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        LiveSession.objects.filter(public_id=public_id)
        .annotate(participant_count=Coalesce(Subquery(participants), 0), answer_count=Coalesce(Subquery(answers), 0))
        .select_related("quiz")
        .first()
    )


def phone_state(*, session: LiveSession) -> dict:
    """What a phone polls: enough to know that the screen changed."""
    return {
        "version": session.version,
        "position": session.position,
        "total": session.total,
        "state": session.state,
        "closed": not session.is_open,
    }


def projection_state(*, session: LiveSession) -> dict:
    """What the projected view polls (session from session_with_counts)."""
    return dict(phone_state(session=session), participants=session.participant_count, answers=session.answer_count)


def participant_answer(*, session: LiveSession, participant_id: int | None, position: int) -> LiveAnswer | None:
    if participant_id is None:
        return None
    return LiveAnswer.objects.filter(session=session, participant_id=participant_id, position=position).first()


def question_distribution(*, session: LiveSession, position: int) -> dict:
    """For each choice: count and percent of the phones that picked it, and whether it is correct.

    Percent of answering phones (several choices possible on a « plusieurs réponses » question)."""
    question = session.questions[position - 1]
    counter: Counter = Counter()
    answered = 0
    for choice_ids in LiveAnswer.objects.filter(session=session, position=position).values_list("choice_ids", flat=True):
        answered += 1
        counter.update(choice_ids)
    rows = []
    for index, choice in enumerate(question["choices"]):
        count = counter.get(choice["id"], 0)
        rows.append(
            {
                "letter": LETTERS[index % len(LETTERS)],
                "text": choice["text"],
                "correct": choice["correct"],
                "count": count,
                "percent": round(100 * count / answered) if answered else 0,
            }
        )
    return {"question": question, "answered": answered, "rows": rows}


LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def lettered_choices(question: dict) -> list[dict]:
    return [dict(choice, letter=LETTERS[index % len(LETTERS)]) for index, choice in enumerate(question["choices"])]


def participant_for_phone(*, session: LiveSession, participant_id: int | None) -> LiveParticipant | None:
    if participant_id is None:
        return None
    return LiveParticipant.objects.filter(pk=participant_id, session=session).first()


def session_summary(*, session: LiveSession) -> list[dict]:
    """Per question, once the session is over: how many phones answered and how many got it right."""
    correct = {q["position"]: {c["id"] for c in q["choices"] if c["correct"]} for q in session.questions}
    rows = {q["position"]: {"question": q, "answered": 0, "correct": 0} for q in session.questions}
    for position, choice_ids in LiveAnswer.objects.filter(session=session).values_list("position", "choice_ids"):
        if position in rows:
            rows[position]["answered"] += 1
            rows[position]["correct"] += 1 if set(choice_ids) == correct[position] else 0
    for position, row in rows.items():
        # « Terminer » may come before the last question: later ones were never shown.
        row["asked"] = position <= session.position
        row["percent"] = round(100 * row["correct"] / row["answered"]) if row["answered"] else None
    return [rows[position] for position in sorted(rows)]

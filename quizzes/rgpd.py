"""The quizzes app's part of the personal-data export and erasure (accounts.personal_data)."""

from accounts.personal_data import PersonalDataPart, iso

from .models import Answer, Attempt


def _snapshot_prompt(snapshot, position: int) -> str:
    questions = snapshot.get("questions", snapshot) if isinstance(snapshot, dict) else snapshot
    for question in questions or []:
        if isinstance(question, dict) and question.get("position") == position:
            return question.get("prompt", "")
    return ""


def export(user) -> dict:
    attempts = Attempt.objects.filter(user=user).select_related("quiz").prefetch_related("answers").order_by("started_at")
    return {
        "quiz_attempts": [
            {
                "quiz": a.quiz.title,
                "number": a.number,
                "status": a.status,
                "started_at": iso(a.started_at),
                "submitted_at": iso(a.submitted_at),
                "score": str(a.score) if a.score is not None else None,
                "max_score": str(a.max_score),
                "percent": str(a.percent) if a.percent is not None else None,
                "passed": a.passed,
                "answers": [
                    {
                        "position": answer.position,
                        "question": _snapshot_prompt(a.snapshot, answer.position),
                        "selected_choices": answer.selected_choices,
                        "text": answer.text,
                        "score": str(answer.score) if answer.score is not None else None,
                        "is_correct": answer.is_correct,
                        "review_comment": answer.review_comment,
                        "reviewed_at": iso(answer.reviewed_at),
                    }
                    for answer in a.answers.all()
                ],
            }
            for a in attempts
        ]
    }


def erase(user) -> None:
    # What they wrote in quizzes, and what trainers wrote back about it; scores stay.
    Answer.objects.filter(attempt__user=user).exclude(text="", review_comment="").update(text="", review_comment="")


PART = PersonalDataPart(app_label="quizzes", export=export, erase=erase)

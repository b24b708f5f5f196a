"""Demo quizzes, read from the `quiz:` part of demo_content/modules/*.yaml and from courses.yaml.

Idempotent: a question is found by its prompt, a quiz by its title; both are updated in place. The
questions were written from the facts marked ✅ in the domain notes, so they are loaded « vérifiée »
and their quizzes published. A question whose shape is wrong stops the load with the file named."""

from __future__ import annotations

from pathlib import Path

from taggit.models import Tag

from quizzes.models import Choice, Question, QuestionKind, QuestionStatus, Quiz, QuizDraw, QuizQuestion, Scoring
from quizzes.services import question_choice_errors

QUESTION_KEYS = {
    "kind",
    "prompt",
    "tags",
    "choices",
    "explanation",
    "source_title",
    "source_url",
    "scoring",
    "guidance",
    "points",
}


def _fail(where: str, message: str):
    raise ValueError(f"{where} : {message}")


def load_question(data: dict, where: str, *, beliefs_notice: bool = False) -> Question:
    if not isinstance(data, dict) or not {"kind", "prompt"} <= set(data) or set(data) - QUESTION_KEYS:
        _fail(where, f"question mal formée (clés attendues : {sorted(QUESTION_KEYS)})")
    kind = data["kind"]
    if kind not in QuestionKind.values:
        _fail(where, f"type de question inconnu « {kind} »")
    choices = [(str(choice["text"]), bool(choice.get("correct"))) for choice in data.get("choices") or []]
    errors = question_choice_errors(kind=kind, choices=choices)
    if errors:
        _fail(where, " ".join(errors))
    if not data.get("explanation") or not data.get("source_title"):
        _fail(where, "chaque question a une explication et une source")
    question = Question.objects.filter(prompt=data["prompt"]).first() or Question(prompt=data["prompt"])
    question.kind = kind
    question.scoring = data.get("scoring") or Scoring.ALL_OR_NOTHING
    question.points = int(data.get("points") or 1)
    question.explanation = data.get("explanation", "")
    question.source_title = data.get("source_title", "")
    question.source_url = data.get("source_url", "") or ""
    question.guidance = data.get("guidance", "") or ""
    question.beliefs_notice = beliefs_notice and kind == QuestionKind.FREE_TEXT
    question.status = QuestionStatus.VERIFIED
    question.save()
    question.choices.all().delete()
    Choice.objects.bulk_create(
        [
            Choice(
                question=question,
                text=str(choice["text"]),
                is_correct=bool(choice.get("correct")),
                feedback=choice.get("feedback", "") or "",
                sort_order=order,
            )
            for order, choice in enumerate(data.get("choices") or [])
        ]
    )
    question.tags.set(data.get("tags") or [])
    question.save()
    return question


def _quiz(title: str, **fields) -> Quiz:
    quiz = Quiz.objects.filter(title=title).first() or Quiz(title=title)
    for name, value in fields.items():
        setattr(quiz, name, value)
    quiz.live = True
    quiz.save()
    quiz.save_revision().publish()
    return quiz


def load_module_quiz(data: dict, path: Path, *, laicite: bool = False) -> Quiz:
    where = path.name
    if not isinstance(data, dict) or not data.get("title") or not data.get("questions"):
        _fail(where, "le quiz a un titre et des questions")
    questions = [
        load_question(q, f"{where}, question {n}", beliefs_notice=laicite) for n, q in enumerate(data["questions"], start=1)
    ]
    quiz = _quiz(
        data["title"],
        instructions=data.get("instructions")
        or "Répondez à chaque question, puis vérifiez vos réponses avant de les envoyer. Pas de limite de temps ; vous pouvez recommencer.",
        pass_mark=int(data.get("pass_mark", 60)),
        attempts_allowed=int(data.get("attempts_allowed", 0)),
    )
    QuizQuestion.objects.filter(quiz=quiz).delete()
    QuizQuestion.objects.bulk_create([QuizQuestion(quiz=quiz, question=q, sort_order=n) for n, q in enumerate(questions)])
    return quiz


def load_final_quiz(data: dict, *, module_quizzes: list[Quiz], where: str) -> Quiz:
    """A course's final quiz: `per_module` fixed questions taken from each module quiz, and/or draws by tag."""
    quiz = _quiz(
        data["title"],
        instructions=data.get("instructions", "Ce quiz final reprend l'ensemble du parcours."),
        pass_mark=int(data.get("pass_mark", 70)),
        attempts_allowed=int(data.get("attempts_allowed", 3)),
        shuffle_questions=bool(data.get("shuffle_questions", True)),
    )
    QuizQuestion.objects.filter(quiz=quiz).delete()
    QuizDraw.objects.filter(quiz=quiz).delete()
    fixed = []
    per_module = int(data.get("per_module", 0))
    for module_quiz in module_quizzes:
        links = [link.question for link in module_quiz.quiz_questions.select_related("question").order_by("sort_order")]
        fixed += [q for q in links if q.kind != QuestionKind.FREE_TEXT][:per_module]
    QuizQuestion.objects.bulk_create([QuizQuestion(quiz=quiz, question=q, sort_order=n) for n, q in enumerate(fixed)])
    for n, draw in enumerate(data.get("draws") or []):
        tag = Tag.objects.filter(name=draw["tag"]).first()
        if tag is None:
            _fail(where, f"aucune question n'a l'étiquette « {draw['tag']} »")
        QuizDraw.objects.create(quiz=quiz, tag=tag, count=int(draw["count"]), sort_order=n)
    return quiz

"""Test helpers that build questions and quizzes the way a trainer would."""

from quizzes.models import Choice, Question, QuestionKind, QuestionStatus, Quiz, QuizDraw, QuizQuestion, Scoring


def make_question(
    prompt="Combien de quartiers prioritaires compte l'Hexagone depuis 2024 ?",
    kind=QuestionKind.SINGLE,
    choices=(("1 296", False), ("1 362", True), ("1 584", False)),
    points=1,
    scoring=Scoring.ALL_OR_NOTHING,
    status=QuestionStatus.VERIFIED,
    tags=(),
    **extra,
) -> Question:
    question = Question(prompt=prompt, kind=kind, points=points, scoring=scoring, status=status, **extra)
    question.save()
    for order, (text, correct) in enumerate(choices if kind != QuestionKind.FREE_TEXT else ()):
        Choice.objects.create(
            question=question, text=text, is_correct=correct, feedback=f"Retour pour « {text} »", sort_order=order
        )
    if tags:
        question.tags.add(*tags)
        question.save()
    return question


def make_quiz(questions=(), title="Quiz — La géographie prioritaire", live=True, draws=(), **fields) -> Quiz:
    quiz = Quiz.objects.create(title=title, live=live, **fields)
    for order, question in enumerate(questions):
        QuizQuestion.objects.create(quiz=quiz, question=question, sort_order=order)
    for order, (tag_name, count) in enumerate(draws):
        from taggit.models import Tag

        tag, _ = Tag.objects.get_or_create(name=tag_name, defaults={"slug": tag_name})
        QuizDraw.objects.create(quiz=quiz, tag=tag, count=count, sort_order=order)
    return quiz


def answers_for(attempt, picks: dict[int, object]) -> dict:
    """Form data for an attempt: {position: choice text(s) or free text} → {"q<position>": [ids]}."""
    data = {}
    for question in attempt.snapshot:
        wanted = picks.get(question["position"])
        if wanted is None:
            continue
        if question["kind"] == QuestionKind.FREE_TEXT:
            data[f"q{question['position']}"] = [wanted]
            continue
        wanted = [wanted] if isinstance(wanted, str) else list(wanted)
        data[f"q{question['position']}"] = [str(c["id"]) for c in question["choices"] if c["text"] in wanted]
    return data

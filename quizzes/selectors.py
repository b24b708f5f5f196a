"""Reads of quiz state, each in a fixed number of queries."""

import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Avg, Count, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce

from core.content_cache import cached_contents

from .models import (
    Answer,
    Attempt,
    AttemptStatus,
    GradingMethod,
    QuestionKind,
    Quiz,
    QuizDraw,
    QuizQuestion,
    ReviewPolicy,
    ReviewTiming,
)


@dataclass(frozen=True)
class QuizStatus:
    attempts_used: int
    attempts_left: int | None  # None: unlimited
    grade: Decimal | None  # percent that counts (best or last graded attempt)
    passed: bool
    open_attempt: Attempt | None
    awaiting_review: int

    @property
    def can_start(self) -> bool:
        return self.open_attempt is not None or self.attempts_left is None or self.attempts_left > 0


def quiz_statuses_from_attempts(*, attempts, quizzes: dict[int, Quiz]) -> dict[int, QuizStatus]:
    """Where a learner stands in each quiz, from their attempts already loaded (no query).

    The grade that counts is the best or the last graded attempt, as each quiz says."""
    by_quiz: dict[int, list[Attempt]] = {}
    for attempt in sorted(attempts, key=lambda a: a.number):
        by_quiz.setdefault(attempt.quiz_id, []).append(attempt)
    statuses = {}
    for quiz_id, quiz_attempts in by_quiz.items():
        quiz = quizzes[quiz_id]
        graded = [a for a in quiz_attempts if a.status == AttemptStatus.GRADED]
        counted = None
        if graded:
            counted = (
                graded[-1] if quiz.grading_method == GradingMethod.LAST else max(graded, key=lambda a: (a.percent, a.number))
            )
        left = None if not quiz.attempts_allowed else max(0, quiz.attempts_allowed - len(quiz_attempts))
        statuses[quiz_id] = QuizStatus(
            attempts_used=len(quiz_attempts),
            attempts_left=left,
            grade=counted.percent if counted else None,
            passed=bool(counted and counted.passed),
            open_attempt=next((a for a in quiz_attempts if a.status == AttemptStatus.IN_PROGRESS), None),
            awaiting_review=sum(1 for a in quiz_attempts if a.status == AttemptStatus.AWAITING_REVIEW),
        )
    return statuses


# « Quiz », « Quiz final », « Quiz de fin de module », « Quiz du module » at the start of a title, with its dash or colon.
_QUIZ_PREFIX = re.compile(r"^\s*quiz\b(?:\s+(?:final|de fin de module|du module))?\s*[—–:-]?\s*", re.IGNORECASE)


def quiz_label(*, heading: str, title: str) -> str:
    """The quiz's title after a heading, saying « quiz » once: heading « Quiz final » and title « Quiz
    final — Agir » give « Quiz final : Agir », never « Quiz final : Quiz final — Agir ». A heading that
    does not name a quiz (« Pour terminer le module ») keeps the whole title."""
    if not heading:
        return title
    if not _QUIZ_PREFIX.match(heading) or not _QUIZ_PREFIX.match(title):
        return f"{heading} : {title}"
    rest = _QUIZ_PREFIX.sub("", title, count=1).strip()
    return f"{heading} : {rest}" if rest else heading


def with_question_count(quizzes):
    """`quizzes` (a queryset) annotated with `question_count`: the fixed questions plus every random
    draw, read in the same query as the quizzes."""
    fixed = QuizQuestion.objects.filter(quiz=OuterRef("pk")).values("quiz").annotate(n=Count("pk")).values("n")
    drawn = QuizDraw.objects.filter(quiz=OuterRef("pk")).values("quiz").annotate(n=Sum("count")).values("n")
    return quizzes.annotate(question_count=Coalesce(Subquery(fixed), 0) + Coalesce(Subquery(drawn), 0))


def quizzes_by_id(ids) -> dict[int, Quiz]:
    """{id: quiz} whatever its status, with `question_count`: the same for every learner until a
    quiz changes, so each comes from the shared content cache, one query for all those missing from
    it (the count's subqueries made it the slowest query of a course page)."""
    return cached_contents("quiz", list(ids), _build_quizzes)


def live_quizzes(ids) -> dict[int, Quiz]:
    """{id: quiz} of the live quizzes among `ids` (see `quizzes_by_id`)."""
    return {pk: quiz for pk, quiz in quizzes_by_id(ids).items() if quiz.live}


def _build_quizzes(ids: list[int]) -> dict[int, Quiz]:
    return {quiz.pk: quiz for quiz in with_question_count(Quiz.objects.filter(pk__in=ids))}


def quiz_question_count(*, quiz: Quiz) -> int:
    """How many questions a learner will answer: the fixed ones plus every random draw (one query,
    none when the quiz was read by `with_question_count`)."""
    if getattr(quiz, "question_count", None) is not None:
        return quiz.question_count
    count = with_question_count(Quiz.objects.filter(pk=quiz.pk)).values_list("question_count", flat=True).first()
    return count or 0


# A quiz without a time limit is planned at this many minutes per question, and at least this long.
MINUTES_PER_QUESTION = 1
MIN_QUIZ_MINUTES = 5


def quiz_planned_minutes(*, quiz: Quiz) -> int:
    """The time a quiz takes in a course's planned duration: its time limit when it has one, otherwise
    1 minute per question (fixed ones and random draws), 5 minutes at least. No query when the quiz was
    read by `with_question_count`."""
    if quiz.time_limit_minutes:
        return quiz.time_limit_minutes
    return max(MIN_QUIZ_MINUTES, MINUTES_PER_QUESTION * quiz_question_count(quiz=quiz))


def quiz_status_for_user(*, user, quiz: Quiz) -> QuizStatus:
    attempts = list(
        Attempt.objects.filter(user=user, quiz=quiz).only(
            "id", "public_id", "number", "status", "percent", "passed", "quiz_id", "user_id"
        )
    )
    return quiz_status_from_attempts(attempts=attempts, quiz=quiz)


def quiz_status_from_attempts(*, attempts, quiz: Quiz) -> QuizStatus:
    """Where a learner stands in one quiz from their attempts at it already loaded (no query),
    never started included."""
    never_started = QuizStatus(
        attempts_used=0,
        attempts_left=quiz.attempts_allowed or None,
        grade=None,
        passed=False,
        open_attempt=None,
        awaiting_review=0,
    )
    return quiz_statuses_from_attempts(attempts=attempts, quizzes={quiz.pk: quiz}).get(quiz.pk, never_started)


# What a learner may see of a question before the attempt is sent: never which choice is correct.
UNSENT_QUESTION_KEYS = ("position", "kind", "points", "prompt", "beliefs_notice")


def attempt_review_rows(*, attempt: Attempt, reveal: bool = False) -> list[dict]:
    """Each question of the attempt with the learner's answer.

    Until `reveal` (after submission), rows carry no correct answer, feedback or explanation, so
    no template can leak them into the page."""
    answers = {answer.position: answer for answer in attempt.answers.all()}
    rows = []
    for question in attempt.snapshot:
        answer = answers.get(question["position"])
        selected = set(answer.selected_choices) if answer else set()
        if reveal:
            shown_question = question
            choices = [dict(choice, selected=choice["id"] in selected) for choice in question["choices"]]
        else:
            shown_question = {key: question[key] for key in UNSENT_QUESTION_KEYS}
            choices = [{"id": c["id"], "text": c["text"], "selected": c["id"] in selected} for c in question["choices"]]
        rows.append(
            {
                "question": shown_question,
                "answer": answer,
                "choices": choices,
                "selected": [choice for choice in choices if choice["selected"]],
                "answered": bool(selected or (answer and answer.text)),
            }
        )
    return rows


@dataclass(frozen=True)
class ReviewShown:
    """What the result page of an attempt shows: decided here, the template only displays it."""

    correctness: bool  # whether each answer is right
    answers: bool  # the right answers, beside the learner's
    explanations: bool  # explanations, sources, per-choice feedback
    withheld: str = ""  # why the right answers and explanations are not shown yet (French), or ""


def review_timing_of(*, quiz: Quiz) -> str:
    """The quiz's timing with the default resolved: a course's final quiz waits until passed or attempts
    used up, any other quiz shows at once (one query for a quiz on the default, none otherwise)."""
    if quiz.review_timing != ReviewTiming.DEFAULT:
        return quiz.review_timing
    # The reverse relation of CoursePage.final_quiz: the quizzes app never imports courses.
    return ReviewTiming.PASSED_OR_EXHAUSTED if quiz.final_of_courses.exists() else ReviewTiming.ALWAYS


def review_shown(*, quiz: Quiz, status: QuizStatus) -> ReviewShown:
    """What the learner may see of their attempts at `quiz`, from its review policy (how much) and its
    review timing (when the right answers and explanations come): « toujours », « une fois réussi ou
    les tentatives épuisées », « jamais »."""
    correctness = quiz.review_shows(ReviewPolicy.CORRECTNESS)
    answers = quiz.review_shows(ReviewPolicy.CORRECT_ANSWERS)
    explanations = quiz.review_shows(ReviewPolicy.EXPLANATIONS)
    if not answers:
        return ReviewShown(correctness=correctness, answers=False, explanations=False)
    timing = review_timing_of(quiz=quiz)
    exhausted = status.attempts_left == 0 and status.open_attempt is None
    if timing == ReviewTiming.ALWAYS or (timing == ReviewTiming.PASSED_OR_EXHAUSTED and (status.passed or exhausted)):
        return ReviewShown(correctness=correctness, answers=answers, explanations=explanations)
    if timing == ReviewTiming.NEVER:
        withheld = "Ce quiz ne montre ni les bonnes réponses ni les explications."
    elif status.attempts_left is None:
        withheld = "Les bonnes réponses et les explications s'afficheront une fois le quiz réussi."
    else:
        withheld = "Les bonnes réponses et les explications s'afficheront une fois le quiz réussi ou vos tentatives épuisées."
    return ReviewShown(correctness=correctness, answers=False, explanations=False, withheld=withheld)


EXPLANATION_KEYS = ("explanation", "source_title", "source_url")


def attempt_result_rows(*, attempt: Attempt, shown: ReviewShown) -> list[dict]:
    """Each question of a sent attempt with what `shown` allows: the learner's answer, marked right or
    wrong; the right answer beside it; the explanation. What is not shown is not in the rows, so no
    template can leak it. Each choice says `mark`: "right" (a right answer the learner chose), "wrong"
    (chosen, not right), "missed" (right, not chosen) or "" (nothing to say)."""
    rows = attempt_review_rows(attempt=attempt, reveal=True)
    for row in rows:
        question = dict(row["question"])
        if not shown.explanations:
            for key in EXPLANATION_KEYS:
                question[key] = ""
        question["choices"] = []
        row["question"] = question
        choices = []
        for choice in row["choices"]:
            choice = dict(choice)
            if not shown.explanations:
                choice["feedback"] = ""
            if shown.answers:
                choice["mark"] = (
                    "right"
                    if choice["correct"] and choice["selected"]
                    else ("wrong" if choice["selected"] else ("missed" if choice["correct"] else ""))
                )
            else:
                choice["correct"] = None
                choice["mark"] = ""
            choices.append(choice)
        row["choices"] = choices
        row["selected"] = [choice for choice in choices if choice["selected"]]
        row["right_answers"] = [choice for choice in choices if choice["correct"]] if shown.answers else []
    return rows


def pending_reviews(*, quizzes=None, learners=None):
    """Free-text answers waiting for a trainer, oldest first; `learners` (a queryset) limits whose."""
    answers = Answer.objects.filter(attempt__status=AttemptStatus.AWAITING_REVIEW, score__isnull=True).select_related(
        "attempt__quiz", "attempt__user"
    )
    if quizzes is not None:
        answers = answers.filter(attempt__quiz__in=quizzes)
    if learners is not None:
        answers = answers.filter(attempt__user__in=learners)
    return answers.order_by("attempt__submitted_at", "position")


# Groups smaller than this are masked (« < 5 »), as in the territorial report: nobody singled out.
SMALL_GROUP = 5


def quiz_statistics(*, quiz: Quiz, users=None) -> dict:
    """Attempts, average, pass rate, and the item analysis of every question, over the attempts of
    `users` (a queryset; None: every learner). Figures drawn from fewer than SMALL_GROUP learners (the
    quiz's, or a question's) are masked: one learner's result would read as « 100 % »."""
    finished = Attempt.objects.filter(quiz=quiz).exclude(status=AttemptStatus.IN_PROGRESS)
    if users is not None:
        finished = finished.filter(user__in=users)
    summary = finished.aggregate(
        attempts=Count("id"),
        learners=Count("user_id", distinct=True),
        graded=Count("id", filter=Q(status=AttemptStatus.GRADED)),
        average=Avg("percent", filter=Q(status=AttemptStatus.GRADED)),
        passed=Count("id", filter=Q(passed=True)),
    )
    graded = summary["graded"] or 0
    masked = summary["learners"] < SMALL_GROUP
    questions = quiz_item_analysis(quiz=quiz, users=users)
    for row in questions:
        # Learners, not answers: one person answering five times is still one person.
        row["masked"] = row["learners"] < SMALL_GROUP
        if row["masked"]:
            row.update(success_rate=None, most_chosen_wrong=None, nobody_right=False)
    return {
        "attempts": summary["attempts"],
        "learners": summary["learners"],
        "masked": masked,
        "small_group": SMALL_GROUP,
        "graded": graded,
        "average": round(summary["average"], 1) if summary["average"] is not None and not masked else None,
        "pass_rate": round(100 * summary["passed"] / graded) if graded and not masked else None,
        "questions": questions,
    }


def quiz_item_analysis(*, quiz: Quiz, users=None) -> list[dict]:
    """Per question of a quiz: answers, success rate, the most chosen wrong answer, and whether nobody
    got it right; hardest first. `users` (a queryset) limits it to those learners' attempts.

    The counts are grouped in SQL (one query); only the wrong answers' choices are tallied in Python,
    since a JSON list of choice ids cannot be grouped portably (two more queries for the texts)."""
    from .models import Choice, Question

    answers = Answer.objects.filter(attempt__quiz=quiz, question__isnull=False).exclude(attempt__status=AttemptStatus.IN_PROGRESS)
    if users is not None:
        answers = answers.filter(attempt__user__in=users)
    counts = (
        answers.order_by()
        .values("question_id")
        .annotate(
            answered=Count("pk"),
            learners=Count("attempt__user_id", distinct=True),
            correct=Count("pk", filter=Q(is_correct=True)),
            marked=Count("pk", filter=Q(is_correct__isnull=False)),
        )
    )
    wrong: dict[int, Counter] = {}
    for question_id, selected in answers.filter(is_correct=False).values_list("question_id", "selected_choices").iterator():
        wrong.setdefault(question_id, Counter()).update(selected or [])
    rows = list(counts)
    questions = Question.objects.in_bulk([row["question_id"] for row in rows])
    top_wrong = {qid: counter.most_common(1)[0] for qid, counter in wrong.items() if counter}
    choices = Choice.objects.in_bulk([choice_id for choice_id, _times in top_wrong.values()])
    result = []
    for row in rows:
        question = questions.get(row["question_id"])
        most_wrong = None
        if row["question_id"] in top_wrong:
            choice_id, times = top_wrong[row["question_id"]]
            choice = choices.get(choice_id)
            if choice is not None and not choice.is_correct:
                most_wrong = {"text": choice.text, "times": times}
        marked = row["marked"]
        result.append(
            {
                "question": question,
                "answers": row["answered"],
                "learners": row["learners"],
                "correct": row["correct"],
                "success_rate": round(100 * row["correct"] / marked) if marked else None,
                "most_chosen_wrong": most_wrong,
                "nobody_right": marked > 0 and row["correct"] == 0,
                "free_text": question is not None and question.kind == QuestionKind.FREE_TEXT,
            }
        )
    result.sort(
        key=lambda item: (item["success_rate"] is None, item["success_rate"] or 0, item["question"].pk if item["question"] else 0)
    )
    return result

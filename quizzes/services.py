"""Everything that writes quiz state. Views and the admin call these and nothing else.

Each service is safe to call twice (double click, retried request) and under concurrency: rows are
locked with select_for_update and database constraints back every invariant."""

import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q
from django.utils import timezone

from core.mail import send_templated_mail
from core.sanitize import clean_user_html

from .grading import attempt_totals, grade_answer
from .models import (
    Answer,
    Attempt,
    AttemptStatus,
    Choice,
    Question,
    QuestionKind,
    QuestionStatus,
    Quiz,
    QuizDraw,
    QuizQuestion,
)
from .signals import answer_reviewed, attempt_graded, attempt_submitted

MAX_EXTENSIONS = 10


class QuizError(Exception):
    """A refusal with a French message meant for the person who asked."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class AttemptClosed(QuizError):
    """The attempt was already sent: the first submission stands."""


# --- Questions -----------------------------------------------------------------------------------


@transaction.atomic
def question_create_with_choices(*, question: Question, choices: list[tuple[str, bool]]) -> Question:
    """Save a new question and its choices (text, is it right) together: both or neither."""
    question.save()
    Choice.objects.bulk_create(
        [Choice(question=question, text=text, is_correct=correct, sort_order=n) for n, (text, correct) in enumerate(choices)]
    )
    return question


def question_choice_errors(*, kind: str, choices: list[tuple[str, bool]]) -> list[str]:
    """What is wrong with these choices for this kind of question (empty list: nothing)."""
    correct = sum(1 for _, is_correct in choices if is_correct)
    if kind == QuestionKind.FREE_TEXT:
        return ["Une question à réponse libre n'a pas de choix de réponse."] if choices else []
    if kind == QuestionKind.TRUE_FALSE:
        texts = sorted(text.strip().lower() for text, _ in choices)
        if texts != ["faux", "vrai"] or correct != 1:
            return ["Une question vrai/faux a exactement deux choix, « Vrai » et « Faux », dont un seul est juste."]
        return []
    if len(choices) < 2:
        return ["Proposez au moins deux choix de réponse."]
    if kind == QuestionKind.SINGLE and correct != 1:
        return ["Une question à choix unique a exactement une bonne réponse."]
    if kind == QuestionKind.MULTIPLE and correct < 1:
        return ["Cochez au moins une bonne réponse."]
    return []


def quiz_unverified_questions(*, quiz: Quiz) -> list[Question]:
    """Fixed questions of the quiz still « à vérifier » (they block publication)."""
    return [
        link.question
        for link in quiz.quiz_questions.select_related("question")
        if link.question.status != QuestionStatus.VERIFIED
    ]


@transaction.atomic
def quiz_copy(*, quiz: Quiz, title: str, owner=None) -> Quiz:
    """A draft copy of `quiz` (rules, fixed questions in order, draws): the questions stay in the bank,
    shared with the source. The copy has one revision, published together with its adapted module."""
    copy = Quiz(
        title=title[:255],
        owner=owner,
        live=False,
        **{
            name: getattr(quiz, name)
            for name in (
                "instructions",
                "pass_mark",
                "attempts_allowed",
                "grading_method",
                "shuffle_questions",
                "shuffle_choices",
                "review_policy",
                "review_timing",
                "time_limit_minutes",
            )
        },
    )
    copy.save()
    QuizQuestion.objects.bulk_create(
        [QuizQuestion(quiz=copy, question_id=link.question_id, sort_order=link.sort_order) for link in quiz.quiz_questions.all()]
    )
    QuizDraw.objects.bulk_create(
        [QuizDraw(quiz=copy, tag_id=draw.tag_id, count=draw.count, sort_order=draw.sort_order) for draw in quiz.draws.all()]
    )
    copy = Quiz.objects.get(pk=copy.pk)
    copy.save_revision(user=owner)
    return copy


# --- Snapshots -----------------------------------------------------------------------------------


def _snapshot(question: Question, choices, position: int, shuffle_choices: bool, rng: random.Random) -> dict:
    choices = list(choices)
    if shuffle_choices and question.kind != QuestionKind.TRUE_FALSE:
        rng.shuffle(choices)
    return {
        "position": position,
        "question_id": question.pk,
        "kind": question.kind,
        "scoring": question.scoring,
        "points": question.points,
        "prompt": question.prompt,
        "explanation": question.explanation,
        "source_title": question.source_title,
        "source_url": question.source_url,
        "beliefs_notice": question.beliefs_notice,
        "guidance": question.guidance,
        "choices": [{"id": c.pk, "text": c.text, "correct": c.is_correct, "feedback": c.feedback} for c in choices],
    }


def _draw_questions(quiz: Quiz, exclude: set[int], rng: random.Random) -> list[Question]:
    drawn = []
    for draw in quiz.draws.select_related("tag").all():
        candidates = list(
            Question.objects.filter(status=QuestionStatus.VERIFIED, tags=draw.tag)
            .exclude(pk__in=exclude)
            .values_list("pk", flat=True)
            .distinct()
        )
        picked = rng.sample(candidates, min(draw.count, len(candidates)))
        exclude.update(picked)
        drawn.extend(picked)
    by_pk = Question.objects.in_bulk(drawn)
    return [by_pk[pk] for pk in drawn]


def build_snapshot(*, quiz: Quiz, rng: random.Random, fixed: list[Question] | None = None) -> list[dict]:
    """The questions of a new attempt: fixed ones in order (`fixed` when the caller read them already),
    then the draws; shuffled if asked."""
    if fixed is None:
        fixed = [link.question for link in quiz.quiz_questions.select_related("question").all()]
    questions = fixed + _draw_questions(quiz, {q.pk for q in fixed}, rng)
    if quiz.shuffle_questions:
        rng.shuffle(questions)
    choices_by_question: dict[int, list] = {}
    for choice in Choice.objects.filter(question__in=questions).order_by("sort_order", "pk"):
        choices_by_question.setdefault(choice.question_id, []).append(choice)
    return [
        _snapshot(question, choices_by_question.get(question.pk, []), position, quiz.shuffle_choices, rng)
        for position, question in enumerate(questions, start=1)
    ]


def preview_snapshot(*, quiz: Quiz) -> list[dict]:
    """What a learner would see, for the admin preview (draws picked at random, like an attempt)."""
    return build_snapshot(quiz=quiz, rng=random.Random())


# --- Attempts ------------------------------------------------------------------------------------


def attempt_start(*, user, quiz: Quiz, rng: random.Random | None = None) -> Attempt:
    """Open an attempt, or return the one already open (a double click starts nothing twice)."""
    if not quiz.live:
        raise QuizError("Ce quiz n'est pas publié.")
    rng = rng or random.Random()
    try:
        with transaction.atomic():
            # Lock the learner's row: two simultaneous starts are serialised, the second sees the first.
            get_user_model().objects.select_for_update().filter(pk=user.pk).first()
            # The attempts used and the open one, if any, in one query.
            mine = Attempt.objects.filter(user=user, quiz=quiz).aggregate(
                used=Count("pk"), open_id=Max("pk", filter=Q(status=AttemptStatus.IN_PROGRESS))
            )
            if mine["open_id"]:
                return Attempt.objects.get(pk=mine["open_id"])
            used = mine["used"]
            if quiz.attempts_allowed and used >= quiz.attempts_allowed:
                raise QuizError("Vous avez utilisé toutes les tentatives autorisées pour ce quiz.")
            fixed = [link.question for link in quiz.quiz_questions.select_related("question")]
            if any(question.status != QuestionStatus.VERIFIED for question in fixed):
                raise QuizError("Ce quiz contient des questions en cours de vérification : il sera disponible prochainement.")
            snapshot = build_snapshot(quiz=quiz, rng=rng, fixed=fixed)
            if not snapshot:
                raise QuizError("Ce quiz ne contient encore aucune question.")
            deadline = timezone.now() + timedelta(minutes=quiz.time_limit_minutes) if quiz.time_limit_minutes else None
            return Attempt.objects.create(
                user=user,
                quiz=quiz,
                number=used + 1,
                snapshot=snapshot,
                deadline=deadline,
                max_score=sum(question["points"] for question in snapshot),
            )
    except IntegrityError:
        # Another request won the race (SQLite does not lock rows): answer as it would have.
        open_attempt = Attempt.objects.filter(user=user, quiz=quiz, status=AttemptStatus.IN_PROGRESS).first()
        if open_attempt:
            return open_attempt
        raise QuizError("Vous avez utilisé toutes les tentatives autorisées pour ce quiz.") from None


def attempt_extend(*, attempt: Attempt, user) -> Attempt:
    """Give the learner as much time again (RGAA 13.1), up to ten times."""
    with transaction.atomic():
        attempt = _locked_open_attempt(attempt, user)
        if attempt.deadline is None:
            return attempt
        if attempt.extensions >= MAX_EXTENSIONS:
            raise QuizError("Le temps a déjà été prolongé dix fois ; vous pouvez envoyer vos réponses.")
        attempt.deadline = max(attempt.deadline, timezone.now()) + timedelta(minutes=attempt.quiz.time_limit_minutes or 0)
        attempt.extensions += 1
        attempt.save(update_fields=["deadline", "extensions"])
        return attempt


def parse_answers(snapshot: list[dict], data) -> dict[int, tuple[list[int], str]]:
    """Read `q<position>` fields; refuse anything that does not belong to this attempt."""
    by_position = {question["position"]: question for question in snapshot}
    parsed: dict[int, tuple[list[int], str]] = {}
    for key in data:
        if not key.startswith("q"):
            continue
        try:
            position = int(key[1:])
        except ValueError:
            raise QuizError("Une réponse envoyée ne correspond à aucune question de ce quiz.") from None
        question = by_position.get(position)
        if question is None:
            raise QuizError("Une réponse envoyée porte sur une question qui ne fait pas partie de votre tentative.")
        values = (
            data.getlist(key) if hasattr(data, "getlist") else ([data[key]] if not isinstance(data[key], list) else data[key])
        )
        if question["kind"] == QuestionKind.FREE_TEXT:
            text = clean_user_html("\n".join(str(value) for value in values))
            parsed[position] = ([], text[:10000])
            continue
        allowed = {choice["id"] for choice in question["choices"]}
        try:
            selected = sorted({int(value) for value in values if str(value).strip()})
        except ValueError:
            raise QuizError("Un choix envoyé ne correspond à aucune réponse proposée. Rechargez la page et réessayez.") from None
        if not set(selected) <= allowed:
            raise QuizError("Un choix envoyé ne correspond à aucune réponse proposée. Rechargez la page et réessayez.")
        if question["kind"] != QuestionKind.MULTIPLE and len(selected) > 1:
            raise QuizError("Une seule réponse est possible pour la question " + str(position) + ".")
        parsed[position] = (selected, "")
    return parsed


def _locked_open_attempt(attempt: Attempt, user) -> Attempt:
    attempt = Attempt.objects.select_for_update().select_related("quiz").get(pk=attempt.pk)
    if attempt.user_id != user.pk:
        raise QuizError("Cette tentative n'existe pas.")
    if attempt.status != AttemptStatus.IN_PROGRESS:
        raise AttemptClosed("Cette tentative a déjà été envoyée : votre premier envoi a été conservé.")
    attempt.user = user  # checked above: the receivers of the signals read it without a query
    return attempt


def _grade(question: dict, selected: list[int], text: str):
    """(score, is_correct) of one answer at submission; (None, None) while a trainer must mark it."""
    if question["kind"] == QuestionKind.FREE_TEXT and not text:
        # Nothing to mark: an empty free-text answer scores zero at once.
        return 0, False
    return grade_answer(question, selected, text)


def _store_answers(attempt: Attempt, parsed: dict[int, tuple[list[int], str]], graded: bool) -> list[Answer]:
    answers = []
    for question in attempt.snapshot:
        selected, text = parsed.get(question["position"], ([], ""))
        score, is_correct = _grade(question, selected, text) if graded else (None, None)
        answers.append(
            Answer(
                attempt=attempt,
                position=question["position"],
                question_id=question["question_id"],
                selected_choices=selected,
                text=text,
                score=score,
                is_correct=is_correct,
            )
        )
    # Questions deleted from the bank since the attempt started keep their answer, without the link.
    existing = set(Question.objects.filter(pk__in=[a.question_id for a in answers]).values_list("pk", flat=True))
    for answer in answers:
        if answer.question_id not in existing:
            answer.question_id = None
    Answer.objects.filter(attempt=attempt).delete()
    return Answer.objects.bulk_create(answers)


def _grade_saved_answers(attempt: Attempt) -> list[Answer]:
    """Grade the answers kept at the review step where they are (one read, one UPDATE per distinct
    grade). Their question links were set when they were kept, and a question deleted since has unset
    its own. An attempt with no kept answer for some question (never reviewed) has them all written
    anew."""
    saved = {answer.position: answer for answer in Answer.objects.filter(attempt=attempt)}
    if set(saved) != {question["position"] for question in attempt.snapshot}:
        parsed = {position: (answer.selected_choices, answer.text) for position, answer in saved.items()}
        return _store_answers(attempt, parsed, graded=True)
    answers = []
    by_grade: dict[tuple, list[int]] = {}
    for question in attempt.snapshot:
        answer = saved[question["position"]]
        answer.score, answer.is_correct = _grade(question, answer.selected_choices, answer.text)
        answers.append(answer)
        by_grade.setdefault((answer.score, answer.is_correct), []).append(answer.pk)
    # One UPDATE per distinct grade (right, wrong, a partial score…: two or three for a quiz), each
    # simpler to build than one UPDATE … CASE over every answer.
    for (score, is_correct), ids in by_grade.items():
        Answer.objects.filter(pk__in=ids).update(score=score, is_correct=is_correct)
    return answers


def attempt_save_answers(*, attempt: Attempt, user, data) -> Attempt:
    """Keep the answers typed so far (before the « Vérifier mes réponses » step); nothing is graded."""
    with transaction.atomic():
        attempt = _locked_open_attempt(attempt, user)
        parsed = parse_answers(attempt.snapshot, data)
        _store_answers(attempt, parsed, graded=False)
    return attempt


def attempt_submit(*, attempt: Attempt, user, data=None) -> Attempt:
    """Send the attempt: grade what can be graded; free-text answers wait for a trainer.

    `data` are the posted answers; None submits the answers saved at the review step."""
    with transaction.atomic():
        attempt = _locked_open_attempt(attempt, user)
        if data is None:
            answers = _grade_saved_answers(attempt)
        else:
            answers = _store_answers(attempt, parse_answers(attempt.snapshot, data), graded=True)
        now = timezone.now()
        attempt.submitted_at = now
        attempt.submitted_late = bool(attempt.deadline and now > attempt.deadline)
        _apply_totals(attempt, [answer.score for answer in answers], now)
        # The frozen questions (snapshot) are not written again: only what the submission sets.
        attempt.save(update_fields=SUBMITTED_FIELDS)
    attempt_submitted.send(sender=Attempt, attempt=attempt)
    _announce_if_graded(attempt)
    return attempt


SUBMITTED_FIELDS = ["submitted_at", "submitted_late", "score", "max_score", "percent", "passed", "status", "graded_at"]


def _announce_if_graded(attempt: Attempt) -> None:
    if attempt.status == AttemptStatus.GRADED:
        attempt_graded.send(sender=Attempt, attempt=attempt)


def _apply_totals(attempt: Attempt, scores, now) -> None:
    score, max_score, percent, passed = attempt_totals(attempt.snapshot, scores, attempt.quiz.pass_mark)
    attempt.score, attempt.max_score, attempt.percent, attempt.passed = score, max_score, percent, passed
    if percent is None:
        attempt.status = AttemptStatus.AWAITING_REVIEW
    else:
        attempt.status = AttemptStatus.GRADED
        attempt.graded_at = now


def answer_review(*, answer: Answer, reviewer, points, comment: str) -> Answer:
    """A trainer marks a free-text answer; the attempt is graded once nothing else waits."""
    with transaction.atomic():
        attempt = Attempt.objects.select_for_update().select_related("quiz", "user").get(pk=answer.attempt_id)
        if attempt.status == AttemptStatus.IN_PROGRESS:
            raise QuizError("Cette tentative n'a pas encore été envoyée.")
        answer = Answer.objects.select_for_update().get(pk=answer.pk)
        question = next(q for q in attempt.snapshot if q["position"] == answer.position)
        if question["kind"] != QuestionKind.FREE_TEXT:
            raise QuizError("Seules les réponses libres se corrigent à la main.")
        try:
            points = round(float(points), 2)
        except (TypeError, ValueError):
            raise QuizError("Indiquez un nombre de points.") from None
        if not 0 <= points <= question["points"]:
            raise QuizError(f"Les points doivent être compris entre 0 et {question['points']}.")
        answer.score = points
        answer.is_correct = points == question["points"]
        answer.review_comment = clean_user_html(comment)[:5000]
        answer.reviewed_by = reviewer
        answer.reviewed_at = timezone.now()
        answer.save()
        scores = list(Answer.objects.filter(attempt=attempt).order_by("position").values_list("score", flat=True))
        _apply_totals(attempt, scores, answer.reviewed_at)
        attempt.save()
    _notify_reviewed(attempt, answer)
    answer_reviewed.send(sender=Answer, answer=answer, attempt=attempt, reviewer=reviewer)
    _announce_if_graded(attempt)
    return answer


def _notify_reviewed(attempt: Attempt, answer: Answer) -> None:
    context = {"attempt": attempt, "answer": answer, "user": attempt.user}
    send_templated_mail(
        to=attempt.user.email,
        subject=f"Votre réponse au quiz « {attempt.quiz.title} » a été corrigée",
        template="quizzes/email/answer_reviewed.txt",
        context=context,
    )

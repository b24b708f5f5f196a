"""What the demo formatrice finds on her admin home (docs/trainers.md, « L'accueil des formateurs »):
a learner without progress for 18 days, their free-text answer waiting for her, and a module she
adapted and submitted for review. Runs after the learners loader.

Idempotent: the learner is found by e-mail, the attempt and the adaptation are made once.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.models import WorkflowState

from courses.models import CoursePage, ModulePage
from courses.selectors import course_outline
from progress.models import Enrolment
from progress.services import enrolment_create, lesson_complete
from quizzes.models import Attempt, QuestionKind
from quizzes.services import attempt_start, attempt_submit
from trainers.services import module_adapt

from .learners import TRAINER_EMAIL, _learner

STALLED_COURSE = "fondamentaux-politique-de-la-ville"
QUIZ_MODULE = "mon-role-d-elu"  # its quiz has a free-text question
ADAPTED_MODULE = "qui-fait-quoi"
STALLED_LEARNER = {
    "email": "elu-en-pause@demo.elus-quartiers.fr",
    "password": "Demo-Pause-2026",
    "first_name": "Yann",
    "last_name": "Kerbrat",
    "collectivite": "Lorient",
    "mandate": "adjoint",
    "region": "bretagne",
    "departement": "56",
}
STALLED_DAYS = 18


def _answer_waiting(learner, module: ModulePage) -> str | None:
    quiz = module.quiz
    if quiz is None or not quiz.live or Attempt.objects.filter(user=learner, quiz=quiz).exists():
        return None
    attempt = attempt_start(user=learner, quiz=quiz)
    data = {}
    for question in attempt.snapshot:
        key = f"q{question['position']}"
        if question["kind"] == QuestionKind.FREE_TEXT:
            data[key] = ["Je présiderais le comité de pilotage du contrat de ville et j'irais voir le conseil citoyen."]
        else:
            data[key] = [str(choice["id"]) for choice in question["choices"] if choice["correct"]]
    attempt_submit(attempt=attempt, user=learner, data=data)
    return f"Formateurs : réponse libre de {learner.email} à corriger (« {quiz.title} »)"


def _submitted_adaptation(trainer) -> str | None:
    if WorkflowState.objects.filter(requested_by=trainer, status=WorkflowState.STATUS_IN_PROGRESS).exists():
        return None
    source = ModulePage.objects.live().filter(slug=ADAPTED_MODULE).first()
    if source is None:
        return None
    copy = ModulePage.objects.get(pk=module_adapt(module=source, user=trainer).pk)
    copy.summary = f"{source.summary} Adapté pour la séance du conseil municipal de Rennes."
    copy.save_revision(user=trainer)
    workflow = copy.get_workflow()
    if workflow is None:
        return None
    workflow.start(copy, trainer)
    return f"Formateurs : « {copy.title} » soumis à relecture par {trainer.email}"


def load():
    trainer = get_user_model().objects.filter(email=TRAINER_EMAIL).first()
    course = CoursePage.objects.live().filter(slug=STALLED_COURSE).first()
    if trainer is None or course is None:
        return
    now = timezone.now()
    learner = _learner(STALLED_LEARNER)
    enrolment_create(user=learner, course=course, now=now - timedelta(days=STALLED_DAYS + 6))
    outline = course_outline(course=course)
    if outline.modules:
        for lesson in outline.modules[0].lessons:
            lesson_complete(user=learner, lesson=lesson, now=now - timedelta(days=STALLED_DAYS))
    module = next((item.module for item in outline.modules if item.module.slug == QUIZ_MODULE), None)
    if module is not None:
        line = _answer_waiting(learner, module)
        if line:
            yield line
    # The quiz above counts as activity: the learner stalls from STALLED_DAYS ago, as the home shows.
    Enrolment.objects.filter(user=learner, course=course).update(last_activity_at=now - timedelta(days=STALLED_DAYS))
    yield f"Formateurs : {learner.email} sans progression depuis {STALLED_DAYS} jours dans « {course.title} »"
    line = _submitted_adaptation(trainer)
    if line:
        yield line

from dataclasses import dataclass

import pytest

from progress.models import Attestation
from progress.services import enrolment_create
from quizzes.models import QuestionKind
from quizzes.services import attempt_start, attempt_submit
from tests.factories.accounts import UserFactory
from tests.factories.quizzes import answers_for, make_question, make_quiz
from tests.factories.webinars import webinar
from tests.progress.conftest import build_course, finish_course
from webinars.services import attendance_record, reminder_request

FREE_TEXT = "Je dirais au maire de Quimper que la neutralité s'impose aux agents."


@dataclass
class History:
    user: object
    course: object
    attestation: Attestation
    free_text_attempt: object
    webinar: object


@pytest.fixture
def history(db, media_root, django_capture_on_commit_callbacks):
    """A learner with a finished course, an attestation, a free-text answer, a webinar reminder and attendance."""
    user = UserFactory(
        email="maelle.legoff@mairie-brest.fr", first_name="Maëlle", last_name="Le Goff", collectivite="Brest", mandate="adjoint"
    )
    data = build_course(module_quiz=True, slug="democratie")
    enrolment_create(user=user, course=data.course)
    with django_capture_on_commit_callbacks(execute=True):
        finish_course(user, data)
    essay = make_quiz(
        [make_question(prompt="Que répondez-vous ?", kind=QuestionKind.FREE_TEXT, beliefs_notice=True)],
        title="Cas pratique laïcité",
    )
    attempt = attempt_start(user=user, quiz=essay)
    attempt = attempt_submit(attempt=attempt, user=user, data=answers_for(attempt, {1: FREE_TEXT}))
    session = webinar(title="Webinaire laïcité", modules=data.modules[:1])
    reminder_request(user=user, webinar=session)
    attendance_record(user=user, webinar=session, minutes=55)
    return History(
        user=user, course=data.course, attestation=Attestation.objects.get(user=user), free_text_attempt=attempt, webinar=session
    )

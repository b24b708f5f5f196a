"""The people and objects the access matrix is walked with: learner A owns everything private.

Built once per test module (see the `world` fixture in test_access_matrix.py): a few hundred
requests share it, and each test still runs in its own rolled-back savepoint."""

from dataclasses import dataclass, field

from django.test import TestCase

from accounts import groups

# A's private markers: none of them may appear in a page served to anyone but A (and the staff
# cells marked « A » in the matrix). Chosen so that no other fixture text can contain them; the last
# name and e-mail are plain ASCII so that a JSON body's \u escapes cannot hide every marker.
A_FIRST_NAME = "Gwenaëlle"
A_LAST_NAME = "Kerbrat-Quintinic"
A_EMAIL = "gwenaelle.kerbrat@mairie-plouzevet.fr"
A_FREE_TEXT = "Ma réponse confidentielle : la neutralité s'impose aux agents de Plouzévet."


@dataclass
class World:
    users: dict  # role -> User (no entry for "anonymous")
    values: dict  # placeholder -> value used in the matrix's example URLs
    markers: list[str] = field(default_factory=list)


def build_world() -> World:
    from datetime import timedelta

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from accounts.models import DataExport
    from accounts.services import data_export_request
    from courses.models import LessonPage
    from courses.permissions import grant_section_permissions_for_site
    from interop.models import ScormExport
    from livequiz.services import live_session_start
    from progress.models import Attestation, Certificate, ProofFile
    from progress.services import enrolment_create
    from quizzes.models import Answer, QuestionKind
    from quizzes.services import attempt_start, attempt_submit
    from reports.models import ReportExport
    from tests.factories.accounts import UserFactory
    from tests.factories.courses import GlossaryTermFactory, ThemeFactory
    from tests.factories.quizzes import answers_for, make_question, make_quiz
    from tests.factories.webinars import WebinarCycleFactory, webinar
    from tests.progress.conftest import build_course, finish_course
    from trainers.models import CourseAssignment
    from webinars.models import Attendance
    from webinars.services import attendance_record, reminder_request

    learner_a = UserFactory(email=A_EMAIL, first_name=A_FIRST_NAME, last_name=A_LAST_NAME, collectivite="Plouzévet")
    learner_b = UserFactory(first_name="Bertrand", last_name="Autre")
    users = {
        "learner_a": learner_a,
        "learner_b": learner_b,
        "trainer_assigned": UserFactory(group=groups.TRAINERS, first_name="Tanguy", last_name="Assigné"),
        "trainer_unassigned": UserFactory(group=groups.TRAINERS, first_name="Tifenn", last_name="Ailleurs"),
        "vrl_trainer": UserFactory(group=groups.VRL_TRAINERS, first_name="Valérie", last_name="Laïque"),
        "administrator": UserFactory(group=groups.ADMINISTRATORS, first_name="Anne", last_name="Admin"),
    }

    data = build_course(module_quiz=True, slug="democratie")
    grant_section_permissions_for_site()
    course = data.course
    essay = make_quiz(
        [make_question(prompt="Que répondez-vous au maire ?", kind=QuestionKind.FREE_TEXT)],
        title="Cas pratique laïcité",
    )
    cycle = WebinarCycleFactory(title="Cycle des nouveaux élus", slug="nouveaux-elus")
    session = webinar(title="Webinaire laïcité", slug="webinaire-laicite", modules=data.modules[:1], cycle=cycle)

    with TestCase.captureOnCommitCallbacks(execute=True):
        enrolment_create(user=learner_a, course=course)
        graded = finish_course(learner_a, data)
        essay_attempt = attempt_start(user=learner_a, quiz=essay)
        essay_attempt = attempt_submit(attempt=essay_attempt, user=learner_a, data=answers_for(essay_attempt, {1: A_FREE_TEXT}))
        reminder_request(user=learner_a, webinar=session)
        attendance_record(user=learner_a, webinar=session, minutes=55)
        data_export_request(user=learner_a)
        # B is a learner of the same course: same pages, none of A's objects.
        enrolment_create(user=learner_b, course=course)

    # Reports follow the assignment: only the first trainer follows A's course.
    assignment = CourseAssignment.objects.create(
        trainer=users["trainer_assigned"], course=course, assigned_by=users["administrator"]
    )
    # A finished report export of A's course, asked for by the assigned trainer (its file names A).
    now = timezone.now()
    report_export = ReportExport(
        requester=users["trainer_assigned"],
        report="course",
        title=f"Parcours {course.title}",
        format=ReportExport.Format.CSV,
        status=ReportExport.Status.READY,
        rows=1,
        requested_at=now,
        ready_at=now,
        expires_at=now + timedelta(days=7),
    )
    report_export.file.save("rapport.csv", ContentFile(f"{A_LAST_NAME};{A_FIRST_NAME};100 %\n".encode()), save=False)
    report_export.save()
    live = live_session_start(quiz=data.modules[-1].quiz, user=users["trainer_assigned"])
    # A SCORM package of the first module, asked for by the assigned trainer (it holds no learner data).
    scorm_export = ScormExport(
        requester=users["trainer_assigned"],
        module=data.modules[0],
        title=data.modules[0].title,
        status=ScormExport.Status.READY,
        size=4,
        requested_at=now,
        ready_at=now,
        expires_at=now + timedelta(days=7),
    )
    # A's « certificat de réalisation », and a proof file of A asked for by the assigned trainer.
    certificate = Certificate(user=learner_a, course=course, issued_at=now, issued_by=users["administrator"])
    certificate.pdf.save("certificat.pdf", ContentFile(f"%PDF-1.7 {A_FIRST_NAME} {A_LAST_NAME}".encode()), save=False)
    certificate.save()
    proof_file = ProofFile(
        requester=users["trainer_assigned"],
        course=course,
        learner=learner_a,
        status=ProofFile.Status.READY,
        requested_at=now,
        ready_at=now,
        expires_at=now + timedelta(days=7),
    )
    scorm_export.file.save("module-scorm12.zip", ContentFile(b"PK\x05\x06"), save=False)
    scorm_export.save()
    proof_file.file.save("dossier.zip", ContentFile(f"{A_LAST_NAME};{A_FIRST_NAME}".encode()), save=False)
    proof_file.save()

    attestation = Attestation.objects.get(user=learner_a)
    export = DataExport.objects.get(user=learner_a)
    assert export.ready_at and export.file and attestation.pdf, "the world needs A's export file and attestation PDF"
    module = data.modules[0]
    lesson = LessonPage.objects.child_of(module).live().first()
    values = {
        "course_url": course.url,
        "course_pk": course.pk,
        "module_url": module.url,
        "module_pk": module.pk,
        "lesson_url": lesson.url,
        "lesson_pk": lesson.pk,
        "quiz": data.modules[-1].quiz.public_id,
        "quiz_pk": data.modules[-1].quiz.pk,
        "attempt": graded.public_id,
        "essay_attempt": essay_attempt.public_id,
        "answer_pk": Answer.objects.get(attempt=essay_attempt).pk,
        "attestation": attestation.identifier,
        "attestation_pk": attestation.pk,
        "export": export.public_id,
        "user_pk": learner_a.pk,
        "webinar_url": session.url,
        "webinar_slug": session.slug,
        "webinar_pk": session.pk,
        "cycle_slug": cycle.slug,
        "cycle_pk": cycle.pk,
        "attendance_pk": Attendance.objects.get(user=learner_a).pk,
        "question_pk": essay.quiz_questions.get().question_id,
        "theme_pk": ThemeFactory().pk,
        "learner_a": learner_a.public_id,
        "assignment_pk": assignment.pk,
        "report_export": report_export.public_id,
        "certificate": certificate.identifier,
        "proof_file": proof_file.public_id,
        "live": live.public_id,
        "scorm_export": scorm_export.public_id,
        "term_pk": GlossaryTermFactory().pk,
    }
    markers = [A_FIRST_NAME, A_LAST_NAME, A_EMAIL, A_FREE_TEXT, attestation.identifier, str(learner_a.public_id)]
    return World(users=users, values=values, markers=markers)

"""Demo learners at different stages (documented in the README). Runs after the courses loader.

Idempotent: accounts are found by e-mail, enrolments and completions are get_or_create services, and a
quiz is only taken again when the learner has not passed it yet.
"""

from __future__ import annotations

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts import groups
from courses.models import CoursePage
from courses.selectors import course_outline
from progress.models import AccompanimentEntry, ActivitySession, Certificate, CourseCompletion
from progress.proof import certificate_issue, learner_message, learner_relaunch
from progress.services import (
    activity_record_beat,
    attestation_issue,
    course_refresh_completion,
    enrolment_create,
    lesson_complete,
    lesson_visit,
)
from quizzes.models import AttemptStatus, QuestionKind
from quizzes.selectors import quiz_status_for_user
from quizzes.services import answer_review, attempt_start, attempt_submit
from trainers.models import CourseAssignment

FINISHED_COURSE = "democratie-locale-participation"
HALFWAY_COURSES = ["fondamentaux-politique-de-la-ville", "laicite-valeurs-republique"]
TRAINER_EMAIL = "formatrice@demo.elus-quartiers.fr"

# The first one exists already (demo/site.py); the other two are created here.
LEARNERS = [
    {"email": "elue@demo.elus-quartiers.fr"},
    {
        "email": "elu-en-cours@demo.elus-quartiers.fr",
        "password": "Demo-EnCours-2026",
        "first_name": "Erwan",
        "last_name": "Le Gall",
        "collectivite": "Rennes",
        "mandate": "conseiller_delegue",
        "region": "bretagne",
        "departement": "35",
    },
    {
        "email": "nouvelle-elue@demo.elus-quartiers.fr",
        "password": "Demo-Nouvelle-2026",
        "first_name": "Léa",
        "last_name": "Moreau",
        "collectivite": "Angers",
        "mandate": "conseiller",
        "region": "pays_de_la_loire",
        "departement": "49",
    },
]


def _learner(account: dict):
    User = get_user_model()
    account = dict(account)
    password = account.pop("password", None)
    if password is None:
        return User.objects.get(email=account["email"])
    user, _ = User.objects.update_or_create(email=account["email"], defaults=account)
    user.set_password(password)
    user.save()
    user.groups.set([Group.objects.get(name=groups.LEARNERS)])
    EmailAddress.objects.update_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
    return user


def _pass_quiz(user, quiz) -> None:
    """Take the quiz with the right answers (a trainer marks free-text answers) unless already passed."""
    if quiz is None or not quiz.live or quiz_status_for_user(user=user, quiz=quiz).passed:
        return
    attempt = attempt_start(user=user, quiz=quiz)
    data = {}
    for question in attempt.snapshot:
        key = f"q{question['position']}"
        if question["kind"] == QuestionKind.FREE_TEXT:
            data[key] = ["Réponse de démonstration : le conseil citoyen associe les habitants au contrat de ville."]
        else:
            data[key] = [str(choice["id"]) for choice in question["choices"] if choice["correct"]]
    attempt = attempt_submit(attempt=attempt, user=user, data=data)
    if attempt.status == AttemptStatus.AWAITING_REVIEW:
        trainer = get_user_model().objects.get(email=TRAINER_EMAIL)
        points = {question["position"]: question["points"] for question in attempt.snapshot}
        for answer in attempt.answers.filter(score__isnull=True):
            answer_review(answer=answer, reviewer=trainer, points=points[answer.position], comment="Bonne réponse.")


# Course assignments of the demo trainers (reports show them the learners of these courses only).
VRL_TRAINER_EMAIL = "formateur-vrl@demo.elus-quartiers.fr"
ASSIGNMENTS = {
    TRAINER_EMAIL: [FINISHED_COURSE, "fondamentaux-politique-de-la-ville"],
    VRL_TRAINER_EMAIL: ["laicite-valeurs-republique"],
}
# The learner created by demo/site.py gets a département for the territorial report.
FIRST_LEARNER_DEPARTEMENT = "44"  # Saint-Nazaire


def _assign_trainers():

    User = get_user_model()
    administrator = User.objects.filter(is_superuser=True, email__endswith="@demo.elus-quartiers.fr").first()
    for email, slugs in ASSIGNMENTS.items():
        trainer = User.objects.filter(email=email).first()
        if trainer is None:
            continue
        for course in CoursePage.objects.filter(slug__in=slugs):
            _assignment, created = CourseAssignment.objects.get_or_create(
                trainer=trainer, course=course, defaults={"assigned_by": administrator}
            )
            if created:
                yield f"Rapports : {trainer.email} affecté·e à « {course.title} »"


def load():
    learners = [_learner(account) for account in LEARNERS]
    get_user_model().objects.filter(email=LEARNERS[0]["email"], departement="").update(departement=FIRST_LEARNER_DEPARTEMENT)
    yield from _assign_trainers()
    finisher, halfway, _newcomer = learners
    now = timezone.now()

    course = CoursePage.objects.live().filter(slug=FINISHED_COURSE).first()
    if course is not None:
        enrolment_create(user=finisher, course=course, now=now - timedelta(days=12))
        outline = course_outline(course=course)
        measured = ActivitySession.objects.filter(user=finisher, source=ActivitySession.Source.HEARTBEAT).exists()
        moment = now - timedelta(days=10, hours=3)
        for item in outline.modules:
            for lesson in item.lessons:
                # Time on task as the lesson page's heartbeat records it: 45-second beats, about 80 % of
                # the estimate (once: a second load adds nothing).
                lesson_visit(user=finisher, lesson=lesson, now=moment)
                beats = 0 if measured else max(1, round((lesson.estimated_minutes or 1) * 60 * 0.8 / 45))
                for _beat in range(beats):
                    moment += timedelta(seconds=45)
                    activity_record_beat(user=finisher, lesson=lesson, active_seconds=45, now=moment)
                lesson_complete(user=finisher, lesson=lesson, now=moment)
                moment += timedelta(minutes=2)
            _pass_quiz(finisher, item.module.quiz)
        _pass_quiz(finisher, course.final_quiz)
        completion = course_refresh_completion(user=finisher, course=course)
        if completion is not None:
            attestation = attestation_issue(completion=completion)
            yield f"Progression : {finisher.email} a terminé « {course.title} » (attestation {attestation.identifier})"
            issuer = CourseAssignment.objects.filter(course=course).select_related("trainer").first()
            if issuer is not None and not Certificate.objects.filter(user=finisher, course=course).exists():
                certificate = certificate_issue(issuer=issuer.trainer, learner=finisher, course=course)
                yield f"Preuve : certificat de réalisation {certificate.identifier} pour {finisher.email}"

    for slug in HALFWAY_COURSES:
        course = CoursePage.objects.live().filter(slug=slug).first()
        if course is None:
            continue
        enrolment_create(user=halfway, course=course, now=now - timedelta(days=6))
        outline = course_outline(course=course)
        lessons = [lesson for _item, lesson in outline.lessons]
        done = lessons[: len(lessons) // 2]
        for lesson in done:
            lesson_complete(user=halfway, lesson=lesson, now=now - timedelta(days=3))
        for item in outline.modules:  # modules whose lessons are all done: their quiz is passed too
            if item.lessons and all(lesson in done for lesson in item.lessons):
                _pass_quiz(halfway, item.module.quiz)
        if len(lessons) > 1:
            lesson_visit(user=halfway, lesson=lessons[len(lessons) // 2], now=now - timedelta(days=2))
        yield f"Progression : {halfway.email} est à mi-parcours de « {course.title} »"
        assignment = CourseAssignment.objects.filter(course=course).select_related("trainer").first()
        if assignment is not None and not AccompanimentEntry.objects.filter(learner=halfway, course=course).exists():
            learner_relaunch(
                sender=assignment.trainer,
                learner=halfway,
                course=course,
                message="Bonjour, vous avez bien avancé : il vous reste quelques leçons. N'hésitez pas à me poser vos questions.",
                now=now - timedelta(days=1),
            )
            yield f"Preuve : relance de {halfway.email} par {assignment.trainer.email} (journal d'accompagnement)"
        if assignment is not None and slug == HALFWAY_COURSES[0]:
            # One message in the log (channel « Message »); its fixed key makes a second load add nothing.
            _entry, sent = learner_message(
                sender=assignment.trainer,
                learner=halfway,
                course=course,
                subject="Votre question sur le conseil citoyen",
                text=(
                    "Bonjour, pour répondre à votre question : le conseil citoyen est associé à toutes les étapes "
                    "du contrat de ville, de son élaboration à son évaluation. Le glossaire du site le présente "
                    "en détail. Bonne suite de parcours !"
                ),
                key="demo-message",
                now=now - timedelta(hours=20),
            )
            if sent:
                yield f"Preuve : message de {assignment.trainer.email} à {halfway.email} (journal d'accompagnement)"
    yield f"Progression : {_newcomer.email} vient de s'inscrire (aucun parcours commencé)"
    yield f"Progression : {CourseCompletion.objects.count()} parcours terminé(s) au total"

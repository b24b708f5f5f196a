"""`manage.py bench_plan --output plan.json` (bench settings only): what the load generator requests.

Signs the load generator's learners in by creating their sessions directly (as `login()` would):
going through the sign-in form would spend the run hashing passwords, which is not what is measured.
"""

import json
from importlib import import_module

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.urls import NoReverseMatch, reverse

from bench.baseline import baseline_page_create
from bench.dataset import TRAINER_EMAIL
from courses.models import COURSE_QUERY_PARAMETER, CourseIndexPage, CoursePage, LessonPage
from webinars.models import WebinarIndexPage

BACKEND = settings.AUTHENTICATION_BACKENDS[0]


def session_for(user) -> str:
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = BACKEND
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


def optional_url(name: str, *args) -> str:
    """A URL of a feature that may not exist in this version of the code ("" then)."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


class Command(BaseCommand):
    help = "Écrit le plan de charge du banc d'essai (sessions des apprenant·es, adresses à visiter)."

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True)
        parser.add_argument("--learners", type=int, default=40, help="Nombre d'apprenant·es connecté·es.")

    def handle(self, *args, **options):
        User = get_user_model()
        report_course = CoursePage.objects.live().order_by("path").first()
        if report_course is None:
            raise CommandError("Aucun parcours : lancez d'abord manage.py bench_dataset.")
        course_query = f"?{COURSE_QUERY_PARAMETER}={report_course.slug}"
        lesson = LessonPage.objects.live().order_by("path").first()
        # The first learners created are the ones with DASHBOARD_ENROLMENTS enrolments (bench.dataset).
        learners = list(User.objects.filter(is_staff=False).order_by("pk")[: 2 * options["learners"]])
        learner_plans = [{"sessionid": session_for(user), "email": user.email} for user in learners[: options["learners"]]]
        # The scenarios that write (lessons completed, time beats, quizzes taken) sign in as other
        # learners: the attempts and completions they add run after run would otherwise make the
        # dashboards and course pages measured next read more rows at each run.
        writer_plans = [{"sessionid": session_for(user), "email": user.email} for user in learners[options["learners"] :]]
        if not learner_plans:
            raise CommandError("Aucun·e apprenant·e dans la base : lancez d'abord manage.py bench_dataset.")
        # The lessons of the course's first modules: « J'ai terminé cette leçon » on each, in turn.
        lessons = list(LessonPage.objects.live().order_by("path").values_list("pk", flat=True)[:24])
        module_quiz = report_course.course_modules.select_related("module__quiz").first().module.quiz
        trainer = User.objects.get(email=TRAINER_EMAIL)
        report_url = optional_url("progress_report_course", report_course.pk)
        search_url = optional_url("courses:search")
        plan = {
            "learners": learner_plans,
            "writing_learners": writer_plans or learner_plans,
            "trainer_sessionid": session_for(trainer),
            "catalogue_url": CourseIndexPage.objects.get().get_url(),
            "course_url": report_course.get_url(),
            "lesson_url": lesson.get_url() + course_query,
            "complete_lesson_urls": [reverse("progress:complete_lesson", args=[pk]) for pk in lessons],
            "activity_urls": [reverse("progress:activity_beat", args=[pk]) for pk in lessons],
            "quiz_start_url": reverse("quizzes:start", args=[module_quiz.public_id]),
            "dashboard_url": reverse("progress:dashboard"),
            "webinars_url": WebinarIndexPage.objects.get().get_url(),
            # A word of every demo lesson body: the search finds courses, modules, lessons and terms.
            "search_url": search_url + "?q=contrat" if search_url else "",
            "ics_url": reverse("webinars:feed"),
            "baseline_url": baseline_page_create().get_url(),
            "report_url": report_url,
            # Over REPORT_SYNC_EXPORT_MAX_ROWS rows, the export is queued for Celery (reports.exports).
            "report_csv_url": f"{report_url}?export=csv" if report_url else "",
        }
        with open(options["output"], "w", encoding="utf-8") as handle:
            json.dump(plan, handle, indent=2)
        self.stdout.write(f"Plan écrit dans {options['output']} ({len(learner_plans)} apprenant·es connecté·es)")

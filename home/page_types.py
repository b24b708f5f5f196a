"""One address per page type rendered by our own templates, found in whatever content the database
holds (the demo content, or what a test built): the list that scripts/screenshot.py photographs and
that the responsive browser test walks. Nothing here writes to the database."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from courses.models import CourseIndexPage, CoursePage, GlossaryPage, LessonPage, ModuleLibraryPage, ModulePage, ModuleSectionPage
from livequiz.models import LiveSession
from progress.models import Attestation
from quizzes.models import Attempt, AttemptStatus, Quiz
from webinars.models import WebinarIndexPage, WebinarPage

from .models import StandardPage

ROLES = ("visitor", "learner", "trainer")


def _first(queryset):
    item = queryset.first()
    return item.specific if item is not None and hasattr(item, "specific") else item


def visitor_pages() -> list[tuple[str, str]]:
    """(name, path) of the public pages."""
    pages = [("accueil", "/")]
    course = _first(CoursePage.objects.live().order_by("path"))
    for name, page in [
        ("catalogue", _first(CourseIndexPage.objects.live())),
        ("parcours", course),
        ("bibliotheque", _first(ModuleLibraryPage.objects.live())),
        ("section", _first(ModuleSectionPage.objects.live())),
        ("module", _first(ModulePage.objects.live().order_by("path"))),
        ("glossaire", _first(GlossaryPage.objects.live())),
        ("webinaires", _first(WebinarIndexPage.objects.live())),
        ("webinaire", _first(WebinarPage.objects.live().order_by("-start"))),
        ("page-legale", _first(StandardPage.objects.live().order_by("path"))),
    ]:
        if page is not None:
            pages.append((name, page.url))
    if course is not None:
        lesson = _first(LessonPage.objects.live().filter(path__startswith=_first_module_path(course)).order_by("path"))
        if lesson is not None:
            pages.append(("lecon", f"{lesson.url}?parcours={course.slug}"))
    quiz = Quiz.objects.filter(live=True).order_by("pk").first()
    if quiz is not None:
        pages.append(("quiz", reverse("quizzes:detail", args=[quiz.public_id])))
    pages += [
        ("recherche", reverse("courses:search") + "?q=contrat+de+ville"),
        ("connexion", reverse("account_login")),
        ("inscription", reverse("account_signup")),
        ("mot-de-passe-oublie", reverse("account_reset_password")),
        ("verifier-attestation", reverse("progress:verify_form")),
        ("salle", reverse("livequiz:join")),
        # Under DEBUG, Django answers an unknown address with its own page; /404/ shows ours.
        ("page-introuvable", "/404/" if settings.DEBUG else "/page-qui-n-existe-pas/"),
    ]
    attestation = Attestation.objects.order_by("pk").first()
    if attestation is not None:
        pages.append(("attestation-verifiee", reverse("progress:verify", args=[attestation.identifier])))
    return [(name, path) for name, path in pages if path]


def _first_module_path(course: CoursePage) -> str:
    link = course.course_modules.select_related("module").order_by("sort_order").first()
    return link.module.path if link else "-"


def learner_pages(user) -> list[tuple[str, str]]:
    """(name, path) of the pages of a signed-in learner."""
    pages = [
        ("mon-parcours", reverse("progress:dashboard")),
        ("mon-compte", reverse("accounts:profile")),
        ("adresse-e-mail", reverse("account_email")),
        ("mot-de-passe", reverse("account_change_password")),
        ("supprimer-mon-compte", reverse("accounts:delete")),
    ]
    attempts = Attempt.objects.filter(user=user).order_by("-pk")
    taking = attempts.filter(status=AttemptStatus.IN_PROGRESS).first()
    if taking is not None:
        pages.append(("quiz-en-cours", reverse("quizzes:take", args=[taking.public_id])))
        pages.append(("quiz-verifier", reverse("quizzes:review", args=[taking.public_id])))
    done = attempts.exclude(status=AttemptStatus.IN_PROGRESS).first()
    if done is not None:
        pages.append(("quiz-resultat", reverse("quizzes:result", args=[done.public_id])))
    return pages


def trainer_pages() -> list[tuple[str, str]]:
    """(name, path) of the trainer pages that our templates render (the Wagtail admin is Wagtail's)."""
    pages = []
    module = ModulePage.objects.live().exclude(quiz=None).order_by("path").first() or ModulePage.objects.live().first()
    if module is not None:
        pages += [
            ("support", reverse("trainers:handout", args=[module.pk])),
            ("support-corrige", reverse("trainers:handout", args=[module.pk]) + "?corrige=1"),
        ]
    session = LiveSession.objects.filter(closed_at=None).order_by("-pk").first()
    if session is not None:
        pages.append(("salle-projection", reverse("livequiz:projection", args=[session.public_id])))
    return pages


def pages_for(role: str, user=None) -> list[tuple[str, str]]:
    """The page types a `role` (visitor, learner, trainer) can open; learners and trainers also see
    the public pages signed in (the header changes)."""
    if role == "visitor":
        return visitor_pages()
    public = [(name, path) for name, path in visitor_pages() if name in ("accueil", "parcours", "lecon", "webinaire")]
    if role == "learner":
        return learner_pages(user) + public
    if role == "trainer":
        return trainer_pages() + public
    raise ValueError(f"unknown role {role!r}: one of {', '.join(ROLES)}")

"""Read-side of the courses app: what the learner pages show, in a fixed number of queries.

Every function is keyword-only and returns plain data (dataclasses around pages), so templates only
loop and print. None of them issues a query per module or per lesson: the number of queries does not
grow with the size of a course (tests/courses/test_selectors_query_budget.py).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, partial
from string import ascii_uppercase
from urllib.parse import urlencode

from django.core.validators import slug_unicode_re
from django.db.models import Case, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Length, Substr
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, Site

from core.ancestry import page_ancestors
from core.content_cache import cached_content, cached_contents
from core.pagination import page_number
from quizzes.selectors import quiz_label, quiz_status_for_user

from .models import (
    COURSE_QUERY_PARAMETER,
    CourseIndexPage,
    CourseModule,
    CoursePage,
    GlossaryTerm,
    LessonPage,
    ModulePage,
    ModuleSectionPage,
    Theme,
)

STEPLEN = Page.steplen
SLUG_MAX_LENGTH = Page._meta.get_field("slug").max_length


class DurationRange:
    """Duration filters of the catalogue; bounds in minutes (lower exclusive, upper inclusive)."""

    UP_TO_2H = "jusqu-a-2h"
    FROM_2H_TO_3H = "2h-a-3h"
    OVER_3H = "plus-de-3h"

    choices = [
        (UP_TO_2H, _("Jusqu'à 2 h")),
        (FROM_2H_TO_3H, _("De 2 h à 3 h")),
        (OVER_3H, _("Plus de 3 h")),
    ]
    bounds = {UP_TO_2H: (None, 120), FROM_2H_TO_3H: (120, 180), OVER_3H: (180, None)}

    @classmethod
    def contains(cls, key: str, minutes: int) -> bool:
        low, high = cls.bounds[key]
        return (low is None or minutes > low) and (high is None or minutes <= high)


# --- Lessons of several modules in one query ------------------------------------------------------


def _parent_path(path: str) -> str:
    return path[:-STEPLEN]


def _children_of_paths(pages, paths: set[str]):
    """Pages whose parent is at one of `paths`: one IN on the parent path. (An OR of one
    `path LIKE …% AND depth = …` per parent took 40 % longer for a dashboard's 55 modules, see
    docs/performance.md.)"""
    return pages.annotate(parent_path=Substr("path", 1, Length("path") - STEPLEN)).filter(parent_path__in=paths)


def lessons_by_module_path(modules) -> dict[str, list[LessonPage]]:
    """Live lessons of the given modules, in tree order, keyed by module path (one query)."""
    modules = list(modules)
    if not modules:
        return {}
    lessons = _children_of_paths(LessonPage.objects.live(), {module.path for module in modules})
    lessons = lessons.defer_streamfields().order_by("path")
    by_module = defaultdict(list)
    for lesson in lessons:
        by_module[_parent_path(lesson.path)].append(lesson)
    return by_module


def _lesson_minutes_by_module_path(paths: set[str]) -> dict[str, tuple[int, int]]:
    """(lesson count, minutes) of the live lessons under each module path (one query)."""
    if not paths:
        return {}
    totals: dict[str, tuple[int, int]] = defaultdict(lambda: (0, 0))
    for path, minutes in _children_of_paths(LessonPage.objects.live(), paths).values_list("path", "estimated_minutes"):
        count, total = totals[_parent_path(path)]
        totals[_parent_path(path)] = (count + 1, total + minutes)
    return totals


def _themes_by_page(through_model, page_field: str, page_ids) -> dict[int, list[Theme]]:
    """Themes of many pages through their ParentalManyToMany table (one query)."""
    themes = defaultdict(list)
    rows = through_model.objects.filter(**{f"{page_field}__in": list(page_ids)}).select_related("theme").order_by("theme__name")
    for row in rows:
        themes[getattr(row, f"{page_field}_id")].append(row.theme)
    return themes


# --- Course outline --------------------------------------------------------------------------------


@dataclass
class OutlineModule:
    module: ModulePage
    lessons: list[LessonPage]
    number: int

    @property
    def minutes(self) -> int:
        return sum(lesson.estimated_minutes for lesson in self.lessons)


@dataclass
class CourseOutline:
    course: CoursePage
    modules: list[OutlineModule]

    @property
    def minutes(self) -> int:
        return sum(item.minutes for item in self.modules)

    @property
    def lessons(self) -> list[tuple[OutlineModule, LessonPage]]:
        return [(item, lesson) for item in self.modules for lesson in item.lessons]

    @property
    def lesson_count(self) -> int:
        return sum(len(item.lessons) for item in self.modules)

    @property
    def first_lesson(self) -> LessonPage | None:
        lessons = self.lessons
        return lessons[0][1] if lessons else None


def courses_holding_module(module_path: str) -> list[int]:
    """The ids of the courses (live or not) that hold the module at `module_path`: whose reminder
    clock and report a lesson of it moves (content cache: no join at each lesson or quiz)."""
    return cached_content(
        f"module-courses:{module_path}",
        lambda: sorted(CourseModule.objects.filter(module__path=module_path).values_list("page_id", flat=True)),
    )


def courses_holding_lesson(lesson: LessonPage) -> list[int]:
    """The ids of the courses that hold the lesson's module."""
    return courses_holding_module(_parent_path(lesson.path))


def courses_holding_quiz(quiz_id: int) -> list[int]:
    """The ids of the courses (live or not) where the quiz is a step: a module's quiz or the final quiz."""

    def build():
        modules = CourseModule.objects.filter(module__quiz_id=quiz_id).values_list("page_id", flat=True)
        finals = CoursePage.objects.filter(final_quiz_id=quiz_id).values_list("pk", flat=True)
        return sorted(set(modules) | set(finals))

    return cached_content(f"quiz-courses:{quiz_id}", build)


def course_outline(*, course: CoursePage) -> CourseOutline:
    """The live modules of a course in order, each with its live lessons (two queries on a miss of
    the shared content cache, none after)."""
    if course.pk is None or course.course_modules.is_deferring:
        # A preview or a revision: the modules are the ones in memory, not (yet) in the database.
        links = sorted(course.course_modules.all(), key=lambda link: link.sort_order or 0)
        return _outline(course=course, modules=[link.module for link in links if link.module_id and link.module.live])
    return course_outlines(courses=[course])[course.pk]


def course_outlines(*, courses) -> dict[int, CourseOutline]:
    """{course id: outline} of live courses read from the database (a learner's dashboard): the
    outlines come from the shared content cache, those missing are built together in two queries.
    Each outline holds the course instance given here, the cached part is its modules and lessons."""
    courses = {course.pk: course for course in courses}
    modules = cached_contents("outline-modules", list(courses), _outline_modules)
    return {pk: CourseOutline(course=course, modules=modules[pk]) for pk, course in courses.items()}


def theme_choices() -> list[tuple[str, str]]:
    """(slug, name) of every theme by name, for the catalogue's filter: from the content cache."""
    return cached_content("theme-choices", lambda: list(Theme.objects.order_by("name").values_list("slug", "name")))


def course_themes(*, course: CoursePage) -> list[Theme]:
    """The course's themes by name: the same for every visitor until content changes, so from the
    shared content cache (one query on a miss). A course read from a revision (a preview) shows the
    themes being edited."""
    if course.pk is None or "themes" in getattr(course, "_cluster_related_objects", {}):
        return list(course.themes.all())
    return cached_content(f"course-themes:{course.pk}", lambda: list(course.themes.order_by("name")))


def with_site_root_paths(pages: list) -> list:
    """Pages kept in the content cache carry the site root paths Wagtail needs for their URLs
    (Page._get_site_root_paths reads this attribute first): without them, every `page.url` of a page
    read back from the cache fetched the root paths from Redis again (≈ 250 reads for a dashboard of
    10 courses). A site change moves the content generation, so the copy is never stale. Returns
    `pages`."""
    root_paths = Site.get_site_root_paths()
    for page in pages:
        page._wagtail_cached_site_root_paths = root_paths
    return pages


def _outline_modules(course_ids: list[int]) -> dict[int, list[OutlineModule]]:
    links = (
        CourseModule.objects.filter(page_id__in=course_ids, module__live=True)
        .select_related("module")
        .defer("module__objectives")
        .order_by("sort_order", "pk")
    )
    by_course = {pk: [] for pk in course_ids}
    for link in links:
        by_course[link.page_id].append(link.module)
    lessons = lessons_by_module_path(module for modules in by_course.values() for module in modules)
    with_site_root_paths(
        [m for modules in by_course.values() for m in modules] + [x for items in lessons.values() for x in items]
    )
    return {pk: _numbered(modules, lessons) for pk, modules in by_course.items()}


def module_number_of_lesson(outline: CourseOutline):
    """An expression on rows with a `lesson_id` (progress, activity sessions): the number of the
    outline's module that holds the lesson, None outside the outline; None when it has no lesson.
    Lets the database group a learner's rows by module in one query."""
    by_number: dict[int, list[int]] = {}
    for item in outline.modules:
        if item.lessons:
            by_number[item.number] = [lesson.pk for lesson in item.lessons]
    if not by_number:
        return None
    return Case(
        *[When(lesson_id__in=ids, then=Value(number)) for number, ids in by_number.items()],
        output_field=IntegerField(),
    )


def _numbered(modules: list[ModulePage], lessons: dict[str, list[LessonPage]]) -> list[OutlineModule]:
    return [OutlineModule(module=module, lessons=lessons.get(module.path, []), number=i) for i, module in enumerate(modules, 1)]


def _outline(*, course: CoursePage, modules: list[ModulePage]) -> CourseOutline:
    """The outline of `course` from its live modules in order, with their live lessons (one query)."""
    return CourseOutline(course=course, modules=_numbered(modules, lessons_by_module_path(modules)))


# --- Lesson navigation -----------------------------------------------------------------------------


@dataclass
class LessonNavigation:
    lesson: LessonPage
    module: Page | None
    course: CoursePage | None
    previous: LessonPage | None
    next: LessonPage | None
    position: int
    total: int
    breadcrumbs: list[tuple[str, str]] = field(default_factory=list)
    # Module of the previous/next lesson when it differs from the current one (course context only).
    previous_module: Page | None = None
    next_module: Page | None = None

    @property
    def query(self) -> str:
        """Query string that keeps the course context on lesson links."""
        return f"?{COURSE_QUERY_PARAMETER}={self.course.slug}" if self.course else ""


def course_outline_by_slug(*, slug: str) -> CourseOutline | None:
    """The outline of the live course a lesson was opened from (?parcours=<slug>), None when there
    is no such course or it has no live module (no lesson can be in it then).

    Every learner opening a lesson of the course reads the same outline: it comes from the shared
    content cache, renewed whenever content is published (elearning/content_cache.py). On a miss,
    two queries: the course, its modules and its course index's title, then the lessons."""
    if not slug or len(slug) > SLUG_MAX_LENGTH or not slug_unicode_re.match(slug):
        return None
    return cached_content(f"outline:{slug}", lambda: _course_outline_by_slug(slug))


def _course_outline_by_slug(slug: str) -> CourseOutline | None:
    index = Page.objects.filter(path=Substr(OuterRef("page__path"), 1, Length(OuterRef("page__path")) - STEPLEN))
    links = list(
        CourseModule.objects.filter(page__slug=slug, page__live=True, module__live=True)
        .select_related("page", "module")
        .defer("module__objectives")
        .annotate(index_title=Subquery(index.values("title")[:1]), index_url_path=Subquery(index.values("url_path")[:1]))
        .order_by("page__path", "sort_order", "pk")
    )
    if not links:
        return None
    # Two live courses could share a slug under different indexes: the first in the tree.
    links = [link for link in links if link.page_id == links[0].page_id]
    course = links[0].page
    course.index_title, course.index_url_path = links[0].index_title, links[0].index_url_path
    outline = _outline(course=course, modules=[link.module for link in links])
    with_site_root_paths([course, *(item.module for item in outline.modules), *(lesson for _item, lesson in outline.lessons)])
    return outline


def _course_index_crumb(course: CoursePage) -> tuple[str, str] | None:
    """(title, url) of the course's parent, from `course_outline_by_slug`'s reading when there was one."""
    if getattr(course, "index_url_path", None) is not None:
        # The parent's URL is the course's without the course's own last segment of url_path.
        url = course.url[: len(course.url) - (len(course.url_path) - len(course.index_url_path))]
        return course.index_title, url
    course_index = Page.objects.parent_of(course).first()
    return (course_index.title, course_index.url) if course_index is not None else None


def lesson_navigation(
    *, lesson: LessonPage, course: CoursePage | None = None, outline: CourseOutline | None = None
) -> LessonNavigation:
    """Previous/next and breadcrumbs of a lesson.

    In a course, previous/next run across the whole course, module after module, and the breadcrumb
    is Accueil › Parcours › course › module › lesson. Without a course, or when the lesson is not in
    that course, they stay within the module and the breadcrumb follows the page tree.
    """
    if lesson.pk is None:  # previewing a lesson that is not saved yet
        return LessonNavigation(lesson=lesson, module=None, course=None, previous=None, next=None, position=0, total=0)
    if course is not None:
        navigation = _navigation_in_course(lesson=lesson, course=course, outline=outline)
        if navigation is not None:
            return navigation
    return _navigation_in_module(lesson=lesson)


def _navigation_in_course(*, lesson: LessonPage, course: CoursePage, outline: CourseOutline | None) -> LessonNavigation | None:
    if outline is None:
        outline = course_outline(course=course)
    sequence = outline.lessons
    index = next((i for i, (_item, item_lesson) in enumerate(sequence) if item_lesson.pk == lesson.pk), None)
    if index is None:
        return None
    item = sequence[index][0]
    previous_item, previous_lesson = sequence[index - 1] if index > 0 else (None, None)
    next_item, next_lesson = sequence[index + 1] if index + 1 < len(sequence) else (None, None)
    crumb = _course_index_crumb(course)
    breadcrumbs = [crumb] if crumb is not None else []
    breadcrumbs += [(course.title, course.url), (item.module.title, item.module.url)]
    return LessonNavigation(
        lesson=lesson,
        module=item.module,
        course=course,
        previous=previous_lesson,
        next=next_lesson,
        position=index + 1,
        total=len(sequence),
        breadcrumbs=breadcrumbs,
        previous_module=previous_item.module if previous_item and previous_item is not item else None,
        next_module=next_item.module if next_item and next_item is not item else None,
    )


def _navigation_in_module(*, lesson: LessonPage) -> LessonNavigation:
    siblings = list(LessonPage.objects.live().sibling_of(lesson, inclusive=True).defer_streamfields().order_by("path"))
    index = next((i for i, sibling in enumerate(siblings) if sibling.pk == lesson.pk), None)
    # The chain the view-restriction check read already (core.ancestry): no query of its own.
    ancestors = [ancestor for ancestor in page_ancestors(lesson) if ancestor.depth > 2]
    module = ancestors[-1] if ancestors else lesson.get_parent()
    if index is None:  # a draft previewed by its author: not among the live siblings
        previous_lesson = next_lesson = None
        position, total = 0, len(siblings)
    else:
        previous_lesson = siblings[index - 1] if index > 0 else None
        next_lesson = siblings[index + 1] if index + 1 < len(siblings) else None
        position, total = index + 1, len(siblings)
    return LessonNavigation(
        lesson=lesson,
        module=module,
        course=None,
        previous=previous_lesson,
        next=next_lesson,
        position=position,
        total=total,
        # A draft ancestor (a trainer's private space) would name a person and lead to a 404.
        breadcrumbs=[(ancestor.title, ancestor.url) for ancestor in ancestors if ancestor.live],
    )


def module_quiz_after_lesson(*, navigation: LessonNavigation):
    """The live end-of-module quiz to offer after the module's last lesson, else None (one query at
    most, which also counts its questions for the quiz card)."""
    from quizzes.models import Quiz
    from quizzes.selectors import with_question_count

    module = navigation.module
    last_of_module = navigation.next is None or navigation.next_module is not None
    if module is None or not last_of_module:
        return None
    # The module is a plain Page here: its quiz is read through the module's row, in the same query.
    return with_question_count(Quiz.objects.filter(live=True, end_of_modules__pk=module.pk)).first()


@dataclass
class LessonNext:
    """What « Suivant » offers after a lesson: the next lesson, or the module's quiz while it is not passed."""

    url: str
    title: str
    button: str  # words of the button under the lesson
    quiz: object = None  # the module's quiz when the next step is that quiz
    quiz_status: object = None  # the learner's standing in the module's quiz (None: not signed in or no quiz)

    @property
    def is_quiz(self) -> bool:
        return self.quiz is not None


def lesson_next_step(*, navigation: LessonNavigation, module_quiz, user, back: str) -> LessonNext | None:
    """After a module's last lesson, its quiz comes next until the learner has passed it (visitors
    too: they can read the quiz's page); otherwise the next lesson. One query for a signed-in
    learner when there is a module quiz, none otherwise. `back` is where the quiz leads back to."""
    quiz_status = None
    if module_quiz is not None and user is not None and user.is_authenticated:
        quiz_status = quiz_status_for_user(user=user, quiz=module_quiz)
    if module_quiz is not None and not (quiz_status and quiz_status.passed):
        url = reverse("quizzes:detail", args=[module_quiz.public_id])
        return LessonNext(
            url=f"{url}?{urlencode({'retour': back})}" if back else url,
            title=quiz_label(heading="Quiz du module", title=module_quiz.title),
            button="Passer au quiz du module",
            quiz=module_quiz,
            quiz_status=quiz_status,
        )
    if navigation.next is not None:
        return LessonNext(
            url=f"{navigation.next.url}{navigation.query}",
            title=navigation.next.title,
            button="Leçon suivante",
            quiz_status=quiz_status,
        )
    return LessonNext(url="", title="", button="", quiz_status=quiz_status) if quiz_status is not None else None


# --- Catalogue ------------------------------------------------------------------------------------


@dataclass
class CourseCard:
    course: CoursePage
    minutes: int
    module_count: int
    lesson_count: int
    themes: list[Theme]


CATALOGUE_PER_PAGE = 12


def catalogue(
    *, index: CourseIndexPage | None = None, theme: Theme | None = None, duration: str | None = None
) -> list[CourseCard]:
    """Every live course of the catalogue as a card, filtered by theme and duration (for short lists:
    a page of the catalogue reads `catalogue_ids` then the cards of its own slice)."""
    return course_cards(catalogue_ids(index=index, theme=theme, duration=duration))


def featured_courses(*, count: int = 3) -> list[CourseCard]:
    """The first `count` cards of the catalogue, for the home page: one entry of the shared content
    cache, five queries on a miss whatever the size of the catalogue."""

    def build() -> list[CourseCard]:
        ids = list(CoursePage.objects.live().order_by("path").values_list("pk", flat=True)[:count])
        cards = _build_course_cards(ids)
        return [cards[pk] for pk in ids if pk in cards]

    return cached_content(f"featured-courses:{count}", build)


def catalogue_ids(*, index: CourseIndexPage | None = None, theme: Theme | None = None, duration: str | None = None) -> list[int]:
    """The ids of the live courses, in the catalogue's order, filtered by theme and duration: from the
    shared content cache (a list of numbers, the same for every visitor until content changes), one
    query on a miss, three with a duration."""
    duration = duration if duration in DurationRange.bounds else ""
    key = f"catalogue-ids:{index.pk if index is not None else 0}:{theme.pk if theme is not None else 0}:{duration}"
    return cached_content(key, lambda: _catalogue_ids(index=index, theme=theme, duration=duration))


def _catalogue_ids(*, index: CourseIndexPage | None, theme: Theme | None, duration: str) -> list[int]:
    courses = CoursePage.objects.live().order_by("path")
    if index is not None:
        courses = courses.child_of(index)
    if theme is not None:
        courses = courses.filter(themes=theme)
    ids = list(courses.values_list("pk", flat=True))
    if duration and ids:
        sizes = _course_sizes(ids)
        ids = [pk for pk in ids if DurationRange.contains(duration, sizes[pk][2])]
    return ids


def course_cards(ids: list[int]) -> list[CourseCard]:
    """The cards of these courses, in this order: each from the shared content cache, four queries
    for all the cards missing from it (a page of the catalogue costs the same whatever its size)."""
    cards = cached_contents("course-card", ids, _build_course_cards)
    return [cards[pk] for pk in ids if pk in cards]


def live_courses(ids) -> dict[int, CoursePage]:
    """{id: course} of the live courses among `ids`, from their cards in the content cache (the
    courses of a learner's dashboard)."""
    return {card.course.pk: card.course for card in course_cards(list(ids))}


def _course_sizes(ids: list[int]) -> dict[int, tuple[int, int, int]]:
    """{course id: (modules, lessons, minutes)} of its live modules (two queries)."""
    links = list(
        CourseModule.objects.filter(page_id__in=ids, module__live=True)
        .order_by("sort_order")
        .values_list("page_id", "module__path")
    )
    totals = _lesson_minutes_by_module_path({path for _page, path in links})
    paths_by_course: dict[int, list[str]] = defaultdict(list)
    for page_id, path in links:
        paths_by_course[page_id].append(path)
    sizes = {}
    for pk in ids:
        paths = paths_by_course.get(pk, [])
        sizes[pk] = (
            len(paths),
            sum(totals[path][0] for path in paths if path in totals),
            sum(totals[path][1] for path in paths if path in totals),
        )
    return sizes


def _build_course_cards(ids: list[int]) -> dict[int, CourseCard]:
    courses = list(CoursePage.objects.live().filter(pk__in=ids).defer_streamfields().select_related("cover_image"))
    if not courses:
        return {}
    found = [course.pk for course in courses]
    with_site_root_paths(courses)
    themes = _themes_by_page(CoursePage._meta.get_field("themes").remote_field.through, "coursepage", found)
    sizes = _course_sizes(found)
    return {
        course.pk: CourseCard(
            course=course,
            minutes=sizes[course.pk][2],
            module_count=sizes[course.pk][0],
            lesson_count=sizes[course.pk][1],
            themes=themes.get(course.pk, []),
        )
        for course in courses
    }


# --- Library and module pages ---------------------------------------------------------------------


@dataclass
class ModuleCard:
    module: ModulePage
    minutes: int
    lesson_count: int
    themes: list[Theme]


def module_cards(*, parent: Page) -> list[ModuleCard]:
    """Live modules directly under a library or section page, as cards: three queries."""
    modules = list(ModulePage.objects.child_of(parent).live().defer_streamfields().order_by("path"))
    if not modules:
        return []
    totals = _lesson_minutes_by_module_path({module.path for module in modules})
    themes = _themes_by_page(
        ModulePage._meta.get_field("themes").remote_field.through, "modulepage", [module.pk for module in modules]
    )
    return [
        ModuleCard(
            module=module,
            minutes=totals.get(module.path, (0, 0))[1],
            lesson_count=totals.get(module.path, (0, 0))[0],
            themes=themes.get(module.pk, []),
        )
        for module in modules
    ]


@dataclass
class SectionSummary:
    section: ModuleSectionPage
    module_count: int


def sections(*, library: Page) -> list[SectionSummary]:
    """Live sections of the library with their number of live modules: two queries."""
    section_pages = list(ModuleSectionPage.objects.child_of(library).live().order_by("path"))
    if not section_pages:
        return []
    counts = defaultdict(int)
    condition = Q()
    for section in section_pages:
        condition |= Q(path__startswith=section.path, depth=section.depth + 1)
    for path in ModulePage.objects.live().filter(condition).values_list("path", flat=True):
        counts[_parent_path(path)] += 1
    return [SectionSummary(section=section, module_count=counts[section.path]) for section in section_pages]


@dataclass
class ModuleDetails:
    module: ModulePage
    lessons: list[LessonPage]
    themes: list[Theme]
    courses: list[CoursePage]
    adapted_from: ModulePage | None

    @property
    def minutes(self) -> int:
        return sum(lesson.estimated_minutes for lesson in self.lessons)

    @property
    def source_updated(self) -> bool:
        """The original module has a newer version than the one this copy was adapted from."""
        return bool(self.adapted_from and self.adapted_from.version_date > self.module.version_date)


def module_details(*, module: ModulePage) -> ModuleDetails:
    """Lessons, themes, courses that contain the module, its origin and its quiz with its number of
    questions (read together, and kept on the module for the template's quiz card): five queries."""
    from quizzes.models import Quiz
    from quizzes.selectors import with_question_count

    if module.quiz_id:
        module.quiz = with_question_count(Quiz.objects.filter(pk=module.quiz_id)).first()
    lessons = list(LessonPage.objects.child_of(module).live().defer_streamfields().order_by("path"))
    courses = list(
        CoursePage.objects.live().filter(course_modules__module=module).defer_streamfields().distinct().order_by("path")
    )
    adapted_from = None
    if module.adapted_from_id:
        adapted_from = ModulePage.objects.live().defer_streamfields().filter(pk=module.adapted_from_id).first()
    return ModuleDetails(
        module=module,
        lessons=lessons,
        themes=list(module.themes.all()),
        courses=courses,
        adapted_from=adapted_from,
    )


# --- Glossary ---------------------------------------------------------------------------------------


def _sort_key(text: str) -> str:
    """Accent- and case-insensitive key: « Îlot » sorts with I, « Établissement » with E."""
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


@dataclass
class GlossaryLetter:
    letter: str
    terms: list[GlossaryTerm]

    @property
    def anchor(self) -> str:
        return f"lettre-{self.letter.lower()}"


def glossary_by_letter() -> list[GlossaryLetter]:
    """Every letter A–Z with its terms in alphabetical order (one query); letters may be empty."""
    groups: dict[str, list[GlossaryTerm]] = {letter: [] for letter in ascii_uppercase}
    for term in sorted(GlossaryTerm.objects.all(), key=lambda item: _sort_key(item.term)):
        initial = _sort_key(term.term)[:1].upper()
        groups.setdefault(initial if initial in groups else "#", []).append(term)
    return [GlossaryLetter(letter=letter, terms=terms) for letter, terms in groups.items()]


# --- Search -------------------------------------------------------------------------------------------


@dataclass
class SearchGroup:
    key: str
    title: str
    ids: list[int]  # the ids of this group's results on the page asked for (none when on other pages)
    total: int
    first_page: int = 1  # the page where the group's results begin
    url: str = ""  # the address of the group's heading, on its first page (set by the view)
    read: Callable[[list[int]], list] | None = field(default=None, repr=False)

    @cached_property
    def results(self) -> list:
        """The results themselves, read at first use: the page keeps their HTML in the content cache
        (templates/courses/search.html), so a page already shown once reads none of them."""
        return self.read(self.ids) if self.ids and self.read else []


@dataclass
class SearchResults:
    query: str
    groups: list[SearchGroup]
    page: int = 1
    digest: str = ""  # names the query in cache keys (the query's HTML fragments)

    @property
    def total(self) -> int:
        return sum(group.total for group in self.groups)


SEARCH_PER_PAGE = 20


SEARCH_SYNTAX = re.compile(r"[^\w'’]+")


def search_content(*, query: str, page: str | int | None = 1, per_page: int = SEARCH_PER_PAGE) -> SearchResults:
    """Courses, modules, lessons and glossary terms matching `query`, grouped by type, most relevant
    first in each group, `per_page` results a page: the groups follow one another across the pages.

    The counts of a query and the ids of each of its pages are the same for every visitor until
    content changes: they come from the shared content cache (one count per type, then one search per
    type that has results on the page, on a miss: ranking reads every match, so its cost grows with
    the content). A page then reads its own results by id: at most five queries, `per_page` results
    read. `page` is read as core.pagination does (not a number: the first page; past the end: the
    last)."""
    # Words only: quotes, stars, brackets and colons are query syntax for SQLite's FTS5 (a lone « " »
    # was a 500) and carry no meaning for a learner's search on either database.
    query = " ".join(SEARCH_SYNTAX.sub(" ", query).split())[:200]
    if not query:
        return SearchResults(query="", groups=[])
    # A digest, not the words: the key stays short and holds nothing a visitor typed.
    digest = hashlib.sha256(query.encode()).hexdigest()[:32]
    totals = cached_content(f"search-totals:{digest}", lambda: [hits.count() for _key, hits in _search_hits(query)])
    number = page_number(page, max(1, -(-sum(totals) // per_page)))
    ids = cached_content(f"search-page:{digest}:{per_page}:{number}", lambda: _search_page_ids(query, totals, number, per_page))
    groups, before = [], 0
    for (key, title, queryset), total in zip(_SEARCH_SOURCES, totals, strict=True):
        read = partial(_read_hits, queryset, with_modules=key == "lecons")
        groups.append(SearchGroup(key=key, title=title, ids=ids[key], total=total, first_page=before // per_page + 1, read=read))
        before += total
    return SearchResults(query=query, groups=groups, page=number, digest=digest)


# (group key, heading, what is searched) in the order the groups are shown.
_SEARCH_SOURCES = [
    ("parcours", _("Parcours"), lambda: CoursePage.objects.live().defer_streamfields()),
    ("modules", _("Modules"), lambda: ModulePage.objects.live().defer_streamfields()),
    ("lecons", _("Leçons"), lambda: LessonPage.objects.live().defer_streamfields()),
    ("glossaire", _("Glossaire"), lambda: GlossaryTerm.objects.all()),
]


def _search_hits(query: str):
    return [(key, queryset().search(query, operator="and")) for key, _title, queryset in _SEARCH_SOURCES]


def _search_page_ids(query: str, totals: list[int], number: int, per_page: int) -> dict[str, list[int]]:
    """{group key: ids of its results on page `number`, most relevant first}: one search per group
    that has results on that page."""
    start, stop = (number - 1) * per_page, number * per_page
    ids, before = {}, 0
    for (key, hits), total in zip(_search_hits(query), totals, strict=True):
        low, high = max(start - before, 0), min(stop - before, total)
        ids[key] = [hit.pk for hit in hits[low:high]] if low < high else []
        before += total
    return ids


def _read_hits(queryset, ids: list[int], *, with_modules: bool) -> list:
    """The rows of `ids` still in `queryset()`, in the order of `ids` (one query), lessons with their
    module (one more)."""
    rows = queryset().in_bulk(ids)
    hits = [rows[pk] for pk in ids if pk in rows]
    return _with_modules(hits) if with_modules and hits else hits


@dataclass
class LessonHit:
    lesson: LessonPage
    module: Page | None


def _with_modules(lessons: list[LessonPage]) -> list[LessonHit]:
    """Lesson results with their module (one query for all of them)."""
    paths = {_parent_path(lesson.path) for lesson in lessons}
    modules = {page.path: page for page in Page.objects.filter(path__in=paths)}
    return [LessonHit(lesson=lesson, module=modules.get(_parent_path(lesson.path))) for lesson in lessons]

"""Test data for the courses app: factory_boy / wagtail-factories, plus helpers that build a small tree."""

from dataclasses import dataclass

import factory
import wagtail_factories
from django.utils.text import slugify

from courses.models import (
    CourseIndexPage,
    CourseModule,
    CoursePage,
    GlossaryPage,
    GlossaryTerm,
    LessonPage,
    Licence,
    ModuleLibraryPage,
    ModulePage,
    ModuleSectionPage,
    Theme,
)
from home.models import HomePage


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Thématique {n}")
    slug = factory.LazyAttribute(lambda obj: slugify(obj.name))
    colour = "#1f3a68"


class GlossaryTermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GlossaryTerm
        django_get_or_create = ("slug",)

    term = factory.Sequence(lambda n: f"Terme {n}")
    slug = factory.LazyAttribute(lambda obj: slugify(obj.term))
    acronym = ""
    definition = "Une définition courte, en une phrase."
    source_title = "Source officielle"
    source_url = "https://www.example.org/source"


def lesson_body(*, text: str = "Un paragraphe de la leçon.") -> list[dict]:
    return [
        {"type": "heading", "value": "Une section"},
        {"type": "paragraph", "value": f"<p>{text}</p>"},
        {"type": "key_points", "value": {"title": "À retenir", "items": ["Un point clé."]}},
    ]


class CourseIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = CourseIndexPage

    title = "Parcours"
    slug = "parcours"


class ModuleLibraryPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ModuleLibraryPage

    title = "Bibliothèque de modules"
    slug = "modules"


class ModuleSectionPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ModuleSectionPage

    title = "Laïcité"
    slug = "laicite"


class GlossaryPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = GlossaryPage

    title = "Glossaire"
    slug = "glossaire"


class ModulePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ModulePage

    title = factory.Sequence(lambda n: f"Module {n}")
    slug = factory.LazyAttribute(lambda obj: slugify(obj.title))
    summary = "Ce que le module apprend, en une phrase."
    authors = "Centre de ressources politique de la ville"
    licence = Licence.LICENCE_OUVERTE_2


class LessonPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = LessonPage

    title = factory.Sequence(lambda n: f"Leçon {n}")
    slug = factory.LazyAttribute(lambda obj: slugify(obj.title))
    estimated_minutes = 10
    body = factory.LazyFunction(lesson_body)


class CoursePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = CoursePage

    title = factory.Sequence(lambda n: f"Parcours {n}")
    slug = factory.LazyAttribute(lambda obj: slugify(obj.title))
    summary = "Ce que le parcours apprend, en une phrase."


@dataclass
class Sections:
    home: HomePage
    course_index: CourseIndexPage
    library: ModuleLibraryPage
    laicite: ModuleSectionPage
    glossary: GlossaryPage


def build_sections() -> Sections:
    """The section pages of the site under the existing home page (created by a migration)."""
    home = HomePage.objects.get()
    library = ModuleLibraryPageFactory(parent=home)
    return Sections(
        home=home,
        course_index=CourseIndexPageFactory(parent=home),
        library=library,
        laicite=ModuleSectionPageFactory(parent=library),
        glossary=GlossaryPageFactory(parent=home),
    )


def module_with_lessons(*, parent, lessons: int = 3, minutes: int = 10, **kwargs) -> ModulePage:
    """A published module and its published lessons."""
    module = ModulePageFactory(parent=parent, **kwargs)
    for i in range(1, lessons + 1):
        LessonPageFactory(parent=module, title=f"{module.title} — leçon {i}", estimated_minutes=minutes)
    return module


def course_with_modules(*, course_index, modules, **kwargs) -> CoursePage:
    """A published course that lists `modules` in this order."""
    course = CoursePageFactory.build(**kwargs)
    course.course_modules = [CourseModule(module=module, sort_order=i) for i, module in enumerate(modules)]
    course_index.add_child(instance=course)
    return course

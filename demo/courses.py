"""Demo content for the courses app, read from demo_content/ (schema: demo_content/README.md).

Idempotent: themes and glossary terms are found by slug and updated; pages are found by slug under
their parent, updated, and published through a new revision. A YAML file whose shape is not the
expected one stops the load with a message naming the file and the place: fix the file (for instance,
quote a string that contains « : ») rather than let the loader guess.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from wagtail.images import get_image_model

from accounts.models import Mandate
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
from courses.permissions import grant_section_permissions
from courses.validators import validate_colour_for_white_text
from home.models import HomePage

from .quizzes import load_final_quiz, load_module_quiz

DEMO_DIR = Path(settings.BASE_DIR) / "demo_content"
# Course covers: hand-drawn SVG files kept with the static files, imported as Wagtail images.
ILLUSTRATIONS_DIR = Path(settings.BASE_DIR) / "static" / "img" / "illustrations"
LAICITE_SECTION = "laicite"

SECTION_PAGES = {
    "course_index": {
        "slug": "parcours",
        "title": "Parcours",
        "intro": "Des parcours courts, pensés pour les élu·es : choisissez une thématique, suivez les modules à votre rythme, "
        "sur ordinateur comme sur téléphone.",
    },
    "library": {
        "slug": "modules",
        "title": "Bibliothèque de modules",
        "intro": "Tous les modules des parcours. Un module peut figurer dans plusieurs parcours : votre progression y compte "
        "partout.",
    },
    "laicite": {
        "slug": LAICITE_SECTION,
        "title": "Laïcité",
        "intro": "Ces modules sont des contenus issus des notions du plan national Valeurs de la République et laïcité, "
        "adaptés à la situation des élu·es locaux. Les formateurs et formatrices peuvent les reprendre et en adapter "
        "une copie pour leurs sessions.",
    },
    "glossary": {
        "slug": "glossaire",
        "title": "Glossaire",
        "intro": "Les sigles et les mots de la politique de la ville, expliqués simplement, avec leur source.",
    },
}


class DemoContentError(ValueError):
    """A demo content file does not have the shape described in demo_content/README.md."""


# --- Shape checks ----------------------------------------------------------------------------------


def _fail(where: str, message: str):
    raise DemoContentError(f"{where} : {message}")


def _describe(value) -> str:
    return f"{type(value).__name__} {value!r}"[:200]


def _text(value, where: str, *, required: bool = True) -> str:
    if value is None and not required:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        _fail(where, f"texte attendu, trouvé {_describe(value)}")
    text = str(value).strip()
    if required and not text:
        _fail(where, "texte vide")
    return text


def _text_list(value, where: str) -> list[str]:
    if not isinstance(value, list) or not value:
        _fail(where, f"liste de textes attendue, trouvé {_describe(value)}")
    items = []
    for i, item in enumerate(value, 1):
        if not isinstance(item, str):
            # The usual cause: an unquoted « : » inside an item turns it into a mapping.
            _fail(f"{where}, élément {i}", f"texte attendu, trouvé {_describe(item)} (mettez le texte entre guillemets)")
        items.append(item.strip())
    return items


def _mapping(value, where: str, required: set[str], optional: set[str] = frozenset()) -> dict:
    if not isinstance(value, dict):
        _fail(where, f"dictionnaire attendu, trouvé {_describe(value)}")
    missing = required - value.keys()
    unknown = value.keys() - required - optional
    if missing:
        _fail(where, f"clés manquantes : {', '.join(sorted(missing))}")
    if unknown:
        _fail(where, f"clés inconnues : {', '.join(sorted(map(str, unknown)))}")
    return value


def _date(value, where: str, *, required: bool = True) -> datetime.date | None:
    if value is None and not required:
        return None
    if isinstance(value, datetime.datetime) or not isinstance(value, datetime.date):
        _fail(where, f"date AAAA-MM-JJ attendue, trouvé {_describe(value)}")
    return value


# --- Blocks: YAML → StreamField raw data ------------------------------------------------------------


def _block_key_points(value, where):
    value = _mapping(value, where, {"items"}, {"title"})
    return {"title": _text(value.get("title") or "À retenir", where), "items": _text_list(value["items"], f"{where}, items")}


def _block_key_figure(value, where):
    value = _mapping(value, where, {"value", "label", "source_title"}, {"source_url", "valid_at"})
    valid_at = _date(value.get("valid_at"), f"{where}, valid_at", required=False)
    return {
        "value": _text(value["value"], f"{where}, value"),
        "label": _text(value["label"], f"{where}, label"),
        "source_title": _text(value["source_title"], f"{where}, source_title"),
        "source_url": _text(value.get("source_url"), f"{where}, source_url", required=False),
        "valid_at": valid_at.isoformat() if valid_at else None,
    }


def _number(value, where: str) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        _fail(where, f"nombre attendu, trouvé {_describe(value)}")
    try:
        number = Decimal(str(value).replace(",", ".").replace(" ", ""))
    except InvalidOperation:
        _fail(where, f"nombre attendu, trouvé {_describe(value)}")
    if not number.is_finite() or number < 0:
        _fail(where, f"nombre positif attendu, trouvé {_describe(value)}")
    return str(number)


def _block_key_figures_chart(value, where):
    value = _mapping(value, where, {"title", "items", "valid_at", "sources"}, {"unit", "category", "note"})
    items, sources = value["items"], value["sources"]
    if not isinstance(items, list) or not 2 <= len(items) <= 8:
        _fail(f"{where}, items", f"de 2 à 8 barres attendues, trouvé {_describe(items)}")
    if not isinstance(sources, list) or not sources:
        _fail(f"{where}, sources", f"au moins une source attendue, trouvé {_describe(sources)}")
    bars = []
    for i, item in enumerate(items, 1):
        item = _mapping(item, f"{where}, barre {i}", {"label", "value"})
        bars.append(
            {
                "label": _text(item["label"], f"{where}, barre {i}, label"),
                "value": _number(item["value"], f"{where}, barre {i}, value"),
            }
        )
    if max(Decimal(bar["value"]) for bar in bars) <= 0:
        _fail(f"{where}, items", "au moins une valeur doit être supérieure à zéro")
    cited = []
    for i, source in enumerate(sources, 1):
        source = _mapping(source, f"{where}, source {i}", {"title"}, {"url"})
        cited.append(
            {
                "title": _text(source["title"], f"{where}, source {i}, title"),
                "url": _text(source.get("url"), f"{where}, source {i}, url", required=False),
            }
        )
    return {
        "title": _text(value["title"], f"{where}, title"),
        "unit": _text(value.get("unit"), f"{where}, unit", required=False),
        "category": _text(value.get("category"), f"{where}, category", required=False),
        "items": bars,
        "valid_at": _date(value["valid_at"], f"{where}, valid_at").isoformat(),
        "sources": cited,
        "note": _text(value.get("note"), f"{where}, note", required=False),
    }


def _block_quote(value, where):
    value = _mapping(value, where, {"text"}, {"attribution"})
    return {"text": _text(value["text"], f"{where}, text"), "attribution": _text(value.get("attribution"), where, required=False)}


def _block_case_study(value, where):
    value = _mapping(value, where, {"title", "situation", "questions", "analysis"})
    return {
        "title": _text(value["title"], f"{where}, title"),
        "situation": _text(value["situation"], f"{where}, situation"),
        "questions": _text_list(value["questions"], f"{where}, questions"),
        "analysis": _text(value["analysis"], f"{where}, analysis"),
    }


def _block_faq(value, where):
    if not isinstance(value, list) or not value:
        _fail(where, f"liste de questions attendue, trouvé {_describe(value)}")
    items = []
    for i, item in enumerate(value, 1):
        item = _mapping(item, f"{where}, question {i}", {"question", "answer"})
        items.append({"question": _text(item["question"], f"{where}, question {i}"), "answer": _text(item["answer"], where)})
    return {"title": "Questions fréquentes", "items": items}


def _block_resource_link(value, where):
    value = _mapping(value, where, {"title", "url"}, {"description"})
    return {
        "title": _text(value["title"], f"{where}, title"),
        "url": _text(value["url"], f"{where}, url"),
        "description": _text(value.get("description"), where, required=False),
    }


BLOCK_CONVERTERS = {
    "heading": _text,
    "paragraph": _text,
    "key_points": _block_key_points,
    "key_figure": _block_key_figure,
    "key_figures_chart": _block_key_figures_chart,
    "quote": _block_quote,
    "case_study": _block_case_study,
    "faq": _block_faq,
    "resource_link": _block_resource_link,
    "glossary_term": _text,  # a glossary slug, turned into the snippet's pk at load time
}


def parse_block(block, where: str) -> dict:
    if not isinstance(block, dict) or len(block) != 1:
        _fail(where, f"un bloc est un dictionnaire à une seule clé (son type), trouvé {_describe(block)}")
    block_type, value = next(iter(block.items()))
    converter = BLOCK_CONVERTERS.get(block_type)
    if converter is None:
        _fail(where, f"type de bloc inconnu « {block_type} » (types possibles : {', '.join(BLOCK_CONVERTERS)})")
    return {"type": block_type, "value": converter(value, f"{where} ({block_type})")}


# --- Files -----------------------------------------------------------------------------------------


@dataclass
class LessonData:
    slug: str
    title: str
    minutes: int
    body: list[dict]


@dataclass
class ModuleData:
    path: Path
    slug: str
    title: str
    summary: str
    objectives: list[str]
    section: str | None
    themes: list[str]
    authors: str
    licence: str
    version_date: datetime.date
    quiz: dict | None = None
    lessons: list[LessonData] = field(default_factory=list)


MODULE_KEYS = {"slug", "title", "summary", "objectives", "section", "themes", "authors", "licence", "version_date", "lessons"}
LESSON_KEYS = {"slug", "title", "minutes", "body"}


def read_yaml(path: Path):
    try:
        with open(path, encoding="utf-8") as handle:
            return yaml.safe_load(handle)
    except yaml.YAMLError as error:
        raise DemoContentError(f"{path.name} : YAML invalide — {error}") from error


def parse_module_file(path: Path) -> ModuleData:
    """Read and check one modules/<slug>.yaml file (the quiz: key belongs to the quizzes app)."""
    where = path.name
    data = _mapping(read_yaml(path), where, MODULE_KEYS, {"quiz"})
    slug = _text(data["slug"], f"{where}, slug")
    if slug != path.stem:
        _fail(where, f"le slug « {slug} » doit être le nom du fichier « {path.stem} »")
    licence = _text(data["licence"], f"{where}, licence")
    if licence not in Licence.values:
        _fail(where, f"licence « {licence} » inconnue (possibles : {', '.join(Licence.values)})")
    section = data["section"]
    if section not in (None, LAICITE_SECTION):
        _fail(where, f"section « {section} » inconnue (null ou « {LAICITE_SECTION} »)")
    if not isinstance(data["lessons"], list) or not data["lessons"]:
        _fail(where, "au moins une leçon attendue")
    if not isinstance(data["themes"], list):
        _fail(f"{where}, themes", f"liste attendue, trouvé {_describe(data['themes'])}")
    module = ModuleData(
        path=path,
        slug=slug,
        title=_text(data["title"], f"{where}, title"),
        summary=_text(data["summary"], f"{where}, summary"),
        objectives=_text_list(data["objectives"], f"{where}, objectives"),
        section=section,
        themes=[_text(theme, f"{where}, themes") for theme in data["themes"]],
        authors=_text(data["authors"], f"{where}, authors"),
        licence=licence,
        version_date=_date(data["version_date"], f"{where}, version_date"),
        quiz=data.get("quiz"),
    )
    for i, lesson in enumerate(data["lessons"], 1):
        lesson_where = f"{where}, leçon {i}"
        lesson = _mapping(lesson, lesson_where, LESSON_KEYS)
        lesson_where = f"{where}, leçon « {lesson['slug']} »"
        minutes = lesson["minutes"]
        if isinstance(minutes, bool) or not isinstance(minutes, int) or not 1 <= minutes <= 180:
            _fail(f"{lesson_where}, minutes", f"nombre de minutes entre 1 et 180 attendu, trouvé {_describe(minutes)}")
        if not isinstance(lesson["body"], list) or not lesson["body"]:
            _fail(f"{lesson_where}, body", "liste de blocs attendue")
        module.lessons.append(
            LessonData(
                slug=_text(lesson["slug"], f"{lesson_where}, slug"),
                title=_text(lesson["title"], f"{lesson_where}, title"),
                minutes=minutes,
                body=[parse_block(block, f"{lesson_where}, bloc {j}") for j, block in enumerate(lesson["body"], 1)],
            )
        )
    return module


def parse_courses(path: Path) -> list[dict]:
    data = read_yaml(path)
    if not isinstance(data, list):
        _fail(path.name, "liste de parcours attendue")
    courses = []
    for i, course in enumerate(data, 1):
        where = f"{path.name}, parcours {i}"
        course = _mapping(
            course,
            where,
            {"slug", "title", "summary", "objectives", "audience", "prerequisites", "themes", "modules"},
            {"final_quiz", "illustration"},
        )
        where = f"{path.name}, parcours « {course['slug']} »"
        illustration = None
        if course.get("illustration") is not None:
            value = _mapping(course["illustration"], f"{where}, illustration", {"file", "alt"})
            illustration = {
                "file": _text(value["file"], f"{where}, illustration, file"),
                "alt": _text(value["alt"], f"{where}, illustration, alt"),
            }
            if not (ILLUSTRATIONS_DIR / illustration["file"]).is_file():
                _fail(f"{where}, illustration", f"fichier « {illustration['file']} » absent de static/img/illustrations/")
        courses.append(
            {
                "slug": _text(course["slug"], f"{where}, slug"),
                "title": _text(course["title"], f"{where}, title"),
                "summary": _text(course["summary"], f"{where}, summary"),
                "objectives": _text_list(course["objectives"], f"{where}, objectives"),
                "audience": _text(course["audience"], f"{where}, audience", required=False),
                "prerequisites": _text(course["prerequisites"], f"{where}, prerequisites", required=False),
                "themes": _text_list(course["themes"], f"{where}, themes"),
                "modules": _text_list(course["modules"], f"{where}, modules"),
                "final_quiz": course.get("final_quiz"),
                "illustration": illustration,
            }
        )
    return courses


# --- Loading ---------------------------------------------------------------------------------------


def _mandates(item: dict, where: str) -> list[str]:
    mandates = item.get("mandates") or []
    unknown = sorted(set(mandates) - set(Mandate.values))
    if unknown:
        _fail(where, f"mandats inconnus : {', '.join(unknown)} (valeurs possibles : {', '.join(Mandate.values)})")
    return list(mandates)


def load_themes(demo_dir: Path) -> dict[str, Theme]:
    path = demo_dir / "themes.yaml"
    themes = {}
    for i, item in enumerate(read_yaml(path) or [], 1):
        item = _mapping(item, f"{path.name}, thématique {i}", {"slug", "name", "colour"}, {"mandates"})
        where = f"{path.name}, thématique « {item['slug']} »"
        try:
            validate_colour_for_white_text(item["colour"])
        except ValidationError as error:
            _fail(where, " ".join(error.messages))
        theme, _created = Theme.objects.update_or_create(
            slug=item["slug"],
            defaults={"name": _text(item["name"], where), "colour": item["colour"], "mandates": _mandates(item, where)},
        )
        themes[theme.slug] = theme
    return themes


def load_glossary(demo_dir: Path) -> dict[str, GlossaryTerm]:
    path = demo_dir / "glossary.yaml"
    terms = {}
    for i, item in enumerate(read_yaml(path) or [], 1):
        item = _mapping(
            item, f"{path.name}, terme {i}", {"slug", "term", "definition"}, {"acronym", "source_title", "source_url"}
        )
        where = f"{path.name}, terme « {item['slug']} »"
        term, _created = GlossaryTerm.objects.update_or_create(
            slug=_text(item["slug"], where),
            defaults={
                "term": _text(item["term"], f"{where}, term"),
                "acronym": _text(item.get("acronym"), f"{where}, acronym", required=False),
                "definition": _text(item["definition"], f"{where}, definition"),
                "source_title": _text(item.get("source_title"), f"{where}, source_title", required=False),
                "source_url": _text(item.get("source_url"), f"{where}, source_url", required=False),
            },
        )
        terms[term.slug] = term
    return terms


def load_illustration(file_name: str, alt: str):
    """The Wagtail image for static/img/illustrations/<file_name>, found by its title and replaced only when the
    file changed. The alt text is the image's description, which Wagtail uses as its default alt text.

    Only these trusted files become SVG images: uploads of SVG stay refused in the admin (an uploaded SVG can
    carry scripts)."""
    Image = get_image_model()
    path = ILLUSTRATIONS_DIR / file_name
    content = path.read_bytes()
    title = f"Illustration — {path.stem}"
    image = Image.objects.filter(title=title).first() or Image(title=title)
    image.description = alt
    if not image.pk or image.file_hash != hashlib.sha1(content, usedforsecurity=False).hexdigest():
        with open(path, "rb") as handle:
            image.file = File(handle, name=file_name)
            image.file_size = None
            image._set_image_file_metadata()
            image.save()
        image.renditions.all().delete()  # cut from the previous file
    else:
        image.save(update_fields=["description"])
    return image


def _child_page(parent, model, slug: str, **fields):
    """The child page of `parent` with this slug, created or updated with `fields` (not yet published)."""
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        page = model(slug=slug, **fields)
        parent.add_child(instance=page)
    else:
        for name, value in fields.items():
            setattr(page, name, value)
    return page


def _publish(page):
    page.save_revision().publish()
    return page


def load_section_pages(home: HomePage) -> dict:
    pages = {}
    for key, model, parent_key in (
        ("course_index", CourseIndexPage, None),
        ("library", ModuleLibraryPage, None),
        ("laicite", ModuleSectionPage, "library"),
        ("glossary", GlossaryPage, None),
    ):
        data = SECTION_PAGES[key]
        parent = pages[parent_key] if parent_key else home
        page = _child_page(parent, model, data["slug"], title=data["title"], intro=data["intro"])
        pages[key] = _publish(page)
    return pages


def _stream(body: list[dict], glossary: dict[str, GlossaryTerm], where: str) -> list[dict]:
    stream = []
    for block in body:
        if block["type"] == "glossary_term":
            term = glossary.get(block["value"])
            if term is None:
                _fail(where, f"terme du glossaire « {block['value']} » absent de glossary.yaml")
            block = {"type": "glossary_term", "value": term.pk}
        stream.append(block)
    return stream


def load_module(data: ModuleData, *, parent, library, themes: dict[str, Theme], glossary: dict[str, GlossaryTerm]) -> ModulePage:
    where = data.path.name
    unknown_themes = [slug for slug in data.themes if slug not in themes]
    if unknown_themes:
        _fail(f"{where}, themes", f"thématiques absentes de themes.yaml : {', '.join(unknown_themes)}")
    fields = {
        "title": data.title,
        "summary": data.summary,
        "objectives": [{"type": "objective", "value": objective} for objective in data.objectives],
        "authors": data.authors,
        "licence": data.licence,
        "version_date": data.version_date,
    }
    # A module is unique in the whole library: if its section changed, move it rather than duplicate it.
    existing = ModulePage.objects.descendant_of(library).filter(slug=data.slug).first()
    if existing is not None and existing.get_parent().pk != parent.pk:
        existing.move(parent, pos="last-child")
    if data.quiz:
        fields["quiz"] = load_module_quiz(data.quiz, data.path, laicite=data.section == LAICITE_SECTION)
    module = _child_page(parent, ModulePage, data.slug, **fields)
    module.themes = [themes[slug] for slug in data.themes]
    _publish(module)
    for lesson_data in data.lessons:
        lesson = _child_page(
            module,
            LessonPage,
            lesson_data.slug,
            title=lesson_data.title,
            estimated_minutes=lesson_data.minutes,
            body=_stream(lesson_data.body, glossary, f"{where}, leçon « {lesson_data.slug} »"),
        )
        _publish(lesson)
    return module


def load_course(data: dict, *, course_index, modules: dict[str, ModulePage], themes: dict[str, Theme]) -> CoursePage:
    where = f"courses.yaml, parcours « {data['slug']} »"
    missing = [slug for slug in data["modules"] if slug not in modules]
    if missing:
        _fail(where, f"modules absents de modules/ : {', '.join(missing)}")
    if len(set(data["modules"])) != len(data["modules"]):
        _fail(where, "un module figure deux fois")
    unknown_themes = [slug for slug in data["themes"] if slug not in themes]
    if unknown_themes:
        _fail(where, f"thématiques absentes de themes.yaml : {', '.join(unknown_themes)}")
    course = _child_page(
        course_index,
        CoursePage,
        data["slug"],
        title=data["title"],
        summary=data["summary"],
        objectives=[{"type": "objective", "value": objective} for objective in data["objectives"]],
        audience=data["audience"],
        prerequisites=data["prerequisites"],
    )
    course.themes = [themes[slug] for slug in data["themes"]]
    if data.get("illustration"):
        course.cover_image = load_illustration(data["illustration"]["file"], data["illustration"]["alt"])
    if data["final_quiz"]:
        module_quizzes = [modules[slug].quiz for slug in data["modules"] if modules[slug].quiz_id]
        course.final_quiz = load_final_quiz(data["final_quiz"], module_quizzes=module_quizzes, where=where)
    existing = {link.module_id: link for link in course.course_modules.all()}
    links = []
    for position, slug in enumerate(data["modules"]):
        link = existing.get(modules[slug].pk) or CourseModule(module=modules[slug])
        link.sort_order = position
        links.append(link)
    course.course_modules = links
    return _publish(course)


def module_files(demo_dir: Path, courses: list[dict]) -> list[Path]:
    """Module files in the order of the courses that list them, then the others by name."""
    paths = {path.stem: path for path in sorted((demo_dir / "modules").glob("*.yaml"))}
    ordered = []
    for course in courses:
        for slug in course["modules"]:
            if slug in paths and paths[slug] not in ordered:
                ordered.append(paths[slug])
    return ordered + [path for path in paths.values() if path not in ordered]


def load(demo_dir: Path = DEMO_DIR):
    themes = load_themes(demo_dir)
    yield f"Thématiques : {len(themes)}"
    glossary = load_glossary(demo_dir)
    yield f"Glossaire : {len(glossary)} termes"

    courses = parse_courses(demo_dir / "courses.yaml")
    # Check every module file before writing any page: a defect stops the load with its file name.
    parsed = [parse_module_file(path) for path in module_files(demo_dir, courses)]

    home = HomePage.objects.get()
    pages = load_section_pages(home)
    yield "Pages : Parcours, Bibliothèque de modules, section Laïcité, Glossaire"

    modules = {}
    for data in parsed:
        parent = pages["laicite"] if data.section == LAICITE_SECTION else pages["library"]
        modules[data.slug] = load_module(data, parent=parent, library=pages["library"], themes=themes, glossary=glossary)
    yield f"Modules : {len(modules)} ({sum(len(data.lessons) for data in parsed)} leçons)"

    for data in courses:
        load_course(data, course_index=pages["course_index"], modules=modules, themes=themes)
    yield f"Parcours : {len(courses)}"

    result = grant_section_permissions(
        course_index=pages["course_index"], library=pages["library"], laicite_section=pages["laicite"]
    )
    yield f"Permissions des formateurs et circuit « {result.workflow.name} » : en place"

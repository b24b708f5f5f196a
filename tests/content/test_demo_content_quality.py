"""Quality of the demo catalogue: what a learner reads must be complete, sourced and working.

These tests read demo_content/ through the real loader. Each one loads the whole catalogue once and then
checks several things, so that a failure names every offending lesson, question or file at once.
"""

import html
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.test import Client

from courses.models import CoursePage, GlossaryTerm, LessonPage, ModulePage
from demo.courses import DEMO_DIR
from quizzes.models import Question, QuestionStatus, Quiz, QuizQuestion

pytestmark = pytest.mark.django_db

MIN_WORDS = 400
# Blocks whose text the learner reads as the lesson itself (figures, links and quizzes are extras).
TEXT_BLOCKS = {"heading", "paragraph", "key_points", "case_study", "faq", "quote"}
HREF = re.compile(r'href="([^"]*)"')
TAG = re.compile(r"<[^>]+>")
PLACEHOLDER = re.compile(r"\b(lorem|ipsum)\b", re.IGNORECASE)


def load_demo_content():
    with open("/dev/null", "w") as devnull:
        call_command("load_demo_content", "--force", stdout=devnull)


def _items(value):
    """The items of a ListBlock's raw data, in the old (plain list) or new ({type, value}) format."""
    return [item["value"] if isinstance(item, dict) and "value" in item else item for item in value]


def block_texts(block) -> list[str]:
    """Every piece of text (HTML or plain) a learner reads in one raw StreamField block."""
    kind, value = block["type"], block["value"]
    if kind in ("heading", "paragraph"):
        return [value]
    if kind == "key_points":
        return [value.get("title", "")] + _items(value["items"])
    if kind == "case_study":
        return [value["title"], value["situation"], value["analysis"], *_items(value["questions"])]
    if kind == "faq":
        return [text for item in _items(value["items"]) for text in (item["question"], item["answer"])]
    if kind == "quote":
        return [value["text"], value.get("attribution", "")]
    return []


def word_count(texts: list[str]) -> int:
    return sum(len(TAG.sub(" ", html.unescape(text)).split()) for text in texts)


def lesson_label(lesson) -> str:
    return f"{lesson.get_parent().slug}/{lesson.slug}"


def test_demo_content_lessons_are_long_enough_illustrated_properly_and_summarised():
    """Each lesson has 400+ words of text, an « À retenir », alt text on images, transcripts; each course a cover."""
    load_demo_content()
    lessons = list(LessonPage.objects.live().order_by("path"))
    assert len(lessons) > 100

    short, without_key_points, images_without_alt, videos_without_transcript = [], [], [], []
    for lesson in lessons:
        raw = list(lesson.body.raw_data)
        words = word_count([text for block in raw if block["type"] in TEXT_BLOCKS for text in block_texts(block)])
        if words < MIN_WORDS:
            short.append(f"{lesson_label(lesson)} ({words} mots)")
        if not any(block["type"] == "key_points" for block in raw):
            without_key_points.append(lesson_label(lesson))
        for block in raw:
            value = block["value"]
            if block["type"] == "image" and not ((value.get("alt") or "").strip() or value.get("decorative")):
                images_without_alt.append(lesson_label(lesson))
            if block["type"] == "video" and not TAG.sub("", value.get("transcript") or "").strip():
                videos_without_transcript.append(lesson_label(lesson))

    assert short == [], f"Leçons de moins de {MIN_WORDS} mots : {short}"
    assert without_key_points == [], f"Leçons sans bloc « À retenir » : {without_key_points}"
    assert images_without_alt == [], f"Images sans texte alternatif ni mention « décorative » : {images_without_alt}"
    assert videos_without_transcript == [], f"Vidéos sans transcription : {videos_without_transcript}"

    # Course covers: the hand-drawn SVG illustrations, each with a description used as alt text.
    courses = list(CoursePage.objects.live().select_related("cover_image"))
    without_cover = [course.slug for course in courses if not course.cover_image]
    assert without_cover == [], f"Parcours sans illustration : {without_cover}"
    without_alt = [course.slug for course in courses if not course.cover_image.description.strip()]
    assert without_alt == [], f"Illustrations sans texte alternatif : {without_alt}"
    assert all(course.cover_image.is_svg() for course in courses)


def test_demo_content_quizzes_glossary_links_and_placeholders():
    """Questions are sourced and checked, every glossary term is used, internal links work, no lorem ipsum."""
    load_demo_content()

    # Quiz questions: an explanation and a source each; none still « à vérifier » in a published quiz.
    questions = list(Question.objects.all())
    assert questions
    unexplained = [q.prompt[:80] for q in questions if not q.explanation.strip()]
    unsourced = [q.prompt[:80] for q in questions if not q.source_title.strip()]
    assert unexplained == [], f"Questions sans explication : {unexplained}"
    assert unsourced == [], f"Questions sans source : {unsourced}"
    unchecked = [
        f"{link.quiz.title} — {link.question.prompt[:80]}"
        for link in QuizQuestion.objects.filter(quiz__live=True, question__status=QuestionStatus.TO_CHECK).select_related(
            "quiz", "question"
        )
    ]
    assert unchecked == [], f"Questions « à vérifier » dans un quiz publié : {unchecked}"

    # Lesson HTML: glossary terms used, internal links that resolve.
    glossary_slugs = set(GlossaryTerm.objects.values_list("slug", flat=True))
    used_terms: set[str] = set()
    term_slug_by_pk = dict(GlossaryTerm.objects.values_list("pk", "slug"))
    links: dict[str, set[str]] = {}
    for lesson in LessonPage.objects.live().order_by("path"):
        for block in lesson.body.raw_data:
            if block["type"] == "glossary_term":
                used_terms.add(term_slug_by_pk.get(block["value"]))
            for text in block_texts(block):
                for href in HREF.findall(text):
                    if href.startswith("/"):
                        links.setdefault(html.unescape(href), set()).add(lesson_label(lesson))

    unknown_anchors, broken = [], []
    client = Client()
    status_by_path = {}
    for href, where in sorted(links.items()):
        parts = urlsplit(href)
        if parts.path == "/glossaire/" and parts.fragment:
            used_terms.add(parts.fragment)
            if parts.fragment not in glossary_slugs:
                unknown_anchors.append(f"{href} (dans {sorted(where)})")
        if parts.path not in status_by_path:
            status_by_path[parts.path] = client.get(parts.path + (f"?{parts.query}" if parts.query else "")).status_code
        if status_by_path[parts.path] != 200:
            broken.append(f"{href} → {status_by_path[parts.path]} (dans {sorted(where)})")
    assert unknown_anchors == [], f"Liens vers un terme absent du glossaire : {unknown_anchors}"
    assert broken == [], f"Liens internes cassés : {broken}"
    unused = sorted(glossary_slugs - used_terms)
    assert unused == [], f"Termes du glossaire utilisés dans aucune leçon : {unused}"

    # No placeholder text in any data file nor in the quizzes loaded from them.
    placeholder_files = [
        str(path.relative_to(DEMO_DIR))
        for path in sorted(Path(DEMO_DIR).rglob("*.yaml"))
        if PLACEHOLDER.search(path.read_text(encoding="utf-8"))
    ]
    assert placeholder_files == [], f"Texte « lorem ipsum » dans : {placeholder_files}"
    placeholder_quizzes = [quiz.title for quiz in Quiz.objects.all() if PLACEHOLDER.search(f"{quiz.title} {quiz.instructions}")]
    assert placeholder_quizzes == [], f"Texte « lorem ipsum » dans les quiz : {placeholder_quizzes}"


def test_demo_content_quiz_sizes_module_5_to_8_questions_final_10_to_15():
    """Every module quiz asks 5 to 8 questions; every course ends with a final quiz of 10 to 15, none asked twice."""
    load_demo_content()

    wrong_modules = []
    for module in ModulePage.objects.live().select_related("quiz").order_by("path"):
        size = module.quiz.quiz_questions.count() if module.quiz else 0
        if not 5 <= size <= 8:
            wrong_modules.append(f"{module.slug} ({size} questions)")
    assert wrong_modules == [], f"Quiz de module hors de 5 à 8 questions : {wrong_modules}"

    wrong_finals, repeated = [], []
    courses = list(CoursePage.objects.live().select_related("final_quiz").order_by("path"))
    assert len(courses) >= 10
    for course in courses:
        quiz = course.final_quiz
        if quiz is None:
            wrong_finals.append(f"{course.slug} (aucun quiz final)")
            continue
        prompts = [link.question.prompt for link in quiz.quiz_questions.select_related("question")]
        size = len(prompts) + sum(quiz.draws.values_list("count", flat=True))
        if not 10 <= size <= 15:
            wrong_finals.append(f"{course.slug} ({size} questions)")
        repeated += [f"{course.slug} — {prompt[:80]}" for prompt in sorted(set(prompts)) if prompts.count(prompt) > 1]
    assert wrong_finals == [], f"Quiz finaux hors de 10 à 15 questions : {wrong_finals}"
    assert repeated == [], f"Question posée deux fois dans un quiz final : {repeated}"

import datetime

import pytest
from django.utils import timezone

from tests.factories.courses import course_with_modules, module_with_lessons
from tests.factories.webinars import webinar
from tests.query_count import page_queries
from tests.text import PLAIN_SPACES
from webinars.models import WebinarStatus

pytestmark = pytest.mark.django_db


def _add_webinars(module, count):
    now = timezone.now()
    for i in range(count):
        past = i % 2
        start = now + datetime.timedelta(days=(-1 if past else 1) * (i + 1))
        extra = {"replay_url": "https://exemple.fr/r", "replay_transcript": "<p>T</p>"} if past else {}
        webinar(title=f"{module.title} session {i}", start=start, modules=[module], **extra)


def _queries(client, url):
    count, response = page_queries(client, url)
    assert response.status_code == 200
    return count, response


def test_views_module_page_shows_next_webinar_first_then_replays(client, sections, index):
    """The module page lists the next planned session first, then replays; cancelled ones are left out."""
    module = module_with_lessons(parent=sections.library)
    now = timezone.now()
    webinar(title="Dans un mois", start=now + datetime.timedelta(days=30), modules=[module])
    webinar(title="La semaine prochaine", start=now + datetime.timedelta(days=7), modules=[module])
    webinar(title="Annulée", start=now + datetime.timedelta(days=3), modules=[module], status=WebinarStatus.CANCELLED)
    webinar(
        title="Le mois dernier",
        start=now - datetime.timedelta(days=30),
        modules=[module],
        replay_url="https://exemple.fr/r",
        replay_transcript="<p>T</p>",
    )

    content = client.get(module.url).content.decode().translate(PLAIN_SPACES)

    assert "Webinaires associés" in content
    assert content.index("La semaine prochaine") < content.index("Dans un mois") < content.index("Le mois dernier")
    assert "Annulée" not in content


def test_views_related_webinars_fixed_number_of_queries(client, sections, index):
    """Module, lesson and course pages make as many queries with 30 linked webinars as with 3."""
    small = module_with_lessons(parent=sections.library, title="Petit module")
    large = module_with_lessons(parent=sections.library, title="Grand module")
    _add_webinars(small, 3)
    _add_webinars(large, 30)
    small_course = course_with_modules(course_index=sections.course_index, modules=[small], title="Parcours A")
    large_course = course_with_modules(course_index=sections.course_index, modules=[large], title="Parcours B")

    pairs = [
        (small.url, large.url),
        (small.get_children().first().url, large.get_children().first().url),
        (small_course.url, large_course.url),
    ]
    for small_url, large_url in pairs:
        small_count, _ = _queries(client, small_url)
        large_count, response = _queries(client, large_url)
        assert small_count == large_count, (large_url, small_count, large_count)
        assert "Webinaires associés" in response.content.decode().translate(PLAIN_SPACES)


def test_views_lesson_webinar_block_shows_date_and_calendar_link(client, sections, index):
    """The lesson block shows the session with its calendar link."""
    from tests.factories.courses import LessonPageFactory

    page = webinar(title="Webinaire du bloc")
    module = module_with_lessons(parent=sections.library, lessons=0)
    lesson = LessonPageFactory(
        parent=module,
        body=[
            {"type": "paragraph", "value": "<p>Texte.</p>"},
            {"type": "webinar", "value": {"webinar": page.pk, "intro": "Venez !"}},
        ],
    )

    content = client.get(lesson.url).content.decode().translate(PLAIN_SPACES)

    assert "Webinaire du bloc" in content and "Venez !" in content
    assert f"/webinaires/{page.slug}/agenda.ics" in content

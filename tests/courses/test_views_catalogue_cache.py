"""The catalogue's cards come from the shared content cache: read once, then renewed as soon as a course
is published, changed or unpublished."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories.courses import course_with_modules, module_with_lessons
from tests.text import PLAIN_SPACES

pytestmark = pytest.mark.django_db


def get(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode().translate(PLAIN_SPACES), " ".join(query["sql"] for query in queries.captured_queries)


def test_catalogue_cards_are_read_once_then_follow_each_publication(client, sections):
    module = module_with_lessons(parent=sections.library, title="Acteurs", lessons=2)
    course = course_with_modules(
        course_index=sections.course_index, modules=[module], title="Le contrat de ville", slug="contrat"
    )
    url = sections.course_index.url
    html, _sql = get(client, url)
    assert "Le contrat de ville" in html
    html, sql = get(client, url)
    assert "courses_coursemodule" not in sql, "the second visit reads the cards from the cache"

    other = module_with_lessons(parent=sections.library, title="Calendrier", lessons=1)
    course_with_modules(course_index=sections.course_index, modules=[other], title="Évaluer à mi-parcours", slug="evaluer")
    html, _sql = get(client, url)
    assert "Évaluer à mi-parcours" in html

    course.title = "Le contrat de ville 2024-2030"
    course.save_revision().publish()
    html, _sql = get(client, url)
    assert "Le contrat de ville 2024-2030" in html

    course.unpublish()
    html, _sql = get(client, url)
    assert "Le contrat de ville 2024-2030" not in html and "Évaluer à mi-parcours" in html


def test_page_two_of_the_catalogue_follows_each_publication(client, sections):
    """A page past the first is cached too (the courses' ids, then each card) and a publication shows
    there at once: a changed title, a new course that makes a third page."""
    courses = [
        course_with_modules(course_index=sections.course_index, modules=[], title=f"Parcours {i:02d}", slug=f"p-{i:02d}")
        for i in range(1, 25)
    ]
    url = f"{sections.course_index.url}?page=2"
    html, _sql = get(client, url)
    assert "Parcours 13" in html and "Parcours 12" not in html
    html, sql = get(client, url)
    assert "courses_coursepage" not in sql, "the second visit reads the ids and the cards from the cache"

    courses[12].title = "Parcours 13 : nouvelle édition"
    courses[12].save_revision().publish()
    html, _sql = get(client, url)
    assert "Parcours 13 : nouvelle édition" in html and "Page 2 sur 2" in html

    course_with_modules(course_index=sections.course_index, modules=[], title="Parcours 25", slug="p-25")
    html, _sql = get(client, f"{sections.course_index.url}?page=3")
    assert "Parcours 25" in html and "Page 3 sur 3" in html


def test_catalogue_filters_keep_the_choice_and_follow_a_theme_renamed(client, sections, django_capture_on_commit_callbacks):
    """The filter fields are kept rendered per chosen value: each choice shows selected, a theme renamed
    shows at once, and a made-up value gets its French message each time (never kept)."""
    from courses.models import Theme

    theme = Theme.objects.create(name="Laïcité", slug="laicite", colour="#000091")
    url = sections.course_index.url
    html, _ = get(client, url + "?theme=laicite")
    assert '<option value="laicite" selected>Laïcité</option>' in html
    html, _ = get(client, url)
    assert '<option value="laicite">Laïcité</option>' in html
    with django_capture_on_commit_callbacks(execute=True):
        theme.name = "Laïcité et valeurs de la République"
        theme.save()
    html, _ = get(client, url + "?theme=laicite")
    assert '<option value="laicite" selected>Laïcité et valeurs de la République</option>' in html
    for _ in range(2):
        html, _ = get(client, url + "?theme=inconnue")
        assert "Sélectionnez un choix valide" in html

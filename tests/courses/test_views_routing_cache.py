"""Where a URL leads is kept in the content cache (core.ancestry): a page renamed, unpublished or
deleted after a visit is served from its new address, or not at all, on the next request."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses.models import LessonPage
from tests.factories.courses import module_with_lessons

pytestmark = pytest.mark.django_db


@pytest.fixture
def lesson(sections):
    module = module_with_lessons(parent=sections.library, title="Les acteurs", lessons=1)
    return LessonPage.objects.child_of(module).get()


def test_a_renamed_page_moves_to_its_new_address(client, lesson, django_capture_on_commit_callbacks):
    old_url = lesson.url
    assert client.get(old_url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        lesson.slug = "qui-fait-quoi"
        lesson.save_revision().publish()
    lesson.refresh_from_db()
    assert lesson.url != old_url
    # Wagtail's redirects app sends the old address to the new one.
    response = client.get(old_url)
    assert (response.status_code, response["Location"]) == (301, lesson.url)
    assert client.get(lesson.url).status_code == 200


def test_an_unpublished_or_deleted_page_is_not_served(client, lesson, django_capture_on_commit_callbacks):
    url = lesson.url
    assert client.get(url).status_code == 200
    # Unpublished without any signal of ours: what is served is always read from the database.
    LessonPage.objects.filter(pk=lesson.pk).update(live=False)
    assert client.get(url).status_code == 404
    LessonPage.objects.filter(pk=lesson.pk).update(live=True)
    with django_capture_on_commit_callbacks(execute=True):
        lesson.delete()
    assert client.get(url).status_code == 404


def test_a_warm_page_reads_only_itself_to_be_routed(client, lesson):
    """The chain above the page (ancestors, restrictions) comes from the cache: not read again."""
    client.get(lesson.url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(lesson.url).status_code == 200
    sql = " ".join(query["sql"] for query in queries.captured_queries)
    assert "wagtailcore_pageviewrestriction" not in sql
    assert f'"wagtailcore_page"."id" = {lesson.pk}' in sql or f'"courses_lessonpage"."page_ptr_id" = {lesson.pk}' in sql

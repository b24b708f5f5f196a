"""A signed-in learner walks every page of the first parcours of the demo catalogue (course, modules,
lessons opened from the course, final quiz); axe-core finds no WCAG 2.1 A/AA violation on any of them.
The real content exercises blocks and lengths that factories do not."""

import pytest
from django.core.management import call_command

from courses.models import CoursePage
from tests.browser.helpers import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COURSE_SLUG = "fondamentaux-politique-de-la-ville"


def test_browser_parcours1_every_page_is_accessible(page, learner):
    """Course page, each module, each lesson with ?parcours= and the final quiz: status 200, an h1, no axe violation."""
    with open("/dev/null", "w") as devnull:
        call_command("load_demo_content", "--force", stdout=devnull)
    course = CoursePage.objects.live().get(slug=COURSE_SLUG)
    modules = [link.module.specific for link in course.course_modules.select_related("module").order_by("sort_order")]
    assert len(modules) == 6
    assert course.final_quiz_id, "le parcours 1 a un quiz final"

    urls = [course.url]
    for module in modules:
        urls.append(module.url)
        urls += [f"{lesson.url}?parcours={COURSE_SLUG}" for lesson in module.get_children().live().specific()]
    urls.append(f"/quiz/{course.final_quiz.public_id}/")

    sign_in(page, learner)
    visited = []
    for url in urls:
        response = page.goto(url)
        assert response.status == 200, f"{url} → {response.status}"
        assert page.locator("h1").count() == 1, f"{url} : un seul titre de niveau 1 attendu"
        assert_accessible(page)
        visited.append(url)
    assert len(visited) > 20

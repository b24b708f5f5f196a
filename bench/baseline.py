"""The baseline page of the benchmark (see bench.models.BaselinePage)."""

from courses.models import LessonPage
from home.models import HomePage

from .models import BaselinePage

BASELINE_SLUG = "page-de-reference"


def baseline_page_create() -> BaselinePage:
    """The baseline page under the home page, with the body of the first lesson (created once)."""
    existing = BaselinePage.objects.filter(slug=BASELINE_SLUG).first()
    if existing:
        return existing
    lesson = LessonPage.objects.live().order_by("path").first()
    page = BaselinePage(title=lesson.title, slug=BASELINE_SLUG, body=lesson.body.raw_data, live=True)
    HomePage.objects.get().add_child(instance=page)
    return page

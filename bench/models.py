"""The baseline of the benchmark: a bare Wagtail page that renders a lesson body and nothing else.

Every figure of `make bench` is compared with this page served by the same gunicorn, so the ratio
measures what learner state, navigation and course context cost on top of Wagtail itself.
"""

from wagtail.fields import StreamField
from wagtail.models import Page

from courses.blocks import LessonStreamBlock


class BaselinePage(Page):
    body = StreamField(LessonStreamBlock, verbose_name="contenu")

    parent_page_types = ["home.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = "page de référence du banc d'essai"

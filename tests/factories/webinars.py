"""Test data for the webinars app."""

import datetime

import factory
import wagtail_factories
from django.utils import timezone
from django.utils.text import slugify

from home.models import HomePage
from webinars.models import WebinarCycle, WebinarIndexPage, WebinarKind, WebinarModule, WebinarPage


class WebinarCycleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WebinarCycle
        django_get_or_create = ("slug",)

    title = factory.Sequence(lambda n: f"Cycle {n}")
    slug = factory.LazyAttribute(lambda obj: slugify(obj.title))
    description = "Un cycle de webinaires du centre de ressources."


class WebinarIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = WebinarIndexPage

    title = "Webinaires"
    slug = "webinaires"


class WebinarPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = WebinarPage

    title = factory.Sequence(lambda n: f"Webinaire {n}")
    slug = factory.LazyAttribute(lambda obj: slugify(obj.title))
    kind = WebinarKind.WEBINAIRE
    start = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
    end = factory.LazyAttribute(lambda obj: obj.start + datetime.timedelta(minutes=90))
    online = True
    registration_url = "https://inscriptions.example.org/webinaire"
    description = "<p>Une présentation de la session.</p>"
    speakers = "Chargée de mission, centre de ressources"


def webinar_index() -> WebinarIndexPage:
    """The « Webinaires » page under the home page (created once)."""
    existing = WebinarIndexPage.objects.first()
    return existing or WebinarIndexPageFactory(parent=HomePage.objects.get())


def webinar(*, parent=None, modules=(), courses=(), themes=(), timing="before", **kwargs) -> WebinarPage:
    """A published webinar linked to `modules`, `courses` and `themes`, announced once (as if
    published from the admin)."""
    page = WebinarPageFactory.build(**kwargs)
    page.webinar_modules = [WebinarModule(module=module, timing=timing, sort_order=i) for i, module in enumerate(modules)]
    (parent or webinar_index()).add_child(instance=page)
    if courses:
        page.related_courses.set(courses)
    if themes:
        page.themes.set(themes)
    page.save()
    page.save_revision().publish()
    return WebinarPage.objects.get(pk=page.pk)

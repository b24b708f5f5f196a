from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebinarsConfig(AppConfig):
    name = "webinars"
    verbose_name = _("Webinaires")

    def ready(self):
        from wagtail.signals import page_published

        from accounts import personal_data
        from core import content_cache, registry

        from . import rgpd
        from .blocks import WebinarBlock
        from .models import WebinarCalendarState, WebinarCycle, WebinarPage
        from .signals import webinar_published
        from .templatetags.webinar_tags import render_related_webinars

        page_published.connect(webinar_published, sender=WebinarPage, dispatch_uid="webinars_webinar_published")
        registry.register_lesson_block("webinar", WebinarBlock)
        registry.register_page_panel("related_webinars", render_related_webinars)
        personal_data.register(rgpd.PART)
        for model in (WebinarCycle, WebinarCalendarState):
            content_cache.watch_model(model)

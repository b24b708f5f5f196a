from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebinarsConfig(AppConfig):
    name = "webinars"
    verbose_name = _("Webinaires")

    def ready(self):
        from wagtail.signals import page_published

        from .models import WebinarPage
        from .signals import webinar_published

        page_published.connect(webinar_published, sender=WebinarPage, dispatch_uid="webinars_webinar_published")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Accueil")

    def ready(self):
        # The shared content cache (footer, course outlines, related webinars) follows every change
        # of published content, whichever app made it.
        from elearning.content_cache import connect_signals

        connect_signals()

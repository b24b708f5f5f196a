from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The bottom floor: what every other app may use, and the registries through which they meet."""

    name = "core"
    verbose_name = _("Socle commun")

    def ready(self):
        from . import content_cache

        content_cache.connect_signals()

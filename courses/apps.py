from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Parcours")

    def ready(self):
        from core import content_cache

        from .models import Theme

        content_cache.watch_model(Theme)

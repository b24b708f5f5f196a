from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Parcours")

    def ready(self):
        from core import content_cache

        from .models import GlossaryTerm, Theme

        content_cache.watch_model(Theme)
        # The search's counts and pages are kept in the content cache: a term added, changed or
        # removed must show in them at once.
        content_cache.watch_model(GlossaryTerm)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgressConfig(AppConfig):
    name = "progress"
    verbose_name = _("Progression")

    def ready(self):
        from quizzes.signals import attempt_graded

        from .handlers import on_attempt_graded

        attempt_graded.connect(on_attempt_graded, dispatch_uid="progress.on_attempt_graded")

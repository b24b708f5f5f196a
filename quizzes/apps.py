from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuizzesConfig(AppConfig):
    name = "quizzes"
    verbose_name = _("Quiz")

    def ready(self):
        from accounts import personal_data
        from core import registry

        from . import rgpd
        from .blocks import QuizBlock

        registry.register_lesson_block("quiz", QuizBlock)
        personal_data.register(rgpd.PART)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuizzesConfig(AppConfig):
    name = "quizzes"
    verbose_name = _("Quiz")

    def ready(self):
        from accounts import personal_data
        from core import content_cache, registry

        from . import rgpd
        from .blocks import QuizBlock
        from .models import Quiz, QuizDraw, QuizQuestion

        # The live quizzes of a course and their number of questions are kept in the content cache
        # (selectors.live_quizzes): a quiz published, unpublished or edited moves the generation.
        for model in (Quiz, QuizQuestion, QuizDraw):
            content_cache.watch_model(model)

        registry.register_lesson_block("quiz", QuizBlock)
        personal_data.register(rgpd.PART)

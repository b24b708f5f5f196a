from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgressConfig(AppConfig):
    name = "progress"
    verbose_name = _("Progression")

    def ready(self):
        from accounts import personal_data
        from quizzes.signals import answer_reviewed, attempt_graded
        from webinars.services import register_course_learners

        from . import rgpd
        from .handlers import on_answer_reviewed, on_attempt_graded
        from .selectors import learners_enrolled_in

        attempt_graded.connect(on_attempt_graded, dispatch_uid="progress.on_attempt_graded")
        answer_reviewed.connect(on_answer_reviewed, dispatch_uid="progress.on_answer_reviewed")
        personal_data.register(rgpd.PART)
        register_course_learners(learners_enrolled_in)

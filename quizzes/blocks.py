from django.apps import apps
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock


def _first_quiz():
    return {
        "quiz": apps.get_model("quizzes", "Quiz").objects.filter(live=True).order_by("pk").first(),
        "intro": "Vérifiez ce que vous avez retenu de cette partie.",
    }


class QuizBlock(blocks.StructBlock):
    """A quiz placed inside a lesson: a card that opens it and brings the learner back afterwards."""

    quiz = SnippetChooserBlock("quizzes.Quiz", label=_("quiz"))
    intro = blocks.CharBlock(label=_("phrase d'introduction"), required=False, max_length=300)

    # Where the learner stands on the quiz: rendered at each request, never kept in the content cache
    # (core.templatetags.content_fragments.stream_fragment).
    renders_per_request = True

    class Meta:
        icon = "form"
        label = _("quiz")
        template = "blocks/quiz.html"
        preview_template = "blocks/preview.html"
        description = _("Un quiz de la banque, proposé au fil de la leçon ; l'apprenant·e revient ensuite à la leçon.")
        preview_value = staticmethod(_first_quiz)

from django import template

from ..selectors import quiz_question_count, quiz_status_for_user

register = template.Library()


@register.inclusion_tag("quizzes/includes/quiz_card.html", takes_context=True)
def quiz_card(context, quiz, heading="", intro="", status=None):
    """A card that opens `quiz`, says how many questions, and where the learner stands (`status`,
    when the page has read it already, saves the card its query)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if status is None:
        status = quiz_status_for_user(user=user, quiz=quiz) if quiz and user and user.is_authenticated else None
    return {
        "quiz": quiz if quiz and quiz.live else None,
        # « Quiz final : Quiz final — … » said it twice: a title that already names the quiz stands alone.
        "heading": "" if quiz and heading and quiz.title.lower().startswith(heading.lower()) else heading,
        "intro": intro,
        "status": status,
        "question_count": quiz_question_count(quiz=quiz) if quiz else 0,
        "back": request.get_full_path() if request else "",
    }

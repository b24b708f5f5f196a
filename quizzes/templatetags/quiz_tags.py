from django import template

from ..selectors import quiz_label, quiz_question_count, quiz_status_for_user

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
        "heading": heading,
        "label": quiz_label(heading=heading or "Quiz", title=quiz.title) if quiz else "",
        "intro": intro,
        "status": status,
        "question_count": quiz_question_count(quiz=quiz) if quiz else 0,
        "back": request.get_full_path() if request else "",
    }


@register.filter
def quiz_label_after(title, heading):
    """`{{ quiz.title|quiz_label_after:"Quiz final" }}`: « Quiz final : Agir » (see quiz_label)."""
    return quiz_label(heading=heading, title=title)

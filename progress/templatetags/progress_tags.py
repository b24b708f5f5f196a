"""Progress on the course, module and lesson pages. Content templates load these tags; content apps
never import progress. Each tag costs a fixed number of queries, and none for visitors not signed in."""

from functools import lru_cache

from django import template
from django.conf import settings
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.urls import reverse

from ..selectors import STATUS_LABELS, course_progress_for_user, lesson_statuses_for_user, module_steps_for_user

register = template.Library()


def _user(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


@register.simple_tag(takes_context=True)
def course_progress(context, course, outline=None):
    """The learner's progress in `course` (None when not signed in): `{% course_progress page outline as progress %}`."""
    user = _user(context)
    if user is None or course is None or course.pk is None:
        return None
    return course_progress_for_user(user=user, course=course, outline=outline)


@register.inclusion_tag("progress/includes/course_actions.html", takes_context=True)
def course_actions(context, course, outline, progress):
    """« Commencer ce parcours », or the progress bar with « Reprendre » / the attestation."""
    request = context.get("request")
    return {
        "course": course,
        "outline": outline,
        "progress": progress,
        "signed_in": _user(context) is not None,
        "request": request,
        "course_query": context.get("course_query", ""),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("progress/includes/progress_bar.html")
def progress_bar(progress, heading=""):
    return {"progress": progress, "heading": heading}


@lru_cache(maxsize=64)
def _status_html(status: str | None, label: str) -> str:
    """The status as words beside its icon: the same few pieces of HTML on every page (a course page
    shows one per step), rendered once per process instead of once per step."""
    return render_to_string("progress/includes/status.html", {"status": status, "label": label})


@register.simple_tag
def lesson_status(progress, lesson):
    """Terminé / En cours / Pas commencé for a lesson (nothing when not signed in)."""
    status = progress.lesson_status.get(lesson.pk) if progress else None
    return _status_html(status, str(STATUS_LABELS.get(status, "")))


@register.simple_tag
def status_badge(status):
    return _status_html(status, str(STATUS_LABELS.get(status, "")))


@register.simple_tag
def step_status(step):
    """Fait / En cours / À faire for a step (lesson or quiz), as words beside the icon."""
    return _status_html(step.status if step else None, str(step.label) if step else "")


@register.filter
def module_steps(progress, module):
    """The steps (lessons, then the quiz) of `module` in a CourseProgress."""
    if not progress:
        return []
    return next((state.steps for state in progress.modules if state.module.pk == module.pk), [])


@register.simple_tag(takes_context=True)
def module_page_steps(context, module, lessons, quiz=None):
    """The steps of a module for its page (two queries at most; None when not signed in)."""
    user = _user(context)
    if user is None:
        return None
    return module_steps_for_user(user=user, module=module, lessons=lessons, quiz=quiz)


@register.simple_tag(takes_context=True)
def module_lesson_statuses(context, lessons):
    """{lesson id: status} for the module page (one query; None when not signed in)."""
    user = _user(context)
    if user is None:
        return None
    return lesson_statuses_for_user(user=user, lessons=lessons)


@register.filter
def status_of(statuses, lesson):
    return statuses.get(lesson.pk) if statuses else None


@register.inclusion_tag("progress/includes/lesson_completion.html", takes_context=True)
def lesson_completion(context, lesson, navigation):
    """« J'ai terminé cette leçon » and « Leçon suivante » (POST), or « Leçon terminée »."""
    request = context.get("request")
    user = _user(context)
    progress = getattr(request, "lesson_progress", None) if user else None
    # The lesson page says what comes next (the next lesson, or the module's quiz while it is not passed).
    next_step = context.get("next_step")
    next_url = next_step.url if next_step is not None else ""
    return {
        "next_label": next_step.button if next_step is not None else "",
        "lesson": lesson,
        "signed_in": user is not None,
        "completed": bool(progress and progress.completed_at),
        "back": request.get_full_path() if request else "",
        "next_url": next_url,
        "csrf_token": context.get("csrf_token"),
        "preview": lesson.pk is None or getattr(request, "is_preview", False),
    }


@register.filter
def module_status(progress, module):
    """Status of `module` in a CourseProgress."""
    if not progress:
        return None
    return next((state.status for state in progress.modules if state.module.pk == module.pk), None)


@register.inclusion_tag("progress/includes/activity_tracker.html", takes_context=True)
def activity_tracker(context, lesson):
    """The hook of static/js/activity.js on a lesson page: where to post the beats, and the intervals
    (settings, so that browser tests can shorten them). Nothing for visitors nor in a preview."""
    request = context.get("request")
    if _user(context) is None or getattr(request, "is_preview", False):
        return {"enabled": False}
    return {
        "enabled": True,
        "url": reverse("progress:activity_beat", args=[lesson.pk]),
        "token": get_token(request),
        "beat": settings.ACTIVITY_BEAT_SECONDS,
        "idle": settings.ACTIVITY_IDLE_SECONDS,
    }

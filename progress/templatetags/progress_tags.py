"""Progress on the course, module and lesson pages. Content templates load these tags; content apps
never import progress. Each tag costs a fixed number of queries, and none for visitors not signed in."""

import re
from functools import lru_cache

from django import template
from django.conf import settings
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe

from core.content_cache import cached_content

from ..selectors import (
    FINAL_QUIZ,
    LESSON,
    STATUS_LABELS,
    course_progress_for_user,
    module_steps_for_user,
)

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
def status_badge(status):
    return _status_html(status, str(STATUS_LABELS.get(status, "")))


@register.simple_tag
def step_status(step):
    """Fait / En cours / À faire for a step (lesson or quiz), as words beside the icon."""
    return _status_html(step.status if step else None, str(step.label) if step else "")


# The course page's programme (modules, their steps, links, durations) is the same for every learner
# until content changes; only the statuses differ. It is rendered once with a slot where each status
# goes, kept in the content cache, and each page fills the slots with the learner's statuses: a
# course of 30 steps rendered its whole programme for every visit before (≈ 40 % of the page).
_SLOT = "<!--status:{}-->"
_SLOTS = re.compile(r"<!--status:([\w-]+)-->")


def _module_key(module) -> str:
    return f"module-{module.pk}"


def _step_key(step) -> str:
    if step.kind == LESSON:
        return f"lesson-{step.lesson.pk}"
    return "final-quiz" if step.kind == FINAL_QUIZ else f"module-quiz-{step.module.pk}"


@register.simple_tag
def step_status_slot(step):
    return mark_safe(_SLOT.format(_step_key(step)))


@register.simple_tag
def module_status_slot(module):
    return mark_safe(_SLOT.format(_module_key(module)))


def _learner_statuses(progress) -> dict[str, str]:
    statuses = {}
    for state in progress.modules:
        statuses[_module_key(state.module)] = _status_html(state.status, str(state.label))
        for step in state.steps:
            statuses[_step_key(step)] = _status_html(step.status, str(step.label))
    if progress.final_step is not None:
        statuses[_step_key(progress.final_step)] = _status_html(progress.final_step.status, str(progress.final_step.label))
    return statuses


@register.simple_tag(takes_context=True)
def syllabus(context, course, outline, progress):
    """The programme of a course page: modules and steps, with the learner's statuses when signed in."""
    request = context.get("request")
    values = {"outline": outline, "progress": progress, "course_query": context.get("course_query", ""), "request": request}

    def render() -> str:
        return render_to_string("courses/includes/syllabus.html", values)

    if course.pk is None or getattr(request, "is_preview", False):
        html = render()  # a preview shows the course being edited: never kept
    else:
        # Links to pages are relative to the site of the request.
        site = getattr(getattr(request, "_wagtail_site", None), "pk", 0)
        html = cached_content(f"syllabus:{site}:{course.pk}:{'learner' if progress else 'visitor'}", render)
    if progress is None:
        return mark_safe(html)
    statuses = _learner_statuses(progress)
    if any(key not in statuses for key in _SLOTS.findall(html)):
        html = render()  # the kept programme and this progress disagree on the steps: this one wins
    return mark_safe(_SLOTS.sub(lambda match: statuses.get(match.group(1), ""), html))


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

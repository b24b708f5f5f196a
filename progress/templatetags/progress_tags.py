"""Progress on the course, module and lesson pages. Content templates load these tags; content apps
never import progress. Each tag costs a fixed number of queries, and none for visitors not signed in."""

import re
from functools import lru_cache

from django import template
from django.conf import settings
from django.middleware.csrf import get_token
from django.template.defaultfilters import floatformat
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from core.content_cache import cached_content

from ..selectors import (
    DONE,
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


# The dashboard's cards and quiz rows, and the progress bar they share with the course page, are
# written with format_html rather than in templates: « Mon parcours » shows up to ten cards and ten
# rows, and the template engine spent about 250 µs on each card and 200 µs on each row (measured in one
# process, bench data), a third of the page; format_html makes the same HTML in a tenth of that.


def _progress_bar_html(progress) -> str:
    return format_html(
        '<div class="progress">\n    <p class="progress__label" id="progression-{0}">{1}</p>\n'
        '    <progress class="progress__bar" max="100" value="{2}" aria-labelledby="progression-{0}">{2} %</progress>\n</div>',
        progress.course.pk,
        progress.label,
        progress.percent,
    )


@register.simple_tag
def progress_bar(progress):
    """The bar with its words (« 7 étapes sur 22 — 32 % »), which label it for assistive technologies."""
    return _progress_bar_html(progress) if progress else ""


@register.simple_tag(takes_context=True)
def course_card(context, progress):
    """A course in progress on « Mon parcours »: its title, status, bar and next step."""
    step = progress.next_step
    next_step = (
        format_html('\n<p class="card__meta">Prochaine étape : <a href="{}">{}</a></p>', step.url, step.sentence) if step else ""
    )
    return format_html(
        '<li class="card"><div class="card__body">\n<h3 class="card__title"><a href="{}">{}</a></h3>\n<p>{}</p>\n{}{}\n</div></li>',
        progress.course.get_url(request=context.get("request")),
        progress.course.title,
        status_badge(progress.status),
        _progress_bar_html(progress),
        next_step,
    )


@register.simple_tag
def quiz_result_row(row):
    """A quiz on « Mon parcours »: the grade that counts and the pass mark, where the learner stands,
    the attempts left."""
    status, quiz = row.status, row.quiz
    if status.grade is not None:
        grade = format_html('{} % <span class="muted">(seuil {} %)</span>', floatformat(status.grade, 0), quiz.pass_mark)
    else:
        grade = "—"
    if status.passed:
        result = _status_html(DONE, "Réussi")
    elif status.awaiting_review:
        result = "En attente de correction"
    elif status.open_attempt:
        result = "Tentative en cours"
    else:
        result = "À retenter"
    return format_html(
        '<tr>\n<th scope="row"><a href="{}">{}</a></th>\n<td data-label="Note retenue">{}</td>\n'
        '<td data-label="Résultat">{}</td>\n<td data-label="Tentatives restantes">{}</td>\n</tr>',
        reverse("quizzes:detail", args=[quiz.public_id]),
        quiz.title,
        grade,
        result,
        "Illimitées" if status.attempts_left is None else status.attempts_left,
    )


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
    # Each label is a lazy translation, one of a few shared ones: turned into text once per label
    # here, not once per step (gettext was ≈ 7 % of a course page's time for 37 steps and modules).
    texts: dict[int, str] = {}

    def badge(status: str, label) -> str:
        text = texts.get(id(label))
        if text is None:
            text = texts[id(label)] = str(label)
        return _status_html(status, text)

    statuses = {}
    for state in progress.modules:
        statuses[_module_key(state.module)] = badge(state.status, state.label)
        for step in state.steps:
            statuses[_step_key(step)] = badge(step.status, step.label)
    if progress.final_step is not None:
        statuses[_step_key(progress.final_step)] = badge(progress.final_step.status, progress.final_step.label)
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

"""Proof of completion in the reports (the reports app's templates load these tags, so reports needs no
change in its views): per learner and course in the learner report, per module in the course report."""

import uuid

from django import template

from ..models import Certificate
from ..proof import is_to_relaunch, learner_course_figures

register = template.Library()


@register.inclusion_tag("progress/includes/proof_panel.html", takes_context=True)
def proof_panel(context, course, learner):
    """Time on task, « à relancer », the accompaniment log, certificates and the proof file of one learner."""
    figures = learner_course_figures(learner=learner, course=course)
    return {
        "request": context.get("request"),
        "csrf_token": context.get("csrf_token"),
        "course": course,
        "learner": learner,
        "figures": figures,
        "lesson_minutes": round(figures.lesson_active_seconds / 60),
        "to_relaunch": is_to_relaunch(learner=learner, course=course),
        "certificates": Certificate.objects.filter(user=learner, course=course),
        # Idempotency key of the message form: sent twice, it is recorded and e-mailed once.
        "message_key": uuid.uuid4(),
    }


@register.inclusion_tag("progress/includes/course_time_on_task.html", takes_context=True)
def course_time_on_task(context, course, module_times, relaunch, planned):
    """Estimated minutes beside the measured time per module, the learners « à relancer » and the
    planned duration of the course's certificates (proof.planned_duration), computed for the whole
    course by the caller (the course report reads them from its summary)."""
    return {
        "csrf_token": context.get("csrf_token"),
        "course": course,
        "modules": module_times,
        "relaunch": relaunch,
        "planned": planned,
    }

"""The attestation de suivi et de réussite: its data (frozen at issue) and its tagged PDF (WeasyPrint).

Fields follow docs of the domain (politique-de-la-ville.md §3.5): organisation, learner, course title and
version, objectives, nature, dates, planned duration, modules completed, quiz results, signatory,
unique identifier with its verification URL and QR code, and « ne vaut pas certification professionnelle ».
"""

from __future__ import annotations

import base64
import io

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from core.identity import attestation_signatory, settings_for_default_site
from core.typography import NBSP, french_spacing
from core.urls import absolute_url
from courses.models import CourseModule, LessonPage
from quizzes.models import Attempt
from quizzes.selectors import quiz_statuses_from_attempts
from webinars.selectors import attended_webinars_for_user

from .models import Attestation, CourseCompletion, LessonProgress, ModuleCompletion

NATURE = "Action de formation à distance (e-learning), suivie à votre rythme"
STATEMENT = "Attestation de suivi et de réussite — ne vaut pas certification professionnelle"


def _date(value) -> str:
    return timezone.localtime(value).strftime("%d/%m/%Y") if value else ""


def attestation_data(*, completion: CourseCompletion) -> dict:
    """What the attestation certifies, as plain data stored with it (the course may change later)."""
    user, course = completion.user, completion.course
    links = list(
        CourseModule.objects.filter(page=course, module__live=True).select_related("module").order_by("sort_order", "pk")
    )
    modules = [link.module for link in links]
    completed_at = dict(ModuleCompletion.objects.filter(user=user, module__in=modules).values_list("module_id", "completed_at"))
    minutes = 0
    lesson_ids = []
    for module in modules:
        for lesson_id, lesson_minutes in LessonPage.objects.child_of(module).live().values_list("pk", "estimated_minutes"):
            minutes += lesson_minutes
            lesson_ids.append(lesson_id)
    first_visit = (
        LessonProgress.objects.filter(user=user, lesson_id__in=lesson_ids)
        .order_by("first_visit_at")
        .values_list("first_visit_at", flat=True)
        .first()
    )
    enrolment = course.enrolments.filter(user=user).first()
    started = min(filter(None, [first_visit, enrolment.enrolled_at if enrolment else None]), default=completion.completed_at)
    quiz_ids = [module.quiz_id for module in modules if module.quiz_id] + ([course.final_quiz_id] if course.final_quiz_id else [])
    attempts = list(Attempt.objects.filter(user=user, quiz_id__in=quiz_ids).select_related("quiz"))
    quizzes = {attempt.quiz_id: attempt.quiz for attempt in attempts}
    statuses = quiz_statuses_from_attempts(attempts=attempts, quizzes=quizzes)
    quiz_rows = [
        {
            "title": quizzes[quiz_id].title,
            "grade": f"{statuses[quiz_id].grade:.0f} %" if statuses[quiz_id].grade is not None else "",
            "pass_mark": f"{quizzes[quiz_id].pass_mark} %",
            "passed": statuses[quiz_id].passed,
            "final": quiz_id == course.final_quiz_id,
        }
        for quiz_id in quiz_ids
        if quiz_id in statuses
    ]
    identity = settings_for_default_site()
    signatory = attestation_signatory(identity)
    return {
        "organisation": identity.organisation_name,
        "learner_name": user.get_full_name() or user.email,
        "course_title": course.title,
        "course_version": completion.course_version,
        "course_revision_id": completion.course_revision_id,
        "objectives": [str(block.value) for block in course.objectives],
        "nature": NATURE,
        "started_on": _date(started),
        "completed_on": _date(completion.completed_at),
        "planned_minutes": minutes,
        "modules": [{"title": module.title, "completed_on": _date(completed_at.get(module.pk))} for module in modules],
        "quizzes": quiz_rows,
        "webinars": [
            {"title": item.webinar.title, "date": _date(item.webinar.start), "hours": f"{item.hours:.2f}".replace(".", ",")}
            for item in attended_webinars_for_user(user=user, course=course)
        ],
        # Frozen with the attestation; an empty one is left out of the PDF (core.identity).
        "signatory_name": signatory.name,
        "signatory_function": signatory.function,
        "place": signatory.place,
        "statement": STATEMENT,
    }


def verification_url(identifier: str) -> str:
    return absolute_url(reverse("progress:verify", args=[identifier]))


def qr_code_data_uri(text: str) -> str:
    """A QR code as an SVG data URI (inside the PDF only; never served to a browser)."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def duration_label(minutes: int) -> str:
    hours, rest = divmod(int(minutes or 0), 60)
    if not hours:
        return f"{rest}{NBSP}min"
    return f"{hours}{NBSP}h{NBSP}{rest:02d}" if rest else f"{hours}{NBSP}h"


# Root font sizes tried in turn (pt): a long course (many modules, quizzes, webinars) is set smaller
# rather than pushing the signature block onto a second page.
SCALES = (10, 9, 8.25, 7.5, 6.75)


def render_attestation_pdf(*, attestation: Attestation) -> bytes:
    """A tagged PDF (PDF/UA-1) in French, with a title, on exactly one A4 page, from
    templates/progress/attestation_pdf.html."""
    from weasyprint import HTML

    url = verification_url(attestation.identifier)
    context = {
        "data": attestation.data,
        "identifier": attestation.identifier,
        "issued_on": _date(attestation.issued_at),
        "verify_url": url,
        "qr_code": qr_code_data_uri(url),
        "duration": duration_label(attestation.data.get("planned_minutes", 0)),
    }
    for scale in SCALES:
        html = french_spacing(render_to_string("progress/attestation_pdf.html", {**context, "scale": scale}))
        document = HTML(string=html, base_url=str(settings.BASE_DIR)).render(pdf_variant="pdf/ua-1")
        if len(document.pages) == 1:
            break
    # Beyond the smallest size (never reached: it holds about 25 modules and quizzes) the attestation
    # takes a second page rather than being cut.
    return document.write_pdf(pdf_variant="pdf/ua-1")

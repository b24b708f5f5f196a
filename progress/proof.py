"""Proof of completion of a financed distance training: the accompaniment log, the « à relancer » rule,
the « certificat de réalisation » and the proof file (« dossier de preuve »).

Code du travail art. D.6313-3-1: for distance learning, the provider shows the technical and teaching
assistance, each activity and its average duration, and the evaluations. The figures of the certificate
and of the proof file's CSV/JSON come from one function, `learner_course_figures`, so they reconcile.
"""

from __future__ import annotations

import io
import json
import os
import statistics
import tempfile
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, Sum
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from accounts import roles
from core.expiry import delete_with_files
from core.identity import attestation_signatory, format_siret, settings_for_default_site
from core.mail import send_templated_mail
from core.spreadsheets import write_csv
from core.typography import french_spacing
from core.urls import absolute_url
from courses.models import CourseModule, CoursePage
from courses.selectors import course_outline, lessons_by_module_path, module_number_of_lesson
from quizzes.models import Attempt, AttemptStatus, Quiz
from quizzes.selectors import quiz_planned_minutes, with_question_count
from webinars.selectors import attended_webinars_for_user, programme_webinars_for_course

from .attestations import duration_label
from .models import AccompanimentEntry, ActivitySession, Certificate, CourseCompletion, Enrolment, LessonProgress, ProofFile
from .selectors import course_progress_for_user

# « À relancer »: a learner who started a course, has not finished it, and did nothing in it for this long.
RELAUNCH_AFTER = timedelta(days=7)
# A quiz attempt counts at most this long in the measured time (a tab left open is not work).
QUIZ_ATTEMPT_CAP = timedelta(minutes=60)
NATURE = "Action de formation à distance"
# A message from the learner report (accompaniment log, channel « Message »).
MESSAGE_SUBJECT_MAX = 150
MESSAGE_TEXT_MAX = 5000


class ProofError(Exception):
    """A refusal with a French message for the person who asked."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def retention() -> timedelta:
    return timedelta(days=365 * int(getattr(settings, "PROOF_RETENTION_YEARS", 6)))


# --- The accompaniment log ------------------------------------------------------------------------------


def _courses_of_quiz(*, learner, quiz_id: int) -> list[CoursePage]:
    """The learner's courses that this quiz belongs to (a module's quiz or the final quiz)."""
    return list(
        CoursePage.objects.filter(enrolments__user=learner)
        .filter(Q(final_quiz_id=quiz_id) | Q(course_modules__module__quiz_id=quiz_id))
        .defer_streamfields()
        .distinct()
    )


def accompaniment_record(
    *,
    learner,
    kind: str,
    summary: str,
    course: CoursePage | None = None,
    author=None,
    detail: str = "",
    source_key: str = "",
    now: datetime | None = None,
) -> AccompanimentEntry:
    """Write one entry of the log; with a `source_key`, at most once (a retried task writes nothing twice)."""
    values = {"occurred_at": now or timezone.now(), "author": author, "summary": summary[:255], "detail": detail[:5000]}
    if not source_key:
        return AccompanimentEntry.objects.create(learner=learner, course=course, kind=kind, **values)
    try:
        with transaction.atomic():
            entry, _created = AccompanimentEntry.objects.get_or_create(
                learner=learner, course=course, kind=kind, source_key=source_key, defaults=values
            )
    except IntegrityError:
        entry = AccompanimentEntry.objects.get(learner=learner, course=course, kind=kind, source_key=source_key)
    return entry


def accompaniment_record_review(*, answer, attempt, reviewer) -> list[AccompanimentEntry]:
    """A trainer marked and commented a free-text answer: one entry per course of the learner it belongs to."""
    summary = f"Réponse libre corrigée au quiz « {attempt.quiz.title} » : {answer.score:g} point(s)"
    courses = _courses_of_quiz(learner=attempt.user, quiz_id=attempt.quiz_id) or [None]
    return [
        accompaniment_record(
            learner=attempt.user,
            course=course,
            kind=AccompanimentEntry.Kind.ANSWER_REVIEWED,
            author=reviewer,
            summary=summary,
            detail=strip_tags(answer.review_comment or ""),
            source_key=f"answer:{answer.pk}:{answer.reviewed_at:%Y%m%d%H%M%S}",
            now=answer.reviewed_at,
        )
        for course in courses
    ]


@dataclass
class LogRow:
    occurred_at: datetime
    kind: str
    author: str
    summary: str
    detail: str = ""


def _name(user) -> str:
    if user is None:
        return "Plateforme (automatique)"
    return user.get_full_name() or user.email


def accompaniment_log(*, learner, course: CoursePage) -> list[LogRow]:
    """Every interaction of the training team with the learner in this course, oldest first: the
    entries of the log and the webinars attended (read from the attendance itself)."""
    rows = [
        LogRow(entry.occurred_at, entry.get_kind_display(), _name(entry.author), entry.summary, entry.detail)
        for entry in AccompanimentEntry.objects.filter(learner=learner, course=course).select_related("author")
    ]
    for item in attended_webinars_for_user(user=learner, course=course):
        rows.append(
            LogRow(
                item.webinar.start,
                "webinaire suivi",
                "Équipe pédagogique (webinaire)",
                f"{item.webinar.title} ({item.minutes} min)",
            )
        )
    return sorted(rows, key=lambda row: row.occurred_at)


# --- « À relancer » --------------------------------------------------------------------------------------


def to_relaunch(enrolments, *, now: datetime | None = None):
    """The one definition of « à relancer »: of these enrolments, those whose learner started the course
    (a lesson visited or completed), has not finished it, and has had no activity in it for 7 days."""
    now = now or timezone.now()
    started = LessonProgress.objects.filter(
        user_id=OuterRef("user_id"), lesson__path__startswith=OuterRef("course__course_modules__module__path")
    )
    return (
        enrolments.filter(last_activity_at__lte=now - RELAUNCH_AFTER)
        .exclude(Exists(CourseCompletion.objects.filter(user_id=OuterRef("user_id"), course_id=OuterRef("course_id"))))
        .filter(Exists(started))
        .distinct()
    )


def is_to_relaunch(*, learner, course: CoursePage, now: datetime | None = None) -> bool:
    return to_relaunch(Enrolment.objects.filter(user=learner, course=course), now=now).exists()


def learner_relaunch(
    *, sender, learner, course: CoursePage, message: str = "", now: datetime | None = None
) -> AccompanimentEntry:
    """« Relancer »: a trainer (of the course) or an administrator e-mails the learner; the log records it.
    Twice the same day writes and sends once."""
    if not roles.learners_visible_to(sender, course=course).filter(pk=learner.pk).exists():
        raise ProofError("Vous ne suivez pas cet apprenant ou cette apprenante dans ce parcours.")
    message = (message or "").strip()
    if len(message) > 2000:
        raise ProofError("Votre message est trop long : 2 000 caractères au plus.")
    now = now or timezone.now()
    key = f"relaunch:{sender.pk}:{timezone.localdate(now):%Y%m%d}"
    existing = AccompanimentEntry.objects.filter(
        learner=learner, course=course, kind=AccompanimentEntry.Kind.REMINDER_TRAINER, source_key=key
    ).first()
    if existing is not None:
        return existing
    entry = accompaniment_record(
        learner=learner,
        course=course,
        kind=AccompanimentEntry.Kind.REMINDER_TRAINER,
        author=sender,
        summary=f"Relance par e-mail pour le parcours « {course.title} »",
        detail=message,
        source_key=key,
        now=now,
    )
    progress = course_progress_for_user(user=learner, course=course)
    send_templated_mail(
        to=learner.email,
        subject=f"Votre parcours « {course.title} » vous attend",
        template="progress/email/trainer_relaunch.txt",
        context={
            "user": learner,
            "sender": sender,
            "course": course,
            "message": message,
            "resume_url": absolute_url(progress.resume_url or course.url or "/"),
        },
    )
    return entry


def learner_message(
    *, sender, learner, course: CoursePage, subject: str, text: str, key: str, now: datetime | None = None
) -> tuple[AccompanimentEntry, bool]:
    """A trainer (of the course) or an administrator writes to the learner: the message is e-mailed and
    recorded in the accompaniment log (channel « Message »). `key` is the form's idempotency key: the same
    form sent twice records and sends once. Returns (entry, whether it was sent now)."""
    if not roles.learners_visible_to(sender, course=course).filter(pk=learner.pk).exists():
        raise ProofError("Vous ne suivez pas cet apprenant ou cette apprenante dans ce parcours.")
    subject, text = (subject or "").strip(), (text or "").strip()
    if not subject or not text:
        raise ProofError("Indiquez l'objet et le texte du message.")
    if len(subject) > MESSAGE_SUBJECT_MAX or len(text) > MESSAGE_TEXT_MAX:
        raise ProofError("Votre message est trop long.")
    now = now or timezone.now()
    values = {"occurred_at": now, "author": sender, "summary": subject, "detail": text}
    with transaction.atomic():
        entry, created = AccompanimentEntry.objects.get_or_create(
            learner=learner,
            course=course,
            kind=AccompanimentEntry.Kind.MESSAGE,
            source_key=f"message:{key}",
            defaults=values,
        )
        if created:  # the e-mail is stored with the entry (core.mail queues it): both or neither
            send_templated_mail(
                to=learner.email,
                subject=subject,
                template="progress/email/trainer_message.txt",
                context={
                    "user": learner,
                    "sender": sender,
                    "course": course,
                    "text": text,
                    "course_url": absolute_url(course.url or "/"),
                },
            )
    return entry, created


# --- Figures of one learner in one course -----------------------------------------------------------------


@dataclass
class Figures:
    """What the certificate states and the proof file details; every total is the sum of its rows."""

    sessions: list[dict] = field(default_factory=list)
    evaluations: list[dict] = field(default_factory=list)
    webinars: list[dict] = field(default_factory=list)
    log: list[LogRow] = field(default_factory=list)
    # The planned duration, item by item (lessons, quizzes, webinars of the programme): its rows add up
    # to the three planned totals below.
    planned: list[dict] = field(default_factory=list)
    planned_lesson_minutes: int = 0
    planned_quiz_minutes: int = 0
    planned_webinar_minutes: int = 0
    completion_rate: int = 0
    entered_at: datetime | None = None
    exited_at: datetime | None = None
    completed: bool = False

    @property
    def planned_minutes(self) -> int:
        return self.planned_lesson_minutes + self.planned_quiz_minutes + self.planned_webinar_minutes

    @property
    def lesson_active_seconds(self) -> float:
        return round(sum(row["active_seconds"] for row in self.sessions), 3)

    @property
    def quiz_seconds(self) -> float:
        return round(sum(row["duration_seconds"] for row in self.evaluations), 3)

    @property
    def webinar_minutes(self) -> int:
        return sum(row["minutes"] for row in self.webinars)

    @property
    def measured_minutes(self) -> int:
        """Measured time: lessons' active time, quiz attempts and webinars attended, in whole minutes."""
        return round((self.lesson_active_seconds + self.quiz_seconds) / 60 + self.webinar_minutes)

    @property
    def progress_minutes(self) -> int:
        """Progress × planned duration."""
        return round(self.completion_rate * self.planned_minutes / 100)


@dataclass
class Programme:
    """What a course asks of every learner, and its planned duration item by item."""

    lessons: list
    quiz_ids: list[int]
    planned: list[dict]

    def planned_minutes_of(self, kind: str) -> int:
        return sum(row["minutes"] for row in self.planned if row["kind"] == kind)


def course_programme(*, course: CoursePage) -> Programme:
    """The course's published lessons, quizzes and webinars with their planned minutes: the lessons'
    estimated minutes, each quiz's time (its limit, or 1 min per question with 5 min at least:
    quizzes.selectors.quiz_planned_minutes) and the planned length of every webinar of the programme that
    is not cancelled (webinars.selectors.programme_webinars_for_course). The same for every learner: the
    certificate, the proof file and the course report read it here."""
    modules = [item.module for item in CourseModule.objects.filter(page=course, module__live=True).select_related("module")]
    by_module = lessons_by_module_path(modules)
    lessons = [lesson for module in modules for lesson in by_module.get(module.path, [])]
    quiz_ids = [module.quiz_id for module in modules if module.quiz_id] + ([course.final_quiz_id] if course.final_quiz_id else [])
    quizzes = with_question_count(Quiz.objects.all()).in_bulk(quiz_ids)
    planned = [{"kind": "leçon", "title": lesson.title, "minutes": lesson.estimated_minutes or 0} for lesson in lessons]
    planned += [
        {"kind": "quiz", "title": quizzes[quiz_id].title, "minutes": quiz_planned_minutes(quiz=quizzes[quiz_id])}
        for quiz_id in quiz_ids
        if quiz_id in quizzes
    ]
    planned += [
        {"kind": "webinaire", "title": webinar.title, "minutes": webinar.duration_minutes}
        for webinar in programme_webinars_for_course(course=course)
    ]
    return Programme(lessons=lessons, quiz_ids=quiz_ids, planned=planned)


def learner_course_figures(*, learner, course: CoursePage) -> Figures:
    programme = course_programme(course=course)
    lesson_titles = {lesson.pk: lesson.title for lesson in programme.lessons}
    quiz_ids = programme.quiz_ids
    figures = Figures(
        planned=programme.planned,
        planned_lesson_minutes=programme.planned_minutes_of("leçon"),
        planned_quiz_minutes=programme.planned_minutes_of("quiz"),
        planned_webinar_minutes=programme.planned_minutes_of("webinaire"),
    )
    for session in ActivitySession.objects.filter(user=learner, lesson_id__in=lesson_titles).order_by("started_at"):
        figures.sessions.append(
            {
                "lesson": lesson_titles[session.lesson_id],
                "started_at": session.started_at,
                "ended_at": session.ended_at,
                "active_seconds": round(session.active_seconds, 3),
                "source": session.get_source_display(),
            }
        )
    attempts = (
        Attempt.objects.filter(user=learner, quiz_id__in=quiz_ids, status=AttemptStatus.GRADED)
        .select_related("quiz")
        .order_by("submitted_at")
    )
    for attempt in attempts:
        spent = (attempt.submitted_at or attempt.started_at) - attempt.started_at
        figures.evaluations.append(
            {
                "quiz": attempt.quiz.title,
                "attempt": attempt.number,
                "date": attempt.graded_at or attempt.submitted_at,
                "score_percent": float(attempt.percent) if attempt.percent is not None else None,
                "pass_mark": attempt.quiz.pass_mark,
                "passed": bool(attempt.passed),
                "duration_seconds": round(min(spent, QUIZ_ATTEMPT_CAP).total_seconds(), 3),
            }
        )
    for item in attended_webinars_for_user(user=learner, course=course):
        figures.webinars.append({"webinar": item.webinar.title, "date": item.webinar.start, "minutes": item.minutes})
    figures.log = accompaniment_log(learner=learner, course=course)
    progress = course_progress_for_user(user=learner, course=course)
    figures.completion_rate = progress.percent
    figures.completed = progress.completion is not None
    enrolment = Enrolment.objects.filter(user=learner, course=course).first()
    starts = [
        value for value in [enrolment.enrolled_at if enrolment else None] + [s["started_at"] for s in figures.sessions] if value
    ]
    figures.entered_at = min(starts, default=None)
    ends = [s["ended_at"] for s in figures.sessions] + [e["date"] for e in figures.evaluations if e["date"]]
    figures.exited_at = progress.completion.completed_at if progress.completion else max(ends, default=figures.entered_at)
    return figures


def _date(value) -> str:
    return timezone.localtime(value).strftime("%d/%m/%Y") if value else ""


def _datetime(value) -> str:
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M") if value else ""


# --- « Certificat de réalisation » ------------------------------------------------------------------------


def certificate_data(*, learner, course: CoursePage, figures: Figures, partial_reason: str = "") -> dict:
    identity = settings_for_default_site()
    signatory = attestation_signatory(identity)
    return {
        "learner_name": learner.get_full_name() or learner.email,
        "course_title": course.title,
        "nature": NATURE,
        "entered_on": _date(figures.entered_at),
        "exited_on": _date(figures.exited_at),
        "planned_minutes": figures.planned_minutes,
        "planned_lesson_minutes": figures.planned_lesson_minutes,
        "planned_quiz_minutes": figures.planned_quiz_minutes,
        "planned_webinar_minutes": figures.planned_webinar_minutes,
        "lesson_active_seconds": figures.lesson_active_seconds,
        "quiz_seconds": figures.quiz_seconds,
        "webinar_minutes": figures.webinar_minutes,
        "measured_minutes": figures.measured_minutes,
        "progress_minutes": figures.progress_minutes,
        "completion_rate": figures.completion_rate,
        "completed": figures.completed,
        "partial_reason": partial_reason,
        "evaluations": [
            {
                "quiz": row["quiz"],
                "date": _date(row["date"]),
                "score": f"{row['score_percent']:.0f} %" if row["score_percent"] is not None else "",
                "passed": row["passed"],
            }
            for row in figures.evaluations
        ],
        "organisation": identity.organisation_name,
        "legal_form": identity.legal_form,
        "siret": format_siret(identity.siret) if identity.siret else "",
        "address": identity.head_office_address,
        "signatory_name": signatory.name,
        "signatory_function": signatory.function,
        "place": signatory.place,
    }


SCALES = (10, 9, 8, 7)


def render_certificate_pdf(*, data: dict, identifier: str, issued_at: datetime) -> bytes:
    """A tagged PDF (PDF/UA-1) in French, on one A4 page, from templates/progress/certificate_pdf.html."""
    from weasyprint import HTML

    context = {
        "data": data,
        "identifier": identifier,
        "issued_on": _date(issued_at),
        "planned": duration_label(data["planned_minutes"]),
        "measured": duration_label(data["measured_minutes"]),
        "lessons_measured": duration_label(round(data["lesson_active_seconds"] / 60)),
        "progress_duration": duration_label(data["progress_minutes"]),
    }
    for scale in SCALES:
        html = french_spacing(render_to_string("progress/certificate_pdf.html", {**context, "scale": scale}))
        document = HTML(string=html, base_url=str(settings.BASE_DIR)).render(pdf_variant="pdf/ua-1")
        if len(document.pages) == 1:
            break
    return document.write_pdf(pdf_variant="pdf/ua-1")


def certificate_issue(
    *, issuer, learner, course: CoursePage, partial_reason: str = "", now: datetime | None = None
) -> Certificate:
    """Issue a « certificat de réalisation »: administrators, and trainers for their assigned courses.
    A course not finished needs the reason of the partial completion (its rate is stated)."""
    if not roles.learners_visible_to(issuer, course=course).filter(pk=learner.pk).exists():
        raise ProofError("Vous ne pouvez pas délivrer de certificat pour cet apprenant ou cette apprenante dans ce parcours.")
    partial_reason = (partial_reason or "").strip()[:1000]
    figures = learner_course_figures(learner=learner, course=course)
    if not figures.completed and not partial_reason:
        raise ProofError("Le parcours n'est pas terminé : indiquez le motif de la réalisation partielle.")
    if not figures.completed and figures.completion_rate == 0 and not figures.sessions:
        raise ProofError("Aucune activité enregistrée dans ce parcours : il n'y a rien à certifier.")
    now = now or timezone.now()
    data = certificate_data(
        learner=learner, course=course, figures=figures, partial_reason="" if figures.completed else partial_reason
    )
    certificate = Certificate(
        user=learner,
        course=course,
        issued_at=now,
        issued_by=issuer,
        partial=not figures.completed,
        data=data,
        partial_reason=data["partial_reason"],
    )
    pdf = render_certificate_pdf(data=data, identifier=certificate.identifier, issued_at=now)
    with transaction.atomic():
        certificate.save()
        certificate.pdf.save(f"certificat-{certificate.identifier}.pdf", ContentFile(pdf), save=True)
    return certificate


def certificates_for_user(*, user) -> list[Certificate]:
    """The learner's certificates with their PDF, newest first (« Mon parcours »): one query."""
    return [certificate for certificate in Certificate.objects.filter(user=user).exclude(pdf="") if certificate.pdf]


def can_open_certificate(user, certificate: Certificate) -> bool:
    """Its learner, and whoever may follow that learner in that course."""
    if user.is_authenticated and certificate.user_id == user.pk:
        return True
    return roles.learners_visible_to(user, course=certificate.course).filter(pk=certificate.user_id).exists()


# --- The proof file -----------------------------------------------------------------------------------------

SESSION_HEADINGS = ["Apprenant·e", "Leçon", "Début", "Fin", "Minutes actives", "Secondes actives", "Origine"]
EVALUATION_HEADINGS = ["Apprenant·e", "Quiz", "Tentative", "Date", "Score (%)", "Seuil (%)", "Réussi", "Durée (secondes)"]
LOG_HEADINGS = ["Apprenant·e", "Date", "Nature", "Auteur·rice", "Objet", "Contenu"]
WEBINAR_HEADINGS = ["Apprenant·e", "Webinaire", "Date", "Minutes de présence"]
TOTAL_HEADINGS = [
    "Apprenant·e",
    "Durée prévue (min)",
    "dont leçons (min)",
    "dont quiz (min)",
    "dont webinaires (min)",
    "Temps actif mesuré sur les leçons (secondes)",
    "Temps des quiz (secondes)",
    "Webinaires (min)",
    "Durée réalisée mesurée (min)",
    "Taux de réalisation (%)",
    "Durée réalisée au prorata (min)",
]


def _csv_bytes(headings, rows) -> bytes:
    buffer = io.BytesIO()
    write_csv(buffer, headings, rows)
    return buffer.getvalue()


def proof_tables(*, learner, course: CoursePage, figures: Figures) -> dict[str, list[list]]:
    name = learner.get_full_name() or learner.email
    return {
        "seances": [
            [
                name,
                row["lesson"],
                _datetime(row["started_at"]),
                _datetime(row["ended_at"]),
                round(row["active_seconds"] / 60, 2),
                row["active_seconds"],
                row["source"],
            ]
            for row in figures.sessions
        ],
        "evaluations": [
            [
                name,
                row["quiz"],
                row["attempt"],
                _datetime(row["date"]),
                row["score_percent"],
                row["pass_mark"],
                "oui" if row["passed"] else "non",
                row["duration_seconds"],
            ]
            for row in figures.evaluations
        ],
        "accompagnement": [
            [name, _datetime(row.occurred_at), row.kind, row.author, row.summary, row.detail] for row in figures.log
        ],
        "webinaires": [[name, row["webinar"], _datetime(row["date"]), row["minutes"]] for row in figures.webinars],
        "totaux": [
            [
                name,
                figures.planned_minutes,
                figures.planned_lesson_minutes,
                figures.planned_quiz_minutes,
                figures.planned_webinar_minutes,
                figures.lesson_active_seconds,
                figures.quiz_seconds,
                figures.webinar_minutes,
                figures.measured_minutes,
                figures.completion_rate,
                figures.progress_minutes,
            ]
        ],
    }


HEADINGS = {
    "seances": SESSION_HEADINGS,
    "evaluations": EVALUATION_HEADINGS,
    "accompagnement": LOG_HEADINGS,
    "webinaires": WEBINAR_HEADINGS,
    "totaux": TOTAL_HEADINGS,
}


def _json_default(value):
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(type(value))


def write_proof_zip(handle, *, course: CoursePage, learners, now: datetime) -> None:
    """The zip: per learner, the certificate (as of now) and their JSON; CSV files for all of them."""
    tables = {key: [] for key in HEADINGS}
    with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for learner in learners:
            figures = learner_course_figures(learner=learner, course=course)
            folder = f"apprenant-{learner.public_id.hex[:12]}"
            data = certificate_data(
                learner=learner,
                course=course,
                figures=figures,
                partial_reason="" if figures.completed else "Parcours non terminé à la date du dossier",
            )
            archive.writestr(
                f"{folder}/certificat-de-realisation.pdf", render_certificate_pdf(data=data, identifier="dossier", issued_at=now)
            )
            learner_tables = proof_tables(learner=learner, course=course, figures=figures)
            for key, rows in learner_tables.items():
                tables[key].extend(rows)
            archive.writestr(
                f"{folder}/preuves.json",
                json.dumps(
                    {
                        "apprenant": data["learner_name"],
                        "parcours": course.title,
                        "certificat": data,
                        "duree_prevue": figures.planned,
                        "seances": figures.sessions,
                        "evaluations": figures.evaluations,
                        "accompagnement": [row.__dict__ for row in figures.log],
                        "webinaires": figures.webinars,
                    },
                    default=_json_default,
                    ensure_ascii=False,
                    indent=2,
                ),
            )
        for key, rows in tables.items():
            archive.writestr(f"{key}.csv", _csv_bytes(HEADINGS[key], rows))


def proof_file_request(*, requester, course: CoursePage, learner=None, now: datetime | None = None) -> ProofFile:
    """Queue the proof file of one learner (or of the course's cohort); built by a Celery task and e-mailed."""
    from .tasks import build_proof_file

    if learner is not None:
        allowed = roles.learners_visible_to(requester, course=course).filter(pk=learner.pk).exists()
    else:
        allowed = roles.courses_visible_to(requester, CoursePage.objects.filter(pk=course.pk)).exists()
    if not allowed:
        raise ProofError("Vous ne pouvez pas demander ce dossier de preuve.")
    now = now or timezone.now()
    with transaction.atomic():
        existing = ProofFile.objects.filter(
            requester=requester,
            course=course,
            learner=learner,
            status=ProofFile.Status.PENDING,
            requested_at__gte=now - timedelta(minutes=10),
        ).first()
        if existing is not None:
            return existing
        proof = ProofFile.objects.create(requester=requester, course=course, learner=learner, requested_at=now)
        transaction.on_commit(lambda: build_proof_file.delay(proof.pk))
    return proof


def proof_file_build(*, proof_id: int, now: datetime | None = None) -> bool:
    """Write the zip of a queued proof file and e-mail its link once; the requester's rights are checked again."""
    with transaction.atomic():
        proof = (
            ProofFile.objects.select_for_update(of=("self",))
            .select_related("requester", "course", "learner")
            .filter(pk=proof_id)
            .first()
        )
        if proof is None or proof.status != ProofFile.Status.PENDING:
            return False
        visible = roles.learners_visible_to(proof.requester, course=proof.course)
        learners = visible.filter(pk=proof.learner_id) if proof.learner_id else visible.order_by("last_name", "first_name", "pk")
        learners = list(learners)
        if not learners:
            proof.status = ProofFile.Status.FAILED
            proof.save(update_fields=["status"])
            return False
        now = now or timezone.now()
        fd, path = tempfile.mkstemp(suffix=".zip")
        try:
            with os.fdopen(fd, "wb") as handle:
                write_proof_zip(handle, course=proof.course, learners=learners, now=now)
            with open(path, "rb") as handle:
                proof.file.save(f"dossier-de-preuve-{proof.course.slug}.zip", File(handle), save=False)
        finally:
            os.unlink(path)
        proof.status = ProofFile.Status.READY
        proof.ready_at = now
        proof.expires_at = now + timedelta(days=ProofFile.VALIDITY_DAYS)
        proof.save(update_fields=["file", "status", "ready_at", "expires_at"])
        if proof.emailed_at is None:
            send_templated_mail(
                to=proof.requester.email,
                subject=f"Le dossier de preuve « {proof.course.title} » est prêt",
                template="progress/email/proof_file_ready.txt",
                context={
                    "user": proof.requester,
                    "proof": proof,
                    "url": absolute_url(reverse("progress_proof_file_download", args=[proof.public_id])),
                },
            )
            proof.emailed_at = timezone.now()
            proof.save(update_fields=["emailed_at"])
    return True


def can_download_proof_file(user, proof: ProofFile) -> bool:
    """Like a queued report export: its requester, or an administrator."""
    return roles.can_download_report_export(user, proof)


# --- Retention --------------------------------------------------------------------------------------------


def proof_purge_expired(*, now: datetime | None = None) -> int:
    """Daily: proof files past their week, and proof data past the retention (6 years by default)."""
    now = now or timezone.now()
    gone = delete_with_files(ProofFile.objects.filter(expires_at__lte=now))
    limit = now - retention()
    gone += ActivitySession.objects.filter(ended_at__lte=limit).delete()[0]
    gone += AccompanimentEntry.objects.filter(occurred_at__lte=limit).delete()[0]
    for certificate in Certificate.objects.filter(issued_at__lte=limit):
        if certificate.pdf:
            certificate.pdf.delete(save=False)
        certificate.delete()
        gone += 1
    return gone


# --- Time on task per module (course report) -----------------------------------------------------------------


@dataclass
class ModuleTime:
    title: str
    estimated_minutes: int
    learners: int  # learners with measured time in this module
    median_minutes: float | None
    q1_minutes: float | None
    q3_minutes: float | None


def planned_duration(*, course: CoursePage) -> dict:
    """The planned duration of the course's certificates in minutes, in total and by kind (the same for
    every learner): {"total", "lessons", "quizzes", "webinars"}."""
    programme = course_programme(course=course)
    return {
        "total": sum(row["minutes"] for row in programme.planned),
        "lessons": programme.planned_minutes_of("leçon"),
        "quizzes": programme.planned_minutes_of("quiz"),
        "webinars": programme.planned_minutes_of("webinaire"),
    }


def time_on_task_by_module(*, course: CoursePage, learners) -> list[ModuleTime]:
    """Per module of the course: the estimated minutes of its lessons beside the measured active time of
    the learners (median and interquartile spread), so that trainers can correct their estimates.
    One query for every module (the course outline comes from the content cache): each learner's
    active seconds per module, summed by the database."""
    outline = course_outline(course=course)
    lesson_ids = [lesson.pk for item in outline.modules for lesson in item.lessons]
    minutes_by_module: dict[int, list[float]] = {item.number: [] for item in outline.modules}
    module_number = module_number_of_lesson(outline)
    if module_number is not None:
        totals = (
            ActivitySession.objects.filter(user_id__in=learners.values("pk"), lesson_id__in=lesson_ids, active_seconds__gt=0)
            .annotate(module_number=module_number)
            .values("module_number", "user_id")
            .annotate(seconds=Sum("active_seconds"))
            .values_list("module_number", "seconds")
        )
        for number, seconds in totals.iterator():
            minutes_by_module[number].append(seconds / 60)
    rows = []
    for item in outline.modules:
        minutes = sorted(minutes_by_module[item.number])
        if len(minutes) >= 2:
            q1, median, q3 = statistics.quantiles(minutes, n=4, method="inclusive")
        elif minutes:
            q1 = median = q3 = minutes[0]
        else:
            q1 = median = q3 = None
        estimated = sum(lesson.estimated_minutes or 0 for lesson in item.lessons)
        rows.append(ModuleTime(item.module.title, estimated, len(minutes), median, q1, q3))
    return rows


@dataclass
class RelaunchList:
    """« À relancer » in the course report: how many, and the FIRST_SHOWN who waited longest."""

    count: int
    first: list[Enrolment]

    FIRST_SHOWN = 20


def relaunch_list(*, enrolments, now: datetime | None = None) -> RelaunchList:
    waiting = to_relaunch(enrolments, now=now)
    first = list(
        waiting.select_related("user")
        .only("id", "last_activity_at", "course_id", "user__public_id", "user__first_name", "user__last_name", "user__email")
        .order_by("last_activity_at", "pk")[: RelaunchList.FIRST_SHOWN]
    )
    count = len(first) if len(first) < RelaunchList.FIRST_SHOWN else waiting.count()
    return RelaunchList(count=count, first=first)

"""Proof of completion: the accompaniment log, « à relancer », the « certificat de réalisation », the
proof file (totals that reconcile), retention and the personal-data rules."""

import csv
import html
import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from accounts import groups
from accounts.models import User
from accounts.services import user_erase, user_export_data
from progress.models import AccompanimentEntry, ActivitySession, Certificate, Enrolment, ProofFile
from progress.proof import (
    ProofError,
    accompaniment_log,
    certificate_issue,
    course_programme,
    is_to_relaunch,
    learner_course_figures,
    learner_message,
    learner_relaunch,
    proof_file_request,
    proof_purge_expired,
    time_on_task_by_module,
)
from progress.services import activity_record_beat, enrolment_create, enrolment_send_reminders, lesson_visit
from quizzes.models import QuestionKind
from quizzes.services import answer_review, attempt_start, attempt_submit
from tests.factories.accounts import UserFactory
from tests.factories.quizzes import answers_for, make_question, make_quiz
from tests.factories.webinars import webinar
from tests.text import PLAIN_SPACES
from trainers.models import CourseAssignment
from webinars.models import WebinarStatus

from .conftest import build_course, finish_course


@pytest.fixture
def world(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    data = build_course(modules=2, lessons=2, module_quiz=True, slug="proof")
    learner = UserFactory(first_name="Gwenaëlle", last_name="Tanguy")
    trainer = UserFactory(group=groups.TRAINERS)
    CourseAssignment.objects.create(trainer=trainer, course=data.course)
    outsider = UserFactory(group=groups.TRAINERS)
    administrator = UserFactory(group=groups.ADMINISTRATORS)
    enrolment_create(user=learner, course=data.course)
    return data, learner, trainer, outsider, administrator


def _read_for(learner, lessons, seconds):
    start = timezone.now() - timedelta(hours=2)
    for index, lesson in enumerate(lessons):
        at = start + timedelta(minutes=20 * index)
        lesson_visit(user=learner, lesson=lesson, now=at)
        activity_record_beat(user=learner, lesson=lesson, active_seconds=seconds, now=at + timedelta(seconds=seconds + 1))


def test_proof_review_of_a_free_text_answer_goes_to_the_log(world, django_capture_on_commit_callbacks):
    """A trainer marking a free-text answer with a comment writes one log entry with date and author."""
    data, learner, trainer, *_ = world
    quiz = make_quiz([make_question("Analysez la situation.", kind=QuestionKind.FREE_TEXT, points=4)], title="Quiz essai")
    data.modules[0].quiz = quiz
    data.modules[0].save_revision().publish()
    attempt = attempt_start(user=learner, quiz=quiz)
    attempt = attempt_submit(attempt=attempt, user=learner, data=answers_for(attempt, {1: "Ma réponse"}))
    answer = attempt.answers.get()
    answer_review(answer=answer, reviewer=trainer, points=3, comment="Bonne analyse <b>du droit</b>")
    entry = AccompanimentEntry.objects.get(learner=learner)
    assert (entry.course, entry.author, entry.kind) == (data.course, trainer, AccompanimentEntry.Kind.ANSWER_REVIEWED)
    assert entry.detail == "Bonne analyse du droit"
    assert "Quiz essai" in accompaniment_log(learner=learner, course=data.course)[0].summary


def test_proof_automatic_reminder_and_trainer_relaunch_go_to_the_log(world, outbox):
    """The 14-day reminder and a trainer's « relancer » are logged; a second relaunch the same day sends nothing."""
    data, learner, trainer, outsider, _ = world
    lesson_visit(user=learner, lesson=data.lessons()[0], now=timezone.now() - timedelta(days=20))
    Enrolment.objects.filter(user=learner).update(last_activity_at=timezone.now() - timedelta(days=20))
    assert is_to_relaunch(learner=learner, course=data.course)
    assert enrolment_send_reminders() == 1
    learner_relaunch(sender=trainer, learner=learner, course=data.course, message="Où en êtes-vous ?")
    learner_relaunch(sender=trainer, learner=learner, course=data.course, message="Encore ?")
    kinds = list(AccompanimentEntry.objects.filter(learner=learner).values_list("kind", flat=True))
    assert kinds == [AccompanimentEntry.Kind.REMINDER_AUTO, AccompanimentEntry.Kind.REMINDER_TRAINER]
    assert "Où en êtes-vous ?" in outbox[-1].body
    assert len([m for m in outbox if learner.email in m.to]) == 2  # the reminder and one relaunch
    with pytest.raises(ProofError, match="ne suivez pas"):
        learner_relaunch(sender=outsider, learner=learner, course=data.course)


def test_proof_to_relaunch_needs_a_started_unfinished_course_idle_for_7_days(world):
    """Enrolled but never started, or active 6 days ago: not « à relancer »."""
    data, learner, *_ = world
    assert not is_to_relaunch(learner=learner, course=data.course)
    lesson_visit(user=learner, lesson=data.lessons()[0], now=timezone.now() - timedelta(days=6))
    Enrolment.objects.filter(user=learner).update(last_activity_at=timezone.now() - timedelta(days=6))
    assert not is_to_relaunch(learner=learner, course=data.course)
    Enrolment.objects.filter(user=learner).update(last_activity_at=timezone.now() - timedelta(days=8))
    assert is_to_relaunch(learner=learner, course=data.course)


def test_proof_certificate_for_a_finished_course_is_one_tagged_french_page(world, django_capture_on_commit_callbacks):
    """Issued by the assigned trainer: one A4 page, French, tagged, with the durations stated both ways."""
    data, learner, trainer, outsider, _ = world
    _read_for(learner, data.lessons(), 300)
    with django_capture_on_commit_callbacks(execute=True):
        finish_course(learner, data)
    certificate = certificate_issue(issuer=trainer, learner=learner, course=data.course)
    reader = PdfReader(certificate.pdf.path)
    assert len(reader.pages) == 1
    assert reader.trailer["/Root"]["/Lang"] == "fr"
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    text = reader.pages[0].extract_text()
    for expected in ("Certificat de réalisation", "Gwenaëlle Tanguy", "Action de formation à distance", "Taux de réalisation"):
        assert expected in text
    assert certificate.data["completion_rate"] == 100
    assert certificate.data["lesson_active_seconds"] == 1200
    with pytest.raises(ProofError):
        certificate_issue(issuer=outsider, learner=learner, course=data.course)


def test_proof_partial_certificate_needs_a_reason(world):
    """An unfinished course: refused without a reason; with one, the partial rate is stated."""
    data, learner, _trainer, _outsider, administrator = world
    _read_for(learner, data.lessons()[:1], 120)
    with pytest.raises(ProofError, match="motif"):
        certificate_issue(issuer=administrator, learner=learner, course=data.course)
    assert not Certificate.objects.exists()
    certificate = certificate_issue(issuer=administrator, learner=learner, course=data.course, partial_reason="Mandat interrompu")
    assert certificate.partial and certificate.data["partial_reason"] == "Mandat interrompu"
    assert 0 <= certificate.data["completion_rate"] < 100


def test_proof_file_totals_reconcile_with_the_certificate(world, django_capture_on_commit_callbacks, outbox):
    """The zip holds the certificate, CSV and JSON; the CSV totals equal the certificate and the sum of sessions."""
    data, learner, trainer, *_ = world
    _read_for(learner, data.lessons(), 250.5)
    with django_capture_on_commit_callbacks(execute=True):
        finish_course(learner, data)
    certificate = certificate_issue(issuer=trainer, learner=learner, course=data.course)
    with django_capture_on_commit_callbacks(execute=True):
        proof = proof_file_request(requester=trainer, course=data.course, learner=learner)
    proof.refresh_from_db()
    assert proof.status == ProofFile.Status.READY
    assert reverse("progress_proof_file_download", args=[proof.public_id]) in outbox[-1].body
    archive = zipfile.ZipFile(proof.file.path)
    names = archive.namelist()
    assert any(name.endswith("certificat-de-realisation.pdf") for name in names)

    def rows(name):
        return list(csv.DictReader(io.StringIO(archive.read(name).decode("utf-8-sig")), delimiter=";"))

    def number(value):  # the CSV is French: decimal comma
        return float(value.replace(",", "."))

    sessions = rows("seances.csv")
    totals = rows("totaux.csv")[0]
    session_seconds = sum(number(row["Secondes actives"]) for row in sessions)
    assert session_seconds == pytest.approx(certificate.data["lesson_active_seconds"]) == pytest.approx(1002)
    assert number(totals["Temps actif mesuré sur les leçons (secondes)"]) == pytest.approx(session_seconds)
    assert int(totals["Durée réalisée mesurée (min)"]) == certificate.data["measured_minutes"]
    assert int(totals["Durée prévue (min)"]) == certificate.data["planned_minutes"]
    assert int(totals["Taux de réalisation (%)"]) == certificate.data["completion_rate"] == 100
    evaluations = rows("evaluations.csv")
    assert len(evaluations) == len(certificate.data["evaluations"]) == 1
    payload = json.loads(archive.read(next(n for n in names if n.endswith("preuves.json"))))
    assert sum(s["active_seconds"] for s in payload["seances"]) == pytest.approx(session_seconds)


def test_proof_file_refused_to_an_unassigned_trainer(world):
    """A trainer of another course may not ask for this learner's proof file: nothing is queued."""
    data, learner, _trainer, outsider, _ = world
    with pytest.raises(ProofError):
        proof_file_request(requester=outsider, course=data.course, learner=learner)
    assert not ProofFile.objects.exists()


def test_proof_purge_keeps_proof_for_the_retention(world, settings):
    """Sessions and log entries older than PROOF_RETENTION_YEARS go; younger ones stay."""
    data, learner, *_ = world
    lesson = data.lessons()[0]
    old = timezone.now() - timedelta(days=365 * 6 + 2)
    ActivitySession.objects.create(user=learner, lesson=lesson, started_at=old, ended_at=old, active_seconds=30)
    lesson_visit(user=learner, lesson=lesson)
    AccompanimentEntry.objects.create(learner=learner, kind="message", occurred_at=old, summary="Ancien")
    assert proof_purge_expired() == 2
    assert ActivitySession.objects.count() == 1 and not AccompanimentEntry.objects.exists()


def test_proof_in_the_data_export_and_pseudonymised_at_erasure(world):
    """The learner's export holds sessions, log and certificates; erasure keeps the figures without the name."""
    data, learner, trainer, *_ = world
    _read_for(learner, data.lessons()[:1], 60)
    learner_relaunch(sender=trainer, learner=learner, course=data.course, message="Bonjour Gwenaëlle")
    certificate_issue(issuer=trainer, learner=learner, course=data.course, partial_reason="Arrêt")
    exported = user_export_data(user=learner)
    text = json.dumps(exported, ensure_ascii=False)
    assert "activity_sessions" in text and "Bonjour Gwenaëlle" in text and "certificates" in text
    user_erase(user=learner)
    certificate = Certificate.objects.get()
    assert certificate.data["learner_name"] == f"Apprenant·e n° {learner.pk}" and not certificate.pdf
    assert certificate.data["lesson_active_seconds"] == 60
    assert AccompanimentEntry.objects.get().detail == ""
    assert ActivitySession.objects.filter(user=learner).exists()


def test_proof_time_on_task_by_module_median_and_spread(world):
    """Median and quartiles of the measured minutes per module, beside the estimate."""
    data, learner, *_ = world
    others = [UserFactory() for _ in range(2)]
    for user, seconds in zip([learner, *others], (60, 120, 600), strict=True):
        enrolment_create(user=user, course=data.course)
        _read_for(user, data.lessons(data.modules[0]), seconds)
    rows = time_on_task_by_module(course=data.course, learners=User.objects.all())
    first = rows[0]
    assert first.estimated_minutes == 20
    assert first.learners == 3
    assert first.median_minutes == 4  # 2, 4 and 20 minutes over the module's two lessons
    assert first.q1_minutes == 3 and first.q3_minutes == 12
    assert rows[1].median_minutes is None


def test_views_proof_actions_from_the_learner_report(world, client, outbox):
    """The learner report shows the panel; « relancer » and the certificate work for the assigned trainer."""
    data, learner, trainer, *_ = world
    _read_for(learner, data.lessons()[:1], 90)
    client.force_login(trainer)
    report = client.get(reverse("progress_report_learner", args=[learner.public_id]))
    assert report.status_code == 200
    assert "Journal d'accompagnement" in report.content.decode()
    url = reverse("progress_proof_relaunch", args=[learner.public_id, data.course.pk])
    assert client.post(url, {"message": "x" * 2001}).status_code == 302
    assert not AccompanimentEntry.objects.exists()  # too long: refused, nothing written
    client.post(url, {"message": "Courage !"})
    assert AccompanimentEntry.objects.get().detail == "Courage !"
    url = reverse("progress_proof_certificate", args=[learner.public_id, data.course.pk])
    client.post(url, {"motif": ""})
    assert not Certificate.objects.exists()
    client.post(url, {"motif": "Changement de mandat"})
    certificate = Certificate.objects.get()
    assert client.get(reverse("progress_proof_certificate_pdf", args=[certificate.identifier])).status_code == 200
    course_report = client.get(reverse("progress_report_course", args=[data.course.pk])).content.decode()
    assert "Temps de formation par module" in course_report
    figures = learner_course_figures(learner=learner, course=data.course)
    assert figures.lesson_active_seconds == 90


def _programme_webinars(data):
    """A 90-minute webinar linked to the course and a 60-minute one through its first module (both count,
    attended or not); a cancelled one and one of another course do not."""
    past = timezone.now() - timedelta(days=3)
    webinar(title="Webinaire du parcours", courses=[data.course], start=past, end=past + timedelta(minutes=90))
    soon = timezone.now() + timedelta(days=7)
    webinar(title="Webinaire du module", modules=[data.modules[0]], start=soon, end=soon + timedelta(minutes=60))
    webinar(title="Webinaire annulé", courses=[data.course], status=WebinarStatus.CANCELLED)
    webinar(title="Webinaire d'un autre parcours")


def test_proof_planned_duration_counts_lessons_quizzes_and_the_programme_webinars(world):
    """Planned = lessons' estimates + each quiz (its limit, else 1 min per question with 5 min at least) +
    every webinar of the programme not cancelled, whether attended or not; the same for every learner."""
    data, learner, *_ = world
    tagged = [make_question(f"Question tirée {n}", tags=("tirage",)) for n in range(6)]
    assert len(tagged) == 6
    data.modules[0].quiz = make_quiz(
        [make_question(f"Question {n}") for n in range(8)], title="Quiz long", draws=[("tirage", 4)]
    )  # 8 + 4 questions: 12 min
    data.modules[0].save_revision().publish()  # the last module keeps its one-question quiz: 5 min
    data.course.final_quiz = make_quiz([make_question()], title="Quiz final chronométré", time_limit_minutes=20)
    data.course.save_revision().publish()
    _programme_webinars(data)
    figures = learner_course_figures(learner=learner, course=data.course)
    assert figures.planned_lesson_minutes == 40  # 4 lessons of 10 min
    assert figures.planned_quiz_minutes == 12 + 5 + 20
    assert figures.planned_webinar_minutes == 90 + 60
    assert figures.planned_minutes == 40 + 37 + 150 == sum(row["minutes"] for row in figures.planned)
    assert {row["title"] for row in figures.planned if row["kind"] == "webinaire"} == {
        "Webinaire du parcours",
        "Webinaire du module",
    }
    other = UserFactory()
    assert learner_course_figures(learner=other, course=data.course).planned_minutes == figures.planned_minutes
    assert sum(row["minutes"] for row in course_programme(course=data.course).planned) == figures.planned_minutes


def test_proof_planned_duration_reconciles_certificate_proof_file_and_course_report(
    world, client, django_capture_on_commit_callbacks
):
    """The certificate's three planned parts, the proof file's totals columns and JSON items, and the course
    report's planned duration are the same numbers."""
    data, learner, trainer, *_ = world
    _programme_webinars(data)
    _read_for(learner, data.lessons(), 200)
    with django_capture_on_commit_callbacks(execute=True):
        finish_course(learner, data)
    certificate = certificate_issue(issuer=trainer, learner=learner, course=data.course)
    assert certificate.data["planned_webinar_minutes"] == 150 and certificate.data["planned_quiz_minutes"] == 5
    text = PdfReader(certificate.pdf.path).pages[0].extract_text()
    assert "webinaires 150 min" in " ".join(text.split())
    with django_capture_on_commit_callbacks(execute=True):
        proof = proof_file_request(requester=trainer, course=data.course, learner=learner)
    proof.refresh_from_db()
    archive = zipfile.ZipFile(proof.file.path)
    totals = next(csv.DictReader(io.StringIO(archive.read("totaux.csv").decode("utf-8-sig")), delimiter=";"))
    parts = [int(totals[f"dont {kind} (min)"]) for kind in ("leçons", "quiz", "webinaires")]
    assert parts == [
        certificate.data["planned_lesson_minutes"],
        certificate.data["planned_quiz_minutes"],
        certificate.data["planned_webinar_minutes"],
    ]
    assert sum(parts) == int(totals["Durée prévue (min)"]) == certificate.data["planned_minutes"] == 40 + 5 + 150
    payload = json.loads(archive.read(next(n for n in archive.namelist() if n.endswith("preuves.json"))))
    assert sum(item["minutes"] for item in payload["duree_prevue"]) == certificate.data["planned_minutes"]
    client.force_login(trainer)
    report = html.unescape(client.get(reverse("progress_report_course", args=[data.course.pk])).content.decode())
    report = report.translate(PLAIN_SPACES)
    assert f"<strong>{certificate.data['planned_minutes']} min</strong>" in report
    assert "webinaires du programme 150 min" in report


def test_proof_message_is_mailed_and_logged_once(world, outbox):
    """A trainer's message: e-mailed, logged under « Message » with date and author; the same form sent twice
    records and sends once; an unassigned trainer or an empty text records nothing."""
    data, learner, trainer, outsider, administrator = world
    entry, sent = learner_message(
        sender=trainer, learner=learner, course=data.course, subject="Votre quiz", text="Bravo pour le module 1.", key="k1"
    )
    assert sent and (entry.kind, entry.author, entry.summary) == (AccompanimentEntry.Kind.MESSAGE, trainer, "Votre quiz")
    again, sent_again = learner_message(
        sender=trainer, learner=learner, course=data.course, subject="Votre quiz", text="Bravo pour le module 1.", key="k1"
    )
    assert again == entry and not sent_again
    mails = [m for m in outbox if learner.email in m.to]
    assert len(mails) == 1 and "Votre quiz" in mails[0].subject and "Bravo pour le module 1." in mails[0].body
    row = accompaniment_log(learner=learner, course=data.course)[-1]
    assert (row.kind, row.summary, row.detail) == ("message", "Votre quiz", "Bravo pour le module 1.")
    with pytest.raises(ProofError):
        learner_message(sender=outsider, learner=learner, course=data.course, subject="Objet", text="Texte", key="k2")
    with pytest.raises(ProofError):
        learner_message(sender=administrator, learner=learner, course=data.course, subject="Objet", text="  ", key="k3")
    assert AccompanimentEntry.objects.count() == 1 and len(outbox) == 1
    learner_message(sender=administrator, learner=learner, course=data.course, subject="Autre", text="Texte", key="k4")
    assert AccompanimentEntry.objects.count() == 2


def test_views_proof_message_from_the_learner_report(world, client, outbox):
    """The form is in the learner report; bad input shows French errors and changes nothing; a double
    submission of the same form records one entry."""
    data, learner, trainer, *_ = world
    client.force_login(trainer)
    report = client.get(reverse("progress_report_learner", args=[learner.public_id])).content.decode()
    assert "Écrire un message" in report
    url = reverse("progress_proof_message", args=[learner.public_id, data.course.pk])
    assert 'name="cle"' in client.get(url).content.decode()
    key = "0f6d3c8e-4c5b-4f7e-9a51-2c1d9e8b7a60"
    bad = client.post(url, {"subject": "", "text": "x" * 5001, "cle": key})
    assert bad.status_code == 400
    body = html.unescape(bad.content.decode()).translate(PLAIN_SPACES)
    assert "Indiquez l'objet du message." in body and "au plus 5000 caractères" in body
    assert client.post(url, {"subject": "Objet", "text": "Texte", "cle": "pas-une-cle"}).status_code == 400
    assert not AccompanimentEntry.objects.exists() and not outbox
    for _ in range(2):
        response = client.post(url, {"subject": "Votre progression", "text": "Vous y êtes presque.", "cle": key})
        assert response.status_code == 302 and response["Location"].endswith(f"#preuve-{data.course.pk}")
    entry = AccompanimentEntry.objects.get()
    assert (entry.kind, entry.author, entry.detail) == (AccompanimentEntry.Kind.MESSAGE, trainer, "Vous y êtes presque.")
    assert len(outbox) == 1
    report = client.get(reverse("progress_report_learner", args=[learner.public_id])).content.decode()
    assert "Votre progression" in report

"""The demo learner who finished a course has measured time, a « certificat de réalisation » of one page
and a proof file whose CSV totals equal the certificate; the half-way learner has a logged relaunch
and one message."""

import csv
import io
import zipfile

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from progress.models import AccompanimentEntry, ActivitySession, Certificate, ProofFile
from progress.proof import proof_file_request

pytestmark = pytest.mark.django_db


def test_demo_finisher_has_certificate_and_proof_file(settings, tmp_path, django_user_model, django_capture_on_commit_callbacks):
    """load_demo_content (twice) → one certificate, 1 PDF page; the proof file's totals reconcile with it."""
    settings.MEDIA_ROOT = tmp_path
    for _ in range(2):
        with open("/dev/null", "w") as devnull:
            call_command("load_demo_content", "--force", stdout=devnull)
    finisher = django_user_model.objects.get(email="elue@demo.elus-quartiers.fr")
    certificate = Certificate.objects.get(user=finisher)
    assert len(PdfReader(certificate.pdf.path).pages) == 1
    assert certificate.data["completion_rate"] == 100 and not certificate.partial
    measured = sum(ActivitySession.objects.filter(user=finisher).values_list("active_seconds", flat=True))
    assert measured == certificate.data["lesson_active_seconds"] > 0
    halfway_log = AccompanimentEntry.objects.filter(learner__email="elu-en-cours@demo.elus-quartiers.fr")
    assert halfway_log.filter(kind=AccompanimentEntry.Kind.REMINDER_TRAINER).exists()
    message = halfway_log.get(kind=AccompanimentEntry.Kind.MESSAGE)  # one message, whatever the number of loads
    assert message.author.email == "formatrice@demo.elus-quartiers.fr" and message.summary.startswith("Votre question")

    with django_capture_on_commit_callbacks(execute=True):
        proof = proof_file_request(requester=certificate.issued_by, course=certificate.course, learner=finisher)
    proof.refresh_from_db()
    assert proof.status == ProofFile.Status.READY
    archive = zipfile.ZipFile(proof.file.path)
    totals = next(csv.DictReader(io.StringIO(archive.read("totaux.csv").decode("utf-8-sig")), delimiter=";"))
    sessions = list(csv.DictReader(io.StringIO(archive.read("seances.csv").decode("utf-8-sig")), delimiter=";"))
    session_seconds = sum(float(row["Secondes actives"].replace(",", ".")) for row in sessions)
    assert session_seconds == pytest.approx(certificate.data["lesson_active_seconds"])
    assert int(totals["Durée réalisée mesurée (min)"]) == certificate.data["measured_minutes"]
    assert int(totals["Durée prévue (min)"]) == certificate.data["planned_minutes"]

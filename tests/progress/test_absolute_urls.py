"""Links that leave the site (e-mails, the attestation PDF and its QR code) use the configured base URL."""

import re

import pytest

from progress import attestations
from progress.models import Attestation
from progress.services import enrolment_create
from tests.factories.accounts import UserFactory

from .conftest import build_course, finish_course

BASE = "https://formation.exemple.fr:8443"


@pytest.mark.django_db
def test_links_in_progress_emails_and_attestation_qr_code_use_the_base_url(
    settings, outbox, monkeypatch, django_capture_on_commit_callbacks, media_root
):
    """Welcome and completion e-mails, the PDF's verification link and its QR code: all on WAGTAILADMIN_BASE_URL."""
    settings.WAGTAILADMIN_BASE_URL = BASE
    encoded = []
    real_qr = attestations.qr_code_data_uri
    monkeypatch.setattr(attestations, "qr_code_data_uri", lambda text: encoded.append(text) or real_qr(text))
    learner = UserFactory()
    data = build_course(module_quiz=True)
    with django_capture_on_commit_callbacks(execute=True):
        enrolment_create(user=learner, course=data.course)
        finish_course(learner, data)
    links = [link for message in outbox for link in re.findall(r"https?://\S+", message.body)]
    assert len(outbox) >= 2 and links
    assert all(link.startswith(BASE + "/") for link in links), links
    attestation = Attestation.objects.get(user=learner)
    attestations.render_attestation_pdf(attestation=attestation)
    assert encoded and all(text.startswith(BASE + "/attestations/") for text in encoded)

"""Media on S3-compatible object storage (production with DJANGO_MEDIA_S3_BUCKET): attestations, data
exports and handout images go to the bucket as private objects and come back through the views.

The bucket is served by moto's S3 server on 127.0.0.1, spoken to over HTTP by boto3 exactly as a
real endpoint (MinIO, Scaleway, OVHcloud…) would be."""

import io
import socket
import uuid

import boto3
import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from moto.server import ThreadedMotoServer
from pypdf import PdfReader

from elearning.settings.base import S3_STORAGE, media_storage
from progress.models import Attestation
from progress.services import enrolment_create
from tests.factories.accounts import DEFAULT_PASSWORD, UserFactory
from tests.factories.courses import build_sections
from tests.progress.conftest import build_course, finish_course
from tests.trainers.test_handouts_media import module_with_an_image, pdf_image_count
from trainers.handouts import render_handout_pdf

pytestmark = pytest.mark.django_db

KEYS = {"DJANGO_MEDIA_S3_ACCESS_KEY_ID": "test-access", "DJANGO_MEDIA_S3_SECRET_ACCESS_KEY": "test-secret"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def bucket_name():
    # moto keeps its buckets for the whole process: one name per test.
    return f"elearning-media-{uuid.uuid4().hex[:12]}"


@pytest.fixture
def bucket(settings, bucket_name):
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=free_port(), verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{server._server.server_port}"
    environ = {
        "DJANGO_MEDIA_S3_BUCKET": bucket_name,
        "DJANGO_MEDIA_S3_ENDPOINT_URL": endpoint,
        "DJANGO_MEDIA_S3_REGION": "fr-par",
        **KEYS,
    }
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="fr-par",
        aws_access_key_id=KEYS["DJANGO_MEDIA_S3_ACCESS_KEY_ID"],
        aws_secret_access_key=KEYS["DJANGO_MEDIA_S3_SECRET_ACCESS_KEY"],
    )
    client.create_bucket(Bucket=bucket_name, CreateBucketConfiguration={"LocationConstraint": "fr-par"})
    client.bucket_name = bucket_name
    settings.STORAGES = {**settings.STORAGES, "default": media_storage(environ, environ.__getitem__)}
    try:
        yield client
    finally:
        server.stop()


def stored_names(client) -> list[str]:
    return [item["Key"] for item in client.list_objects_v2(Bucket=client.bucket_name).get("Contents", [])]


def test_production_settings_choose_the_bucket_only_when_one_is_named():
    assert media_storage({}, KEYS.__getitem__) == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    chosen = media_storage({"DJANGO_MEDIA_S3_BUCKET": "elearning-media", **KEYS}, KEYS.__getitem__)
    assert chosen["BACKEND"] == S3_STORAGE
    assert chosen["OPTIONS"]["default_acl"] == "private" and chosen["OPTIONS"]["querystring_auth"] is True


def test_attestation_pdf_is_a_private_object_served_to_its_owner(bucket, client, django_capture_on_commit_callbacks):
    assert default_storage.__class__.__name__ == "S3Storage"
    learner = UserFactory(first_name="Gwenaëlle", last_name="Le Goff")
    data = build_course(module_quiz=True, slug="quartiers")
    enrolment_create(user=learner, course=data.course)
    with django_capture_on_commit_callbacks(execute=True):
        finish_course(learner, data)
    attestation = Attestation.objects.get(user=learner)

    assert attestation.pdf.name in stored_names(bucket)
    grants = bucket.get_object_acl(Bucket=bucket.bucket_name, Key=attestation.pdf.name)["Grants"]
    assert [grant["Permission"] for grant in grants] == ["FULL_CONTROL"]  # the owner only: nothing public
    assert "X-Amz-Signature=" in attestation.pdf.url  # every link to it is signed and expires

    client.login(email=learner.email, password=DEFAULT_PASSWORD)
    response = client.get(reverse("progress:attestation_pdf", args=[attestation.identifier]))
    assert response.status_code == 200
    pdf = PdfReader(io.BytesIO(b"".join(response.streaming_content)))
    text = " ".join(" ".join(page.extract_text().split()) for page in pdf.pages)
    assert attestation.identifier in text and "Le Goff" in text


def test_handout_images_are_read_from_the_bucket(bucket):
    module = module_with_an_image(build_sections())
    assert any(name.startswith("original_images/") for name in stored_names(bucket))
    assert pdf_image_count(render_handout_pdf(module=module, answers=False)) >= 1

"""Uploads through the Wagtail admin: a bad file gets a French message and nothing is stored."""

import datetime
import html
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Collection

from accounts import groups
from tests.factories.accounts import UserFactory
from tests.factories.courses import build_sections
from tests.factories.webinars import webinar, webinar_index
from webinars.models import Attendance

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _png(width=4, height=4) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), "navy").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


@pytest.fixture
def admin_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser(email="admin@exemple.fr", password="x-Secret-2026"))
    return client


def text(response) -> str:
    return html.unescape(response.content.decode())


def stored_files(root):
    return [path for path in root.rglob("*") if path.is_file()]


def post_document(admin_client, name, content):
    return admin_client.post(
        "/admin/documents/add/",
        {"title": "Support", "file": SimpleUploadedFile(name, content), "collection": Collection.get_first_root_node().pk},
    )


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("guide.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64, "est un programme"),
        ("guide.pdf", b"\x7fELF\x02\x01\x01" + b"\x00" * 64, "est un programme"),
        ("guide.pdf", b"<html><body>Pas un PDF</body></html>", "ne correspond pas à son extension « .pdf »"),
        ("guide.docx", b"Un simple texte renomme en docx", "ne correspond pas à son extension « .docx »"),
        ("guide.docx", _zip({"readme.txt": b"zip quelconque"}), "ne correspond pas à son extension « .docx »"),
        ("guide.odt", _zip({"content.xml": b"<x/>"}), "ne correspond pas à son extension « .odt »"),
        ("notes.txt", b"texte\x00\x01\x02binaire", "ne correspond pas à son extension « .txt »"),
        ("liste.csv", _png(), "ne correspond pas à son extension « .csv »"),
        ("sous-titres.vtt", b"00:00.000 --> 00:01.000\nBonjour\n", "doit commencer par « WEBVTT »"),
        ("outil.exe", b"MZ\x90\x00", "n'est pas accepté"),
        ("script.sh", b"#!/bin/sh\nrm -rf /\n", "n'est pas accepté"),
        ("vide.pdf", b"", "vide"),
    ],
)
def test_admin_document_upload_refuses_a_file_whose_bytes_do_not_match(admin_client, media_root, name, content, message):
    """A document whose bytes are not what its extension says is refused in French; no row, no file."""
    response = post_document(admin_client, name, content)

    assert response.status_code == 200
    assert message in text(response)
    assert Document.objects.count() == 0
    assert stored_files(media_root) == []


def test_admin_document_upload_refuses_a_file_over_the_size_limit(admin_client, media_root, settings):
    """A document over WAGTAILDOCS_MAX_UPLOAD_SIZE is refused with a French message; nothing stored."""
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1024
    response = post_document(admin_client, "gros.pdf", PDF + b"0" * 2048)

    assert "trop volumineux" in text(response) or "trop gros" in text(response)
    assert Document.objects.count() == 0
    assert stored_files(media_root) == []


@pytest.mark.parametrize(
    "name, content",
    [
        ("guide.pdf", PDF),
        ("guide.docx", _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>"})),
        ("guide.odt", _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"})),
        ("liste.csv", "e-mail;nom\nanne@exemple.fr;Anne Lé\n".encode("cp1252")),
        ("sous-titres.vtt", "\ufeffWEBVTT\n\n00:00.000 --> 00:01.000\nBonjour à tous\n".encode()),
    ],
)
def test_admin_document_upload_accepts_a_real_document(admin_client, media_root, name, content):
    """A genuine document of each accepted kind is stored (the checks do not refuse real files)."""
    response = post_document(admin_client, name, content)

    assert response.status_code == 302, response.content.decode()[:2000]
    assert Document.objects.count() == 1
    assert len(stored_files(media_root)) == 1


def test_admin_document_multiple_upload_refuses_a_renamed_executable(admin_client, media_root):
    """The drag-and-drop upload uses the same form: a renamed executable is refused in French."""
    response = admin_client.post(
        "/admin/documents/multiple/add/",
        {"files[]": SimpleUploadedFile("guide.pdf", b"MZ\x90\x00" + b"\x00" * 64)},
    )

    assert (
        "est un programme" in response.content.decode("unicode_escape") or "est un programme" in response.json()["error_message"]
    )
    assert Document.objects.count() == 0
    assert stored_files(media_root) == []


def post_image(admin_client, name, content):
    return admin_client.post(
        "/admin/images/add/",
        {"title": "Illustration", "file": SimpleUploadedFile(name, content), "collection": Collection.get_first_root_node().pk},
    )


@pytest.mark.parametrize(
    "name, content",
    [
        ("photo.png", b"MZ\x90\x00 pas une image"),
        ("photo.jpg", b"<html>pas une image</html>"),
        ("dessin.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
        ("photo.bmp", b"BM" + b"\x00" * 64),
    ],
)
def test_admin_image_upload_refuses_what_is_not_an_accepted_image(admin_client, media_root, name, content):
    """An image upload that is not a real image of an accepted format gets a French error; nothing stored."""
    response = post_image(admin_client, name, content)

    body = text(response)
    assert response.status_code == 200
    french = ("Format d'image non supporté", "Téléversez une image valide", "ne correspond pas au format")
    assert any(message in body for message in french), body[:3000]
    assert Image.objects.count() == 0
    assert stored_files(media_root) == []


def test_admin_image_upload_refuses_too_big_and_too_many_pixels(admin_client, media_root, settings):
    """Over the size or the pixel limit an image is refused with a French message; nothing stored."""
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 100
    response = post_image(admin_client, "photo.png", _png(64, 64) + b"\x00" * 200)
    assert "trop" in text(response)

    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 100
    response = post_image(admin_client, "photo.png", _png(20, 20))
    assert "pixels" in text(response)

    assert Image.objects.count() == 0
    assert stored_files(media_root) == []


def test_admin_image_upload_accepts_a_real_png(admin_client, media_root):
    """A real PNG is stored (the limits do not refuse real images)."""
    response = post_image(admin_client, "photo.png", _png())

    assert response.status_code == 302
    assert Image.objects.count() == 1


@pytest.fixture
def past_webinar(db):
    build_sections()
    webinar_index()
    start = timezone.now() - datetime.timedelta(days=2)
    return webinar(start=start, end=start + datetime.timedelta(minutes=90), min_minutes_for_attendance=30)


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("presences.csv", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 64, "n'est pas un fichier texte CSV"),
        ("presences.csv", _png(), "n'est pas un fichier texte CSV"),
        ("presences.csv", b"e-mail;nom;minutes\n" + b"anne@exemple.fr;Anne;45\n" * 90_000, "dépasse 2 Mo"),
        ("presences.xlsx", _zip({"[Content_Types].xml": b"<Types/>"}), "extension .csv"),
    ],
)
def test_admin_attendance_import_refuses_bad_files(client, media_root, past_webinar, name, content, message):
    """The attendance import page refuses binary, oversized and non-CSV files in French; existing rows unchanged, no file kept."""
    anne = UserFactory(email="anne@exemple.fr")
    Attendance.objects.create(user=anne, webinar=past_webinar, minutes=5)
    client.force_login(UserFactory(group=groups.ADMINISTRATORS))

    response = client.post(f"/admin/webinaires/{past_webinar.pk}/presences/", {"file": SimpleUploadedFile(name, content)})

    assert response.status_code == 200
    assert message in text(response)
    assert list(Attendance.objects.values_list("minutes", flat=True)) == [5]
    assert stored_files(media_root) == []

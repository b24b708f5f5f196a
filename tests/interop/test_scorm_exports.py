"""« Exporter en SCORM »: queued, built by the task, downloaded by its requester only, purged after a week."""

import io
import zipfile
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts import groups
from accounts.services import user_erase
from interop.exports import ScormExportError, scorm_export_purge_expired, scorm_export_request
from interop.models import ScormExport
from tests.factories.accounts import UserFactory
from tests.factories.courses import module_with_lessons

pytestmark = pytest.mark.django_db


def test_a_trainer_exports_a_module_and_downloads_the_package(client, trainer, scorm_module, django_capture_on_commit_callbacks):
    """Confirm, queue, the task builds the zip; « Exports SCORM » links the download, a valid zip."""
    client.force_login(trainer)
    url = reverse("interop_admin:scorm_export", args=[scorm_module.pk])
    page = client.get(url)
    assert "Préparer le paquet SCORM" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302 and response.url == reverse("interop_admin:scorm_exports")
    export = ScormExport.objects.get()
    assert export.status == ScormExport.Status.READY and export.is_downloadable
    listing = client.get(reverse("interop_admin:scorm_exports")).content.decode()
    download = reverse("interop_admin:scorm_export_download", args=[export.public_id])
    assert download in listing
    response = client.get(download)
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert "imsmanifest.xml" in archive.namelist()


def test_the_export_button_shows_on_a_module_for_staff(client, trainer, scorm_module):
    """The module's page in the admin offers « Exporter en SCORM »."""
    client.force_login(trainer)
    page = client.get(reverse("wagtailadmin_pages:edit", args=[scorm_module.pk])).content.decode()
    assert reverse("interop_admin:scorm_export", args=[scorm_module.pk]) in page


def test_only_the_requester_downloads_a_package(client, trainer, scorm_module, django_capture_on_commit_callbacks):
    """Another trainer, even an administrator, is refused; nothing is served."""
    with django_capture_on_commit_callbacks(execute=True):
        export = scorm_export_request(requester=trainer, module=scorm_module)
    download = reverse("interop_admin:scorm_export_download", args=[export.public_id])
    for other in (UserFactory(group=groups.TRAINERS), UserFactory(group=groups.ADMINISTRATORS)):
        client.force_login(other)
        response = client.get(download)
        assert response.status_code in (302, 403) and "Content-Disposition" not in response


def test_an_expired_package_is_gone_and_purged(client, trainer, scorm_module, django_capture_on_commit_callbacks):
    """Past its week: 404 for its requester, and the daily purge deletes the file and the row."""
    with django_capture_on_commit_callbacks(execute=True):
        export = scorm_export_request(requester=trainer, module=scorm_module)
    export.refresh_from_db()
    storage, name = export.file.storage, export.file.name
    ScormExport.objects.filter(pk=export.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    client.force_login(trainer)
    assert client.get(reverse("interop_admin:scorm_export_download", args=[export.public_id])).status_code == 404
    assert scorm_export_purge_expired() == 1
    assert not ScormExport.objects.exists() and not storage.exists(name)


def test_two_clicks_queue_one_export(trainer, scorm_module, django_capture_on_commit_callbacks):
    """The same request again within minutes returns the first export."""
    with django_capture_on_commit_callbacks(execute=True):
        first = scorm_export_request(requester=trainer, module=scorm_module)
        second = scorm_export_request(requester=trainer, module=scorm_module)
    assert first.pk == second.pk and ScormExport.objects.count() == 1


def test_a_learner_cannot_export(client, learner, scorm_module):
    """The service refuses with a French message and the view answers 403; nothing is queued."""
    with pytest.raises(ScormExportError, match="Vous ne pouvez pas exporter ce module"):
        scorm_export_request(requester=learner, module=scorm_module)
    client.force_login(learner)
    assert client.post(reverse("interop_admin:scorm_export", args=[scorm_module.pk])).status_code == 403
    assert not ScormExport.objects.exists()


def test_a_module_without_lessons_fails_with_a_french_reason(client, trainer, sections, django_capture_on_commit_callbacks):
    """The export is marked failed and the list says why; no file."""
    empty = module_with_lessons(parent=sections.library, title="Module vide", lessons=0)
    with django_capture_on_commit_callbacks(execute=True):
        export = scorm_export_request(requester=trainer, module=empty)
    export.refresh_from_db()
    assert export.status == ScormExport.Status.FAILED and not export.file
    client.force_login(trainer)
    assert "aucune leçon publiée" in client.get(reverse("interop_admin:scorm_exports")).content.decode()


def test_erasing_the_requester_deletes_their_packages(trainer, scorm_module, django_capture_on_commit_callbacks):
    """« Supprimer mon compte » of a trainer: their SCORM packages go, file and row."""
    with django_capture_on_commit_callbacks(execute=True):
        export = scorm_export_request(requester=trainer, module=scorm_module)
    export.refresh_from_db()
    storage, name = export.file.storage, export.file.name
    assert storage.exists(name)
    user_erase(user=trainer)
    assert not ScormExport.objects.exists() and not storage.exists(name)

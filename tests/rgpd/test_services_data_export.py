import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import DataExport
from accounts.services import data_export_request, user_export_data
from tests.factories.accounts import UserFactory

from .conftest import FREE_TEXT

pytestmark = pytest.mark.django_db
LINK = re.compile(r"https?://\S+(/compte/mes-donnees/[0-9a-f-]+/)")


def test_services_user_export_data_covers_every_kind_of_record(history):
    """The export holds the profile, enrolments, lessons, completions, attempts with answers, attestations and webinars."""
    data = user_export_data(user=history.user)
    assert data["profile"]["email"] == "maelle.legoff@mairie-brest.fr"
    assert data["profile"]["collectivite"] == "Brest"
    assert [e["course"] for e in data["enrolments"]] == [history.course.title]
    assert len(data["lesson_progress"]) == 4 and all(p["completed_at"] for p in data["lesson_progress"])
    assert len(data["module_completions"]) == 2
    assert [c["course"] for c in data["course_completions"]] == [history.course.title]
    essay = next(a for a in data["quiz_attempts"] if a["quiz"] == "Cas pratique laïcité")
    assert essay["answers"][0]["text"] == FREE_TEXT
    assert essay["answers"][0]["question"] == "Que répondez-vous ?"
    assert [a["identifier"] for a in data["attestations"]] == [history.attestation.identifier]
    assert [r["webinar"] for r in data["webinar_reminder_requests"]] == ["Webinaire laïcité"]
    assert [(a["webinar"], a["minutes"]) for a in data["webinar_attendance"]] == [("Webinaire laïcité", 55)]
    json.dumps(data)


def test_services_data_export_request_twice_within_a_minute_creates_one_export(
    history, outbox, django_capture_on_commit_callbacks
):
    """A double click queues one export and sends one e-mail."""
    with django_capture_on_commit_callbacks(execute=True):
        first = data_export_request(user=history.user)
    with django_capture_on_commit_callbacks(execute=True):
        second = data_export_request(user=history.user)
    assert first.pk == second.pk
    assert DataExport.objects.filter(user=history.user).count() == 1
    assert [m.subject for m in outbox] == ["[Élus & quartiers] Vos données sont prêtes"]


def test_views_data_export_is_e_mailed_and_downloadable_by_its_owner_for_7_days(
    client, history, outbox, django_capture_on_commit_callbacks, monkeypatch
):
    """The account page queues the export, says an e-mail follows; the link serves the JSON to its owner only, for 7 days."""
    client.force_login(history.user)
    page = client.get("/compte/profil/")
    assert "Télécharger mes données" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/compte/mes-donnees/", follow=True)
    assert "Vous recevrez un e-mail" in response.content.decode()
    path = LINK.search(outbox[-1].body).group(1)
    export = DataExport.objects.get(user=history.user)
    assert export.public_id.hex in export.file.name
    download = client.get(path)
    assert download.status_code == 200
    assert json.loads(b"".join(download.streaming_content))["profile"]["last_name"] == "Le Goff"

    client.force_login(UserFactory())
    assert client.get(path).status_code == 404
    client.logout()
    assert client.get(path).status_code == 302  # to the sign-in page

    client.force_login(history.user)
    later = timezone.now() + timedelta(days=7, minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert client.get(path).status_code == 404


def test_views_data_export_only_accepts_post(client, learner):
    """A GET on the export URL does not start an export."""
    client.force_login(learner)
    assert client.get("/compte/mes-donnees/").status_code == 405
    assert not DataExport.objects.exists()


def test_services_data_export_purge_expired_removes_file_and_row(history, django_capture_on_commit_callbacks):
    """Once its 7 days are over, an export's file and row are deleted by the daily retention task; before, they stay."""
    from accounts.services import data_export_purge_expired

    with django_capture_on_commit_callbacks(execute=True):
        data_export_request(user=history.user)
    export = DataExport.objects.get()
    storage, name = export.file.storage, export.file.name
    assert data_export_purge_expired(now=export.expires_at - timedelta(minutes=1)) == 0
    assert data_export_purge_expired(now=export.expires_at) == 1
    assert not DataExport.objects.exists() and not storage.exists(name)

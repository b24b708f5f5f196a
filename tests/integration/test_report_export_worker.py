"""A real Celery worker builds a large report export queued from the admin and e-mails its requester."""

import time

import pytest

from reports.models import ReportExport
from tests.integration.test_celery_worker import broker, worker  # noqa: F401 (fixtures)
from tests.reports.reports_fixtures import build_scenario

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_integration_worker_builds_a_queued_report_export(worker, client, settings):  # noqa: F811
    """Over the threshold the request only queues the export; the worker process writes the 4 rows,
    marks it ready with an expiry and delivers the French e-mail to the trainer."""
    scenario = build_scenario()
    settings.REPORT_SYNC_EXPORT_MAX_ROWS = 2
    client.force_login(scenario.trainer)
    response = client.get(f"/admin/rapports/parcours/{scenario.course.pk}/?export=csv")
    assert response.status_code == 302
    export = ReportExport.objects.get()

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        export.refresh_from_db()
        mails = list(worker["mail_dir"].glob("*.log"))
        if export.status == ReportExport.Status.READY and mails:
            break
        assert worker["process"].poll() is None, worker["process"].stdout.read()
        time.sleep(0.5)
    else:
        worker["process"].terminate()
        pytest.fail("the worker did not build the export within 60 s:\n" + worker["process"].communicate(timeout=20)[0])
    assert (export.rows, export.requester_id) == (4, scenario.trainer.pk)
    assert export.file.name.endswith("rapport-fondamentaux.csv") and export.expires_at > export.ready_at
    content = mails[0].read_text()
    assert f"To: {scenario.trainer.email}" in content
    assert str(export.public_id) in content

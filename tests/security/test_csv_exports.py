"""Finding 2, the exports the issue named beside the course report: the territorial report (learner-
typed collectivités) and a queued export (built by the Celery task) neutralise formula cells too."""

import csv
import io

import pytest

from reports.models import ReportExport
from tests.reports.reports_fixtures import build_scenario

pytestmark = pytest.mark.django_db
FORMULAS = ['=HYPERLINK("https://exemple.invalid";"Voir")', "+1+1", "-2+3", "@SUM(A1:A9)"]


def rows_of(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def test_territorial_csv_export_neutralises_learner_typed_collectivites(client):
    scenario = build_scenario()
    learners = [enrolment.user for enrolment in scenario.course.enrolments.select_related("user")]
    for learner, formula in zip(learners, FORMULAS, strict=False):
        learner.collectivite = formula
        learner.save()
    client.force_login(scenario.administrator)
    response = client.get("/admin/rapports/territoires/?export=csv")
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    cells = [cell for row in rows_of(content)[1:] for cell in row]
    typed = FORMULAS[: len(learners)]
    assert typed and all("'" + formula in cells for formula in typed), cells
    assert not any(cell[:1] in "=+-@" for cell in cells if cell), cells


def test_queued_csv_export_neutralises_learner_typed_names(client, settings, django_capture_on_commit_callbacks):
    scenario = build_scenario()
    learner = scenario.course.enrolments.select_related("user").first().user
    learner.last_name, learner.collectivite = FORMULAS[0], FORMULAS[1]
    learner.save()
    settings.REPORT_SYNC_EXPORT_MAX_ROWS = 0  # every export goes through the task
    client.force_login(scenario.trainer)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.get(f"/admin/rapports/parcours/{scenario.course.pk}/?export=csv").status_code == 302
    export = ReportExport.objects.get()
    assert export.status == ReportExport.Status.READY
    with export.file.open("rb") as handle:
        rows = rows_of(handle.read())
    row = next(row for row in rows if learner.email in row)
    assert "'" + FORMULAS[0] in row and "'" + FORMULAS[1] in row
    assert FORMULAS[0] not in row and FORMULAS[1] not in row

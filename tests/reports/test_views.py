"""Report pages and exports in the admin: who sees what, the files' content, the Celery path."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts import groups
from reports.exports import report_export_build
from reports.models import ReportExport
from tests.factories.accounts import UserFactory

from .conftest import build_course, pass_quiz
from .reports_fixtures import build_scenario, enrol, visit

pytestmark = pytest.mark.django_db


@pytest.fixture
def scenario():
    return build_scenario()


def course_url(course):
    return f"/admin/rapports/parcours/{course.pk}/"


def refused(response) -> bool:
    """Wagtail's admin turns PermissionDenied into a redirect to the dashboard with a message."""
    return response.status_code == 403 or (response.status_code == 302 and response["Location"] == "/admin/")


def csv_rows(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert content.startswith("\ufeff".encode()), "CSV files start with a BOM for French Excel"
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


# --- Who sees what ---------------------------------------------------------------------------------


def test_views_course_report_per_role(client, scenario, learner):
    """Administrator and assigned trainer: 200; trainer of another course: refused; learner: the French 403 page, no admin at all."""
    url = course_url(scenario.course)
    for user in (scenario.administrator, scenario.trainer):
        client.force_login(user)
        assert client.get(url).status_code == 200, user
    client.force_login(scenario.outsider_trainer)
    assert refused(client.get(url))
    client.force_login(learner)
    response = client.get(url)
    # A signed-in learner on a staff URL gets the French 403 page (accounts.middleware.StaffAreaMiddleware).
    assert response.status_code == 403 and "Cet espace est réservé" in response.content.decode()


def test_views_vrl_trainer_sees_the_course_once_assigned(client, scenario):
    """A VRL trainer follows the same rule: refused, then 200 once an administrator assigns the course."""
    from trainers.models import CourseAssignment

    vrl = UserFactory(group=groups.VRL_TRAINERS)
    client.force_login(vrl)
    assert refused(client.get(course_url(scenario.course)))
    CourseAssignment.objects.create(trainer=vrl, course=scenario.course)
    assert client.get(course_url(scenario.course)).status_code == 200


def test_views_course_report_shows_the_hand_computed_figures(client, scenario):
    """The page shows 4 enrolled, 3 active, 2 completed, 50 %, 7 days, and the four learners but not E."""
    client.force_login(scenario.trainer)
    html = client.get(course_url(scenario.course)).content.decode()
    for figure, value in (
        ("enrolled", "4"),
        ("active", "3"),
        ("completed", "2"),
        ("completion-rate", "50 %"),
        ("median", "7,0 jours"),
    ):
        assert f'data-figure="{figure}">{value}' in html, figure
    for name in "ABCD":
        assert f"Élu {name}" in html
    assert "Élu E" not in html


def test_views_courses_index_lists_only_assigned_courses(client, scenario):
    """A trainer's index lists their course only; an administrator's lists both."""
    client.force_login(scenario.trainer)
    html = client.get("/admin/rapports/").content.decode()
    assert "Parcours fondamentaux" in html and "Parcours autre" not in html
    client.force_login(scenario.administrator)
    html = client.get("/admin/rapports/").content.decode()
    assert "Parcours fondamentaux" in html and "Parcours autre" in html


def test_views_learner_report_only_for_the_learners_of_assigned_courses(client, scenario):
    """A trainer opens A's report (progress, quiz answers) but gets 404 for E, enrolled elsewhere."""
    client.force_login(scenario.trainer)
    response = client.get(f"/admin/rapports/apprenants/{scenario.learners['A'].public_id}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Parcours fondamentaux" in html and "tentative n° 1" in html
    assert client.get(f"/admin/rapports/apprenants/{scenario.learners['E'].public_id}/").status_code == 404
    client.force_login(scenario.outsider_trainer)
    assert client.get(f"/admin/rapports/apprenants/{scenario.learners['A'].public_id}/").status_code == 404


def five_answers(scenario):
    """Two more learners of the course answer the final quiz (right): 5 answers, 4 right (80 %)."""
    for name in "FG":
        learner = UserFactory(first_name=name, last_name=f"Élu {name}")
        enrol(learner, scenario.course, enrolled_days_ago=3, active_days_ago=1, now=scenario.now)
        pass_quiz(learner, scenario.course.final_quiz, right=True)


def test_views_quiz_item_analysis_per_role(client, scenario):
    """The final quiz's item analysis: the assigned trainer sees it (3 answers: masked, as on the quiz
    statistics page), the other trainer gets 404."""
    url = f"/admin/rapports/quiz/{scenario.course.final_quiz_id}/"
    client.force_login(scenario.trainer)
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "masqué (moins de 5 apprenant·es)" in html and "67 %" not in html
    client.force_login(scenario.outsider_trainer)
    assert client.get(url).status_code == 404


def test_views_territorial_report_is_for_administrators_only(client, scenario):
    """Administrators see aggregates and no name; trainers are refused, exports included."""
    client.force_login(scenario.trainer)
    assert refused(client.get("/admin/rapports/territoires/"))
    assert refused(client.get("/admin/rapports/territoires/?export=csv"))
    client.force_login(scenario.administrator)
    response = client.get("/admin/rapports/territoires/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "&lt; 5" in html and "Élu A" not in html
    rows = csv_rows(client.get("/admin/rapports/territoires/?export=csv"))
    assert rows[0] == ["Région", "Département", "Collectivité", "Apprenant·es", "Parcours terminés"]
    assert all("Élu" not in cell for row in rows for cell in row)
    # The five learners have no territory: one group of 5, whose 2 completions are masked.
    assert rows[1:] == [["Non précisée", "Non précisé", "Non précisée", "5", "< 5"]]


# --- Synchronous exports -----------------------------------------------------------------------------


def test_views_course_csv_export_has_the_trainers_learners(client, scenario):
    """The CSV has a French header and A–D with their modules done; the other trainer can't export it."""
    client.force_login(scenario.trainer)
    rows = csv_rows(client.get(course_url(scenario.course) + "?export=csv"))
    assert rows[0][:3] == ["Nom", "Prénom", "E-mail"] and rows[0][-2:] == ["Modules terminés", "Parcours terminé le"]
    by_first_name = {row[1]: row for row in rows[1:]}
    assert sorted(by_first_name) == ["A", "B", "C", "D"]
    assert (by_first_name["A"][-2] != "", by_first_name["A"][-2]) == (True, "2")
    assert by_first_name["D"][-1] == ""
    client.force_login(scenario.outsider_trainer)
    assert refused(client.get(course_url(scenario.course) + "?export=csv"))


def test_views_course_csv_export_names_territories_and_mandates_as_the_profile_does(client, scenario):
    """Département, région and mandat are the labels the profile shows (get_FOO_display), and empty
    where the learner gave none."""
    learner = scenario.learners["A"]
    learner.departement, learner.region, learner.mandate = "29", "bretagne", "maire"
    learner.save()
    client.force_login(scenario.trainer)
    rows = csv_rows(client.get(course_url(scenario.course) + "?export=csv"))
    heading = rows[0]
    by_first_name = {row[1]: dict(zip(heading, row, strict=True)) for row in rows[1:]}
    columns = [heading[4], heading[5], heading[6]]
    assert [by_first_name["A"][name] for name in columns] == [
        learner.get_departement_display(),
        learner.get_region_display(),
        learner.get_mandate_display(),
    ]
    assert "Finistère" in by_first_name["A"][heading[4]]
    assert [by_first_name["B"][name] for name in columns] == ["", "", ""]


def test_views_course_xlsx_export(client, scenario):
    """The XLSX has the same rows."""
    from openpyxl import load_workbook

    client.force_login(scenario.administrator)
    response = client.get(course_url(scenario.course) + "?export=xlsx")
    workbook = load_workbook(io.BytesIO(response.content))
    rows = list(workbook.active.values)
    assert rows[0][0] == "Nom" and sorted(row[1] for row in rows[1:]) == ["A", "B", "C", "D"]


def test_views_export_filters_apply_and_invalid_ones_are_refused(client, scenario):
    """Filtered by mandate only B remains; an invalid date gets a French message and no file."""
    type(scenario.learners["B"]).objects.filter(pk=scenario.learners["B"].pk).update(mandate="maire")
    client.force_login(scenario.trainer)
    rows = csv_rows(client.get(course_url(scenario.course) + "?mandat=maire&export=csv"))
    assert [row[1] for row in rows[1:]] == ["B"]
    response = client.get(course_url(scenario.course) + "?periode_from=pas-une-date&export=csv", follow=True)
    assert "Les filtres saisis ne sont pas valides" in response.content.decode()
    assert response.get("Content-Disposition") is None


# --- Large exports: the Celery path ----------------------------------------------------------------


def test_views_large_export_goes_through_celery_and_emails_the_requester(
    client, scenario, settings, outbox, django_capture_on_commit_callbacks
):
    """Over the threshold the export is queued, built by the task, e-mailed in French, downloadable once
    by its requester and administrators only; the same request again does not queue a second one."""
    settings.REPORT_SYNC_EXPORT_MAX_ROWS = 2
    client.force_login(scenario.trainer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(course_url(scenario.course) + "?export=csv")
    assert response.status_code == 302 and response["Location"].startswith("/admin/rapports/exports/")
    export = ReportExport.objects.get()
    assert (export.status, export.rows, export.requester) == (ReportExport.Status.READY, 4, scenario.trainer)
    assert export.expires_at is not None
    with export.file.open("rb") as handle:
        rows = list(csv.reader(io.StringIO(handle.read().decode("utf-8-sig")), delimiter=";"))
    assert sorted(row[1] for row in rows[1:]) == ["A", "B", "C", "D"]
    assert len(outbox) == 1 and outbox[0].to == [scenario.trainer.email]
    assert "est prêt" in outbox[0].body and str(export.public_id) in outbox[0].body

    with django_capture_on_commit_callbacks(execute=True):
        client.get(course_url(scenario.course) + "?export=csv")
    assert ReportExport.objects.count() == 1
    assert report_export_build(export_id=export.pk) is False  # a redelivered task does nothing twice
    assert len(outbox) == 1

    listing = client.get("/admin/rapports/exports/").content.decode()
    assert f"/admin/rapports/exports/{export.public_id}/telecharger/" in listing
    download = f"/admin/rapports/exports/{export.public_id}/telecharger/"
    assert client.get(download).status_code == 200
    client.force_login(scenario.outsider_trainer)
    assert refused(client.get(download))
    client.force_login(scenario.administrator)
    assert client.get(download).status_code == 200


def test_services_queued_export_fails_when_the_requester_lost_access(scenario, django_capture_on_commit_callbacks):
    """An assignment removed before the task runs: the export fails and no file is written."""
    from reports.exports import report_export_request
    from trainers.models import CourseAssignment

    with django_capture_on_commit_callbacks(execute=False):
        export = report_export_request(
            requester=scenario.trainer,
            report="course",
            title="Rapport",
            filters={"query": {}, "kwargs": {"course_id": scenario.course.pk}},
            format="csv",
        )
    CourseAssignment.objects.filter(trainer=scenario.trainer).delete()
    assert report_export_build(export_id=export.pk) is False
    export.refresh_from_db()
    assert export.status == ReportExport.Status.FAILED and not export.file


def test_services_unknown_export_format_is_refused(scenario):
    """A format other than CSV/XLSX gets a French message and no row."""
    from reports.exports import ReportExportError, report_export_request

    with pytest.raises(ReportExportError, match="Format d'export inconnu"):
        report_export_request(requester=scenario.trainer, report="course", title="x", filters={}, format="pdf")
    assert not ReportExport.objects.exists()


def test_services_expired_exports_are_purged(scenario, settings, client, django_capture_on_commit_callbacks):
    """Past its expiry, the export's file and row go; the download link then says so in French."""
    from datetime import timedelta

    from django.utils import timezone

    from reports.exports import report_export_purge_expired

    settings.REPORT_SYNC_EXPORT_MAX_ROWS = 0
    client.force_login(scenario.trainer)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(course_url(scenario.course) + "?export=xlsx")
    export = ReportExport.objects.get()
    assert export.status == ReportExport.Status.READY
    ReportExport.objects.filter(pk=export.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    response = client.get(f"/admin/rapports/exports/{export.public_id}/telecharger/", follow=True)
    assert "pas (ou plus) disponible" in response.content.decode()
    assert report_export_purge_expired() == 1
    assert not ReportExport.objects.exists()


# --- Query budget --------------------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["index", "course", "territorial", "learner"])
def test_views_report_query_count_does_not_grow_with_learners(client, scenario, which):
    """Each report page makes the same number of queries with 4 and with 24 learners."""
    client.force_login(scenario.administrator)
    url = {
        "index": "/admin/rapports/",
        "course": course_url(scenario.course),
        "territorial": "/admin/rapports/territoires/",
        "learner": f"/admin/rapports/apprenants/{scenario.learners['A'].public_id}/",
    }[which]
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        assert client.get(url).status_code == 200
    for i in range(20):
        learner = UserFactory(collectivite=f"Commune {i}", departement="29")
        enrol(learner, scenario.course, enrolled_days_ago=3, active_days_ago=1, now=scenario.now)
        visit(learner, scenario.lessons[0], now=scenario.now)
    with CaptureQueriesContext(connection) as after:
        assert client.get(url).status_code == 200
    assert len(after) == len(before), [q["sql"] for q in after.captured_queries]


def test_views_menu_shows_reports_to_staff_and_territorial_to_administrators(client, scenario):
    """« Suivi » (the reports) is in a trainer's admin menu without « Rapport territorial »; administrators get both."""
    client.force_login(scenario.trainer)
    html = client.get("/admin/").content.decode()
    assert '"Suivi"' in html and "Rapport territorial" not in html
    client.force_login(scenario.administrator)
    html = client.get("/admin/").content.decode()
    assert '"Suivi"' in html and "Rapport territorial" in html


def test_views_territorial_period_filter_and_signup_profile_show_the_departement(client, scenario):
    """A période filter on the territorial report works (hours included); the département is offered at
    sign-up and in the profile."""
    client.force_login(scenario.administrator)
    response = client.get("/admin/rapports/territoires/?periode_from=2020-01-01&periode_to=2020-12-31")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Aucune inscription." in html and "Aucune heure enregistrée." in html
    client.logout()
    assert "Département (facultatif)" in client.get("/compte/signup/").content.decode()
    client.force_login(scenario.learners["A"])
    assert "Loire-Atlantique (44)" in client.get("/compte/profil/").content.decode()


def test_services_erasing_a_trainer_deletes_their_report_exports(scenario, settings, client, django_capture_on_commit_callbacks):
    """A report export holds learners' data: erasing its requester's account deletes the file and the row."""
    from accounts.services import user_erase

    settings.REPORT_SYNC_EXPORT_MAX_ROWS = 0
    client.force_login(scenario.trainer)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(course_url(scenario.course) + "?export=csv")
    export = ReportExport.objects.get()
    storage, name = export.file.storage, export.file.name
    assert storage.exists(name)
    user_erase(user=scenario.trainer)
    assert not ReportExport.objects.exists() and not storage.exists(name)


@pytest.mark.parametrize("url", ["/admin/rapports/", "/admin/rapports/territoires/"])
def test_views_cross_course_reports_export_csv_and_xlsx_whole(client, scenario, url):
    """The cross-course and territorial reports export complete files in both formats (once a 500 in XLSX)."""
    from openpyxl import load_workbook

    client.force_login(scenario.administrator)
    rows = csv_rows(client.get(url + "?export=csv"))
    response = client.get(url + "?export=xlsx")
    assert response.status_code == 200
    sheet_rows = [list(row) for row in load_workbook(io.BytesIO(response.content)).active.values]
    assert len(rows) >= 2 and len(sheet_rows) == len(rows)
    assert [str(value) for value in sheet_rows[0]] == rows[0]


def test_views_course_csv_export_neutralises_learner_typed_formulas(client, scenario):
    """A learner whose name starts with « = » appears in the export as text, never as a formula."""
    learner = scenario.course.enrolments.select_related("user").first().user
    learner.last_name = '=HYPERLINK("https://exemple.invalid";"Voir")'
    learner.collectivite = "+1+1"
    learner.save()
    client.force_login(scenario.administrator)
    rows = csv_rows(client.get(course_url(scenario.course) + "?export=csv"))
    row = next(row for row in rows if row[2] == learner.email)
    assert row[0] == "'" + learner.last_name and row[3] == "'+1+1"


def xlsx_rows(response):
    from openpyxl import load_workbook

    assert response.status_code == 200
    return [list(row) for row in load_workbook(io.BytesIO(response.content)).active.values]


def test_views_learner_report_exports_csv_and_xlsx_with_progress_and_attempts(client, scenario):
    """A's report in CSV and XLSX: a row per module (both done), the completion, the final quiz attempt."""
    client.force_login(scenario.trainer)
    url = f"/admin/rapports/apprenants/{scenario.learners['A'].public_id}/"
    rows = csv_rows(client.get(url + "?export=csv"))
    assert rows[0] == ["Parcours", "Élément", "Titre", "État", "Date", "Score (%)"]
    assert [row[1] for row in rows[1:]] == ["Module 1", "Module 2", "Parcours", "Quiz — tentative 1"]
    assert rows[1][0] == scenario.course.title and rows[4][5] == "100"
    sheet = xlsx_rows(client.get(url + "?export=xlsx"))
    assert len(sheet) == len(rows) and sheet[4][5] == 100
    client.force_login(scenario.outsider_trainer)
    assert client.get(url + "?export=csv").status_code == 404


def test_views_quiz_item_analysis_exports_csv_and_xlsx(client, scenario):
    """The final quiz's analysis: one row per question with 5 answers, 4 right, 80 %, in both formats."""
    five_answers(scenario)
    client.force_login(scenario.trainer)
    url = f"/admin/rapports/quiz/{scenario.course.final_quiz_id}/"
    rows = csv_rows(client.get(url + "?export=csv"))
    assert rows[0][:4] == ["Question", "Réponses", "Bonnes réponses", "Taux de bonnes réponses (%)"]
    assert [row[1:4] for row in rows[1:]] == [["5", "4", "80"]]
    sheet = xlsx_rows(client.get(url + "?export=xlsx"))
    assert sheet[1][1:4] == [5, 4, 80]


def test_views_learner_and_quiz_pages_are_titled_with_their_subject(client, scenario):
    """The learner's page is titled with their name, the analysis with its quiz, never « Accueil » alone."""
    client.force_login(scenario.trainer)
    html = client.get(f"/admin/rapports/apprenants/{scenario.learners['A'].public_id}/").content.decode()
    assert "<title>Apprenant·e — A Élu A" in html
    html = client.get(f"/admin/rapports/quiz/{scenario.course.final_quiz_id}/").content.decode()
    assert f"<title>Analyse des questions — {scenario.course.final_quiz.title}" in html


def test_views_course_report_draws_its_charts_with_their_tables_and_no_inline_script(client, scenario):
    """Funnel and completions as SVG images with a title, the module labels not repeated, no <script> of ours."""
    client.force_login(scenario.trainer)
    html = client.get(course_url(scenario.course)).content.decode()
    assert 'aria-labelledby="chart-funnel-title chart-funnel-desc"' in html
    assert 'aria-labelledby="chart-completions-title chart-completions-desc"' in html
    assert "initDateChooser" not in html and 'type="date"' in html
    assert f"Module 2 : {scenario.modules[1].quiz.title}" in html
    five_answers(scenario)
    html = client.get(f"/admin/rapports/quiz/{scenario.course.final_quiz_id}/").content.decode()
    assert 'aria-labelledby="chart-success-title chart-success-desc"' in html and ">80 %</text>" in html


def test_views_course_report_date_filter_from_the_native_date_fields(client, scenario):
    """ISO dates from the browser's date fields filter the learners: enrolled in the last 12 days → C and D."""
    from django.utils import timezone

    client.force_login(scenario.trainer)
    start = (timezone.localdate() - timezone.timedelta(days=12)).isoformat()
    html = client.get(course_url(scenario.course) + f"?periode_from={start}").content.decode()
    assert "Élu C" in html and "Élu D" in html and "Élu A" not in html and "Élu B" not in html


# --- Small groups in the item analysis --------------------------------------------------------------------


def test_views_quiz_item_analysis_masks_one_learner_and_shows_five(client):
    """One rule with /admin/quiz/<id>/statistiques/ and the territorial report: with 1 learner the question
    shows « < 5 », « masqué », no wrong answer and no bar, on the page and in the CSV; with 5 learners
    (4 right) it shows 80 %, the wrong answer chosen once and its bar."""
    from trainers.models import CourseAssignment

    built = build_course(slug="masquage", final_quiz=True)
    quiz = built.course.final_quiz
    trainer = UserFactory(group=groups.TRAINERS)
    CourseAssignment.objects.create(trainer=trainer, course=built.course)
    learners = [UserFactory(first_name=f"L{n}", last_name="Élue") for n in range(5)]
    from django.utils import timezone

    for learner in learners:
        enrol(learner, built.course, enrolled_days_ago=3, active_days_ago=1, now=timezone.now())
    url = f"/admin/rapports/quiz/{quiz.pk}/"
    client.force_login(trainer)

    pass_quiz(learners[0], quiz, right=False)
    html = client.get(url).content.decode()
    assert "&lt; 5</td>" in html and "masqué (moins de 5 apprenant·es)" in html
    assert "Moins de 5 apprenant·es ont répondu à ce quiz" in html
    assert "1 296" not in html and "%</text>" not in html
    rows = csv_rows(client.get(url + "?export=csv"))
    assert [row[1:6] for row in rows[1:]] == [["< 5", "< 5", "masqué", "", ""]]

    for learner in learners[1:]:
        pass_quiz(learner, quiz, right=True)
    html = client.get(url).content.decode()
    assert "masqué" not in html and "Moins de 5 apprenant·es" not in html
    assert "80 %" in html and ">80 %</text>" in html and "1 296 (1 fois)" in html
    rows = csv_rows(client.get(url + "?export=csv"))
    assert [row[1:6] for row in rows[1:]] == [["5", "4", "80", "1 296", "1"]]

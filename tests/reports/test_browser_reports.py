"""Browser journey of a trainer: « Rapports » → their course report → CSV download, with axe-core."""

import csv
import io

import pytest

from tests.browser.helpers import assert_accessible, sign_in

from .reports_fixtures import build_scenario

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_browser_trainer_opens_a_course_report_and_downloads_the_csv(page):
    """The trainer sees only their course in « Rapports », opens it (figures, funnel, learners; axe-clean)
    and downloads a CSV holding their four learners."""
    scenario = build_scenario()
    sign_in(page, scenario.trainer)

    page.goto("/admin/rapports/")
    assert page.get_by_role("link", name="Parcours fondamentaux").is_visible()
    assert page.get_by_role("link", name="Parcours autre").count() == 0
    assert_accessible(page)

    page.get_by_role("link", name="Parcours fondamentaux").click()
    page.wait_for_url(f"**/admin/rapports/parcours/{scenario.course.pk}/")
    assert page.locator('[data-figure="enrolled"]').inner_text() == "4"
    assert page.locator('[data-figure="completion-rate"]').inner_text() == "50 %"
    assert page.get_by_role("heading", name="Progression module par module").is_visible()
    assert page.get_by_role("link", name="A Élu A").is_visible()
    assert page.get_by_text("Élu E").count() == 0
    assert_accessible(page)
    page.screenshot(path="var/screenshots/report-course-1280.png", full_page=True)

    csv_link = page.locator(f'a[href="/admin/rapports/parcours/{scenario.course.pk}/?export=csv"]')
    if not csv_link.is_visible():
        # Wagtail puts the export buttons in the header's « more actions » dropdown.
        page.locator("header [data-w-dropdown-target='toggle']").first.click()
    with page.expect_download() as download_info:
        csv_link.click()
    download = download_info.value
    assert download.suggested_filename == "rapport-fondamentaux.csv"
    with open(download.path(), encoding="utf-8") as handle:
        content = handle.read()
    assert content.startswith("\ufeff"), "a BOM, so that French Excel reads UTF-8"
    rows = list(csv.reader(io.StringIO(content[1:]), delimiter=";"))
    assert rows[0][:3] == ["Nom", "Prénom", "E-mail"]
    assert sorted(row[1] for row in rows[1:]) == ["A", "B", "C", "D"]


def test_browser_learner_quiz_territorial_and_exports_pages_are_accessible(page, settings):
    """The learner report and the quiz item analysis (trainer), the territorial report and « Mes exports »
    (administrator) pass axe-core; the territorial page explains the « < 5 » rule and shows no name."""
    scenario = build_scenario()
    sign_in(page, scenario.trainer)
    page.goto(f"/admin/rapports/apprenants/{scenario.learners['B'].public_id}/")
    assert page.get_by_role("heading", name="Quiz final fondamentaux — tentative n° 1").is_visible()
    assert_accessible(page)
    page.goto(f"/admin/rapports/quiz/{scenario.course.final_quiz_id}/")
    assert page.get_by_role("table", name="Analyse par question").is_visible()
    assert_accessible(page)

    page.context.clear_cookies()
    sign_in(page, scenario.administrator)
    page.goto("/admin/rapports/territoires/")
    assert page.get_by_text("tout effectif inférieur à 5 est affiché « < 5 »").is_visible()
    assert page.get_by_text("Élu A").count() == 0
    assert_accessible(page)
    page.screenshot(path="var/screenshots/report-territorial-1280.png", full_page=True)
    page.goto("/admin/rapports/exports/")
    assert page.get_by_role("table", name="Vos exports de rapports").is_visible()
    assert_accessible(page)

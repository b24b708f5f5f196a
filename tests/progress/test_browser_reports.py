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
        rows = list(csv.reader(io.StringIO(handle.read())))
    assert rows[0][:3] == ["Nom", "Prénom", "E-mail"]
    assert sorted(row[1] for row in rows[1:]) == ["A", "B", "C", "D"]

"""A visitor on a phone goes to page 2 of the catalogue with the pagination links, then back; the page
does not scroll sideways and axe-core finds no WCAG 2.1 A/AA violation, at 375 and 1280 px. The
webinar list's two paginations and a search on two pages are checked the same way. Screenshots go to
var/screenshots/pagination-*.png."""

import datetime
import re
from pathlib import Path

import pytest
from django.utils import timezone

from tests.browser.helpers import assert_accessible
from tests.factories.courses import GlossaryTermFactory, build_sections, course_with_modules
from tests.factories.webinars import webinar, webinar_index

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("var/screenshots")
OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"


@pytest.fixture
def content(db):
    sections = build_sections()
    for i in range(1, 16):
        course_with_modules(
            course_index=sections.course_index,
            modules=[],
            title=f"Parcours {i:02d} : le contrat de ville",
            slug=f"parcours-{i:02d}",
            summary="Comprendre le contrat de ville, pas à pas.",
        )
    index = webinar_index()
    now = timezone.now()
    for i in range(1, 15):
        webinar(parent=index, title=f"Session {i:02d}", slug=f"session-{i:02d}", start=now + datetime.timedelta(days=i))
    for i in range(1, 4):
        webinar(
            parent=index,
            title=f"Replay {i:02d}",
            slug=f"replay-{i:02d}",
            start=now - datetime.timedelta(days=i),
            replay_url="https://exemple.fr/replay",
            replay_transcript="<p>Transcription</p>",
        )
    for i in range(22):
        GlossaryTermFactory(term=f"Ville {i:02d}", slug=f"ville-{i:02d}", definition="Un terme de la politique de la ville.")
    return sections


def check(page, name, width):
    page.wait_for_load_state()
    assert page.evaluate(OVERFLOW) <= 0, f"{page.url} scrolls sideways at {width} px"
    assert_accessible(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"pagination-{name}-{width}.png"), full_page=True)


@pytest.mark.parametrize("width", [375, 1280])
def test_pagination_journey(page, content, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/parcours/")
    navigation = page.get_by_role("navigation", name="Pagination")
    assert navigation.get_by_text("Page 1 sur 2").is_visible()
    assert navigation.get_by_role("link", name="Page 1").get_attribute("aria-current") == "page"
    check(page, "parcours", width)

    navigation.get_by_role("link", name="Page suivante").click()
    page.wait_for_url(re.compile(r"/parcours/\?page=2$"))
    assert page.get_by_role("link", name="Parcours 13 : le contrat de ville").is_visible()
    assert (
        page.get_by_role("navigation", name="Pagination").get_by_role("link", name="Page 2").get_attribute("aria-current")
        == "page"
    )
    check(page, "parcours-page-2", width)
    page.get_by_role("link", name="Page précédente").click()
    page.wait_for_url(re.compile(r"/parcours/$"))

    page.goto("/webinaires/")
    upcoming = page.get_by_role("navigation", name="Pagination des sessions à venir")
    assert upcoming.get_by_text("Page 1 sur 2").is_visible()
    assert page.get_by_role("navigation", name="Pagination des replays").count() == 0
    check(page, "webinaires", width)
    upcoming.get_by_role("link", name="Page 2").click()
    page.wait_for_url(re.compile(r"/webinaires/\?page=2#a-venir$"))
    assert page.get_by_role("link", name="Session 14").is_visible()
    check(page, "webinaires-page-2", width)

    page.goto("/recherche/?q=ville")
    assert page.get_by_text("Page 1 sur 2").is_visible()
    check(page, "recherche", width)
    page.get_by_role("link", name="Page suivante").click()
    page.wait_for_url(re.compile(r"page=2"))
    check(page, "recherche-page-2", width)

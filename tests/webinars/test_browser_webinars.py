"""A signed-in learner finds the next webinar of a module, adds it to their agenda (.ics) and asks for
a reminder; axe-core finds no WCAG 2.1 A/AA violation on any page, at phone and desktop widths."""

import datetime

import icalendar
import pytest
from django.utils import timezone

from tests.browser.helpers import assert_accessible, sign_in
from tests.factories.accounts import UserFactory
from tests.factories.courses import ThemeFactory, build_sections, module_with_lessons
from tests.factories.webinars import WebinarCycleFactory, webinar
from tests.text import PLAIN_SPACES
from webinars.models import WebinarKind, WebinarReminderRequest, WebinarStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_browser_learner_finds_next_webinar_adds_it_to_agenda_and_asks_a_reminder(page):
    """Module → « Webinaires associés » → webinar page → .ics download → « Me le rappeler »."""
    sections = build_sections()
    module = module_with_lessons(parent=sections.library, title="Qui fait quoi ?")
    cycle = WebinarCycleFactory(title="Élu·es après les municipales", slug="elus")
    theme = ThemeFactory(name="Gouvernance", slug="gouvernance")
    now = timezone.now()
    session = webinar(
        title="Qui fait quoi ? L'élu·e et ses partenaires",
        start=now + datetime.timedelta(days=5),
        modules=[module],
        cycle=cycle,
        themes=[theme],
    )
    webinar(
        title="Journée à Nantes",
        kind=WebinarKind.JOURNEE,
        online=False,
        place_city="Nantes",
        place_address="Nantes (lieu communiqué aux inscrits)",
        start=now + datetime.timedelta(days=40),
        modules=[module],
    )
    webinar(title="Session annulée", status=WebinarStatus.CANCELLED, start=now + datetime.timedelta(days=9), cycle=cycle)
    webinar(
        title="Le replay",
        start=now - datetime.timedelta(days=20),
        modules=[module],
        replay_url="https://resovilles.com/",
        replay_transcript="<p>Transcription intégrale.</p>",
    )
    learner = UserFactory()
    sign_in(page, learner)

    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("/webinaires/")
        assert page.get_by_text("Cette session est annulée.").is_visible()
        assert_accessible(page)
        page.get_by_label("Cycle").select_option("elus")
        page.get_by_role("button", name="Afficher les sessions").click()
        assert "cycle=elus" in page.url
        assert_accessible(page)

    page.set_viewport_size({"width": 375, "height": 900})
    page.goto(module.url)
    related = page.get_by_role("region", name="Webinaires associés")
    assert related.get_by_role("link").first.inner_text().translate(PLAIN_SPACES) == session.title
    assert_accessible(page)
    related.get_by_role("link", name=session.title).click()
    page.wait_for_url(f"**{session.url}")
    assert_accessible(page)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Ajouter à mon agenda").click()
    calendar = icalendar.Calendar.from_ical(open(download_info.value.path(), "rb").read())
    assert [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")] == [f"Webinaire — {session.title}"]

    page.get_by_role("button", name="Me le rappeler").click()
    page.wait_for_load_state()
    assert page.get_by_text("vous recevrez un e-mail la veille").first.is_visible()
    assert WebinarReminderRequest.objects.filter(user=learner, webinar=session).count() == 1
    assert_accessible(page)

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/webinaires/le-replay/")
    page.get_by_text("Lire la transcription").click()
    assert page.get_by_text("Transcription intégrale.").is_visible()
    assert_accessible(page)

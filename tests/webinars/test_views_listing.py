import datetime

import pytest
from django.utils import timezone

from tests.factories.courses import ThemeFactory
from tests.factories.webinars import WebinarCycleFactory, webinar
from webinars.models import WebinarKind, WebinarStatus

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def _days(n):
    return NOW + datetime.timedelta(days=n)


def _titles(response, key):
    return [w.title for w in getattr(response.context["listing"], key)]


def test_views_webinar_index_lists_upcoming_by_date_then_replays(client, index):
    """Upcoming sessions come first, soonest first; then past sessions with a replay, newest first;
    a past session without replay is not listed."""
    webinar(title="Plus tard", start=_days(20))
    webinar(title="Bientôt", start=_days(2))
    webinar(title="Passé avec replay", start=_days(-30), replay_url="https://exemple.fr/r", replay_transcript="<p>T</p>")
    webinar(title="Passé récent", start=_days(-3), replay_url="https://exemple.fr/r2", replay_transcript="<p>T</p>")
    webinar(title="Passé sans replay", start=_days(-10))

    response = client.get("/webinaires/")

    assert response.status_code == 200
    assert _titles(response, "upcoming") == ["Bientôt", "Plus tard"]
    assert _titles(response, "replays") == ["Passé récent", "Passé avec replay"]
    assert "Passé sans replay" not in response.content.decode()


def test_views_webinar_index_filters_by_cycle_theme_and_kind(client, index):
    """The GET form filters by cycle, theme and kind, each alone, and says when nothing matches."""
    laicite = WebinarCycleFactory(title="Laïcité", slug="laicite")
    other = WebinarCycleFactory(title="Évaluation", slug="evaluation")
    theme = ThemeFactory(name="Discriminations", slug="discriminations")
    webinar(title="Webinaire laïcité", cycle=laicite)
    webinar(title="Journée évaluation", cycle=other, kind=WebinarKind.JOURNEE, online=False, place_city="Nantes")
    webinar(title="Webinaire discriminations", cycle=other, themes=[theme])

    assert _titles(client.get("/webinaires/?cycle=laicite"), "upcoming") == ["Webinaire laïcité"]
    assert _titles(client.get("/webinaires/?kind=journee"), "upcoming") == ["Journée évaluation"]
    assert _titles(client.get("/webinaires/?theme=discriminations"), "upcoming") == ["Webinaire discriminations"]
    response = client.get("/webinaires/?cycle=laicite&kind=formation")
    assert _titles(response, "upcoming") == []
    assert "Aucune session à venir pour ces critères" in response.content.decode()


def test_views_webinar_index_form_is_labelled(client, index):
    """Each filter has a visible label tied to its field."""
    content = client.get("/webinaires/").content.decode()
    for field, label in (("cycle", "Cycle"), ("theme", "Thématique"), ("kind", "Type")):
        assert f'<label for="id_{field}">{label}' in content


def test_views_webinar_index_marks_cancelled_sessions(client, index):
    """A cancelled upcoming session stays listed with an « Annulé » badge and a sentence."""
    webinar(title="Session annulée", status=WebinarStatus.CANCELLED)
    content = client.get("/webinaires/").content.decode()
    assert "badge--cancelled" in content
    assert "Cette session est annulée." in content


def test_views_webinar_page_shows_registration_calendar_modules(client, sections, index):
    """The page of an upcoming session has « S'inscrire », « Ajouter à mon agenda » and its modules."""
    from tests.factories.courses import module_with_lessons

    before = module_with_lessons(parent=sections.library, title="Module avant")
    page = webinar(title="Qui fait quoi ?", modules=[before], speakers="Chargée de mission\nAdjointe au maire")

    content = client.get(page.url).content.decode()

    assert "S&#x27;inscrire" in content or "S'inscrire" in content
    assert f'href="/webinaires/{page.slug}/agenda.ics"' in content
    assert "Avant la session" in content and "Module avant" in content
    assert "Adjointe au maire" in content
    assert "Connectez-vous" in content


def test_views_webinar_page_past_shows_replay_with_transcript(client, index):
    """A past session shows its replay link and its transcript, and no registration button."""
    page = webinar(start=_days(-5), replay_url="https://exemple.fr/replay", replay_transcript="<p>La transcription complète.</p>")
    content = client.get(page.url).content.decode()
    assert "https://exemple.fr/replay" in content
    assert "La transcription complète." in content
    assert "Me le rappeler" not in content


def test_views_webinar_index_filters_show_each_choice_and_a_new_cycle(client, index, django_capture_on_commit_callbacks):
    """The filter fields are kept rendered per chosen value: each choice shows selected, a cycle added
    after a first visit is offered at once."""
    laicite = WebinarCycleFactory(title="Laïcité", slug="laicite")
    webinar(title="Webinaire laïcité", cycle=laicite)
    content = client.get("/webinaires/?cycle=laicite&kind=journee").content.decode()
    assert '<option value="laicite" selected>Laïcité</option>' in content
    assert '<option value="journee" selected>' in content
    content = client.get("/webinaires/").content.decode()
    assert '<option value="laicite">Laïcité</option>' in content
    with django_capture_on_commit_callbacks(execute=True):
        WebinarCycleFactory(title="Évaluation", slug="evaluation")
    assert '<option value="evaluation">Évaluation</option>' in client.get("/webinaires/").content.decode()

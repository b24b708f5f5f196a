"""What the public reads on the loaded demo site: no placeholder left, and the 2026 programme in the calendar.

One test function loads the demo content once (about a minute) and then renders every live page with
the Django test client, signed in as the demo learner so that lessons open; the legal pages are
rendered anonymously as well. The YAML-only checks of the calendar live in
test_demo_content_calendar.py.
"""

import html
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from wagtail.models import Page

from webinars.models import WebinarCycle, WebinarKind, WebinarPage

pytestmark = pytest.mark.django_db

LEGAL_PATHS = ["/mentions-legales/", "/accessibilite/", "/donnees-personnelles/"]
DEMO_LEARNER = "elue@demo.elus-quartiers.fr"

INVISIBLE = re.compile(r"<(script|style|template)\b.*?</\1>", re.IGNORECASE | re.DOTALL)
TAG = re.compile(r"<[^>]+>")
# « [nom et fonction à compléter] », « [XXX] », « [adresse] »: any bracketed run of text. An editorial
# « […] » (a cut in a quotation) holds no letter and is allowed.
BRACKETED = re.compile(r"\[[^\[\]\n]*[A-Za-zÀ-ÿ]{2,}[^\[\]\n]*\]")
TO_FILL = re.compile(r"à compléter|à renseigner|\bXXX\b|lorem|ipsum", re.IGNORECASE)
# « à compléter » is honest in an exercise: the template the learner fills in.
EXERCISE_TEMPLATE = re.compile(r"(modèle|grille|feuille de route|tableau|fiche|questions?)\b[^.]{0,60}$", re.IGNORECASE)


def visible_text(content: bytes) -> str:
    return html.unescape(TAG.sub(" ", INVISIBLE.sub(" ", content.decode("utf-8"))))


def placeholders(text: str) -> list[str]:
    """Bracketed placeholders and « à compléter »-like text, outside exercise templates."""
    found = [match.group(0) for match in BRACKETED.finditer(text)]
    for match in TO_FILL.finditer(text):
        before = text[max(0, match.start() - 80) : match.start()]
        if match.group(0).lower() == "à compléter" and EXERCISE_TEMPLATE.search(before):
            continue
        found.append(" ".join(text[max(0, match.start() - 60) : match.end() + 20].split()))
    return found


def test_placeholders_pattern_catches_brackets_and_to_fill_but_not_exercises():
    """The detector itself: brackets with words and « à compléter » fail; « […] » and an exercise template pass."""
    assert placeholders("Directeur de la publication : [nom et fonction à compléter].")
    assert placeholders("Hébergeur : [XXX]")
    assert placeholders("Courriel : à compléter")
    assert placeholders("Lorem ipsum dolor")
    assert placeholders("« Constitue une discrimination […] » selon le Code pénal.") == []
    assert placeholders("Le modèle de feuille de route à compléter") == []


def test_demo_site_pages_show_no_placeholder_and_the_calendar_holds_the_2026_programme():
    """Every live page and the legal pages render without « [ … à compléter ] », XXX or lorem ipsum; 5 cycles, 10+ journées."""
    with open("/dev/null", "w") as devnull:
        call_command("load_demo_content", "--force", stdout=devnull)

    # Calendar, from the database: five cycles, ten journées or more, each session linked to modules.
    assert WebinarCycle.objects.count() == 5
    journees = WebinarPage.objects.live().filter(kind=WebinarKind.JOURNEE)
    assert journees.count() >= 10
    without_modules = [page.slug for page in WebinarPage.objects.live() if not page.webinar_modules.exists()]
    assert without_modules == [], f"Sessions sans module associé : {without_modules}"
    journee_themes = {slug for page in journees for slug in page.themes.values_list("slug", flat=True)}
    assert len(journee_themes) >= 8, sorted(journee_themes)

    learner = Client()
    learner.force_login(get_user_model().objects.get(email=DEMO_LEARNER))
    anonymous = Client()

    pages = [page.specific for page in Page.objects.live().filter(depth__gt=1).order_by("path")]
    assert len(pages) > 150
    rendered, failures, found = 0, [], []
    targets = [(learner, page.url) for page in pages] + [(anonymous, path) for path in LEGAL_PATHS]
    for client, path in targets:
        response = client.get(path)
        if response.status_code != 200:
            failures.append(f"{path} → {response.status_code}")
            continue
        rendered += 1
        found += [f"{path} : « {text} »" for text in placeholders(visible_text(response.content))]

    assert failures == [], f"Pages qui ne s'affichent pas : {failures}"
    assert rendered == len(targets)
    assert found == [], "Textes provisoires visibles du public :\n" + "\n".join(found)

"""Every page type our templates render, for a visitor, a learner and a trainer, holds on a phone
(320 and 375 px): no sideways scroll, no element wider than its container, no text running out of
its box. The demo content is loaded: real titles and lessons are longer than factories'."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from home.page_types import pages_for
from livequiz.services import live_session_start
from quizzes.models import Quiz
from quizzes.services import attempt_start
from tests.browser.helpers import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (320, 375)
LEARNER = "elu-en-cours@demo.elus-quartiers.fr"
TRAINER = "formatrice@demo.elus-quartiers.fr"

# What sticks out, as "tag.class: reason" (at most five per page). Skipped: hidden and visually-hidden
# content (class or clip, like the header row of a table stacked on a phone), fixed elements (Wagtail's
# userbar) and SVG internals.
OVERFLOWS = """() => {
  const found = [];
  const name = el => el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
  const clipped = el => { for (let a = el; a; a = a.parentElement) { if (getComputedStyle(a).clip !== 'auto') return true; } return false; };
  for (const el of document.body.querySelectorAll('*')) {
    if (el.closest('.visually-hidden, wagtail-userbar, [hidden], script, style, template, svg')) continue;
    if (clipped(el)) continue;
    const style = getComputedStyle(el);
    if (style.display === 'none' || style.visibility === 'hidden' || style.position === 'fixed') continue;
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    const parent = el.parentElement;
    const outer = parent.getBoundingClientRect();
    if (parent !== document.body && (box.left < outer.left - 1 || box.right > outer.right + 1)) {
      found.push(`${name(el)} (${Math.round(box.width)} px) dépasse de ${name(parent)} (${Math.round(outer.width)} px)`);
    }
    if (style.overflowX === 'visible' && el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1) {
      found.push(`${name(el)} : contenu de ${el.scrollWidth} px dans ${el.clientWidth} px`);
    }
  }
  return found.slice(0, 5);
}"""


def _check(page, pages, role, problems):
    for name, path in pages:
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 800})
            response = page.goto(path)
            assert response.status < 500, f"{role} {path}: {response.status}"
            scroll = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            if scroll > 0:
                problems.append(f"{role} {name} {path} @{width}: défilement horizontal de {scroll} px")
            for overflow in page.evaluate(OVERFLOWS):
                problems.append(f"{role} {name} {path} @{width}: {overflow}")


def test_browser_every_page_type_fits_a_phone(page):
    """Visitor, learner and trainer pages at 320 and 375 px: scrollWidth ≤ innerWidth, nothing wider than its container."""
    with open("/dev/null", "w") as devnull:
        call_command("load_demo_content", "--force", stdout=devnull)
    users = get_user_model().objects
    learner, trainer = users.get(email=LEARNER), users.get(email=TRAINER)
    quiz = Quiz.objects.filter(live=True).exclude(attempts__user=learner).order_by("pk").first()
    attempt_start(user=learner, quiz=quiz)
    session = live_session_start(quiz=quiz, user=trainer)
    problems = []

    visitor = pages_for("visitor")
    assert {"accueil", "parcours", "module", "lecon", "webinaire", "quiz", "verifier-attestation", "attestation-verifiee"} <= {
        name for name, _ in visitor
    }
    _check(page, visitor, "visiteur", problems)

    page.goto("/")
    sign_in(page, learner)
    page.goto(f"/salle/?code={session.code}")
    page.get_by_role("button", name="Rejoindre").click()
    page.wait_for_url(re.compile(r"/salle/[0-9a-f-]+/$"))
    learner_pages = pages_for("learner", learner) + [("salle-telephone", page.url.removeprefix(page.live_server_url))]
    assert {"mon-parcours", "quiz-en-cours", "quiz-resultat"} <= {name for name, _ in learner_pages}
    _check(page, learner_pages, "apprenant", problems)

    page.context.clear_cookies()
    sign_in(page, trainer)
    trainer_pages = pages_for("trainer", trainer)
    assert {"support", "salle-projection"} <= {name for name, _ in trainer_pages}
    _check(page, trainer_pages, "formateur", problems)

    assert problems == [], "\n".join(problems)

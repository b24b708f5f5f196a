"""Screenshots of pages at phone and desktop widths, in Debian's Chromium (nothing is downloaded).

    python scripts/screenshot.py [--base URL] [--as visitor|learner|trainer] [--width 375 --width 1280] [PATH ...]

Without PATH, every page type the role can open (home/page_types.py), found in the database the
server uses: run it with the same settings and DATABASE_URL as the server. --as learner / trainer
signs in first with the demo accounts of the README. A learner also starts a quiz not yet attempted,
so that the question page is photographed; when a live quiz session is open, the learner joins it by
its code and the phone page is photographed too.

Writes var/screenshots/<role>-<name>-<width>.png and prints, for each one, a warning when the page
scrolls sideways."""

import argparse
import os
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "elearning.settings.dev")
# The ORM lookups below run between Playwright calls, in this one thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

OUT = Path("var/screenshots")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ACCOUNTS = {
    "learner": ("elu-en-cours@demo.elus-quartiers.fr", "Demo-EnCours-2026"),
    "trainer": ("formatrice@demo.elus-quartiers.fr", "Demo-Formation-2026"),
}
OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"


def default_pages(role):
    import django

    django.setup()
    from django.contrib.auth import get_user_model

    from home.page_types import pages_for

    user = get_user_model().objects.get(email=ACCOUNTS[role][0]) if role in ACCOUNTS else None
    return pages_for(role, user)


def sign_in(page, base, role):
    email, password = ACCOUNTS[role]
    page.goto(base + "/compte/login/")
    page.get_by_label(re.compile(r"^E-mail")).fill(email)
    page.get_by_label(re.compile(r"^Mot de passe")).fill(password)
    page.get_by_role("button", name="Connexion").click()
    page.wait_for_load_state()


def live_pages(page, base):
    """As a learner: start a quiz not yet attempted, and join the open live session, if any."""
    import django

    django.setup()
    from django.urls import reverse

    from livequiz.models import LiveSession
    from quizzes.models import Attempt, Quiz

    extra = []
    email = ACCOUNTS["learner"][0]
    quiz = Quiz.objects.filter(live=True).exclude(attempts__user__email=email).order_by("pk").first()
    if quiz is not None and not Attempt.objects.filter(user__email=email, status="in_progress").exists():
        page.goto(base + reverse("quizzes:detail", args=[quiz.public_id]))
        page.get_by_role("button", name=re.compile("Commencer le quiz")).click()
        page.wait_for_load_state()
        extra.append(("quiz-en-cours", page.url.removeprefix(base)))
    session = LiveSession.objects.filter(closed_at=None).order_by("-pk").first()
    if session is not None:
        page.goto(base + reverse("livequiz:join") + f"?code={session.code}")
        page.get_by_role("button", name=re.compile("Rejoindre")).click()
        page.wait_for_load_state()
        extra.append(("salle-telephone", page.url.removeprefix(base)))
    return extra


def _slug(path):
    """« /parcours/fondamentaux/ » → « parcours-fondamentaux » (the host of a full URL left out)."""
    path = re.sub(r"^[a-z]+://[^/]+", "", path)
    return re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "accueil"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", help="paths or full URLs; default: every page type of the role")
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--as", dest="role", choices=["visitor", "learner", "trainer"], default="visitor")
    parser.add_argument("--width", type=int, action="append", help="default: 375 and 1280")
    options = parser.parse_args()
    base = options.base.rstrip("/")
    widths = options.width or [375, 1280]

    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        context = browser.new_context(locale="fr-FR")
        page = context.new_page()
        if options.role in ACCOUNTS:
            sign_in(page, base, options.role)
        if options.paths:
            pages = [(_slug(path), path) for path in options.paths]
        else:
            pages = default_pages(options.role)
            if options.role == "learner":
                pages += live_pages(page, base)
        for name, path in pages:
            url = path if "://" in path else base + path
            for width in widths:
                page.set_viewport_size({"width": width, "height": 900})
                page.goto(url)
                out = OUT / f"{options.role}-{name}-{width}.png"
                page.screenshot(path=str(out), full_page=True)
                overflow = page.evaluate(OVERFLOW)
                print(out, f"  ⚠ {overflow} px de défilement horizontal" if overflow > 0 else "")
        browser.close()


if __name__ == "__main__":
    main()

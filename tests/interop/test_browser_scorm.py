"""The SCORM package run in Chromium inside a small LMS harness that records every SCORM 1.2 API call."""

import functools
import http.server
import io
import json
import shutil
import threading
import zipfile
from pathlib import Path

import pytest

from interop.scorm import build_package
from tests.browser.helpers import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db]
HARNESS = Path(__file__).with_name("scorm_harness.html")


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def served_package(scorm_module, tmp_path):
    """The module's package unzipped beside the harness, served on 127.0.0.1 (a parent frame may only
    reach the SCO's window from the same origin, which file:// URLs are not)."""
    zipfile.ZipFile(io.BytesIO(build_package(module=scorm_module))).extractall(tmp_path / "package")
    shutil.copy(HARNESS, tmp_path / "harness.html")
    handler = functools.partial(QuietHandler, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture
def sco_page(browser, served_package):
    """A page whose every request outside the package's server is refused and listed."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.outside = []

    def guard(route):
        if route.request.url.startswith(served_package + "/"):
            route.continue_()
        else:
            page.outside.append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    yield page
    context.close()


def choose(frame, text):
    frame.get_by_label(text, exact=True).check()


def test_a_learner_reads_a_lesson_fails_then_passes_the_quiz(sco_page, served_package):
    """LMSInitialize, a score, passed, LMSCommit and LMSFinish reach the LMS in that order."""
    page = sco_page
    page.goto(f"{served_package}/harness.html")
    sco = page.frame_locator("#sco")
    sco.get_by_role("link", name="Commencer : leçon 1").click()
    lesson = sco.get_by_role("heading", level=1, name="Lire la carte")
    lesson.wait_for()
    assert sco.get_by_role("img", name="Carte du quartier prioritaire").evaluate("img => img.naturalWidth") > 0
    assert not sco.get_by_role("heading", level=1, name="Les acteurs du contrat de ville").is_visible()
    sco.get_by_role("link", name="Leçon suivante").first.click()
    sco.get_by_role("heading", level=1, name="Les acteurs du contrat de ville").wait_for()
    sco.get_by_role("link", name="Passer au quiz").click()

    # Nothing answered: a French message, nothing recorded.
    sco.get_by_role("button", name="Valider mes réponses").click()
    assert "Répondez à toutes les questions" in sco.locator("#quiz-resultat").inner_text()
    assert not [call for call in page.evaluate("window.calls") if call[1:2] == ["cmi.core.score.raw"]]

    choose(sco, "1 296")
    choose(sco, "L'État")
    sco.get_by_role("button", name="Valider mes réponses").click()
    assert "Quiz non réussi" in sco.locator("#quiz-resultat").inner_text()
    assert page.evaluate("window.cmi['cmi.core.lesson_status']") == "failed"

    choose(sco, "1 362")
    choose(sco, "L'intercommunalité")
    sco.get_by_role("button", name="Valider mes réponses").click()
    assert "Quiz réussi : 100 %" in sco.locator("#quiz-resultat").inner_text()
    sco.get_by_role("button", name="Terminer et enregistrer").click()

    calls = page.evaluate("window.calls")
    steps = [
        ["LMSInitialize", "", "=> true"],
        ["LMSSetValue", "cmi.core.score.raw", "0", "=> true"],
        ["LMSSetValue", "cmi.core.lesson_status", "failed", "=> true"],
        ["LMSCommit", "", "=> true"],
        ["LMSSetValue", "cmi.core.score.min", "0", "=> true"],
        ["LMSSetValue", "cmi.core.score.max", "100", "=> true"],
        ["LMSSetValue", "cmi.core.score.raw", "100", "=> true"],
        ["LMSSetValue", "cmi.core.lesson_status", "passed", "=> true"],
        ["LMSCommit", "", "=> true"],
        ["LMSFinish", "", "=> true"],
    ]
    position = 0
    for call in calls:
        if position < len(steps) and call == steps[position]:
            position += 1
    assert position == len(steps), f"missing {steps[position:]} in order; calls: {calls}"
    assert calls[-1][0] == "LMSFinish" and sum(call[0] == "LMSFinish" for call in calls) == 1
    saved = json.loads(page.evaluate("window.cmi['cmi.suspend_data']"))
    assert saved["a"]["q1"] == ["q1c2"] and saved["b"] == 100 and sorted(saved["v"]) == [1, 2]
    assert page.outside == [], f"requests outside the package: {page.outside}"


def test_a_learner_resumes_where_they_left(sco_page, served_package):
    """With the LMS's lesson location and suspend data, the package reopens on the quiz with the answers."""
    page = sco_page
    preset = {
        "cmi.core.lesson_status": "incomplete",
        "cmi.core.lesson_location": "quiz",
        "cmi.suspend_data": json.dumps({"v": [1, 2], "a": {"q1": ["q1c2"]}, "b": None}),
    }
    page.add_init_script(f"window.PRESET_CMI = {json.dumps(preset)};")
    page.goto(f"{served_package}/harness.html")
    sco = page.frame_locator("#sco")
    sco.get_by_role("heading", level=1, name="Quiz — La géographie prioritaire").wait_for()
    assert sco.get_by_label("1 362", exact=True).is_checked()
    calls = page.evaluate("window.calls")
    assert calls[0][0] == "LMSInitialize"
    assert ["LMSGetValue", "cmi.suspend_data", f"=> {preset['cmi.suspend_data']}"] in calls


@pytest.mark.parametrize("width", [375, 1280])
def test_the_package_is_accessible_on_its_own(browser, served_package, width):
    """Opened without an LMS, the launch page reads, grades and passes axe-core (lesson and quiz views)."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(f"{served_package}/package/index.html#lecon-1")
    page.get_by_role("heading", level=1, name="Lire la carte").wait_for()
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.goto(f"{served_package}/package/index.html#quiz")
    choose(page, "1 362")
    choose(page, "L'État")
    choose(page, "L'intercommunalité")
    page.get_by_role("button", name="Valider mes réponses").click()
    assert "Quiz réussi" in page.locator("#quiz-resultat").inner_text()
    assert_accessible(page)
    page.screenshot(path=f"/tmp/interop-scorm-{width}.png", full_page=True)
    context.close()

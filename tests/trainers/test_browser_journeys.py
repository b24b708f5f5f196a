"""Two trainers' journeys in a browser, each page checked with axe-core: a formatrice follows up a stalled
learner and exports a filtered course report; a VRL trainer adapts a module that an administrator approves
and that visitors and learners then see whole."""

import csv
import io
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts import groups
from tests.browser.helpers import assert_accessible, sign_in
from tests.factories.accounts import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def wait_for(condition, tries=75):
    """The server handles the form posted by the browser: poll the database until it shows the result."""
    import time

    for _ in range(tries):
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError("the browser's action had no effect")


def type_date(field, day):
    """Type `day` on the keyboard into a browser date field. Its segments follow the browser's interface
    language (jj/mm/aaaa for a French browser, mm/dd/yyyy for the headless default), so type day first, and
    month first if the field read it the other way."""
    for order in ("%d%m%Y", "%m%d%Y"):
        field.fill("")
        field.blur()
        field.focus()  # focusing a date field selects its first segment
        field.press_sequentially(day.strftime(order), delay=30)
        if field.input_value() == day.isoformat():
            return
    raise AssertionError(f"the date field did not take {day:%d/%m/%Y}: {field.input_value()!r}")


def test_browser_formatrice_from_home_to_a_stalled_learner_then_a_filtered_csv(page):
    """Home → the stalled learner → their report → the course report filtered by dates → CSV read back
    with `;` and the BOM, accents intact and a name starting with « = » neutralised."""
    from progress.models import Enrolment
    from tests.reports.reports_fixtures import build_scenario

    scenario = build_scenario()
    b = scenario.learners["B"]
    Enrolment.objects.filter(user=b).update(last_activity_at=scenario.now - timedelta(days=20))
    c = scenario.learners["C"]
    c.last_name = '=HYPERLINK("https://exemple.invalid";"Élu C")'
    c.save()
    sign_in(page, scenario.trainer)

    page.goto("/admin/")
    expect(page.get_by_role("heading", name="Mes parcours")).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("Apprenant·es sans progression depuis 14 jours"))).to_be_visible()
    assert_accessible(page)
    page.screenshot(path="var/screenshots/admin-home-trainer-1280.png", full_page=True)
    page.set_viewport_size({"width": 375, "height": 800})
    page.screenshot(path="var/screenshots/admin-home-trainer-375.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 800})

    page.get_by_role("link", name="B Élu B").click()
    page.wait_for_url(f"**/admin/rapports/apprenants/{b.public_id}/")
    assert "Apprenant·e — B Élu B" in page.title()
    assert_accessible(page)

    page.get_by_role("link", name=scenario.course.title).first.click()
    page.wait_for_url(f"**/admin/rapports/parcours/{scenario.course.pk}/")
    expect(page.locator("svg[aria-labelledby='chart-funnel-title chart-funnel-desc']")).to_be_visible()
    assert_accessible(page)

    # Enrolled in the last 12 days: C and D. The formatrice types both dates into the filter's date fields
    # (the browser's own, no script of ours), the form submits itself and the list follows.
    first_day, today = timezone.localdate() - timedelta(days=12), timezone.localdate()
    page.get_by_role("button", name="Afficher les filtres").click()
    page.get_by_role("button", name="Période d'inscription").click()
    for label, day in (("Du", first_day), ("Au", today)):
        type_date(page.get_by_label(label, exact=True), day)
    page.wait_for_url(re.compile(f"periode_from={first_day.isoformat()}.*periode_to={today.isoformat()}"))
    expect(page.get_by_role("link", name="D Élu D")).to_be_visible()
    expect(page.get_by_role("link", name="A Élu A")).to_have_count(0)
    page.keyboard.press("Escape")
    assert_accessible(page)

    # The CSV of what is on screen, downloaded from the report's « Actions » menu.
    page.get_by_role("button", name="Actions").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger en CSV").click()
    content = Path(download.value.path()).read_bytes()
    assert content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Nom", "Prénom", "E-mail"]
    assert sorted(row[1] for row in rows[1:]) == ["C", "D"]
    assert '\'=HYPERLINK("https://exemple.invalid";"Élu C")' in [row[0] for row in rows]
    assert "Élu D" in [row[0] for row in rows]

    # The other admin pages of ours a trainer opens: each titled, each clean for axe-core.
    quiz = scenario.course.final_quiz
    for url, title in (
        (f"/admin/rapports/quiz/{quiz.pk}/", f"Analyse des questions — {quiz.title}"),
        (f"/admin/quiz/{quiz.pk}/statistiques/", f"Statistiques — {quiz.title}"),
        (f"/admin/quiz-en-salle/{quiz.pk}/", f"Quiz en salle — {quiz.title}"),
        ("/admin/formateurs/supports/", "Supports imprimables"),
        ("/admin/rapports/exports/", "Mes exports"),
    ):
        page.goto(url)
        assert title in page.title(), (url, page.title())
        assert_accessible(page)


def test_browser_vrl_trainer_adapts_submits_administrator_approves_everyone_sees_it_whole(page, browser, live_server):
    """Adapt a laïcité module → submit → an administrator approves → a visitor and a learner see the adapted
    module with its 3 lessons and its quiz, « Adapté de » linking to the source, and no link answering 404."""
    from courses.models import LessonPage, ModulePage
    from courses.permissions import grant_section_permissions_for_site
    from tests.factories.courses import build_sections, module_with_lessons
    from tests.factories.quizzes import make_question, make_quiz

    sections = build_sections()
    grant_section_permissions_for_site()
    quiz = make_quiz([make_question()], title="Quiz — Laïcité : le cadre")
    source = module_with_lessons(parent=sections.laicite, title="Laïcité : le cadre", lessons=3, quiz=quiz)
    source.save_revision().publish()
    vrl = UserFactory(group=groups.VRL_TRAINERS, first_name="Vera", last_name="Laïque")
    administrator = UserFactory(group=groups.ADMINISTRATORS)

    sign_in(page, vrl)
    page.goto(f"/admin/formateurs/modules/{source.pk}/adapter/")
    assert_accessible(page)
    page.get_by_role("button", name="Copier dans mon espace").click()
    copy = ModulePage.objects.get(adapted_from=source)
    page.wait_for_url(f"**/admin/pages/{copy.pk}/edit/")
    # « Soumettre à Relecture par l'équipe » sits in the editor's « more actions » menu.
    page.locator('button[name="action-submit"]').evaluate("button => button.click()")
    wait_for(lambda: ModulePage.objects.get(pk=copy.pk).workflow_in_progress)
    page.goto("/admin/")
    expect(page.get_by_text("En attente de relecture par Administrateurs")).to_be_visible()
    assert_accessible(page)

    page.context.clear_cookies()
    sign_in(page, administrator)
    page.goto("/admin/")
    expect(page.get_by_role("heading", name="Pages en attente de relecture")).to_be_visible()
    assert_accessible(page)
    page.goto(f"/admin/pages/{copy.pk}/edit/")
    page.locator('button[data-workflow-action-name="approve"]:not([data-workflow-action-modal-url])').evaluate(
        "button => button.click()"
    )
    wait_for(lambda: ModulePage.objects.get(pk=copy.pk).live)
    copy = ModulePage.objects.get(pk=copy.pk)
    page.goto(f"/admin/formateurs/modules/{copy.pk}/source-changements/")
    expect(page.get_by_role("cell", name="Inchangée").first).to_be_visible()
    assert_accessible(page)
    assert copy.live and copy.quiz.live and copy.quiz_id != source.quiz_id
    assert LessonPage.objects.child_of(copy).live().count() == 3

    for viewer in (None, UserFactory()):
        page.context.clear_cookies()
        if viewer is not None:
            sign_in(page, viewer)
        page.goto(copy.url)
        expect(page.get_by_role("heading", level=1)).to_have_text("Laïcité : le cadre (adaptation)")
        for n in (1, 2, 3):
            expect(page.get_by_role("link", name=f"Laïcité : le cadre — leçon {n}").first).to_be_visible()
        expect(page.get_by_text("Quiz — Laïcité : le cadre (adaptation)").first).to_be_visible()
        adapted = page.get_by_role("link", name="Laïcité : le cadre", exact=True)
        expect(adapted).to_have_attribute("href", source.url)
        assert page.get_by_text("Espace de").count() == 0
        hrefs = {
            href
            for href in page.locator("main a[href^='/'], nav[aria-label=\"Fil d'Ariane\"] a[href^='/']").evaluate_all(
                "links => links.map(link => link.getAttribute('href'))"
            )
            if "/admin/" not in href and "logout" not in href and "deconnexion" not in href
        }
        for href in sorted(hrefs):
            status = page.context.request.get(live_server.url + href, max_redirects=0).status
            assert status in (200, 302), (href, status)
        assert_accessible(page)

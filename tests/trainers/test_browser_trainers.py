"""Browser journey of a trainer: module page → printable handout, checked with axe-core."""

import pytest

from courses.models import ModulePage
from tests.browser.helpers import assert_accessible, sign_in
from tests.factories.courses import build_sections, module_with_lessons
from tests.factories.quizzes import make_question, make_quiz
from tests.text import PLAIN_SPACES

pytestmark = pytest.mark.django_db(transaction=True)


def test_browser_trainer_opens_the_handouts_from_the_module_page(page, django_user_model):
    """A trainer finds « Support imprimable » on the module page; both handouts pass axe-core."""
    from accounts import groups
    from tests.factories.accounts import UserFactory

    sections = build_sections()
    quiz = make_quiz(questions=[make_question(explanation="Parce que c'est le critère de la loi Lamy.")])
    module = module_with_lessons(parent=sections.laicite, title="Laïcité : repères", lessons=2, quiz=quiz)
    copy = module.copy(update_attrs={"slug": "reperes-brest", "title": "Repères (Brest)"}).specific
    ModulePage.objects.filter(pk=copy.pk).update(adapted_from=module)
    trainer = UserFactory(group=groups.VRL_TRAINERS)
    sign_in(page, trainer)

    page.goto(module.url)
    assert_accessible(page)
    page.get_by_role("link", name="Support imprimable de « Laïcité : repères »").click()
    page.wait_for_url(f"**/formateurs/modules/{module.pk}/support/?corrige=0")
    assert page.get_by_role("heading", level=1).inner_text().translate(PLAIN_SPACES) == "Laïcité : repères"
    assert page.get_by_text("Bonne réponse").count() == 0
    assert_accessible(page)

    page.get_by_role("link", name="Version du formateur (avec le corrigé)").click()
    assert page.get_by_text("Parce que c'est le critère de la loi Lamy.").is_visible()
    assert_accessible(page)
    page.screenshot(path="var/screenshots/handout-corrige-1280.png", full_page=True)


def test_browser_trainer_adapts_a_module_and_marks_the_source_update_seen(page):
    """A VRL trainer adapts a module from the admin, sees the source-updated notice, marks it seen."""
    from accounts import groups
    from courses.permissions import grant_section_permissions_for_site
    from tests.factories.accounts import UserFactory

    sections = build_sections()
    grant_section_permissions_for_site()
    source = module_with_lessons(parent=sections.laicite, title="Laïcité : cas pratiques", lessons=1)
    source.save_revision().publish()
    trainer = UserFactory(group=groups.VRL_TRAINERS)
    sign_in(page, trainer)

    page.goto(f"/admin/formateurs/modules/{source.pk}/adapter/")
    page.get_by_role("button", name="Copier dans mon espace").click()
    copy = ModulePage.objects.get(adapted_from=source)
    page.wait_for_url(f"**/admin/pages/{copy.pk}/edit/")

    source = ModulePage.objects.get(pk=source.pk)
    source.summary = "Résumé mis à jour après la loi de 2021."
    source.save_revision().publish()
    page.reload()
    assert page.get_by_text("La version source a été mise à jour le").is_visible()
    page.screenshot(path="var/screenshots/admin-source-updated-1280.png")
    page.get_by_role("link", name="Marquer comme vu").click()
    page.get_by_role("button", name="Marquer comme vu").click()
    page.wait_for_url(f"**/admin/pages/{copy.pk}/edit/")
    assert page.get_by_text("La version source a été mise à jour le").count() == 0

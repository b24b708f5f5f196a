"""Browser journey of a trainer in the admin: « Exporter en SCORM » → « Exports SCORM » → download."""

import io
import zipfile

import pytest

from accounts import groups
from tests.browser.helpers import assert_accessible, sign_in
from tests.factories.accounts import UserFactory
from tests.factories.courses import build_sections, module_with_lessons

pytestmark = pytest.mark.django_db(transaction=True)


def test_browser_trainer_exports_a_module_as_scorm(page, settings, tmp_path):
    """From the module's admin page to the zip, every page passes axe-core."""
    from courses.permissions import grant_section_permissions_for_site

    settings.MEDIA_ROOT = tmp_path / "media"
    sections = build_sections()
    grant_section_permissions_for_site()
    module = module_with_lessons(parent=sections.library, title="Le contrat de ville", lessons=2)
    trainer = UserFactory(group=groups.TRAINERS)
    sign_in(page, trainer)

    page.goto(f"/admin/pages/{module.pk}/edit/")
    page.get_by_role("button", name="Actions").first.click()
    page.get_by_role("link", name="Exporter en SCORM").click()
    page.wait_for_url(f"**/admin/interop/modules/{module.pk}/scorm/")
    assert page.get_by_role("heading", name="Exporter « Le contrat de ville » en SCORM 1.2").is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Préparer le paquet SCORM").click()
    page.wait_for_url("**/admin/interop/exports-scorm/")
    assert page.get_by_text("L'export SCORM de « Le contrat de ville » est en préparation").is_visible()
    assert_accessible(page)
    page.screenshot(path="var/screenshots/admin-scorm-exports-1280.png", full_page=True)
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger le paquet « Le contrat de ville »").click()
    archive = zipfile.ZipFile(io.BytesIO(download.value.path().read_bytes()))
    assert {"imsmanifest.xml", "index.html"} <= set(archive.namelist())
    # On a phone the list fits the screen.
    page.set_viewport_size({"width": 375, "height": 800})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path="var/screenshots/admin-scorm-exports-375.png", full_page=True)

"""Copying a module records where the copy comes from (« adapté de »)."""

import datetime

import pytest
from wagtail.test.utils.form_data import nested_form_data

from courses.models import LessonPage, ModulePage
from courses.services import module_mark_adapted
from tests.factories.courses import module_with_lessons

pytestmark = pytest.mark.django_db


def test_services_module_mark_adapted_sets_the_origin_on_the_copy_and_its_revision(sections):
    """The copy points to the original, also in its latest revision so that publishing keeps it."""
    original = module_with_lessons(parent=sections.laicite, title="Laïcité : le cadre juridique", lessons=2)
    copy = original.copy(
        recursive=True, update_attrs={"title": "Laïcité : cadre juridique (session de Quimper)", "slug": "cadre-quimper"}
    ).specific
    module_mark_adapted(copy=copy, original=original)

    copy = ModulePage.objects.get(pk=copy.pk)
    assert copy.adapted_from_id == original.pk
    assert LessonPage.objects.child_of(copy).count() == 2
    assert copy.latest_revision.content["adapted_from"] == original.pk
    copy.latest_revision.publish()
    assert ModulePage.objects.get(pk=copy.pk).adapted_from_id == original.pk


def test_services_module_mark_adapted_is_idempotent(sections):
    """Marking twice changes nothing; a module is never adapted from itself."""
    original = module_with_lessons(parent=sections.library, lessons=1)
    copy = original.copy(update_attrs={"slug": "copie"}).specific
    module_mark_adapted(copy=copy, original=original)
    module_mark_adapted(copy=copy, original=original)
    assert ModulePage.objects.get(pk=copy.pk).adapted_from_id == original.pk
    module_mark_adapted(copy=original, original=original)
    assert ModulePage.objects.get(pk=original.pk).adapted_from_id is None


def test_hooks_admin_copy_of_a_module_marks_it_adapted(client, sections, django_user_model):
    """Wagtail's « Copier » on a module (after_copy_page hook) fills « adapté de » on the copy."""
    client.force_login(django_user_model.objects.create_superuser(email="admin@exemple.fr", password="x-Secret-2026"))
    original = module_with_lessons(parent=sections.laicite, title="Laïcité : cas pratiques", lessons=2)
    response = client.post(
        f"/admin/pages/{original.pk}/copy/",
        nested_form_data(
            {
                "new_title": "Laïcité : cas pratiques (Brest)",
                "new_slug": "cas-pratiques-brest",
                "new_parent_page": sections.laicite.pk,
                "copy_subpages": "on",
            }
        ),
    )
    assert response.status_code == 302
    copy = ModulePage.objects.get(slug="cas-pratiques-brest")
    assert copy.adapted_from_id == original.pk
    assert LessonPage.objects.child_of(copy).count() == 2


def test_views_module_page_shows_origin_and_warns_when_the_source_changed(client, sections):
    """An adapted module says « Adapté de » and warns when the original has a newer version."""
    original = module_with_lessons(
        parent=sections.laicite, title="Module source", lessons=1, version_date=datetime.date(2026, 9, 1)
    )
    copy = original.copy(update_attrs={"slug": "module-adapte", "title": "Module adapté"}).specific
    module_mark_adapted(copy=copy, original=original)
    html = client.get(copy.url).content.decode()
    assert "Adapté de" in html and 'href="/modules/laicite/module-source/"' in html
    assert "a été mis à jour" not in html

    original.version_date = datetime.date(2027, 1, 15)
    original.save_revision().publish()
    html = client.get(copy.url).content.decode()
    assert "Le module d'origine a été mis à jour depuis cette adaptation (version du 15 janvier 2027)" in html

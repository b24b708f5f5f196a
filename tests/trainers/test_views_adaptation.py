"""The admin side of adapting a module: the button, the copy, the notice in the editor and on the page."""

import html as html_lib

import pytest

from courses.models import ModulePage
from tests.factories.courses import module_with_lessons
from trainers.models import Adaptation

pytestmark = pytest.mark.django_db


@pytest.fixture
def source(sections):
    module = module_with_lessons(parent=sections.laicite, title="Laïcité : cas pratiques", lessons=1)
    module.save_revision().publish()
    return ModulePage.objects.get(pk=module.pk)


def test_views_adapt_copies_the_module_and_opens_the_editor(client, vrl_trainer, source):
    """Confirming « Adapter ce module » copies it into the trainer's space and opens the copy's editor."""
    client.force_login(vrl_trainer)
    url = f"/admin/formateurs/modules/{source.pk}/adapter/"
    assert client.get(url).status_code == 200
    response = client.post(url)
    copy = ModulePage.objects.get(adapted_from=source)
    assert response.status_code == 302 and response["Location"] == f"/admin/pages/{copy.pk}/edit/"
    assert client.get(response["Location"]).status_code == 200


def test_views_adapt_is_refused_to_learners(client, learner, source):
    """A learner cannot adapt a module (no admin access)."""
    client.force_login(learner)
    assert client.post(f"/admin/formateurs/modules/{source.pk}/adapter/").status_code in (302, 403)
    assert not ModulePage.objects.filter(adapted_from=source).exists()


def test_views_wagtail_copy_records_the_seen_marker(client, django_user_model, sections, source):
    """Wagtail's own « Copier » also records the source revision the copy starts from."""
    client.force_login(django_user_model.objects.create_superuser(email="admin@exemple.fr", password="x-Secret-2026"))
    from wagtail.test.utils.form_data import nested_form_data

    client.post(
        f"/admin/pages/{source.pk}/copy/",
        nested_form_data(
            {"new_title": "Cas (Brest)", "new_slug": "cas-brest", "new_parent_page": sections.laicite.pk, "copy_subpages": "on"}
        ),
    )
    copy = ModulePage.objects.get(slug="cas-brest")
    assert Adaptation.objects.get(copy=copy).source_revision_seen_id == source.live_revision_id


def test_views_source_update_notice_in_the_editor_and_on_the_page_until_marked_seen(client, vrl_trainer, source):
    """The editor and the module page (staff) say « La version source a été mise à jour le … » until « Marquer comme vu »."""
    client.force_login(vrl_trainer)
    client.post(f"/admin/formateurs/modules/{source.pk}/adapter/")
    copy = ModulePage.objects.get(adapted_from=source)
    edit_url = f"/admin/pages/{copy.pk}/edit/"
    assert "La version source a été mise à jour" not in html_lib.unescape(client.get(edit_url).content.decode())

    source.summary = "Nouvelle version."
    source.save_revision().publish()
    source.refresh_from_db()
    html = html_lib.unescape(client.get(edit_url).content.decode())
    assert "La version source a été mise à jour le" in html
    assert f"/admin/pages/{source.pk}/revisions/compare/" in html
    assert f"/admin/formateurs/modules/{copy.pk}/source-vue/" in html

    copy.save_revision().publish()  # staff see the notice on the module page too
    page_html = html_lib.unescape(client.get(ModulePage.objects.get(pk=copy.pk).url).content.decode())
    assert "La version source a été mise à jour le" in page_html

    assert client.get(f"/admin/formateurs/modules/{copy.pk}/source-vue/").status_code == 200
    response = client.post(f"/admin/formateurs/modules/{copy.pk}/source-vue/marquer/", {"next": edit_url})
    assert response.status_code == 302 and response["Location"] == edit_url
    assert "La version source a été mise à jour" not in html_lib.unescape(client.get(edit_url).content.decode())

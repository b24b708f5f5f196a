"""« Adapter ce module »: a copy in the trainer's own space that knows its source and when it changed."""

import pytest
from wagtail.models import Page

from courses.models import LessonPage, ModulePage, ModuleSectionPage
from tests.factories.courses import module_with_lessons
from trainers.models import Adaptation
from trainers.selectors import module_source_update
from trainers.services import adaptation_mark_seen, module_adapt, trainer_space_get_or_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def source(sections):
    module = module_with_lessons(parent=sections.laicite, title="Laïcité : le cadre juridique", lessons=2)
    module.save_revision().publish()
    return ModulePage.objects.get(pk=module.pk)


def test_services_module_adapt_copies_into_the_trainers_space_with_its_source(vrl_trainer, source):
    """The copy and its lessons are drafts in « Espace de … », with adapted_from and the seen marker set."""
    copy = module_adapt(module=source, user=vrl_trainer)

    space = copy.get_parent().specific
    assert isinstance(space, ModuleSectionPage) and space.title.startswith("Espace de ") and not space.live
    assert copy.adapted_from_id == source.pk and not copy.live
    assert LessonPage.objects.child_of(copy).count() == 2
    adaptation = Adaptation.objects.get(copy=copy)
    assert adaptation.copied_revision_id == adaptation.source_revision_seen_id == source.live_revision_id
    assert module_source_update(module=copy) is None


def test_services_trainer_space_is_the_trainers_own(vrl_trainer, trainer, source):
    """The space is created once per trainer; another VRL trainer cannot edit it; copies get free slugs."""
    space = trainer_space_get_or_create(user=vrl_trainer)
    assert trainer_space_get_or_create(user=vrl_trainer).pk == space.pk
    assert space.permissions_for_user(vrl_trainer).can_add_subpage()
    other = trainer_space_get_or_create(user=trainer)
    assert other.pk != space.pk
    assert not Page.objects.get(pk=other.pk).permissions_for_user(vrl_trainer).can_edit()
    copy = module_adapt(module=source, user=vrl_trainer)
    second = module_adapt(module=source, user=vrl_trainer)
    assert copy.get_parent().pk == second.get_parent().pk == space.pk and copy.slug != second.slug


def test_selectors_new_source_revision_shows_the_notice_until_marked_seen(vrl_trainer, source):
    """A newer published revision of the source shows the notice; « Marquer comme vu » hides it."""
    copy = module_adapt(module=source, user=vrl_trainer)
    seen = Adaptation.objects.get(copy=copy).source_revision_seen_id

    source.summary = "Un résumé mis à jour."
    source.save_revision().publish()
    source.refresh_from_db()
    update = module_source_update(module=copy)
    assert update is not None
    assert update.compare_url == f"/admin/pages/{source.pk}/revisions/compare/{seen}...{source.live_revision_id}/"

    adaptation_mark_seen(copy=copy, user=vrl_trainer)
    adaptation_mark_seen(copy=copy, user=vrl_trainer)
    assert module_source_update(module=copy) is None
    assert Adaptation.objects.get(copy=copy).source_revision_seen_id == source.live_revision_id


def test_selectors_a_draft_of_the_source_does_not_show_the_notice(vrl_trainer, source):
    """Only a published revision of the source counts, not a draft in progress."""
    copy = module_adapt(module=source, user=vrl_trainer)
    source.summary = "Brouillon."
    source.save_revision()
    assert module_source_update(module=copy) is None

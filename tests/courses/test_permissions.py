"""Trainers' page permissions and the « Relecture par l'équipe » review workflow."""

import pytest
from django.utils.text import slugify
from wagtail.models import GroupPagePermission, WorkflowState
from wagtail.test.utils.form_data import nested_form_data, streamfield

from accounts import groups
from courses.models import ModulePage
from courses.permissions import REVIEW_WORKFLOW_NAME, grant_section_permissions
from tests.factories.courses import CoursePageFactory, module_with_lessons

pytestmark = pytest.mark.django_db


@pytest.fixture
def granted(sections):
    grant_section_permissions(course_index=sections.course_index, library=sections.library, laicite_section=sections.laicite)
    return sections


def module_form(title):
    return nested_form_data(
        {
            "title": title,
            "slug": slugify(title),
            "summary": "Un module écrit par une formatrice.",
            "objectives": streamfield([]),
            "authors": "Camille Formatrice",
            "licence": "licence-ouverte-2",
            "version_date": "2026-09-01",
            "adapted_from": "",
        }
    )


def test_permissions_trainer_can_create_a_module_but_not_publish_it(client, granted, trainer):
    """A Formateur adds a module in the library; asking to publish leaves it as an unpublished draft."""
    library = granted.library
    assert library.permissions_for_user(trainer).can_add_subpage()
    client.force_login(trainer)
    response = client.post(
        f"/admin/pages/add/courses/modulepage/{library.pk}/", {**module_form("Module de Camille"), "action-publish": "publish"}
    )
    assert response.status_code in (200, 302)
    module = ModulePage.objects.get(title="Module de Camille")
    assert not module.live
    permissions = module.permissions_for_user(trainer)
    assert permissions.can_edit()
    assert not permissions.can_publish()


def test_permissions_trainer_submits_a_module_to_the_review_workflow(client, granted, trainer, administrator):
    """A Formateur's « submit » starts the review, which the Administrateurs group may approve."""
    client.force_login(trainer)
    client.post(
        f"/admin/pages/add/courses/modulepage/{granted.library.pk}/",
        {**module_form("Module à relire"), "action-submit": "submit"},
    )
    module = ModulePage.objects.get(title="Module à relire")
    state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(module.pk))
    assert state.workflow.name == REVIEW_WORKFLOW_NAME
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    task_state = state.current_task_state
    assert task_state.task.specific.user_can_access_editor(module, administrator)
    assert [action for action, _label, _modal in task_state.task.specific.get_actions(module, administrator)][:1] == ["reject"]
    assert not task_state.task.specific.get_actions(module, trainer)


def test_permissions_vrl_trainer_edits_laicite_modules_only(granted, vrl_trainer):
    """A Formateur VRL edits a module of the Laïcité section but not a module elsewhere in the library."""
    laicite_module = module_with_lessons(parent=granted.laicite, lessons=1)
    other_module = module_with_lessons(parent=granted.library, lessons=1)
    assert laicite_module.permissions_for_user(vrl_trainer).can_edit()
    assert not laicite_module.permissions_for_user(vrl_trainer).can_publish()
    assert granted.laicite.permissions_for_user(vrl_trainer).can_add_subpage()
    assert not other_module.permissions_for_user(vrl_trainer).can_edit()
    assert not granted.library.permissions_for_user(vrl_trainer).can_add_subpage()


def test_permissions_vrl_trainer_creates_courses_and_edits_only_their_own(granted, vrl_trainer, trainer):
    """A Formateur VRL may add a course and, as its owner, edit it, but not someone else's course."""
    assert granted.course_index.permissions_for_user(vrl_trainer).can_add_subpage()
    own = CoursePageFactory(parent=granted.course_index, owner=vrl_trainer)
    other = CoursePageFactory(parent=granted.course_index, owner=trainer)
    assert own.permissions_for_user(vrl_trainer).can_edit()
    assert not other.permissions_for_user(vrl_trainer).can_edit()
    assert not own.permissions_for_user(vrl_trainer).can_publish()


def test_permissions_administrator_can_publish_everywhere(granted, administrator):
    """An Administrateur publishes modules, lessons and courses (permissions on the root page)."""
    module = module_with_lessons(parent=granted.laicite, lessons=1)
    course = CoursePageFactory(parent=granted.course_index)
    for page in (module, module.get_children().first(), course, granted.library):
        assert page.permissions_for_user(administrator).can_publish(), page


def test_permissions_learner_cannot_edit_content(granted, learner):
    """An Apprenant has no page permission on the teaching content."""
    module = module_with_lessons(parent=granted.library, lessons=1)
    assert not module.permissions_for_user(learner).can_edit()
    assert not granted.course_index.permissions_for_user(learner).can_add_subpage()


def test_permissions_review_workflow_is_attached_to_catalogue_and_library(granted):
    """The catalogue, the library and everything under them go through « Relecture par l'équipe »."""
    module = module_with_lessons(parent=granted.laicite, lessons=1)
    for page in (granted.course_index, granted.library, granted.laicite, module, module.get_children().first()):
        workflow = page.get_workflow()
        assert workflow is not None and workflow.name == REVIEW_WORKFLOW_NAME, page
    task = workflow.tasks.get().specific
    assert [group.name for group in task.groups.all()] == [groups.ADMINISTRATORS]


def test_permissions_grant_is_idempotent(granted):
    """Granting twice creates nothing new."""
    before = GroupPagePermission.objects.count()
    result = grant_section_permissions(
        course_index=granted.course_index, library=granted.library, laicite_section=granted.laicite
    )
    assert result.granted == 0
    assert GroupPagePermission.objects.count() == before


def test_migrations_create_the_review_workflow_approved_by_administrators():
    """A fresh database has the « Relecture par l'équipe » workflow, its task given to Administrateurs."""
    from wagtail.models import GroupApprovalTask, Workflow

    workflow = Workflow.objects.get(name="Relecture par l'équipe")
    task = GroupApprovalTask.objects.get(workflow_tasks__workflow=workflow)
    assert list(task.groups.values_list("name", flat=True)) == ["Administrateurs"]


def test_admin_section_pages_created_in_the_admin_get_the_trainers_permissions(admin_client):
    """An administrator who creates the catalogue and the library in the admin gives trainers their rights at once."""
    from wagtail.models import GroupPagePermission, WorkflowPage
    from wagtail.test.utils.form_data import nested_form_data

    from home.models import HomePage

    home = HomePage.objects.get()
    for model, slug in (("courseindexpage", "parcours"), ("modulelibrarypage", "modules")):
        response = admin_client.post(
            f"/admin/pages/add/courses/{model}/{home.pk}/", nested_form_data({"title": slug.title(), "slug": slug, "intro": ""})
        )
        assert response.status_code == 302, response.content[:500]
    trainers = GroupPagePermission.objects.filter(group__name="Formateurs").values_list("page__slug", "permission__codename")
    assert set(trainers) == {
        ("parcours", "add_page"),
        ("parcours", "change_page"),
        ("modules", "add_page"),
        ("modules", "change_page"),
    }
    assert WorkflowPage.objects.filter(page__slug__in=["parcours", "modules"]).count() == 2

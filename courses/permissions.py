"""Page permissions and the review workflow of the teaching content.

The workflow itself is created by the migration home/0003_review_workflow. Page permissions need
the section pages, which the demo loader or an administrator creates: they are granted here, by the
loader and by the `after_create_page` hook when a section page is created in the admin. See
docs/trainers.md.

| Group            | Course index (« Parcours »)  | Library (« Modules »)  | « Laïcité » section |
|------------------|------------------------------|------------------------|---------------------|
| Formateurs       | add, change                  | add, change            | (inherited)         |
| Formateurs VRL   | add (edit their own courses) | —                      | add, change         |
| Administrateurs  | everything, granted on the root page by accounts/0002_create_groups           |

Nobody but the administrators publishes: trainers submit to the « Relecture par l'équipe » workflow,
whose single task is approved by the Administrateurs group.
"""

from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import GroupApprovalTask, GroupPagePermission, Page, Workflow, WorkflowPage, WorkflowTask

from accounts import groups

REVIEW_WORKFLOW_NAME = "Relecture par l'équipe"
REVIEW_TASK_NAME = "Validation par les administrateurs"


@dataclass
class SectionPermissions:
    granted: int
    workflow: Workflow


def _page_permission(action: str) -> Permission:
    return Permission.objects.get(content_type__app_label="wagtailcore", content_type__model="page", codename=f"{action}_page")


def grant(group: Group, page: Page, actions: tuple[str, ...]) -> int:
    """Give `group` these page permissions on `page` and its subtree (idempotent); how many were new."""
    created = 0
    for action in actions:
        _obj, was_created = GroupPagePermission.objects.get_or_create(group=group, page=page, permission=_page_permission(action))
        created += was_created
    return created


@transaction.atomic
def grant_section_permissions(*, course_index: Page, library: Page, laicite_section: Page | None) -> SectionPermissions:
    """Give trainers their page permissions and attach the review workflow (idempotent)."""
    trainers = Group.objects.get(name=groups.TRAINERS)
    vrl_trainers = Group.objects.get(name=groups.VRL_TRAINERS)
    granted = grant(trainers, course_index, ("add", "change"))
    granted += grant(trainers, library, ("add", "change"))
    granted += grant(vrl_trainers, course_index, ("add",))
    if laicite_section is not None:
        granted += grant(vrl_trainers, laicite_section, ("add", "change"))
    workflow = review_workflow_attach(pages=[course_index, library])
    return SectionPermissions(granted=granted, workflow=workflow)


@transaction.atomic
def review_workflow_attach(*, pages: list[Page]) -> Workflow:
    """The « Relecture par l'équipe » workflow, approved by the administrators, on the given pages."""
    administrators = Group.objects.get(name=groups.ADMINISTRATORS)
    workflow, _created = Workflow.objects.get_or_create(name=REVIEW_WORKFLOW_NAME, defaults={"active": True})
    if not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])
    task = GroupApprovalTask.objects.filter(name=REVIEW_TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=REVIEW_TASK_NAME)
    task.groups.set([administrators])
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    for page in pages:
        WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": workflow})
    return workflow


LAICITE_SECTION_SLUG = "laicite"


def grant_section_permissions_for_site() -> SectionPermissions | None:
    """Grant the permissions on whatever section pages exist (nothing until catalogue and library do)."""
    from .models import CourseIndexPage, ModuleLibraryPage, ModuleSectionPage

    course_index = CourseIndexPage.objects.first()
    library = ModuleLibraryPage.objects.first()
    if course_index is None or library is None:
        return None
    laicite = ModuleSectionPage.objects.child_of(library).filter(slug=LAICITE_SECTION_SLUG).first()
    return grant_section_permissions(course_index=course_index, library=library, laicite_section=laicite)

"""The « Relecture par l'équipe » workflow: trainers submit, administrators approve and publish.

Page permissions need the section pages, so they are granted when those pages are created
(courses.wagtail_hooks → courses.permissions.grant_section_permissions)."""

from django.db import migrations

REVIEW_WORKFLOW_NAME = "Relecture par l'équipe"
REVIEW_TASK_NAME = "Validation par les administrateurs"


def create_workflow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    workflow, _ = Workflow.objects.get_or_create(name=REVIEW_WORKFLOW_NAME, defaults={"active": True})
    task = GroupApprovalTask.objects.filter(name=REVIEW_TASK_NAME).first()
    if task is None:
        content_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
        task = GroupApprovalTask.objects.create(name=REVIEW_TASK_NAME, content_type=content_type, active=True)
    administrators = Group.objects.filter(name="Administrateurs").first()
    if administrators:
        task.groups.add(administrators)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})


class Migration(migrations.Migration):
    dependencies = [("home", "0002_create_homepage"), ("accounts", "0002_create_groups"), ("wagtailcore", "0098_apitoken")]
    operations = [migrations.RunPython(create_workflow, migrations.RunPython.noop)]

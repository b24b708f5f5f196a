"""Model permissions of the four groups on the course snippets.

Page permissions are not granted here: the pages do not exist yet when migrations run. The service
courses.permissions.grant_section_permissions grants them where the pages are created (docs/trainers.md).
"""

from django.db import migrations

TRAINERS = "Formateurs"
VRL_TRAINERS = "Formateurs VRL"
ADMINISTRATORS = "Administrateurs"

# Trainers write glossary terms as they write lessons; themes are the administrators' vocabulary.
GRANTS = {
    TRAINERS: {"theme": ("view",), "glossaryterm": ("add", "change", "view")},
    VRL_TRAINERS: {"theme": ("view",), "glossaryterm": ("add", "change", "view")},
    ADMINISTRATORS: {"theme": ("add", "change", "delete", "view"), "glossaryterm": ("add", "change", "delete", "view")},
}
VERBOSE = {"theme": "thématique", "glossaryterm": "terme du glossaire"}


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    for group_name, models in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        for model, actions in models.items():
            content_type, _ = ContentType.objects.get_or_create(app_label="courses", model=model)
            for action in actions:
                permission, _ = Permission.objects.get_or_create(
                    content_type=content_type,
                    codename=f"{action}_{model}",
                    defaults={"name": f"Can {action} {VERBOSE[model]}"},
                )
                group.permissions.add(permission)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name__in=GRANTS):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="courses"))


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0001_initial"),
        ("accounts", "0002_create_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]

"""Only administrators manage course assignments: a trainer must not be able to widen what they see."""

from django.db import migrations

ADMINISTRATORS = "Administrateurs"
CODENAMES = ("add_courseassignment", "change_courseassignment", "delete_courseassignment", "view_courseassignment")


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    group, _ = Group.objects.get_or_create(name=ADMINISTRATORS)
    content_type, _ = ContentType.objects.get_or_create(app_label="trainers", model="courseassignment")
    for codename in CODENAMES:
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": codename}
        )
        group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [("trainers", "0002_course_assignment"), ("accounts", "0002_create_groups")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]

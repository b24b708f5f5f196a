"""Staff groups record attendance (by hand or by CSV import) and see cycles; administrators manage cycles.

Page permissions on the « Webinaires » pages are given in the admin (Paramètres › Groupes) on the
page, as for the other sections.
"""

from django.db import migrations

TRAINERS = "Formateurs"
VRL_TRAINERS = "Formateurs VRL"
ADMINISTRATORS = "Administrateurs"

ATTENDANCE = ("add_attendance", "change_attendance", "view_attendance", "import_attendance")
GRANTS = {
    TRAINERS: {"attendance": ATTENDANCE, "webinarcycle": ("view_webinarcycle",)},
    VRL_TRAINERS: {"attendance": ATTENDANCE, "webinarcycle": ("view_webinarcycle",)},
    ADMINISTRATORS: {
        "attendance": ATTENDANCE + ("delete_attendance",),
        "webinarcycle": ("add_webinarcycle", "change_webinarcycle", "delete_webinarcycle", "view_webinarcycle"),
    },
}


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    for group_name, models in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        for model, codenames in models.items():
            content_type, _ = ContentType.objects.get_or_create(app_label="webinars", model=model)
            for codename in codenames:
                permission, _ = Permission.objects.get_or_create(
                    content_type=content_type, codename=codename, defaults={"name": codename}
                )
                group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [("webinars", "0001_initial"), ("accounts", "0002_create_groups")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]

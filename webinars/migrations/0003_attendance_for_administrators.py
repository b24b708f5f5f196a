"""Attendance lists name people: only administrators (the resource centre, which runs the webinars) keep them.

Trainers follow the learners of the courses an administrator assigned to them (trainers.selectors); an
attendance list crosses every course, so it stays with the administrators, like the territorial report.
Trainers still see the attended webinars of their own learners in the learner report.
"""

from django.db import migrations

ATTENDANCE = ("add_attendance", "change_attendance", "view_attendance", "import_attendance")
TRAINER_GROUPS = ("Formateurs", "Formateurs VRL")


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="webinars", codename__in=ATTENDANCE)
    for group in Group.objects.filter(name__in=TRAINER_GROUPS):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [("webinars", "0002_group_permissions")]
    operations = [migrations.RunPython(revoke, migrations.RunPython.noop)]

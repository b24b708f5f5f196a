"""Trainers write questions and quizzes, review free-text answers and see statistics."""

from django.db import migrations

STAFF = ("Formateurs", "Formateurs VRL", "Administrateurs")


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    perms = []
    for model, actions in (
        ("question", ("add", "change", "view")),
        ("quiz", ("add", "change", "view", "publish", "review_answers")),
    ):
        content_type, _ = ContentType.objects.get_or_create(app_label="quizzes", model=model)
        for action in actions:
            codename = action if action == "review_answers" else f"{action}_{model}"
            perm, _ = Permission.objects.get_or_create(content_type=content_type, codename=codename, defaults={"name": codename})
            perms.append(perm)
    for name in STAFF:
        group = Group.objects.filter(name=name).first()
        if group:
            group.permissions.add(*perms)


class Migration(migrations.Migration):
    dependencies = [("quizzes", "0001_initial"), ("accounts", "0002_create_groups")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]

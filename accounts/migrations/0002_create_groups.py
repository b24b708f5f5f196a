"""The four groups and their Wagtail admin access. Later apps add their page permissions."""

from django.db import migrations

LEARNERS = "Apprenants"
TRAINERS = "Formateurs"
VRL_TRAINERS = "Formateurs VRL"
ADMINISTRATORS = "Administrateurs"


def permission(apps, app_label, model, codename, name):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    perm, _ = Permission.objects.get_or_create(content_type=content_type, codename=codename, defaults={"name": name})
    return perm


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Collection = apps.get_model("wagtailcore", "Collection")
    Page = apps.get_model("wagtailcore", "Page")

    learners, _ = Group.objects.get_or_create(name=LEARNERS)
    staff = [Group.objects.get_or_create(name=name)[0] for name in (TRAINERS, VRL_TRAINERS, ADMINISTRATORS)]
    admins = staff[-1]

    access_admin = permission(apps, "wagtailadmin", "admin", "access_admin", "Can access Wagtail admin")
    media_perms = [
        permission(apps, "wagtailimages", "image", f"{action}_image", f"Can {action} image")
        for action in ("add", "change", "choose")
    ] + [
        permission(apps, "wagtaildocs", "document", f"{action}_document", f"Can {action} document")
        for action in ("add", "change", "choose")
    ]
    root_collection = Collection.objects.filter(depth=1).first()
    for group in staff:
        group.permissions.add(access_admin)
        if root_collection:
            for perm in media_perms:
                GroupCollectionPermission.objects.get_or_create(group=group, collection=root_collection, permission=perm)

    # Administrators manage people, groups, settings, workflows and every page.
    admin_perms = (
        [
            permission(apps, "accounts", "user", f"{action}_user", f"Can {action} user")
            for action in ("add", "change", "delete", "view")
        ]
        + [
            permission(apps, "auth", "group", f"{action}_group", f"Can {action} group")
            for action in ("add", "change", "delete", "view")
        ]
        + [
            permission(apps, "home", "sitesettings", "change_sitesettings", "Can change réglages du site"),
            permission(apps, "wagtailcore", "workflow", "add_workflow", "Can add workflow"),
            permission(apps, "wagtailcore", "workflow", "change_workflow", "Can change workflow"),
            permission(apps, "wagtailcore", "task", "add_task", "Can add task"),
            permission(apps, "wagtailcore", "task", "change_task", "Can change task"),
            permission(apps, "wagtailredirects", "redirect", "add_redirect", "Can add redirect"),
            permission(apps, "wagtailredirects", "redirect", "change_redirect", "Can change redirect"),
            permission(apps, "wagtailredirects", "redirect", "delete_redirect", "Can delete redirect"),
        ]
    )
    admins.permissions.add(*admin_perms)
    if root_collection:
        for codename, model, app_label in (
            ("delete_image", "image", "wagtailimages"),
            ("delete_document", "document", "wagtaildocs"),
        ):
            perm = permission(apps, app_label, model, codename, codename)
            GroupCollectionPermission.objects.get_or_create(group=admins, collection=root_collection, permission=perm)
    root = Page.objects.filter(depth=1).first()
    if root:
        for action in ("add", "change", "publish", "bulk_delete", "lock", "unlock"):
            perm = permission(apps, "wagtailcore", "page", f"{action}_page", f"Can {action} page")
            GroupPagePermission.objects.get_or_create(group=admins, page=root, permission=perm)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[LEARNERS, TRAINERS, VRL_TRAINERS, ADMINISTRATORS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("home", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]

"""SiteSettings moves from `home` to `core`: the table (`home_sitesettings`) and its rows stay; the
content type is renamed so that group permissions on the settings follow the model."""

import django.db.models.deletion
from django.db import migrations, models


def rename_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="core", model="sitesettings").exists():
        ContentType.objects.filter(app_label="home", model="sitesettings").update(app_label="core")


def restore_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="home", model="sitesettings").exists():
        ContentType.objects.filter(app_label="core", model="sitesettings").update(app_label="home")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("home", "0003_review_workflow"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="SiteSettings",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        (
                            "organisation_name",
                            models.CharField(
                                default="Centre de ressources politique de la ville Bretagne – Pays de la Loire",
                                max_length=200,
                                verbose_name="nom de l'organisme",
                            ),
                        ),
                        (
                            "contact_email",
                            models.EmailField(
                                default="contact@elus-quartiers.localhost", max_length=254, verbose_name="e-mail de contact"
                            ),
                        ),
                        (
                            "accessibility_status",
                            models.CharField(
                                choices=[
                                    ("non", "non conforme"),
                                    ("partiel", "partiellement conforme"),
                                    ("total", "totalement conforme"),
                                ],
                                default="non",
                                help_text="Affiché en pied de page et sur la page d'accueil, comme l'exige le RGAA.",
                                max_length=16,
                                verbose_name="état de conformité RGAA",
                            ),
                        ),
                        (
                            "site",
                            models.OneToOneField(
                                editable=False, on_delete=django.db.models.deletion.CASCADE, to="wagtailcore.site"
                            ),
                        ),
                    ],
                    options={"verbose_name": "réglages du site", "db_table": "home_sitesettings"},
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(rename_content_type, restore_content_type),
    ]

"""ReportExport moves from `progress` to `reports`: the table (`progress_reportexport`), its rows and its
files stay; the content type is renamed so that nothing pointing at it is lost."""

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import reports.models


def rename_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="reports", model="reportexport").exists():
        ContentType.objects.filter(app_label="progress", model="reportexport").update(app_label="reports")


def restore_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="progress", model="reportexport").exists():
        ContentType.objects.filter(app_label="reports", model="reportexport").update(app_label="progress")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("progress", "0002_report_export"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ReportExport",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("public_id", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                        ("report", models.CharField(max_length=64, verbose_name="rapport")),
                        ("title", models.CharField(max_length=255, verbose_name="intitulé")),
                        ("filters", models.JSONField(blank=True, default=dict, verbose_name="filtres")),
                        (
                            "format",
                            models.CharField(choices=[("csv", "CSV"), ("xlsx", "XLSX")], max_length=4, verbose_name="format"),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("pending", "En attente"),
                                    ("running", "En cours"),
                                    ("ready", "Prêt"),
                                    ("failed", "Échec"),
                                ],
                                default="pending",
                                max_length=8,
                                verbose_name="statut",
                            ),
                        ),
                        ("rows", models.PositiveIntegerField(blank=True, null=True, verbose_name="lignes")),
                        (
                            "file",
                            models.FileField(blank=True, upload_to=reports.models.report_export_path, verbose_name="fichier"),
                        ),
                        ("requested_at", models.DateTimeField(verbose_name="demandé le")),
                        ("ready_at", models.DateTimeField(blank=True, null=True, verbose_name="prêt le")),
                        ("expires_at", models.DateTimeField(blank=True, null=True, verbose_name="disponible jusqu'au")),
                        ("emailed_at", models.DateTimeField(blank=True, editable=False, null=True)),
                        (
                            "requester",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="report_exports",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="demandé par",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "export de rapport",
                        "verbose_name_plural": "exports de rapports",
                        "db_table": "progress_reportexport",
                        "ordering": ["-requested_at"],
                        "indexes": [
                            models.Index(fields=["requester", "report", "status"], name="progress_re_request_f8e1ed_idx")
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(rename_content_type, restore_content_type),
    ]

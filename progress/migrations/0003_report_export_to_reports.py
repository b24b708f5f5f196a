"""ReportExport now belongs to `reports` (reports/0001 took over the table): forget it here, keep the table."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("progress", "0002_report_export"),
        ("reports", "0001_report_export_from_progress"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="ReportExport")],
            database_operations=[],
        ),
    ]

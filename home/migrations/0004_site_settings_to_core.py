"""SiteSettings now belongs to `core` (core/0001 took over the table): forget it here, keep the table."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0003_review_workflow"),
        ("core", "0001_site_settings_from_home"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="SiteSettings")],
            database_operations=[],
        ),
    ]

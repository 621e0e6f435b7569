"""Partial indexes for the dashboard: open signals by severity, open actions by due date."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("keypersons", "0002_reference_lists_and_append_only_log")]

    operations = [
        migrations.AddIndex(
            model_name="action",
            index=models.Index(
                condition=models.Q(("done_on__isnull", True)),
                fields=["due_on", "id"],
                name="action_open_by_due_date",
            ),
        ),
        migrations.AddIndex(
            model_name="signal",
            index=models.Index(
                condition=models.Q(("state", "closed"), _negated=True),
                fields=["-severity", "-observed_on", "-id"],
                name="signal_open_by_severity",
            ),
        ),
    ]

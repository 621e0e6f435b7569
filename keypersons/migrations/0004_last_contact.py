"""Each key person's latest contact date.

Kept at first by database triggers installed after migrate; since 0005_last_contact_in_services the
services that write contact moments keep it.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("keypersons", "0003_dashboard_indexes")]

    operations = [
        migrations.CreateModel(
            name="LastContact",
            fields=[
                (
                    "key_person",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="latest_contact",
                        serialize=False,
                        to="keypersons.keyperson",
                    ),
                ),
                ("occurred_on", models.DateField(verbose_name="date")),
            ],
            options={"verbose_name": "last contact", "verbose_name_plural": "last contacts"},
        ),
    ]

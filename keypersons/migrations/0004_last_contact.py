"""Each key person's latest contact date, kept by database triggers.

The triggers are installed, and the table filled from the contacts, after migrate (keypersons/last_contact.py).
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

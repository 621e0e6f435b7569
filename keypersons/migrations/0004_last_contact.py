"""Each key person's latest contact date, kept by database triggers (keypersons/last_contact.py)."""

import django.db.models.deletion
from django.db import migrations, models

from keypersons import last_contact


def install(apps, schema_editor):
    last_contact.install(schema_editor.connection.alias)
    last_contact.rebuild(schema_editor.connection.alias)


def uninstall(apps, schema_editor):
    last_contact.uninstall(schema_editor.connection.alias)


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
        migrations.RunPython(install, uninstall),
    ]

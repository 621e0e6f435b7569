"""Reminder and ExportJob now belong to the reminders and exports apps (their first migrations take them over).

Only Django's state changes here; the tables and their rows stay, and are renamed by those apps.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('maastricht_inclusie', '0003_exportjob'),
        ('reminders', '0001_initial'),
        ('exports', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='ExportJob'),
                migrations.DeleteModel(name='Reminder'),
            ],
            database_operations=[],
        ),
    ]

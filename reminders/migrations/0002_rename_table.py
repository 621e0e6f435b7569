"""The reminder table takes this app's name, now that the accounts app no longer has the model."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('reminders', '0001_initial'),
        ('maastricht_inclusie', '0004_reminder_and_exportjob_moved'),
    ]

    operations = [
        migrations.AlterModelTable(name='reminder', table=None),
    ]

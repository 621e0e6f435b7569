"""The reminder model moves here from the accounts app (label ``maastricht_inclusie``) without touching its rows.

The table was created by ``maastricht_inclusie.0002_reminders``; this migration only takes the model over in
Django's state and moves its content type (so permissions given to groups stay), and the next one renames
the table to this app's name. A fresh database gets the same tables through the same steps.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def _move(apps, schema_editor, old, new):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    if not ContentType.objects.using(db).filter(app_label=new, model="reminder").exists():
        ContentType.objects.using(db).filter(app_label=old, model="reminder").update(app_label=new)


def move_content_type(apps, schema_editor):
    _move(apps, schema_editor, "maastricht_inclusie", "reminders")


def move_content_type_back(apps, schema_editor):
    _move(apps, schema_editor, "reminders", "maastricht_inclusie")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('maastricht_inclusie', '0003_exportjob'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Reminder',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(max_length=40, verbose_name='kind')),
                        ('subject_id', models.PositiveBigIntegerField()),
                        ('occasion', models.CharField(max_length=40, verbose_name='occasion')),
                        ('title', models.CharField(max_length=200, verbose_name='title')),
                        ('body', models.TextField(verbose_name='text')),
                        ('url', models.CharField(blank=True, max_length=300, verbose_name='link')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                        ('emailed_at', models.DateTimeField(blank=True, null=True, verbose_name='e-mailed at')),
                        ('recipient', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reminders', to=settings.AUTH_USER_MODEL)),
                        ('subject_type', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='contenttypes.contenttype')),
                    ],
                    options={
                        'db_table': 'maastricht_inclusie_reminder',
                        'verbose_name': 'reminder',
                        'verbose_name_plural': 'reminders',
                        'ordering': ['-created_at'],
                        'constraints': [models.UniqueConstraint(fields=('kind', 'subject_type', 'subject_id', 'recipient', 'occasion'), name='reminder_once')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]

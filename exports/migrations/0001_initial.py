"""The exportjob model moves here from the accounts app (label ``maastricht_inclusie``) without touching its rows.

The table was created by ``maastricht_inclusie.0003_exportjob``; this migration only takes the model over in
Django's state and moves its content type (so permissions given to groups stay), and the next one renames
the table to this app's name. A fresh database gets the same tables through the same steps.
"""

import django.db.models.deletion
import exports.models
import uuid
from django.conf import settings
from django.db import migrations, models


def _move(apps, schema_editor, old, new):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    if not ContentType.objects.using(db).filter(app_label=new, model="exportjob").exists():
        ContentType.objects.using(db).filter(app_label=old, model="exportjob").update(app_label=new)


def move_content_type(apps, schema_editor):
    _move(apps, schema_editor, "maastricht_inclusie", "exports")


def move_content_type_back(apps, schema_editor):
    _move(apps, schema_editor, "exports", "maastricht_inclusie")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('maastricht_inclusie', '0003_exportjob'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='ExportJob',
                    fields=[
                        ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                        ('kind', models.CharField(max_length=40, verbose_name='report')),
                        ('params', models.JSONField(default=dict, verbose_name='parameters')),
                        ('title', models.CharField(max_length=200, verbose_name='title')),
                        ('format', models.CharField(choices=[('csv', 'CSV'), ('xlsx', 'Excel (XLSX)'), ('pdf', 'PDF')], max_length=4, verbose_name='format')),
                        ('state', models.CharField(choices=[('pending', 'waiting'), ('running', 'in progress'), ('done', 'ready'), ('failed', 'failed')], default='pending', max_length=10, verbose_name='state')),
                        ('rows_done', models.PositiveIntegerField(default=0, verbose_name='rows written')),
                        ('rows_total', models.PositiveIntegerField(default=0, verbose_name='rows in total')),
                        ('file', models.FileField(blank=True, max_length=300, storage=exports.models._private_storage, upload_to=exports.models.export_path, verbose_name='file')),
                        ('error', models.TextField(blank=True, verbose_name='error')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='requested at')),
                        ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='finished at')),
                        ('expires_at', models.DateTimeField(verbose_name='available until')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='exports', to=settings.AUTH_USER_MODEL, verbose_name='requested by')),
                    ],
                    options={
                        'db_table': 'maastricht_inclusie_exportjob',
                        'verbose_name': 'export',
                        'verbose_name_plural': 'exports',
                        'ordering': ['-created_at'],
                        'indexes': [models.Index(fields=['expires_at'], name='export_expires')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]

"""A key person's rights and the retention review; the access log records the persons each page showed, refuses
TRUNCATE, and can lose rows only through the retention purge.

The guards (PostgreSQL only):
- the row triggers refuse UPDATE and DELETE on the access log and on the persons it showed, except a DELETE that
  the purge makes: it runs as the owner of the tables (SECURITY DEFINER), says so in a setting of its own
  transaction, and only rows older than five years go;
- statement triggers refuse TRUNCATE on both tables (a row trigger never sees a TRUNCATE), except on a database
  marked as a scratch database for benchmarks and tests (bench/marker.py), a mark only its owner can set;
- keypersons_purge_access_log() is that purge, owned by the role that runs the migrations and callable by the
  portal's role, which owns nothing and can neither drop nor disable these triggers. It logs itself.
"""
import django.db.models.deletion
import django.utils.timezone
import keypersons.models.rights
from django.conf import settings
from django.db import migrations, models

from maastricht_inclusie.data_version import InstallTriggers

# The comment that marks a scratch database (bench/marker.py says the same; a test holds them equal).
SCRATCH_MARK = "maastricht-inclusie bench database: its data may be deleted"
GUARDS = """
CREATE OR REPLACE FUNCTION keypersons_accesslog_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE'
       AND current_setting('keypersons.access_log_purge', true) = 'on'
       AND current_user = (SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = TG_RELID)
       AND OLD.at < now() - interval '5 years' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'keypersons_accesslog is append-only';
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION keypersons_shownperson_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE'
       AND current_setting('keypersons.access_log_purge', true) = 'on'
       AND current_user = (SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = TG_RELID)
       AND (SELECT at FROM keypersons_accesslog WHERE id = OLD.entry_id) < now() - interval '5 years' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'keypersons_shownperson is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER keypersons_shownperson_append_only
    BEFORE UPDATE OR DELETE ON keypersons_shownperson
    FOR EACH ROW EXECUTE FUNCTION keypersons_shownperson_append_only();

CREATE OR REPLACE FUNCTION keypersons_access_log_no_truncate() RETURNS trigger AS $$
BEGIN
    -- Only a scratch database (benchmarks, the test suite) may be emptied: marked by a comment that only the
    -- database's owner or a superuser can set (bench/marker.py), never the portal's own role.
    IF shobj_description((SELECT oid FROM pg_database WHERE datname = current_database()), 'pg_database')
       = '%(mark)s' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION '%% is append-only and cannot be emptied', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER keypersons_accesslog_no_truncate
    BEFORE TRUNCATE ON keypersons_accesslog
    FOR EACH STATEMENT EXECUTE FUNCTION keypersons_access_log_no_truncate();
CREATE TRIGGER keypersons_shownperson_no_truncate
    BEFORE TRUNCATE ON keypersons_shownperson
    FOR EACH STATEMENT EXECUTE FUNCTION keypersons_access_log_no_truncate();

CREATE OR REPLACE FUNCTION keypersons_purge_access_log() RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    cutoff timestamptz := now() - interval '5 years';
    removed integer;
BEGIN
    PERFORM set_config('keypersons.access_log_purge', 'on', true);
    DELETE FROM keypersons_shownperson s USING keypersons_accesslog a WHERE s.entry_id = a.id AND a.at < cutoff;
    DELETE FROM keypersons_accesslog WHERE at < cutoff;
    GET DIAGNOSTICS removed = ROW_COUNT;
    PERFORM set_config('keypersons.access_log_purge', 'off', true);
    INSERT INTO keypersons_accesslog (at, user_id, what, object_type, object_id, path, detail)
    VALUES (now(), NULL, 'purge', 'accesslog', NULL, '',
            format('%%s rows from before %%s removed', removed, to_char(cutoff, 'YYYY-MM-DD')));
    RETURN removed;
END;
$$;
""" % {"mark": SCRATCH_MARK}
# Back to the guard of migration 0002.
DROP_GUARDS = """
DROP FUNCTION IF EXISTS keypersons_purge_access_log();
DROP TRIGGER IF EXISTS keypersons_shownperson_no_truncate ON keypersons_shownperson;
DROP TRIGGER IF EXISTS keypersons_accesslog_no_truncate ON keypersons_accesslog;
DROP FUNCTION IF EXISTS keypersons_access_log_no_truncate();
DROP TRIGGER IF EXISTS keypersons_shownperson_append_only ON keypersons_shownperson;
DROP FUNCTION IF EXISTS keypersons_shownperson_append_only();
CREATE OR REPLACE FUNCTION keypersons_accesslog_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'keypersons_accesslog is append-only';
END;
$$ LANGUAGE plpgsql;
"""


def add_guards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(GUARDS, params=None)


def drop_guards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_GUARDS, params=None)


class Migration(migrations.Migration):

    dependencies = [
        ('initiatives', '0003_data_version_triggers'),
        ('keypersons', '0006_data_version_triggers'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='accesslog',
            name='detail',
            field=models.CharField(blank=True, db_default='', help_text='Written by the portal itself, never a name: for example how many rows a purge removed.', max_length=200, verbose_name='detail'),
        ),
        migrations.AddField(
            model_name='keyperson',
            name='restricted_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='processing restricted since'),
        ),
        migrations.AlterField(
            model_name='accesslog',
            name='what',
            field=models.CharField(choices=[('view', 'viewed'), ('list', 'viewed a list'), ('create', 'created'), ('change', 'changed'), ('export', 'exported'), ('erase', 'erased'), ('purge', 'removed after the retention period')], max_length=10, verbose_name='what'),
        ),
        migrations.AlterField(
            model_name='action',
            name='key_person',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='actions', to='keypersons.keyperson', verbose_name='key person'),
        ),
        migrations.AlterField(
            model_name='action',
            name='signal',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='actions', to='keypersons.signal', verbose_name='signal'),
        ),
        migrations.AlterField(
            model_name='consent',
            name='key_person',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='consents', to='keypersons.keyperson', verbose_name='key person'),
        ),
        migrations.AlterField(
            model_name='consent',
            name='recorded_by',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by'),
        ),
        migrations.AlterField(
            model_name='lastcontact',
            name='key_person',
            field=models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='latest_contact', serialize=False, to='keypersons.keyperson', verbose_name='key person'),
        ),
        migrations.AlterField(
            model_name='signal',
            name='recorded_by',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by'),
        ),
        migrations.AlterField(
            model_name='signalstatechange',
            name='by',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='by'),
        ),
        migrations.AlterField(
            model_name='signalstatechange',
            name='signal',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='history', to='keypersons.signal', verbose_name='signal'),
        ),
        migrations.AlterField(
            model_name='temperaturereading',
            name='recorded_by',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by'),
        ),
        migrations.AlterField(
            model_name='tie',
            name='key_person',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='ties', to='keypersons.keyperson', verbose_name='key person'),
        ),
        migrations.AlterField(
            model_name='tie',
            name='network',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='ties', to='keypersons.network', verbose_name='network'),
        ),
        migrations.AlterField(
            model_name='tie',
            name='organisation',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='key_person_ties', to='initiatives.organisation', verbose_name='organisation'),
        ),
        migrations.AlterField(
            model_name='tie',
            name='other_person',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='ties_from_others', to='keypersons.keyperson', verbose_name='other key person'),
        ),
        migrations.CreateModel(
            name='RetentionReview',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('decision', models.CharField(choices=[('keep', 'kept for another period'), ('pseudonymised', 'pseudonymised: not reviewed in time')], max_length=15, verbose_name='decision')),
                ('reason', models.TextField(blank=True, verbose_name='reason')),
                ('decided_on', models.DateField(verbose_name='decided on')),
                ('by', models.ForeignKey(blank=True, help_text='Empty for the scheduled tasks of the system.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='decided by')),
                ('key_person', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='retention_reviews', to='keypersons.keyperson', verbose_name='key person')),
            ],
            options={
                'verbose_name': 'retention review',
                'verbose_name_plural': 'retention reviews',
                'ordering': ['-decided_on', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='RightsRequest',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('right', models.CharField(choices=[('access', 'access (AVG art. 15)'), ('rectification', 'rectification (AVG art. 16)'), ('restriction', 'restriction of processing (AVG art. 18)'), ('objection', 'objection (AVG art. 21)')], max_length=15, verbose_name='right')),
                ('received_on', models.DateField(verbose_name='received on')),
                ('decided_on', models.DateField(verbose_name='decided on')),
                ('outcome', models.CharField(choices=[('granted', 'granted'), ('refused', 'refused: compelling legitimate grounds'), ('lifted', 'restriction lifted')], max_length=10, verbose_name='outcome')),
                ('grounds', models.TextField(blank=True, verbose_name='grounds')),
                ('copy_json', models.FileField(blank=True, max_length=300, storage=keypersons.models.rights._private_storage, upload_to=keypersons.models.rights.copy_path, verbose_name='copy (JSON)')),
                ('copy_pdf', models.FileField(blank=True, max_length=300, storage=keypersons.models.rights._private_storage, upload_to=keypersons.models.rights.copy_path, verbose_name='copy (PDF)')),
                ('recorded_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='recorded at')),
                ('key_person', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='rights_requests', to='keypersons.keyperson', verbose_name='key person')),
                ('recorded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
            ],
            options={
                'verbose_name': 'request about personal data',
                'verbose_name_plural': 'requests about personal data',
                'ordering': ['-received_on', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='Rectification',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('field', models.CharField(choices=[('name', 'name'), ('email', 'e-mail address'), ('phone', 'telephone'), ('languages', 'languages'), ('position', 'position')], max_length=10, verbose_name='detail')),
                ('before', models.TextField(blank=True, verbose_name='before')),
                ('after', models.TextField(blank=True, verbose_name='after')),
                ('request', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='rectifications', to='keypersons.rightsrequest', verbose_name='request')),
            ],
            options={
                'verbose_name': 'rectification',
                'verbose_name_plural': 'rectifications',
                'ordering': ['request', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='ShownPerson',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('key_person_id', models.PositiveBigIntegerField(db_index=True, verbose_name='key person (id)')),
                ('entry', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='shown', to='keypersons.accesslog', verbose_name='access log entry')),
            ],
            options={
                'verbose_name': 'key person shown',
                'verbose_name_plural': 'key persons shown',
                'ordering': ['entry', 'key_person_id'],
            },
        ),
        migrations.RunPython(add_guards, drop_guards),
        InstallTriggers(
            tables=[
                'keypersons_rectification',
                'keypersons_retentionreview',
                'keypersons_rightsrequest',
            ]
        ),
    ]

"""The reference lists the network starts with, and a PostgreSQL trigger that keeps the access log append-only."""

from django.db import migrations

DOMAINS = [
    ("Jongeren", "Youth"),
    ("Geloofsgemeenschappen", "Faith communities"),
    ("Sport", "Sport"),
    ("Studenten", "Students"),
    ("Cultuur", "Culture"),
    ("Onderwijs", "Education"),
    ("Buurt en wijk", "Neighbourhood"),
    ("Online", "Online"),
    ("Ondernemers", "Business"),
]
# The themes of tension the 2021 decision names.
TOPICS = [
    ("Geloofsovertuiging", "Religion"),
    ("Links en rechts", "Left and right"),
    ("Milieu", "Environment"),
    ("Complotdenken", "Conspiracy thinking"),
    ("Verzet tegen overheidsmaatregelen", "Resistance to government measures"),
    ("Discriminatie", "Discrimination"),
    ("Online", "Online"),
    ("Overig", "Other"),
]
PARTNERS = [
    ("Politie", "Police"),
    ("Jongerenwerk", "Youth work"),
    ("Veiligheidsdomein gemeente", "Municipal safety domain"),
    ("Sociaal wijkteam", "Neighbourhood social team"),
    ("Woningcorporatie", "Housing association"),
    ("Onderwijs", "Schools"),
]

APPEND_ONLY = """
CREATE OR REPLACE FUNCTION keypersons_accesslog_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'keypersons_accesslog is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER keypersons_accesslog_append_only
    BEFORE UPDATE OR DELETE ON keypersons_accesslog
    FOR EACH ROW EXECUTE FUNCTION keypersons_accesslog_append_only();
"""
DROP_APPEND_ONLY = """
DROP TRIGGER IF EXISTS keypersons_accesslog_append_only ON keypersons_accesslog;
DROP FUNCTION IF EXISTS keypersons_accesslog_append_only();
"""


def add_reference_lists(apps, schema_editor):
    for model, rows in (("Domain", DOMAINS), ("Topic", TOPICS), ("Partner", PARTNERS)):
        Model = apps.get_model("keypersons", model)
        for name, name_en in rows:
            Model.objects.get_or_create(name=name, defaults={"name_en": name_en})


def add_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(APPEND_ONLY)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_APPEND_ONLY)


class Migration(migrations.Migration):
    dependencies = [("keypersons", "0001_initial")]

    operations = [
        migrations.RunPython(add_reference_lists, migrations.RunPython.noop),
        migrations.RunPython(add_trigger, drop_trigger),
    ]

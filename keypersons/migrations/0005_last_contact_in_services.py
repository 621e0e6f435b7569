"""Each key person's last contact is kept by the services that write contact moments, no longer by triggers.

Drops the triggers and functions that used to be installed after every migrate, and works the table out
again from the contact moments, so that existing data is right from here on.
"""

from django.db import migrations
from django.db.models import Max

PREFIX = "keypersons_last_contact"
LINKS = "keypersons_contactmoment_key_persons"
CONTACTS = "keypersons_contactmoment"

DROP_POSTGRESQL = [
    *(
        f"DROP TRIGGER IF EXISTS {PREFIX}_{name} ON {LINKS}"
        for name in ("added", "removed", "moved", "emptied")
    ),
    f"DROP TRIGGER IF EXISTS {PREFIX}_redated ON {CONTACTS}",
    f"DROP FUNCTION IF EXISTS {PREFIX}_added(), {PREFIX}_removed(), {PREFIX}_moved(), {PREFIX}_redated(), "
    f"{PREFIX}_emptied(), {PREFIX}_refresh(bigint[])",
]
DROP_SQLITE = [f"DROP TRIGGER IF EXISTS {PREFIX}_{name}" for name in ("added", "removed", "moved", "redated")]


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"postgresql": DROP_POSTGRESQL, "sqlite": DROP_SQLITE}.get(vendor, [])
    for statement in statements:
        schema_editor.execute(statement)


def recompute_last_contact(apps, schema_editor):
    """The latest linked contact of every key person, worked out from the contact moments."""
    LastContact = apps.get_model("keypersons", "LastContact")
    Link = apps.get_model("keypersons", "ContactMoment").key_persons.through
    latest = (
        Link.objects.order_by().values_list("keyperson_id").annotate(last=Max("contactmoment__occurred_on"))
    )
    LastContact.objects.all().delete()
    LastContact.objects.bulk_create(
        [LastContact(key_person_id=pk, occurred_on=day) for pk, day in latest], batch_size=1000
    )


class Migration(migrations.Migration):
    dependencies = [("keypersons", "0004_last_contact")]

    operations = [
        # Backwards there is nothing to restore: the code of before this migration installed its triggers
        # itself, after migrate.
        migrations.RunPython(drop_triggers, migrations.RunPython.noop),
        migrations.RunPython(recompute_last_contact, migrations.RunPython.noop),
    ]

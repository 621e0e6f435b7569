from django.db import migrations

from maastricht_inclusie.data_version import InstallTriggers


class Migration(migrations.Migration):
    """The information texts and the escalations change what the network's pages show: the data version follows them."""

    dependencies = [
        ("keypersons", "0011_partner_contact_and_escalations"),
    ]

    operations = [
        InstallTriggers(tables=["keypersons_informationtext", "keypersons_escalation"]),
    ]

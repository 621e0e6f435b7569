"""The data version's triggers of this app's tables bump the number of their table group as well
(see maastricht_inclusie/data_version.py): a write here empties only the cached pages that read the group."""

from django.db import migrations

from maastricht_inclusie.data_version import InstallTriggers


class Migration(migrations.Migration):
    dependencies = [
        ("keypersons", "0012_data_version_on_new_tables"),
    ]

    operations = [
        InstallTriggers(
            tables=[
                "keypersons_action",
                "keypersons_consent",
                "keypersons_contactmoment",
                "keypersons_contactmoment_key_persons",
                "keypersons_contactmoment_topics",
                "keypersons_domain",
                "keypersons_escalation",
                "keypersons_informationtext",
                "keypersons_keyperson",
                "keypersons_keyperson_domains",
                "keypersons_keyperson_neighbourhoods",
                "keypersons_lastcontact",
                "keypersons_network",
                "keypersons_network_neighbourhoods",
                "keypersons_partner",
                "keypersons_rectification",
                "keypersons_retentionreview",
                "keypersons_rightsrequest",
                "keypersons_signal",
                "keypersons_signal_escalated_to",
                "keypersons_signalstatechange",
                "keypersons_temperaturereading",
                "keypersons_tie",
                "keypersons_topic",
            ],
            regroup=True,
        ),
    ]

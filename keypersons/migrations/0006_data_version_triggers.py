"""The data version's triggers on every table of this app (see maastricht_inclusie/data_version.py).

Until now they were installed after each ``migrate``; from here on they are declared here, and a migration
that adds a table to this app names it in an `InstallTriggers` of its own.
The access log is left out: it is written on every visit of the network's pages and shown on no cached page.
"""

from django.db import migrations

from maastricht_inclusie.data_version import InstallTriggers


class Migration(migrations.Migration):

    dependencies = [
        ('keypersons', '0005_last_contact_in_services'),
    ]

    operations = [
        InstallTriggers(
            tables=[
                'keypersons_action',
                'keypersons_consent',
                'keypersons_contactmoment',
                'keypersons_contactmoment_key_persons',
                'keypersons_contactmoment_topics',
                'keypersons_domain',
                'keypersons_keyperson',
                'keypersons_keyperson_domains',
                'keypersons_keyperson_neighbourhoods',
                'keypersons_lastcontact',
                'keypersons_network',
                'keypersons_network_neighbourhoods',
                'keypersons_partner',
                'keypersons_signal',
                'keypersons_signal_escalated_to',
                'keypersons_signalstatechange',
                'keypersons_temperaturereading',
                'keypersons_tie',
                'keypersons_topic',
            ]
        ),
    ]

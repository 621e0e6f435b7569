"""The data version's triggers on every table of this app (see maastricht_inclusie/data_version.py).

Until now they were installed after each ``migrate``; from here on they are declared here, and a migration
that adds a table to this app names it in an `InstallTriggers` of its own."""

from django.db import migrations

from maastricht_inclusie.data_version import InstallTriggers


class Migration(migrations.Migration):

    dependencies = [
        ('progress', '0002_fundingline_updated_at_commitment_indicator_and_more'),
    ]

    operations = [
        InstallTriggers(
            tables=[
                'progress_commitment',
                'progress_commitment_campaigns',
                'progress_commitment_initiatives',
                'progress_commitment_rounds',
                'progress_fundingline',
                'progress_indicator',
                'progress_indicatorupdate',
            ]
        ),
    ]

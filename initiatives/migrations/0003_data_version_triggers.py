"""The data version's triggers on every table of this app (see maastricht_inclusie/data_version.py).

Until now they were installed after each ``migrate``; from here on they are declared here, and a migration
that adds a table to this app names it in an `InstallTriggers` of its own."""

from django.db import migrations

from maastricht_inclusie.data_version import InstallTriggers


class Migration(migrations.Migration):

    dependencies = [
        ('initiatives', '0002_initial'),
    ]

    operations = [
        InstallTriggers(
            tables=[
                'initiatives_campaign',
                'initiatives_initiative',
                'initiatives_initiative_neighbourhoods',
                'initiatives_initiative_target_groups',
                'initiatives_initiative_themes',
                'initiatives_membership',
                'initiatives_neighbourhood',
                'initiatives_organisation',
                'initiatives_organisation_neighbourhoods',
                'initiatives_organisation_target_groups',
                'initiatives_organisation_themes',
                'initiatives_targetgroup',
                'initiatives_theme',
            ]
        ),
    ]

"""The data version's triggers of this app's tables bump the number of their table group as well
(see maastricht_inclusie/data_version.py): a write here empties only the cached pages that read the group."""

from django.db import migrations

from maastricht_inclusie.data_version import InstallTriggers


class Migration(migrations.Migration):
    dependencies = [
        ("initiatives", "0004_organisation_bank_account"),
    ]

    operations = [
        InstallTriggers(
            tables=[
                "initiatives_campaign",
                "initiatives_initiative",
                "initiatives_initiative_neighbourhoods",
                "initiatives_initiative_target_groups",
                "initiatives_initiative_themes",
                "initiatives_membership",
                "initiatives_neighbourhood",
                "initiatives_organisation",
                "initiatives_organisation_neighbourhoods",
                "initiatives_organisation_target_groups",
                "initiatives_organisation_themes",
                "initiatives_targetgroup",
                "initiatives_theme",
            ],
            regroup=True,
        ),
    ]

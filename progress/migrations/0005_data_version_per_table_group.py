"""The data version's triggers of this app's tables bump the number of their table group as well
(see maastricht_inclusie/data_version.py): a write here empties only the cached pages that read the group."""

from django.db import migrations

from maastricht_inclusie.data_version import InstallTriggers


class Migration(migrations.Migration):
    dependencies = [
        ("progress", "0004_network_figures_per_quarter"),
    ]

    operations = [
        InstallTriggers(
            tables=[
                "progress_commitment",
                "progress_commitment_campaigns",
                "progress_commitment_initiatives",
                "progress_commitment_rounds",
                "progress_fundingline",
                "progress_indicator",
                "progress_indicatorupdate",
                "progress_networkfigures",
            ],
            regroup=True,
        ),
    ]

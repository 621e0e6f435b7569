"""Each application's weighted total and first-criterion score, kept as the assessments come in
(`tenders.totals`); filled by the next migration."""

import django.db.models.deletion
from django.db import migrations, models

from maastricht_inclusie.data_version import InstallTriggers


class Migration(migrations.Migration):
    dependencies = [
        ("tenders", "0022_advance_ordered"),
    ]

    operations = [
        migrations.CreateModel(
            name="ScoreTotal",
            fields=[
                (
                    "application",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="score_total",
                        serialize=False,
                        to="tenders.application",
                    ),
                ),
                ("total", models.DecimalField(decimal_places=2, max_digits=12, verbose_name="total score")),
                (
                    "first_score",
                    models.DecimalField(
                        decimal_places=2, max_digits=9, null=True, verbose_name="score on the first criterion"
                    ),
                ),
            ],
            options={
                "verbose_name": "total score",
                "verbose_name_plural": "total scores",
            },
        ),
        InstallTriggers(tables=["tenders_scoretotal"]),
    ]

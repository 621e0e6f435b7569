"""The data version's triggers on every table of this app (see maastricht_inclusie/data_version.py).

Until now they were installed after each ``migrate``; from here on they are declared here, and a migration
that adds a table to this app names it in an `InstallTriggers` of its own."""

from django.db import migrations

from maastricht_inclusie.data_version import InstallTriggers


class Migration(migrations.Migration):

    dependencies = [
        ('tenders', '0003_application_newest_first_index'),
    ]

    operations = [
        InstallTriggers(
            tables=[
                'tenders_accountabilityreport',
                'tenders_application',
                'tenders_application_neighbourhoods',
                'tenders_application_target_groups',
                'tenders_application_themes',
                'tenders_assessment',
                'tenders_attachment',
                'tenders_budgetentry',
                'tenders_budgetline',
                'tenders_criterion',
                'tenders_decision',
                'tenders_informationrequest',
                'tenders_objection',
                'tenders_payment',
                'tenders_programme',
                'tenders_round',
                'tenders_score',
                'tenders_settlement',
                'tenders_statuschange',
            ]
        ),
    ]

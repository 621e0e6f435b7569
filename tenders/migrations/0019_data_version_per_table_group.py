"""The data version's triggers of this app's tables bump the number of their table group as well
(see maastricht_inclusie/data_version.py): a write here empties only the cached pages that read the group."""

from django.db import migrations

from maastricht_inclusie.data_version import InstallTriggers


class Migration(migrations.Migration):
    dependencies = [
        ("tenders", "0018_settlement_reclaims_and_payments_booked_when_paid"),
    ]

    operations = [
        InstallTriggers(
            tables=[
                "tenders_accountabilityreport",
                "tenders_application",
                "tenders_application_neighbourhoods",
                "tenders_application_target_groups",
                "tenders_application_themes",
                "tenders_assessment",
                "tenders_attachment",
                "tenders_budgetentry",
                "tenders_budgetline",
                "tenders_consensusscore",
                "tenders_criterion",
                "tenders_decision",
                "tenders_hearing",
                "tenders_informationrequest",
                "tenders_objection",
                "tenders_objectiontermextension",
                "tenders_payment",
                "tenders_paymentbatch",
                "tenders_programme",
                "tenders_reclaim",
                "tenders_round",
                "tenders_roundamendment",
                "tenders_score",
                "tenders_settlement",
                "tenders_statuschange",
            ],
            regroup=True,
        ),
    ]

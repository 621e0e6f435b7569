"""An application is "advance ordered" while its advance is on its way through a payment batch, and "advance
paid" only once finance paid it (it was "advance paid" from the moment it was ordered).

An application that is "advance paid" or "report due" with an advance not yet paid and no report goes back to
"advance ordered", with a row in its history; paying the advance moves it on again."""

from django.db import migrations, models

CHOICES = [('draft', 'draft'), ('submitted', 'submitted'), ('information_requested', 'information requested'), ('eligible', 'eligible'), ('ineligible', 'ineligible'), ('set_aside', 'set aside'), ('assessed', 'assessed'), ('granted', 'granted'), ('partially_granted', 'partially granted'), ('rejected', 'rejected'), ('advance_ordered', 'advance ordered'), ('advance_paid', 'advance paid'), ('report_due', 'report due'), ('report_submitted', 'report submitted'), ('settled', 'settled'), ('settlement_reopened', 'settlement reopened on objection'), ('closed', 'closed'), ('withdrawn', 'withdrawn')]


def advance_ordered(apps, schema_editor):
    Application = apps.get_model("tenders", "Application")
    StatusChange = apps.get_model("tenders", "StatusChange")
    waiting = Application.objects.filter(
        state__in=["advance_paid", "report_due"],
        payments__kind="advance",
        payments__status__in=["due", "sent"],
        reports__isnull=True,
    ).distinct()
    for application in waiting:
        StatusChange.objects.create(
            application=application, from_state=application.state, to_state="advance_ordered",
            note_key="advance_ordered", note_params={},
        )  # fmt: skip
        application.state = "advance_ordered"
        application.save(update_fields=["state"])


class Migration(migrations.Migration):
    dependencies = [
        ("tenders", "0021_payment_ordered_at_paid_on"),
    ]

    operations = [
        migrations.AlterField(
            model_name="application",
            name="state",
            field=models.CharField(
                choices=CHOICES, db_index=True, default="draft", max_length=24, verbose_name="state"
            ),
        ),
        migrations.AlterField(
            model_name="statuschange",
            name="from_state",
            field=models.CharField(choices=CHOICES, max_length=24, verbose_name="from"),
        ),
        migrations.AlterField(
            model_name="statuschange",
            name="to_state",
            field=models.CharField(choices=CHOICES, max_length=24, verbose_name="to"),
        ),
        migrations.RunPython(advance_ordered, migrations.RunPython.noop),
    ]

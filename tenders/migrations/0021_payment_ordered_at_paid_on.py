"""A payment's fields say what they hold: `paid_at`/`paid_by` were when and by whom it was ordered (the advance on
the decision, the remainder on settlement), `received_on` the day finance paid it."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("tenders", "0020_objection_against_reclaim_and_set_aside_revoked"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField(model_name="payment", old_name="paid_at", new_name="ordered_at"),
        migrations.RenameField(model_name="payment", old_name="paid_by", new_name="ordered_by"),
        migrations.RenameField(model_name="payment", old_name="received_on", new_name="paid_on"),
        migrations.AlterModelOptions(
            name="payment",
            options={"ordering": ["ordered_at"], "verbose_name": "payment", "verbose_name_plural": "payments"},
        ),
        migrations.AlterField(
            model_name="payment",
            name="ordered_at",
            field=models.DateTimeField(auto_now_add=True, verbose_name="ordered at"),
        ),
        migrations.AlterField(
            model_name="payment",
            name="ordered_by",
            field=models.ForeignKey(
                on_delete=models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="ordered by",
            ),
        ),
        migrations.AlterField(
            model_name="payment",
            name="paid_on",
            field=models.DateField(blank=True, null=True, verbose_name="paid on"),
        ),
    ]

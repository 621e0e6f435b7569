"""The ranking leaves out every application ever declared ineligible (an anti-join on the history): an index
on those few state changes, so it no longer reads every state change of every application."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('tenders', '0024_score_total_filled'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='statuschange',
            index=models.Index(condition=models.Q(('to_state', 'ineligible')), fields=['application'], name='statuschange_ineligible'),
        ),
    ]

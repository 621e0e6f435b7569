import re

from django.conf import settings
from django.db import migrations, models
from django.utils import translation

# The fixed notes as they were written before they had keys (tenders.history.NOTES at the time), frozen here.
NOTES = {
    "declaration": "I declare that I have filled in this application completely and truthfully.",
    "eligibility_only": "Eligibility only: this round has no scoring panel.",
    "all_assessed": "All assessments submitted.",
    "continued": "Continued with what was there.",
    "report_due": "Report due on %(date)s",
    "settlement_reopened": "Settlement reopened by the decision on objection; settle again.",
}


def _patterns():
    """Each note as a pattern in every language it may have been written in; a parameter matches anything."""
    for key, message in NOTES.items():
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                written = translation.gettext(message)
            pattern = re.sub(r"%\\\((\w+)\\\)s", r"(?P<\1>.+)", re.escape(written))
            yield key, re.compile(f"^{pattern}$")


def give_fixed_notes_their_keys(apps, schema_editor):
    StatusChange = apps.get_model("tenders", "StatusChange")
    patterns = list(_patterns())
    for change in StatusChange.objects.exclude(note="").filter(note_key="").iterator():
        for key, pattern in patterns:
            if match := pattern.match(change.note):
                change.note_key, change.note_params = key, match.groupdict()
                change.save(update_fields=["note_key", "note_params"])
                break


class Migration(migrations.Migration):
    dependencies = [
        ("tenders", "0016_tie_rule_and_criteria_frozen"),
    ]

    operations = [
        migrations.AddField(
            model_name="statuschange",
            name="note_key",
            field=models.CharField(blank=True, max_length=40, verbose_name="note key"),
        ),
        migrations.AddField(
            model_name="statuschange",
            name="note_params",
            field=models.JSONField(blank=True, default=dict, verbose_name="note parameters"),
        ),
        migrations.RunPython(give_fixed_notes_their_keys, migrations.RunPython.noop),
    ]

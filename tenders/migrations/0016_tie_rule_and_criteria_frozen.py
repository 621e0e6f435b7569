"""The tie rule is a rule of the round, frozen with the others once published; and the criteria and their weights of
a published round are frozen by the database too: inserted, changed or deleted only by an amendment (tenders.amending)
or a bulk load of generated data (tenders.loading). PostgreSQL only, as the other guards."""

import importlib

from django.db import migrations, models

# The round's guard as 0013 wrote it, with the tie rule among the frozen rules.
guard = importlib.import_module("tenders.migrations.0013_frozen_rules_guard_covers_every_rule")
WIDER = (*guard.EXTRA, "tie_rule")

CRITERIA = """
CREATE OR REPLACE FUNCTION tenders_criteria_frozen() RETURNS trigger AS $$
BEGIN
    IF current_setting('tenders.amending', true) = 'on' OR current_setting('tenders.loading', true) = 'on' THEN
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    IF TG_OP = 'UPDATE' AND ROW(NEW.*) IS NOT DISTINCT FROM ROW(OLD.*) THEN
        RETURN NEW;
    END IF;
    IF (TG_OP <> 'INSERT' AND EXISTS (
            SELECT 1 FROM tenders_round WHERE id = OLD.round_id AND published_at IS NOT NULL))
       OR (TG_OP <> 'DELETE' AND EXISTS (
            SELECT 1 FROM tenders_round WHERE id = NEW.round_id AND published_at IS NOT NULL)) THEN
        RAISE EXCEPTION 'the criteria of a published round are frozen; publish an amendment';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER tenders_criteria_frozen BEFORE INSERT OR UPDATE OR DELETE ON tenders_criterion
    FOR EACH ROW EXECUTE FUNCTION tenders_criteria_frozen();
"""
DROP_CRITERIA = """
DROP TRIGGER IF EXISTS tenders_criteria_frozen ON tenders_criterion;
DROP FUNCTION IF EXISTS tenders_criteria_frozen();
"""


def add_guards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(guard._function(WIDER), params=None)
        schema_editor.execute(CRITERIA, params=None)


def drop_guards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_CRITERIA, params=None)
        schema_editor.execute(guard._function(guard.EXTRA), params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("tenders", "0015_set_aside_decision_and_ineligible_refusal"),
    ]

    operations = [
        migrations.AddField(
            model_name="round",
            name="tie_rule",
            field=models.CharField(
                choices=[
                    ("complete_first", "earlier complete submission first"),
                    ("first_criterion", "higher score on the first criterion first"),
                ],
                default="complete_first",
                help_text=(
                    "How applications with the same total score are ranked (Awb 4:26); if that is equal too, the "
                    "earlier complete submission ranks higher."
                ),
                max_length=16,
                verbose_name="tie rule",
            ),
        ),
        migrations.RunPython(add_guards, drop_guards),
    ]

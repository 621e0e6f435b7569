"""The database's guard on a published round's rules covers the rules added beside it: the assessment method,
whether partial grants are allowed, and the objection reserve (PostgreSQL only, as the guard itself)."""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION tenders_round_rules_frozen() RETURNS trigger AS $$
BEGIN
    IF OLD.published_at IS NULL THEN
        RETURN NEW;
    END IF;
    IF NEW.published_at IS NULL THEN
        RAISE EXCEPTION 'a published round cannot be unpublished';
    END IF;
    IF current_setting('tenders.amending', true) = 'on' THEN
        RETURN NEW;
    END IF;
    IF (NEW.opens_at, NEW.closes_at, NEW.ceiling, NEW.minimum_amount, NEW.maximum_amount, NEW.allocation_method,
        NEW.advance_percentage, NEW.report_due_weeks, NEW.minimum_total_score, NEW.decision_term_weeks,
        NEW.applications_per_organisation, NEW.drafts_before_opening, NEW.published_at, NEW.programme_id{extra_new})
       IS DISTINCT FROM
       (OLD.opens_at, OLD.closes_at, OLD.ceiling, OLD.minimum_amount, OLD.maximum_amount, OLD.allocation_method,
        OLD.advance_percentage, OLD.report_due_weeks, OLD.minimum_total_score, OLD.decision_term_weeks,
        OLD.applications_per_organisation, OLD.drafts_before_opening, OLD.published_at, OLD.programme_id{extra_old}) THEN
        RAISE EXCEPTION 'the rules of published round % are frozen; publish an amendment', OLD.id;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
"""
EXTRA = ("assessment_method", "allows_partial_grants", "objection_reserve")


def _function(extra: tuple[str, ...]) -> str:
    return FUNCTION.format(
        extra_new="".join(f", NEW.{name}" for name in extra),
        extra_old="".join(f", OLD.{name}" for name in extra),
    )


def widen(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(_function(EXTRA), params=None)


def narrow(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(_function(()), params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("tenders", "0012_information_request_after_deadline"),
    ]

    operations = [migrations.RunPython(widen, narrow)]

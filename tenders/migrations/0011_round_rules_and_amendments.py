"""The round's rules: drafts before opening, applications per organisation, a decision term fixed at publication,
and published amendments (wijziging van de regeling).

The guards (PostgreSQL only; the services check the same rules first and say why in the user's language):
- a published round's rules cannot change, except through an amendment, which says so in a setting of its own
  transaction (tenders.amending); a round is never unpublished;
- a round's ceiling together with the other rounds' never exceeds its programme's budget, and the budget is never
  lowered under the ceilings; the programme row is locked while a round's ceiling is checked;
- after submission the applicant's content (summary, plan, reach, period, amount, budget lines, attachments) only
  changes in the parts an information request reopened while it is open; accountability documents may be added,
  and a bulk load (the benchmark data) may write the budget lines of applications it creates past submission.
"""
import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from maastricht_inclusie.data_version import InstallTriggers

GUARDS = """
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
        NEW.applications_per_organisation, NEW.drafts_before_opening, NEW.published_at, NEW.programme_id)
       IS DISTINCT FROM
       (OLD.opens_at, OLD.closes_at, OLD.ceiling, OLD.minimum_amount, OLD.maximum_amount, OLD.allocation_method,
        OLD.advance_percentage, OLD.report_due_weeks, OLD.minimum_total_score, OLD.decision_term_weeks,
        OLD.applications_per_organisation, OLD.drafts_before_opening, OLD.published_at, OLD.programme_id) THEN
        RAISE EXCEPTION 'the rules of published round % are frozen; publish an amendment', OLD.id;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER tenders_round_rules_frozen BEFORE UPDATE ON tenders_round
    FOR EACH ROW EXECUTE FUNCTION tenders_round_rules_frozen();

CREATE OR REPLACE FUNCTION tenders_round_within_budget() RETURNS trigger AS $$
DECLARE
    budget numeric;
    others numeric;
BEGIN
    SELECT total_budget INTO budget FROM tenders_programme WHERE id = NEW.programme_id FOR UPDATE;
    SELECT COALESCE(SUM(ceiling), 0) INTO others FROM tenders_round
        WHERE programme_id = NEW.programme_id AND id IS DISTINCT FROM NEW.id;
    IF others + NEW.ceiling > budget THEN
        RAISE EXCEPTION 'the ceilings of programme % would exceed its budget', NEW.programme_id;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER tenders_round_within_budget BEFORE INSERT OR UPDATE OF ceiling, programme_id ON tenders_round
    FOR EACH ROW EXECUTE FUNCTION tenders_round_within_budget();

CREATE OR REPLACE FUNCTION tenders_programme_covers_rounds() RETURNS trigger AS $$
BEGIN
    IF NEW.total_budget < (SELECT COALESCE(SUM(ceiling), 0) FROM tenders_round WHERE programme_id = NEW.id) THEN
        RAISE EXCEPTION 'the budget of programme % would be less than its rounds'' ceilings', NEW.id;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER tenders_programme_covers_rounds BEFORE UPDATE OF total_budget ON tenders_programme
    FOR EACH ROW EXECUTE FUNCTION tenders_programme_covers_rounds();

CREATE OR REPLACE FUNCTION tenders_application_open_parts(app tenders_application) RETURNS jsonb AS $$
    SELECT CASE
        WHEN app.state = 'draft' THEN '["attachments", "budget", "contact", "plan"]'::jsonb
        WHEN app.state = 'information_requested' THEN app.reopened_parts
        ELSE '[]'::jsonb
    END;
$$ LANGUAGE sql STABLE;

CREATE OR REPLACE FUNCTION tenders_application_content_frozen() RETURNS trigger AS $$
DECLARE
    open_parts jsonb := tenders_application_open_parts(OLD);
BEGIN
    IF (NEW.summary, NEW.plan, NEW.expected_reach) IS DISTINCT FROM (OLD.summary, OLD.plan, OLD.expected_reach)
       AND NOT open_parts @> '["plan"]' THEN
        RAISE EXCEPTION 'the plan of submitted application % is read-only', OLD.id;
    END IF;
    IF NEW.requested_amount IS DISTINCT FROM OLD.requested_amount AND NOT open_parts @> '["budget"]' THEN
        RAISE EXCEPTION 'the requested amount of submitted application % is read-only', OLD.id;
    END IF;
    IF (NEW.starts_on, NEW.ends_on) IS DISTINCT FROM (OLD.starts_on, OLD.ends_on)
       AND NOT open_parts @> '["contact"]' THEN
        RAISE EXCEPTION 'the period of submitted application % is read-only', OLD.id;
    END IF;
    IF (NEW.round_id, NEW.organisation_id) IS DISTINCT FROM (OLD.round_id, OLD.organisation_id)
       AND OLD.state <> 'draft' THEN
        RAISE EXCEPTION 'submitted application % cannot move', OLD.id;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER tenders_application_content_frozen BEFORE UPDATE ON tenders_application
    FOR EACH ROW EXECUTE FUNCTION tenders_application_content_frozen();

CREATE OR REPLACE FUNCTION tenders_application_part_frozen() RETURNS trigger AS $$
DECLARE
    row_ record;
    app tenders_application;
    part text := CASE TG_TABLE_NAME WHEN 'tenders_budgetline' THEN 'budget' ELSE 'attachments' END;
BEGIN
    IF TG_OP = 'DELETE' THEN row_ := OLD; ELSE row_ := NEW; END IF;
    IF current_setting('tenders.loading', true) = 'on' THEN
        RETURN row_;  -- a bulk load of applications already past submission (the benchmark data)
    END IF;
    IF TG_TABLE_NAME = 'tenders_attachment' AND TG_OP = 'INSERT' THEN
        IF to_jsonb(NEW) ->> 'kind' = 'report' THEN
            RETURN NEW;  -- accountability documents are not the application's content
        END IF;
    END IF;
    SELECT * INTO app FROM tenders_application WHERE id = row_.application_id;
    IF app.id IS NULL OR tenders_application_open_parts(app) @> jsonb_build_array(part) THEN
        RETURN row_;
    END IF;
    RAISE EXCEPTION '% of submitted application % are read-only', TG_TABLE_NAME, app.id;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER tenders_budgetline_frozen BEFORE INSERT OR UPDATE OR DELETE ON tenders_budgetline
    FOR EACH ROW EXECUTE FUNCTION tenders_application_part_frozen();
CREATE TRIGGER tenders_attachment_frozen BEFORE INSERT OR UPDATE OR DELETE ON tenders_attachment
    FOR EACH ROW EXECUTE FUNCTION tenders_application_part_frozen();
"""
DROP_GUARDS = """
DROP TRIGGER IF EXISTS tenders_attachment_frozen ON tenders_attachment;
DROP TRIGGER IF EXISTS tenders_budgetline_frozen ON tenders_budgetline;
DROP FUNCTION IF EXISTS tenders_application_part_frozen();
DROP TRIGGER IF EXISTS tenders_application_content_frozen ON tenders_application;
DROP FUNCTION IF EXISTS tenders_application_content_frozen();
DROP FUNCTION IF EXISTS tenders_application_open_parts(tenders_application);
DROP TRIGGER IF EXISTS tenders_programme_covers_rounds ON tenders_programme;
DROP FUNCTION IF EXISTS tenders_programme_covers_rounds();
DROP TRIGGER IF EXISTS tenders_round_within_budget ON tenders_round;
DROP FUNCTION IF EXISTS tenders_round_within_budget();
DROP TRIGGER IF EXISTS tenders_round_rules_frozen ON tenders_round;
DROP FUNCTION IF EXISTS tenders_round_rules_frozen();
"""


def add_guards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(GUARDS, params=None)


def drop_guards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_GUARDS, params=None)


def fix_decision_terms(apps, schema_editor):
    """Rounds published before the term was a rule of the round keep the term they were published under."""
    Round = apps.get_model("tenders", "Round")
    Round.objects.filter(published_at__isnull=False, decision_term_weeks__isnull=True).update(
        decision_term_weeks=settings.DECISION_TERM_WEEKS
    )


class Migration(migrations.Migration):

    dependencies = [
        ('tenders', '0010_payment_batches'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='RoundAmendment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('reason', models.TextField(verbose_name='reason')),
                ('changes', models.JSONField(verbose_name='changes')),
                ('published_at', models.DateTimeField(verbose_name='published at')),
            ],
            options={
                'verbose_name': 'amendment of the rules',
                'verbose_name_plural': 'amendments of the rules',
                'ordering': ['round', 'published_at', 'pk'],
            },
        ),
        migrations.AddField(
            model_name='round',
            name='applications_per_organisation',
            field=models.PositiveSmallIntegerField(default=1, help_text='How many applications one organisation may submit in this round; withdrawn ones do not count.', validators=[django.core.validators.MinValueValidator(1)], verbose_name='applications per organisation'),
        ),
        migrations.AddField(
            model_name='round',
            name='decision_term_weeks',
            field=models.PositiveSmallIntegerField(blank=True, help_text="Awb 4:13: weeks after closing (tender) or after complete submission (first come). Empty: the municipality's default, fixed at publication.", null=True, validators=[django.core.validators.MinValueValidator(1)], verbose_name='decision term (weeks)'),
        ),
        migrations.AddField(
            model_name='round',
            name='drafts_before_opening',
            field=models.BooleanField(default=False, help_text='Submission is possible only between opening and closing, whatever this says.', verbose_name='drafts may be started before opening'),
        ),
        migrations.AlterField(
            model_name='round',
            name='published_at',
            field=models.DateTimeField(blank=True, help_text='From publication on, everything applicants rely on is frozen; a change is a published amendment.', null=True, verbose_name='published at'),
        ),
        migrations.RunPython(fix_decision_terms, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='round',
            constraint=models.CheckConstraint(condition=models.Q(('applications_per_organisation__gte', 1)), name='round_allows_an_application'),
        ),
        migrations.AddConstraint(
            model_name='round',
            constraint=models.CheckConstraint(condition=models.Q(('published_at__isnull', True), ('decision_term_weeks__isnull', False), _connector='OR'), name='round_published_has_decision_term'),
        ),
        migrations.AddField(
            model_name='roundamendment',
            name='published_by',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='published by'),
        ),
        migrations.AddField(
            model_name='roundamendment',
            name='round',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='amendments', to='tenders.round', verbose_name='round'),
        ),
        InstallTriggers(tables=['tenders_roundamendment']),
        migrations.RunPython(add_guards, drop_guards),
    ]

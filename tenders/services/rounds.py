"""Rounds: the programme budget is never over-allocated, and published rules are frozen (Awb 4:25)."""

from contextlib import contextmanager
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from maastricht_inclusie.money import euro

from ..ledger import regular_committed
from ..models import Programme, Round, RoundAmendment

# Everything an applicant relies on (Awb 4:25–4:27): frozen from publication on, changed only by an amendment.
# The criteria and their weights are frozen with them (the admin's inline and amend_round() say so), and so are
# the programme's reporting tiers once one of its rounds is published.
FROZEN_FIELDS = (
    "opens_at", "closes_at", "ceiling", "minimum_amount", "maximum_amount", "allocation_method",
    "advance_percentage", "report_due_weeks", "minimum_total_score", "decision_term_weeks",
    "applications_per_organisation", "drafts_before_opening", "assessment_method", "allows_partial_grants",
    "objection_reserve", "tie_rule",
)  # fmt: skip


def _ceilings_of_others(round_: Round) -> Decimal:
    return (
        Round.objects.filter(programme_id=round_.programme_id)
        .exclude(pk=round_.pk)
        .aggregate(total=Sum("ceiling"))
    )["total"] or Decimal("0")


def _check_budget(round_: Round) -> None:
    budget = Programme.objects.get(pk=round_.programme_id).total_budget
    others = _ceilings_of_others(round_)
    if round_.ceiling is not None and others + round_.ceiling > budget:
        raise ValidationError(
            {
                "ceiling": _(
                    "The ceilings of the rounds would add up to more than the programme budget of %(budget)s; "
                    "at most %(left)s is left for this round."
                )
                % {"budget": euro(budget), "left": euro(budget - others)}
            }
        )
    if round_.pk:
        committed = regular_committed(round_)
        if round_.ceiling is not None and round_.ceiling < committed:
            raise ValidationError(
                {"ceiling": _("%(committed)s is already committed in this round; the ceiling cannot be lower.")
                 % {"committed": euro(committed)}}
            )  # fmt: skip


def validate_round(round_: Round) -> None:
    """Check a new or changed round against its programme; call inside a transaction that locks the programme."""
    if round_.programme_id is None:
        return
    _check_budget(round_)
    if round_.pk:
        stored = Round.objects.get(pk=round_.pk)
        if stored.is_published:
            changed = [name for name in FROZEN_FIELDS if getattr(stored, name) != getattr(round_, name)]
            if stored.programme_id != round_.programme_id:
                changed.append("programme")
            if changed:
                message = _("The round is published: this rule is frozen. A change is a published amendment.")
                raise ValidationError(dict.fromkeys(changed, message))


@transaction.atomic
def save_round(*, round_: Round) -> Round:
    """Create or change a round, with the programme row locked so two edits cannot both over-allocate."""
    if round_.programme_id:
        Programme.objects.select_for_update().get(pk=round_.programme_id)
    validate_round(round_)
    round_.full_clean()
    round_.save()
    return round_


def validate_programme(programme: Programme) -> None:
    """The budget covers the ceilings of the programme's rounds; the reporting tiers are frozen once a round is
    published (applicants rely on them). Call with the programme row locked."""
    if not programme.pk:
        return
    ceilings = Round.objects.filter(programme=programme).aggregate(total=Sum("ceiling"))["total"] or Decimal(
        "0"
    )
    errors = {}
    if programme.total_budget is not None and programme.total_budget < ceilings:
        errors["total_budget"] = _(
            "The rounds of this programme have ceilings of %(ceilings)s together; the budget cannot be lower."
        ) % {"ceilings": euro(ceilings)}
    stored = Programme.objects.get(pk=programme.pk)
    published = Round.objects.filter(programme=programme, published_at__isnull=False).exists()
    if published and stored.reporting_tiers != programme.reporting_tiers:
        errors["reporting_tiers"] = _(
            "A round of this programme is published: the reporting tiers applicants rely on are frozen."
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_programme(*, programme: Programme) -> Programme:
    """Create or change a programme, with its row locked, so no round's ceiling is added meanwhile."""
    if programme.pk:
        Programme.objects.select_for_update().get(pk=programme.pk)
    validate_programme(programme)
    programme.full_clean()
    programme.save()
    return programme


@transaction.atomic
def publish_round(*, round_: Round, by) -> Round:
    """Publish the round's rules; from now on everything applicants rely on is frozen (Awb 4:25–4:27).

    The decision term (Awb 4:13) is fixed now: the round's own, or the municipality's default.
    """
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    if round_.is_published:
        return round_
    if not round_.criteria.exists() and round_.is_tender:
        raise ValidationError(_("A tender round needs its assessment criteria before it is published."))
    if timezone.now() >= round_.opens_at:
        raise ValidationError(_("The rules must be published before the round opens."))
    round_.published_at = timezone.now()
    round_.decision_term_weeks = round_.decision_term_weeks or settings.DECISION_TERM_WEEKS
    round_.save(update_fields=["published_at", "decision_term_weeks"])
    return round_


@contextmanager
def _amending():
    """Tell the database's guard that this transaction publishes an amendment (PostgreSQL)."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('tenders.amending', 'on', true)")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('tenders.amending', 'off', true)")


@contextmanager
def loading_submitted_content():
    """Let a bulk load (the benchmark and demo data) write budget lines and documents of applications already past
    submission, and the criteria of rounds it creates published, which the database otherwise refuses
    (PostgreSQL; for this connection until the block ends)."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('tenders.loading', 'on', false)")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('tenders.loading', 'off', false)")


def _plain(value):
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


@transaction.atomic
def amend_round(*, round_: Round, changes: dict, reason: str, by) -> RoundAmendment:
    """Publish an amendment of a published round's rules (wijziging van de regeling), with its reason.

    A change of the rules is itself a decision of general scope that takes effect only once published (Awb 3:42);
    it is shown on the round's public page. Decisions already taken keep the rules they were taken under
    (`Round.rule_at`). Once the round has opened the ceiling is not lowered (Awb 4:28), and it never goes below
    what is committed nor above what the programme has left.
    """
    Programme.objects.select_for_update().get(pk=round_.programme_id)
    stored = Round.objects.select_for_update().get(pk=round_.pk)
    if not stored.is_published:
        raise ValidationError(_("This round is not published yet: change it directly."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the amendment; it is published with it.")})
    unknown = set(changes) - set(FROZEN_FIELDS)
    if unknown:
        raise ValidationError(
            _("These are not rules of the round: %(names)s.") % {"names": ", ".join(sorted(unknown))}
        )
    changed = {name: value for name, value in changes.items() if getattr(stored, name) != value}
    if not changed:
        raise ValidationError(_("The amendment changes nothing."))
    now = timezone.now()
    if "ceiling" in changed and changed["ceiling"] < stored.ceiling and now >= stored.opens_at:
        raise ValidationError({"ceiling": _("The round has opened: its ceiling can no longer be lowered.")})
    record = {
        name: {"old": _plain(getattr(stored, name)), "new": _plain(value)} for name, value in changed.items()
    }
    for name, value in changed.items():
        setattr(stored, name, value)
    stored.full_clean()
    _check_budget(stored)
    with _amending():
        stored.save(update_fields=list(changed))
    return RoundAmendment.objects.create(
        round=stored, reason=reason.strip(), changes=record, published_at=now, published_by=by
    )

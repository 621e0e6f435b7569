"""Rounds: the programme budget is never over-allocated, and published rules are frozen (Awb 4:25)."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from maastricht_inclusie.money import euro

from ..ledger import regular_committed
from ..models import Programme, Round

FROZEN_FIELDS = (
    "allocation_method", "assessment_method", "ceiling", "minimum_total_score", "minimum_amount", "maximum_amount",
    "allows_partial_grants", "objection_reserve",
)  # fmt: skip


def validate_round(round_: Round) -> None:
    """Check a new or changed round against its programme; call inside a transaction that locks the programme."""
    if round_.programme_id is None:
        return
    others = (
        Round.objects.filter(programme_id=round_.programme_id)
        .exclude(pk=round_.pk)
        .aggregate(total=Sum("ceiling"))
    )["total"] or Decimal("0")
    budget = Programme.objects.get(pk=round_.programme_id).total_budget
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
        stored = Round.objects.get(pk=round_.pk)
        if stored.is_published:
            changed = [name for name in FROZEN_FIELDS if getattr(stored, name) != getattr(round_, name)]
            if changed:
                raise ValidationError(
                    {
                        name: _(
                            "The round is published: its allocation method, ceiling, amounts and objection reserve are frozen."
                        )
                        for name in changed
                    }
                )


@transaction.atomic
def save_round(*, round_: Round) -> Round:
    """Create or change a round, with the programme row locked so two edits cannot both over-allocate."""
    if round_.programme_id:
        Programme.objects.select_for_update().get(pk=round_.programme_id)
    validate_round(round_)
    round_.full_clean()
    round_.save()
    return round_


@transaction.atomic
def publish_round(*, round_: Round, by) -> Round:
    """Publish the round's rules; from now on its method, ceiling and criteria cannot change."""
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    if round_.is_published:
        return round_
    if not round_.criteria.exists() and round_.is_tender:
        raise ValidationError(_("A tender round needs its assessment criteria before it is published."))
    if timezone.now() >= round_.opens_at:
        raise ValidationError(_("The rules must be published before the round opens."))
    round_.published_at = timezone.now()
    round_.save(update_fields=["published_at"])
    return round_

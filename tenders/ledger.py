"""Reading the budget ledger: a round's committed, paid and remaining money, always computed from entries."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, DecimalField, FilteredRelation, Q, Sum, Value
from django.db.models.functions import Coalesce

from .models import Application, BudgetEntry, Decision, Payment, Reclaim, Round, State
from .workflow import reachable_from

ZERO = Decimal("0")
Kind = BudgetEntry.Kind
# Money that left for the organisation: the advance, the remainder, and a reclaim paid back to it on objection.
PAID_OUT = [Kind.ADVANCE, Kind.REMAINDER, Kind.REFUND]


def _sum(kinds, **extra):
    return Coalesce(
        Sum("budget_entries__amount", filter=Q(budget_entries__kind__in=kinds, **extra)),
        Value(ZERO),
        output_field=DecimalField(max_digits=14, decimal_places=2),
    )


def with_totals(rounds):
    """Annotate rounds with ledger totals in one query; see RoundTotals for their meaning."""
    return rounds.annotate(
        committed_in=_sum([Kind.COMMITMENT]),
        released=_sum([Kind.RELEASE]),
        objection_committed=_sum([Kind.COMMITMENT], budget_entries__is_objection=True),
        objection_released=_sum([Kind.RELEASE], budget_entries__is_objection=True),
        paid_out=_sum(PAID_OUT),
        reclaimed=_sum([Kind.RECLAIM]),
    )


@dataclass
class RoundTotals:
    round: Round
    requested: Decimal
    applications: int
    grants: int
    committed: Decimal  # everything committed minus released, objections included
    regular_committed: Decimal  # without decisions on objection: this never exceeds the ceiling
    objection_committed: Decimal
    paid: Decimal  # paid out minus reclaimed
    settled: Decimal

    @property
    def reserve_used(self) -> Decimal:
        """Grants on objection are paid from the objection reserve first (Awb 4:25(3))."""
        return min(max(self.objection_committed, ZERO), self.round.objection_reserve)

    @property
    def remaining(self) -> Decimal:
        return self.round.ceiling - self.regular_committed - (self.objection_committed - self.reserve_used)

    @property
    def over_ceiling_by_objections(self) -> Decimal:
        """How far decisions on objection take the round past its ceiling (Awb 4:25(3)); zero if not."""
        return max(ZERO, self.committed - self.round.ceiling)


def regular_committed(round_: Round) -> Decimal:
    """Committed money in the round, without decisions on objection; call with the round row locked."""
    totals = BudgetEntry.objects.filter(round=round_, is_objection=False).aggregate(
        committed=Coalesce(Sum("amount", filter=Q(kind=Kind.COMMITMENT)), Value(ZERO)),
        released=Coalesce(Sum("amount", filter=Q(kind=Kind.RELEASE)), Value(ZERO)),
    )
    return totals["committed"] - totals["released"]


def objection_committed(round_: Round) -> Decimal:
    """Committed money in the round by decisions on objection; call with the round row locked."""
    totals = BudgetEntry.objects.filter(round=round_, is_objection=True).aggregate(
        committed=Coalesce(Sum("amount", filter=Q(kind=Kind.COMMITMENT)), Value(ZERO)),
        released=Coalesce(Sum("amount", filter=Q(kind=Kind.RELEASE)), Value(ZERO)),
    )
    return totals["committed"] - totals["released"]


def remaining(round_: Round) -> Decimal:
    """What is left under the ceiling for regular grants: decisions on objection take their money from the
    objection reserve first, and only what goes beyond it from under the ceiling (Awb 4:25(3))."""
    beyond_reserve = max(ZERO, objection_committed(round_) - round_.objection_reserve)
    return round_.ceiling - regular_committed(round_) - beyond_reserve


def reserve_left(round_: Round) -> Decimal:
    return max(ZERO, round_.objection_reserve - objection_committed(round_))


def room_on_objection(round_: Round) -> Decimal:
    """What a decision on objection may still commit: the reserve left plus what is left under the ceiling."""
    return reserve_left(round_) + max(ZERO, remaining(round_))


def committed_for(application: Application) -> Decimal:
    totals = BudgetEntry.objects.filter(application=application).aggregate(
        committed=Coalesce(Sum("amount", filter=Q(kind=Kind.COMMITMENT)), Value(ZERO)),
        released=Coalesce(Sum("amount", filter=Q(kind=Kind.RELEASE)), Value(ZERO)),
    )
    return totals["committed"] - totals["released"]


def paid_for(application: Application) -> Decimal:
    totals = BudgetEntry.objects.filter(application=application).aggregate(
        paid=Coalesce(Sum("amount", filter=Q(kind__in=PAID_OUT)), Value(ZERO)),
        reclaimed=Coalesce(Sum("amount", filter=Q(kind=Kind.RECLAIM)), Value(ZERO)),
    )
    return totals["paid"] - totals["reclaimed"]


# A grant stays a grant through payment, reporting and settlement.
GRANTED_STATES = sorted(reachable_from(State.GRANTED, State.PARTIALLY_GRANTED))


def programme_overview(programme) -> list[RoundTotals]:
    """Per round: ceiling, requested, committed, paid, settled, remaining — in two queries whatever the size."""
    return programmes_overview([programme]).get(programme.pk, [])


def programmes_overview(programmes) -> dict[int, list[RoundTotals]]:
    """programme_overview() for several programmes at once, still in two queries."""
    ids = [p.pk for p in programmes]
    rounds = list(with_totals(Round.objects.filter(programme__in=ids)).order_by("programme", "number"))
    applications = {
        row["round"]: row
        for row in Application.objects.filter(round__programme__in=ids)
        .exclude(state__in=[State.DRAFT, State.WITHDRAWN])
        # At most one current settlement per application (a reopened one is history): no row counted twice.
        .annotate(current=FilteredRelation("settlements", condition=Q(settlements__reopened_at__isnull=True)))
        .values("round")
        .annotate(
            requested=Coalesce(Sum("requested_amount"), Value(ZERO)),
            count=Count("pk"),
            grants=Count("pk", filter=Q(state__in=GRANTED_STATES)),
            settled=Coalesce(Sum("current__final_amount"), Value(ZERO)),
        )
    }
    result: dict[int, list[RoundTotals]] = {pk: [] for pk in ids}
    for round_ in rounds:
        row = applications.get(round_.pk, {})
        committed = round_.committed_in - round_.released
        objection = round_.objection_committed - round_.objection_released
        result[round_.programme_id].append(
            RoundTotals(
                round=round_,
                requested=row.get("requested", ZERO),
                applications=row.get("count", 0),
                grants=row.get("grants", 0),
                committed=committed,
                regular_committed=committed - objection,
                objection_committed=objection,
                paid=round_.paid_out - round_.reclaimed,
                settled=row.get("settled", ZERO),
            )
        )
    return result


@dataclass(frozen=True)
class ApplicationMoney:
    """The money of one application as its applicant sees it: what was granted, what reached them, what was
    settled, and what is still on its way to them or still owed by them."""

    granted: Decimal  # the amount of the latest decision (a decision on objection replaces the original)
    paid: Decimal  # paid to them and booked, minus what they paid back
    settled: Decimal | None  # the current settlement's amount; None before settlement
    to_be_paid: Decimal  # payments ordered and not yet paid
    owed: Decimal  # open reclaims


def money_for(application: Application) -> ApplicationMoney:
    # A decision on objection that kept the decision in force (or changed only the reclaim) grants nothing itself.
    decision = (
        application.decisions.exclude(outcome__in=Decision.KEEPS_DECISION)
        .order_by("-decided_at", "-pk")
        .first()
    )
    settlement = application.settlements.filter(reopened_at__isnull=True).first()
    return ApplicationMoney(
        granted=decision.granted_amount if decision else ZERO,
        paid=paid_for(application),
        settled=settlement.final_amount if settlement else None,
        to_be_paid=application.payments.exclude(status=Payment.Status.PAID).aggregate(
            total=Coalesce(Sum("amount"), Value(ZERO))
        )["total"],
        owed=application.reclaims.filter(status=Reclaim.Status.OPEN).aggregate(
            total=Coalesce(Sum("amount"), Value(ZERO))
        )["total"],
    )

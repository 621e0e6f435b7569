"""The one allocation of a round's ceiling over its ranked applications (Awb 4:25–4:27).

Every reader of a ranking uses `allocate()`: the ranking pages (staff and portal), their summary, the export,
the decisions the round decision proposes and the check in `decide()` that a grant follows the ranking. It
works on plain values only, so it can be tested on its own and cached.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

ZERO = Decimal("0")

TIE_BREAK_RULE = _(
    "Applications with the same total score are ranked by the moment they became complete: earlier ranks higher. "
    "If that is equal too, the earlier reference ranks higher."
)
FIRST_CRITERION_TIE_RULE = _(
    "Applications with the same total score are ranked by their score on the first criterion: higher ranks "
    "higher. If that is equal too, the one that became complete earlier ranks higher, then the earlier reference."
)
# The round's tie rule (Round.TieRule) → the rule as the round's pages write it.
TIE_RULES = {"complete_first": TIE_BREAK_RULE, "first_criterion": FIRST_CRITERION_TIE_RULE}
PARTIAL_RULE = _(
    "Applications are funded in ranking order until the ceiling. The application where the ceiling falls is "
    "granted the rest, if that is at least the minimum amount; the applications after it are refused."
)
NEXT_THAT_FITS_RULE = _(
    "Applications are funded in ranking order until the ceiling. This round makes no partial grants: an "
    "application that no longer fits is refused, and the next one that still fits within the ceiling is funded."
)

FUNDING_LABELS = {
    "full": _("in full"),
    "partial": _("in part"),
    "none": _("no: ceiling reached"),
    "refused": _("refused on other grounds"),
    "below_minimum": _("not ranked: below the minimum score"),
}


@dataclass(frozen=True)
class RankingRow:
    """One application's place in a round's ranking, as every reader sees it. Plain values, no model instances,
    so a cached page is cheap to read."""

    application_id: int
    reference: str
    title: str
    organisation: str
    requested_amount: Decimal | None
    complete_at: datetime
    position: int | None = None  # None: not ranked (below the minimum score)
    total: Decimal | None = None  # the average weighted score; None in a first-come round
    first_score: Decimal | None = None  # the score on the first criterion (the tie rule may use it)
    funding: str = ""  # a key of FUNDING_LABELS
    fundable_amount: Decimal = ZERO
    decided_amount: Decimal | None = None  # the original decision's amount; None while undecided

    @property
    def funding_label(self):
        return FUNDING_LABELS.get(self.funding, "")

    @property
    def is_decided(self) -> bool:
        return self.decided_amount is not None


@dataclass(frozen=True)
class Rules:
    """What a round's published regulation says about allocation."""

    ceiling: Decimal
    is_tender: bool = True
    minimum_total: Decimal = ZERO
    minimum_amount: Decimal = ZERO
    allows_partial: bool = True
    tie_rule: str = "complete_first"  # a key of TIE_RULES

    @classmethod
    def of(cls, round_) -> "Rules":
        return cls(
            ceiling=round_.ceiling,
            is_tender=round_.is_tender,
            minimum_total=round_.minimum_total_score,
            minimum_amount=round_.minimum_amount,
            allows_partial=round_.allows_partial_grants,
            tie_rule=round_.tie_rule,
        )

    @property
    def written_rule(self):
        return PARTIAL_RULE if self.allows_partial else NEXT_THAT_FITS_RULE


def order(
    rows: Iterable[RankingRow], *, is_tender: bool, tie_rule: str = "complete_first"
) -> list[RankingRow]:
    """Tender: by total score, ties by the round's tie rule (TIE_RULES). First come, first served: by the moment
    of completeness."""
    if not is_tender:
        return sorted(rows, key=lambda r: (r.complete_at, r.reference))
    if tie_rule == "first_criterion":
        return sorted(
            rows, key=lambda r: (-(r.total or ZERO), -(r.first_score or ZERO), r.complete_at, r.reference)
        )
    return sorted(rows, key=lambda r: (-(r.total or ZERO), r.complete_at, r.reference))


def _fund(requested: Decimal, remaining: Decimal, rules: Rules) -> tuple[str, Decimal]:
    if requested <= remaining:
        return "full", requested
    if rules.allows_partial and remaining > 0 and remaining >= rules.minimum_amount:
        return "partial", remaining
    return "none", ZERO


def allocate(rows: Iterable[RankingRow], rules: Rules) -> Iterator[RankingRow]:
    """Rank the rows and fund them in order until the ceiling.

    A decided application keeps its place and takes what its decision granted, so money its decision left
    (a refusal on other grounds, a lower grant) goes to the next in line, and a ranking read after some
    decisions still allocates what the decisions already taken leave.
    """
    remaining, position = rules.ceiling, 0
    for row in order(rows, is_tender=rules.is_tender, tie_rule=rules.tie_rule):
        if rules.is_tender and (row.total is None or row.total < rules.minimum_total):
            yield replace(row, position=None, funding="below_minimum", fundable_amount=ZERO)
            continue
        position += 1
        funding, fundable = _fund(row.requested_amount or ZERO, remaining, rules)
        if row.is_decided:
            decided = row.decided_amount
            if decided == 0:
                funding = "none" if fundable == 0 else "refused"
            else:
                funding = "full" if decided >= (row.requested_amount or ZERO) else "partial"
            fundable = decided
        remaining -= fundable
        yield replace(row, position=position, funding=funding, fundable_amount=fundable)

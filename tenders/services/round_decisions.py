"""The round decision of a tender round: every decision at once, in ranking order, all or none (Awb 4:25–4:27)."""

import hashlib
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import translation
from django.utils.translation import gettext as _

from .. import ledger, letters, totals
from ..allocation import RankingRow, Rules
from ..models import Application, Decision, Round, State
from ..queries import ranking
from ..workflow import can
from . import binding
from .decisions import ineligibility_reasons, issue

Outcome = Decision.Outcome


@dataclass(frozen=True)
class Proposal:
    """One decision the ranking proposes: what the confirmation page shows and the round decision takes."""

    application: Application
    row: RankingRow
    amount: Decimal
    reasons: str

    @property
    def outcome(self) -> str:
        if not self.amount:
            return Outcome.REJECTED
        return (
            Outcome.GRANTED if self.amount == self.application.requested_amount else Outcome.PARTIALLY_GRANTED
        )

    @property
    def outcome_label(self) -> str:
        return Outcome(self.outcome).label


def _reasons(row: RankingRow, round_: Round) -> str:
    # The reasons go into the letter, so they are written in the portal's language, whoever proposes them.
    with translation.override(settings.LANGUAGE_CODE):
        if row.funding == "full":
            text = _("Ranked %(pos)s of the round; granted in full within the ceiling.")
        elif row.funding == "partial":
            text = _("Ranked %(pos)s; the ceiling allows only part of the requested amount (Awb 4:25).")
        elif row.funding == "none":
            text = _("Ranked %(pos)s; the subsidy ceiling of the round has been reached (Awb 4:25(2)).")
        else:
            text = _("The total score %(total)s is below the round's minimum of %(minimum)s.")
        return text % {"pos": row.position, "total": row.total, "minimum": round_.minimum_total_score}


def propose_round_decisions(round_: Round) -> list[Proposal]:
    """For a tender round: the decisions the ranking proposes for the undecided applications, in ranking order,
    from totals checked against the scores first (`totals.ensure_current`)."""
    totals.ensure_current(round_)
    rows = [row for row in ranking(round_) if not row.is_decided]
    applications = Application.objects.in_bulk([row.application_id for row in rows])
    return [
        Proposal(
            application=applications[row.application_id],
            row=row,
            amount=row.fundable_amount,
            reasons=_reasons(row, round_),
        )
        for row in rows
        if can(applications[row.application_id], "decide")
    ]


def fingerprint(proposals: list[Proposal], refusals: list[Application] = ()) -> str:
    """What the officer confirmed: the round decision is taken only if the proposals, and the ineligible
    applications it refuses, are still exactly these."""
    text = ";".join(
        [f"{p.application.pk}:{p.outcome}:{p.amount}" for p in proposals]
        + [f"{a.pk}:ineligible:{ineligibility_reasons(a)}" for a in refusals]
    )
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def money_left(round_: Round, proposals: list[Proposal]) -> Decimal:
    return ledger.remaining(round_) - sum((p.amount for p in proposals), Decimal("0"))


@transaction.atomic
def decide_round(*, round_: Round, by, confirmed: str | None = None) -> list[Decision]:
    """Take every decision the ranking proposes, in ranking order: full grants, the partial grant where the ceiling
    falls (if the round allows it; otherwise the next that fits), refusals because the ceiling is reached (Awb
    4:25(2)), refusals below the minimum score; and a refusal of every ineligible application with its own reason.
    All or none, in one transaction under the round's lock. Each letter is fixed (its HTML stored) in that
    transaction; their PDFs are made from it by the worker after the commit, so the lock is held briefly.

    `confirmed` is the fingerprint of the proposals the officer saw; if the ranking changed since, nothing is decided.
    """
    round_ = Round.objects.select_for_update().select_related("programme").get(pk=round_.pk)
    if not round_.is_tender:
        raise ValidationError(_("A first-come, first-served round is decided application by application."))
    binding.ensure_round_decidable(round_)
    proposals = propose_round_decisions(round_)
    refusals = ineligible(round_, lock=True)
    if not proposals and not refusals:
        raise ValidationError(_("There are no assessed applications waiting for a decision."))
    if confirmed is not None and confirmed != fingerprint(proposals, refusals):
        raise ValidationError(_("The ranking changed since this page was opened; check the decisions again."))
    if money_left(round_, proposals) < 0:  # allocate() never proposes this; the ledger is the last word
        raise ValidationError(_("These decisions would exceed the ceiling; nothing was decided."))
    applications = (
        Application.objects.select_for_update(of=("self",))
        .select_related("organisation", "submitted_by")
        .prefetch_related(letters.with_memberships())  # the letters' addressees, read once
        .in_bulk([p.application.pk for p in proposals])
    )
    # Under the round's lock the ledger changes only by these decisions: read it once and count down.
    left, decisions = ledger.remaining(round_), []
    for p in proposals:
        decisions.append(
            issue(
                round_=round_,
                application=applications[p.application.pk],
                amount=p.amount,
                reasons=p.reasons,
                by=by,
                ceiling_reached=p.row.funding == "none",
                pdf_now=False,
                left=left,
            )
        )
        left -= p.amount
    # Ineligible applications are refused in the same decision, each with its own reason (Awb 4:35).
    return decisions + [
        issue(
            round_=round_,
            application=application,
            amount=Decimal("0"),
            reasons=ineligibility_reasons(application),
            by=by,
            pdf_now=False,
            left=left,
        )
        for application in refusals
    ]


def why_not_decidable(round_: Round) -> list[str]:
    """What stands in the way of deciding the round now (empty when nothing does)."""
    try:
        binding.ensure_round_decidable(round_)
    except ValidationError as error:
        return error.messages
    return []


def ineligible(round_: Round, *, lock: bool = False) -> list[Application]:
    """The round's applications declared ineligible and not yet refused: the round decision refuses each with its
    own reason, and the confirmation page lists them beside the other decisions."""
    undecided = ~Exists(Decision.objects.filter(application=OuterRef("pk")))
    queryset = Application.objects.filter(undecided, round=round_, state=State.INELIGIBLE)
    if lock:
        queryset = queryset.select_for_update()
    return list(queryset.order_by("reference"))


def written_rule(round_: Round):
    return Rules.of(round_).written_rule

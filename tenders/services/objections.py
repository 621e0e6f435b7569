"""Objections (bezwaar, Awb chapters 6 and 7) and the money a well-founded one may grant (Awb 4:25(3)).

Lock order, as everywhere money moves: the round, then the application, then the objection.
"""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maastricht_inclusie.deadlines import objection_deadline
from maastricht_inclusie.money import CENT, euro

from .. import ledger, letters
from ..models import Application, BudgetEntry, Decision, Objection, Reclaim, Round, Settlement, State
from ..workflow import can_transition, transition
from . import objection_outcomes as outcomes
from . import objection_procedure as procedure
from .decisions import _report_due

Outcome = Decision.Outcome
WELL_FOUNDED = (
    "well_founded"  # the decision on objection grants more (an outcome GRANTED or PARTIALLY_GRANTED)
)


def _day(moment) -> date:
    return timezone.localtime(moment).date()


def objection_term_ends(against: Decision | Settlement | Reclaim) -> date:
    """The last day to object (Awb 6:7): six weeks, starting the day after the decision was sent (Awb 6:8).

    A decision whose letter was sent counts from that sending (never ending before the term it was given at the
    decision); one without a sent letter keeps the term it was given when it was taken.
    """
    letter = letters.letter_of(against)
    if letter is None or letter.sent_at is None:
        return against.objection_deadline
    return max(against.objection_deadline, objection_deadline(letter.sent_at))


@transaction.atomic
def register_objection(
    *,
    decision: Decision | None = None,
    settlement: Settlement | None = None,
    reclaim: Reclaim | None = None,
    received_on: date,
    grounds: str,
    by,
    excused_delay: str = "",
) -> Objection:
    """Register an objection against one decision: a decision on the application, its settlement or the reclaim
    (terugvordering, Awb 4:57 — a decision of its own).

    Awb 6:7: the period is six weeks, from the day after the decision was sent (6:8; `objection_term_ends`), so
    a settlement and a reclaim each have their own term.
    Awb 7:1(1)(a): no objection against a decision on objection (nor against a reclaim lowered by one) — that is
    appeal to the court, outside the portal. Awb 6:11: a late objection is still registered; it is declared inadmissible, unless the officer
    holds the delay excusable and records why. Every objection is acknowledged (Awb 6:14, with the decision
    term of 7:10); a late one without excuse is at once declared inadmissible, with its letter.
    """
    if [decision, settlement, reclaim].count(None) != 2:
        raise ValidationError(_("Choose the one decision the objection is against."))
    against = decision or settlement or reclaim
    Application.objects.select_for_update().get(pk=against.application_id)
    if reclaim is not None:
        reclaim = Reclaim.objects.get(pk=reclaim.pk)
        if reclaim.status == Reclaim.Status.WITHDRAWN:
            raise ValidationError(_("This reclaim has been withdrawn: there is nothing left to object to."))
    if getattr(against, "on_objection_id", None):
        raise ValidationError(
            _(
                "This is a decision on an objection: it cannot be objected to again. The remedy is an appeal "
                "to the court (Rechtbank Limburg)."
            )
        )
    if received_on > timezone.localdate():
        raise ValidationError(_("The date of receipt cannot be in the future."))
    issued_on = _day(settlement.settled_at if settlement else against.decided_at)
    if received_on < issued_on:
        raise ValidationError(_("An objection cannot be received before the decision."))
    if not grounds.strip():
        raise ValidationError(_("Record the grounds of the objection."))
    term_ends = objection_term_ends(against)
    is_late = received_on > term_ends
    excused_delay = excused_delay.strip() if is_late else ""
    objection = Objection.objects.create(
        decision=decision, settlement=settlement, reclaim=reclaim, received_on=received_on, grounds=grounds.strip(),
        registered_by=by, is_late=is_late, excused_delay=excused_delay,
    )  # fmt: skip
    procedure.acknowledge(objection, objection_term_ends=term_ends)
    if is_late and not excused_delay:
        procedure.decline_late(objection, objection_term_ends=term_ends, by=by)
    return objection


@transaction.atomic
def decide_objection(
    *, objection: Objection, outcome: str = "", upheld: bool | None = None, amount: Decimal = Decimal("0"),
    reasons: str, by,
) -> Decision:  # fmt: skip
    """Decide on an objection (Awb 7:11), after the objector was heard or the hearing waived (Awb 7:2–7:3), with
    reasons (Awb 7:12): well-founded (`upheld`), unfounded or inadmissible — each a decision on objection with
    its letter and the appeal clause. Unfounded and inadmissible keep the decision in force (`decide_keeping`).

    Well-founded, what follows depends on what was objected to:
    - a reclaim: it is withdrawn or lowered to `amount`, what is still owed (`objection_outcomes.reduce_reclaim`);
    - a setting aside (Awb 4:5): it is revoked and the application is handled again, to be decided after all
      (`objection_outcomes.revoke_set_aside`); nothing is granted yet;
    - any other decision or a settlement: a new decision that grants more (`amount`; `_grant_more`)."""
    against = (
        Objection.objects.select_related("decision", "settlement", "reclaim").get(pk=objection.pk).against
    )
    round_ = (
        Round.objects.select_for_update()
        .select_related("programme")
        .get(pk=Application.objects.values("round_id").get(pk=against.application_id)["round_id"])
    )
    application = Application.objects.select_for_update().get(pk=against.application_id)
    objection = (
        Objection.objects.select_for_update(of=("self",)).select_related("decision").get(pk=objection.pk)
    )
    if objection.status != Objection.Status.PENDING:
        raise ValidationError(_("This objection has already been decided."))
    if objection.decision_id and objection.decision.on_objection_id:
        raise ValidationError(_("A decision on objection cannot be objected to; the remedy is appeal."))
    if not reasons.strip():
        raise ValidationError(_("Give the reasons for the decision on the objection."))
    procedure.require_heard(objection)
    outcome = outcome or (WELL_FOUNDED if upheld else Outcome.OBJECTION_UNFOUNDED)
    if outcome != WELL_FOUNDED:
        return procedure.decide_keeping(objection=objection, outcome=outcome, reasons=reasons, by=by)
    if objection.reclaim_id:
        return outcomes.reduce_reclaim(objection=objection, still_owed=amount, reasons=reasons, by=by)
    if objection.decision_id and objection.decision.outcome == Outcome.SET_ASIDE:
        return outcomes.revoke_set_aside(objection=objection, application=application, reasons=reasons, by=by)
    return _grant_more(round_, application, objection, amount=amount, reasons=reasons, by=by)


def _grant_more(round_: Round, application: Application, objection: Objection, *, amount, reasons: str, by):
    """Well-founded against a decision on the application or its settlement (Awb 7:11, 4:25(3)): a new decision
    that grants more, never more than was requested at submission, and only within the round's objection reserve
    plus what is left under the ceiling; booked in the ledger under the round's lock, like every grant. After
    settlement the settlement is reopened, so the officer settles again and the extra money can be paid. Call
    under the locks of `decide_objection`."""
    amount = Decimal(amount).quantize(CENT)
    committed = ledger.committed_for(application)
    if not committed < amount <= application.requested_amount:
        raise ValidationError(
            _(
                "A decision on objection grants more than now (%(now)s) and at most the requested %(requested)s."
            )
            % {"now": euro(committed), "requested": euro(application.requested_amount)}
        )
    outcomes.check_room(round_, amount - committed)
    original = application.decisions.filter(on_objection__isnull=True).first()
    now = timezone.now()
    outcome = Outcome.GRANTED if amount == application.requested_amount else Outcome.PARTIALLY_GRANTED
    decision = Decision.objects.create(
        application=application, outcome=outcome, granted_amount=amount, reasons=reasons.strip(), decided_by=by,
        decided_at=now, objection_deadline=objection_deadline(now),
        report_due_on=(original and original.report_due_on) or _report_due(application, round_),
        reporting=round_.programme.reporting_for(amount), on_objection=objection,
    )  # fmt: skip
    BudgetEntry.objects.create(
        round=round_, application=application, decision=decision, kind=BudgetEntry.Kind.COMMITMENT,
        amount=amount - committed, key=f"commit:{decision.pk}", created_by=by, is_objection=True,
    )  # fmt: skip
    objection.status = Objection.Status.UPHELD
    objection.save(update_fields=["status"])
    settled = application.settlements.filter(reopened_at__isnull=True).first()
    if settled is not None:
        settled.reopened_by, settled.reopened_at = objection, now
        settled.save(update_fields=["reopened_by", "reopened_at"])
        transition(
            application, State.SETTLEMENT_REOPENED, by=by,
            note_key="settlement_reopened", on_objection=True,
        )  # fmt: skip
    elif can_transition(application, outcome, on_objection=True):
        # A refusal or a partial grant becomes the new outcome; after payment the state stays where it is.
        transition(application, outcome, by=by, note=reasons, on_objection=True)
    # The decision on objection is a document like every decision: rendered and stored now, sent after commit.
    letters.issue_decision_letter(decision)
    return decision

"""Well-founded objections that grant nothing themselves (Awb 7:11): against a reclaim (terugvordering, Awb 4:57),
which is withdrawn or lowered, and against a setting aside (buiten behandeling stellen, Awb 4:5), which is revoked
so that the application is handled and decided after all. And the money check every grant on objection passes
(Awb 4:25(3)): the objection reserve plus what is left under the ceiling.

Called by `objections.decide_objection` under its locks: the round, the application, the objection.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from maastricht_inclusie.deadlines import deadline_after, objection_deadline
from maastricht_inclusie.money import CENT, euro

from .. import ledger, letters
from ..models import Application, Decision, Objection, Payment, Reclaim, Round, State
from ..workflow import transition

Outcome = Decision.Outcome


def check_room(round_: Round, extra: Decimal) -> None:
    """Awb 4:25(3): a decision on objection may commit more than the ceiling allows, from the objection reserve
    and what is left under the ceiling — no more. Call with the round row locked."""
    room = ledger.room_on_objection(round_)
    if extra > room:
        raise ValidationError(
            _(
                "A decision on objection may commit at most %(room)s more in this round: %(reserve)s left in "
                "the objection reserve and %(left)s under the ceiling; %(extra)s is more than that."
            )
            % {
                "room": euro(room),
                "reserve": euro(ledger.reserve_left(round_)),
                "left": euro(max(Decimal("0"), ledger.remaining(round_))),
                "extra": euro(extra),
            }
        )


def _decision(objection: Objection, application_id: int, outcome: str, reasons: str, by) -> Decision:
    now = timezone.now()
    return Decision.objects.create(
        application_id=application_id, outcome=outcome, granted_amount=0, reasons=reasons.strip(), decided_by=by,
        decided_at=now, objection_deadline=objection_deadline(now), on_objection=objection,
    )  # fmt: skip


def _upheld(objection: Objection) -> None:
    objection.status = Objection.Status.UPHELD
    objection.save(update_fields=["status"])


def reduce_reclaim(*, objection: Objection, still_owed, reasons: str, by) -> Decision:
    """Awb 7:11 against a reclaim (Awb 4:57): the objection is well-founded, the reclaim is withdrawn (nothing still
    owed) or lowered to `still_owed`, less than it is now. A decision on objection with its letter (appeal clause).

    - An open reclaim is withdrawn; if an amount is still owed, a reclaim of that amount replaces it, with its own
      payment reference and term to pay (it is part of the decision on objection: appeal, no objection).
    - A reclaim already paid back stays paid (its ledger entry is history); what it took too much is paid back
      to the organisation: a due REFUND payment, booked in the ledger when the payment batch pays it.
    - A reclaim written off is not collected any more: there is nothing to withdraw or lower (refused).
    What the organisation keeps stays paid out, like a write-off: the settlement and the round's commitments do
    not change (tenders/models/reclaim.py)."""
    reclaim = Reclaim.objects.select_for_update().select_related("application").get(pk=objection.reclaim_id)
    if reclaim.status == Reclaim.Status.WITHDRAWN:
        raise ValidationError(_("This reclaim has been withdrawn: there is nothing left to object to."))
    if reclaim.status == Reclaim.Status.WRITTEN_OFF:
        raise ValidationError(
            _("This reclaim was written off: nothing is collected, so there is nothing to withdraw or lower.")
        )
    still_owed = Decimal(still_owed or 0).quantize(CENT)
    if not 0 <= still_owed < reclaim.amount:
        raise ValidationError(
            _(
                "A well-founded objection against the reclaim lowers it: what is still to be paid back is at "
                "least %(zero)s and less than the %(amount)s reclaimed now."
            )
            % {"zero": euro(0), "amount": euro(reclaim.amount)}
        )
    decision = _decision(objection, reclaim.application_id, Outcome.RECLAIM_REDUCED, reasons, by)
    now = decision.decided_at
    if reclaim.status == Reclaim.Status.OPEN:
        reclaim.status, reclaim.closed_by, reclaim.closed_at = Reclaim.Status.WITHDRAWN, by, now
        reclaim.save(update_fields=["status", "closed_by", "closed_at"])
        if still_owed:
            Reclaim.objects.create(
                on_objection=objection, application=reclaim.application, amount=still_owed,
                due_on=deadline_after(now, weeks=settings.RECLAIM_WEEKS),
                payment_reference=f"TB-{objection.pk}-{reclaim.application.reference}"[:35],
                decided_by=by, decided_at=now, objection_deadline=objection_deadline(now),
            )  # fmt: skip
    elif reclaim.status == Reclaim.Status.PAID:
        Payment.objects.create(
            application=reclaim.application, kind=Payment.Kind.REFUND, amount=reclaim.amount - still_owed,
            reclaim=reclaim, ordered_by=by,
        )  # fmt: skip
    _upheld(objection)
    letters.issue_decision_letter(decision)
    return decision


def revoke_set_aside(*, objection: Objection, application: Application, reasons: str, by) -> Decision:
    """Awb 7:11 against a setting aside (Awb 4:5): the objection is well-founded, the setting aside is revoked and
    the application is handled again (set aside → submitted, a change only a decision on objection makes). Nothing
    is granted or booked now: the application is checked, assessed and decided after all, by a decision that is
    part of this decision on objection (`decisions.decide`: it counts against the objection reserve plus what is
    left, like every grant on objection). Its letter says so, with the appeal clause."""
    decision = _decision(objection, application.pk, Outcome.SET_ASIDE_REVOKED, reasons, by)
    _upheld(objection)
    transition(application, State.SUBMITTED, by=by, note_key="set_aside_revoked", on_objection=True)
    letters.issue_decision_letter(decision)
    return decision


def revoked_set_aside(application: Application) -> Decision | None:
    """The decision on objection that revoked the application's setting aside, if one did and no decision on the
    application followed it yet: the application is to be decided after all, as part of that decision."""
    revoked = application.decisions.filter(outcome=Outcome.SET_ASIDE_REVOKED).order_by("-pk").first()
    if revoked is None:
        return None
    later = application.decisions.filter(pk__gt=revoked.pk).exclude(outcome__in=Decision.KEEPS_DECISION)
    return None if later.exists() else revoked

"""Settlement (vaststelling, Awb 4:42–4:47) as a decision with its letter, and the reclaim it may bring (Awb 4:57).

Lock order, as everywhere money moves: the round, then the application (then the organisation).
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maastricht_inclusie.deadlines import deadline_after, objection_deadline
from maastricht_inclusie.money import CENT, euro

from .. import ledger, settlement_letters
from ..models import AccountabilityReport, Application, BudgetEntry, Payment, Reclaim, Settlement, State
from ..workflow import can, transition
from .decisions import _book, _check_bank_account, _lock, _lock_round, current_decision

Kind = BudgetEntry.Kind


def _check_settleable(application: Application) -> None:
    if application.settlements.filter(reopened_at__isnull=True).exists():
        raise ValidationError(_("%(ref)s has already been settled.") % {"ref": application.reference})
    # What was paid is what the ledger booked: a payment still on its way would make the difference guesswork.
    # Said first, as the reason: an advance ordered and not yet paid also keeps the workflow from settling.
    if application.payments.exclude(status=Payment.Status.PAID).exists():
        raise ValidationError(
            _("A payment to this organisation has not been paid yet; settle once finance has paid it.")
        )
    decision = current_decision(application)
    # Settled after the report, or straight after the advance when the decision asks for no report.
    needs_report = decision is None or decision.reporting != "none"
    if not can(application, "settle") or (needs_report and not application.reports.exists()):
        raise ValidationError(_("This application cannot be settled now."))


@transaction.atomic
def settle(*, application: Application, final_amount: Decimal, by, note: str = "") -> Settlement:
    """Vaststelling (Awb 4:46): fix the final amount by a decision with its letter. What is not needed is released
    from the round; a remainder becomes a due payment (it leaves in a payment batch); too much paid becomes a
    reclaim (Awb 4:57), its own decision, booked in the ledger only when the money comes back.

    Below the grant the reasons are mandatory (Awb 3:46): the organisation must be able to see why it gets less.
    """
    _lock_round(application)
    application = _lock(application)
    _check_settleable(application)
    final_amount = Decimal(final_amount).quantize(CENT)
    committed = ledger.committed_for(application)
    if not 0 <= final_amount <= committed:
        raise ValidationError(
            _("The final amount must be between %(zero)s and the granted %(granted)s.")
            % {"zero": euro(0), "granted": euro(committed)}
        )
    note = note.strip()
    if final_amount < committed and not note:
        raise ValidationError(
            _(
                "Give the reasons for settling below the granted amount; the organisation reads them in the letter."
            )
        )
    # A reclaim of a settlement reopened on objection is replaced by this settlement, which counts from what was
    # paid (a reclaim paid back is in the ledger; an open one never was).
    application.reclaims.filter(status=Reclaim.Status.OPEN).update(
        status=Reclaim.Status.WITHDRAWN, closed_by=by, closed_at=timezone.now()
    )
    paid = ledger.paid_for(application)
    if final_amount > paid:
        _check_bank_account(application)
    settlement = Settlement.objects.create(
        application=application, final_amount=final_amount, note=note, settled_by=by
    )
    # Keyed by settlement: a settlement reopened on objection is followed by another one.
    if final_amount < committed:
        _book(application=application, kind=Kind.RELEASE, amount=committed - final_amount,
              key=f"settle-release:{application.pk}:{settlement.pk}", by=by)  # fmt: skip
    reclaim = None
    if final_amount > paid:
        Payment.objects.create(application=application, kind=Payment.Kind.REMAINDER, amount=final_amount - paid,
                               ordered_by=by)  # fmt: skip
    elif final_amount < paid:
        reclaim = _reclaim(settlement, amount=paid - final_amount, by=by)
    report = application.reports.first()
    if report:
        report.review = AccountabilityReport.Review.ACCEPTED
        report.save(update_fields=["review"])
    transition(application, State.SETTLED, by=by, note=note)
    # The reclaim's letter is issued first, so that the settlement's letter can name it.
    if reclaim is not None:
        settlement_letters.issue_reclaim_letter(reclaim, granted=committed, paid=paid)
    settlement_letters.issue_settlement_letter(settlement, granted=committed, paid=paid, reclaim=reclaim)
    return settlement


def _reclaim(settlement: Settlement, *, amount: Decimal, by) -> Reclaim:
    """Terugvordering (Awb 4:57): a decision of its own, with a term to pay (RECLAIM_WEEKS from the letter's date),
    the municipality's account and a payment reference to recognise the money by."""
    now = timezone.now()
    application = settlement.application
    return Reclaim.objects.create(
        settlement=settlement, application=application, amount=amount,
        due_on=deadline_after(now, weeks=settings.RECLAIM_WEEKS),
        payment_reference=f"TV-{settlement.pk}-{application.reference}"[:35],
        decided_by=by, decided_at=now, objection_deadline=objection_deadline(now),
    )  # fmt: skip

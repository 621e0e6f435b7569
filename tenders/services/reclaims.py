"""A reclaim (terugvordering, Awb 4:57) after it was decided: the money received, or written off.

The RECLAIM ledger entry is booked when the money is received, never before; a write-off books nothing (see
tenders/models/reclaim.py for what that means in the ledger). Lock order: the round, the application, the reclaim.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Application, BudgetEntry, Reclaim, Round


def _lock(reclaim: Reclaim) -> Reclaim:
    application = Application.objects.only("round_id").get(pk=reclaim.application_id)
    Round.objects.select_for_update().get(pk=application.round_id)
    Application.objects.select_for_update().get(pk=application.pk)
    reclaim = Reclaim.objects.select_for_update().get(pk=reclaim.pk)
    if not reclaim.is_open:
        raise ValidationError(
            _("This reclaim is no longer open: it was %(status)s.") % {"status": reclaim.get_status_display()}
        )
    return reclaim


@transaction.atomic
def record_reclaim_paid(*, reclaim: Reclaim, received_on: date, by) -> Reclaim:
    """The organisation paid the reclaimed amount back: book it in the ledger as received (Awb 4:57)."""
    reclaim = _lock(reclaim)
    if received_on > timezone.localdate():
        raise ValidationError(_("The date of receipt cannot be in the future."))
    if received_on < timezone.localtime(reclaim.decided_at).date():
        raise ValidationError(_("The money cannot have been received before the reclaim was decided."))
    application = reclaim.application
    reclaim.entry = BudgetEntry.objects.create(
        round_id=application.round_id, application=application, kind=BudgetEntry.Kind.RECLAIM,
        amount=reclaim.amount, key=f"reclaim-received:{reclaim.pk}", created_by=by,
    )  # fmt: skip
    reclaim.status, reclaim.received_on = Reclaim.Status.PAID, received_on
    reclaim.closed_by, reclaim.closed_at = by, timezone.now()
    reclaim.save()
    return reclaim


@transaction.atomic
def write_off_reclaim(*, reclaim: Reclaim, reason: str, by) -> Reclaim:
    """Give up collecting the reclaim (e.g. the organisation was dissolved), with the reason on record. Nothing
    is booked: the money stays paid out, and the loss is recorded on the reclaim."""
    reclaim = _lock(reclaim)
    if not reason.strip():
        raise ValidationError(_("Give the reason for writing the reclaim off."))
    reclaim.status, reclaim.write_off_reason = Reclaim.Status.WRITTEN_OFF, reason.strip()
    reclaim.closed_by, reclaim.closed_at = by, timezone.now()
    reclaim.save()
    return reclaim

"""A reclaim (terugvordering, Awb 4:57) after it was decided: the money received, or written off.

The RECLAIM ledger entry is booked when the money is received, never before; a write-off books nothing (see
tenders/models/reclaim.py for what that means in the ledger). Lock order: the round, the application, the reclaim.
"""

from datetime import date
from decimal import Decimal

from defusedxml import ElementTree as ET
from defusedxml.common import DefusedXmlException
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


CAMT = "{urn:iso:std:iso:20022:tech:xsd:camt.053.001.02}"


def _credits(statement: bytes) -> list[tuple[str, Decimal]]:
    """Every incoming transfer on a camt.053 statement: its remittance text (free or structured) and amount."""
    try:
        root = ET.fromstring(statement)
    except (ET.ParseError, DefusedXmlException) as error:
        raise ValidationError(_("This is not a bank statement in camt.053 format.")) from error
    if not root.tag.startswith(CAMT):
        raise ValidationError(_("This is not a bank statement in camt.053 format."))
    found = []
    for entry in root.iter(f"{CAMT}Ntry"):
        direction = entry.findtext(f"{CAMT}CdtDbtInd")
        if direction not in (None, "CRDT"):
            continue
        for details in entry.iter(f"{CAMT}TxDtls"):
            amount = details.findtext(f"{CAMT}AmtDtls/{CAMT}TxAmt/{CAMT}Amt") or entry.findtext(f"{CAMT}Amt")
            texts = [t.text or "" for t in details.iter() if t.tag in (f"{CAMT}Ustrd", f"{CAMT}Ref")]
            if amount:
                found.append((" ".join(texts), Decimal(amount)))
    return found


def match_reclaims(*, statement: bytes, by, on: date | None = None) -> list[Reclaim]:
    """Record as paid every open reclaim whose payment reference and amount an incoming transfer shows."""
    credits = _credits(statement)
    matched = []
    for reclaim in Reclaim.objects.filter(status=Reclaim.Status.OPEN).order_by("pk"):
        if any(reclaim.payment_reference in text and amount == reclaim.amount for text, amount in credits):
            matched.append(
                record_reclaim_paid(reclaim=reclaim, received_on=on or timezone.localdate(), by=by)
            )
    return matched

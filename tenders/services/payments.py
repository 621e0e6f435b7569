"""Payment batches: due payments leave as one SEPA credit transfer file (pain.001.001.03) for finance,
prepared by one officer and approved by a second (four eyes), then marked paid or matched on the bank
statement (camt.053) by their end-to-end id.

Lock order: the payments (by primary key), then the batch; a paid advance then locks its application, which it
moves to "advance paid". A payment is taken into a batch only while it is due and in no batch, under its row lock,
so two officers preparing batches at once never both take it.
"""

from datetime import date
from decimal import Decimal

from defusedxml import ElementTree as ET
from defusedxml.common import DefusedXmlException
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from sepaxml import SepaTransfer

from initiatives.models import Organisation

from ..models import BudgetEntry, Payment, PaymentBatch
from .decisions import advance_paid, current_decision

Status = Payment.Status


@transaction.atomic
def prepare_batch(*, payments: list[int], by) -> PaymentBatch:
    """Put due payments into a new batch; each goes to its organisation's verified bank account."""
    if not payments:
        raise ValidationError(_("Choose at least one due payment."))
    locked = list(
        Payment.objects.select_for_update(of=("self",))
        .select_related("application")
        .filter(pk__in=payments)
        .order_by("pk")
    )
    taken = [p for p in locked if p.status != Status.DUE or p.batch_id]
    if len(locked) != len(set(payments)) or taken:
        raise ValidationError(
            _("A payment you chose is no longer due or is already in a batch; choose again.")
        )
    organisations = Organisation.objects.select_for_update().in_bulk(
        {p.application.organisation_id for p in locked}
    )
    unverified = sorted(o.name for o in organisations.values() if not o.has_verified_iban)
    if unverified:
        raise ValidationError(
            _("No verified bank account for: %(names)s. Verify it first.") % {"names": ", ".join(unverified)}
        )
    batch = PaymentBatch.objects.create(prepared_by=by)
    for payment in locked:
        organisation = organisations[payment.application.organisation_id]
        payment.batch, payment.creditor_iban, payment.creditor_name = (
            batch,
            organisation.iban,
            organisation.account_holder,
        )
        payment.save(update_fields=["batch", "creditor_iban", "creditor_name"])
    return batch


def _four_eyes(batch: PaymentBatch, payments: list[Payment], by) -> None:
    if by.pk == batch.prepared_by_id:
        raise ValidationError(_("You prepared this batch; a second officer approves it."))
    for payment in payments:
        decision = current_decision(payment.application)
        if (
            decision
            and decision.granted_amount > Decimal(str(settings.PAYMENT_FOUR_EYES_AMOUNT))
            and decision.decided_by_id == by.pk
        ):
            raise ValidationError(
                _("You decided the grant of %(ref)s; another officer approves its payment.")
                % {"ref": payment.application.reference}
            )


def sepa_file(
    batch: PaymentBatch, payments: list[Payment], execution_date: date, *, validate: bool = True
) -> str:
    """The pain.001.001.03 credit transfer file, validated against its schema by sepaxml (the benchmark's generator
    alone skips that, for time: its test validates what it generates)."""
    transfer = SepaTransfer(
        {"name": settings.MUNICIPALITY_NAME, "IBAN": settings.MUNICIPALITY_IBAN, "BIC": settings.MUNICIPALITY_BIC,
         "batch": True, "currency": "EUR"},
        schema="pain.001.001.03",
    )  # fmt: skip
    for payment in payments:
        transfer.add_payment(
            {
                "name": payment.creditor_name,
                "IBAN": payment.creditor_iban,
                "amount": int((payment.amount * 100).to_integral_value()),
                "execution_date": execution_date,
                "description": f"{payment.application.reference} {payment.get_kind_display()}"[:140],
                "endtoend_id": payment.end_to_end_id,
            }
        )
    return transfer.export(validate=validate).decode("utf-8")


@transaction.atomic
def approve_batch(*, batch: PaymentBatch, by, execution_date: date | None = None) -> PaymentBatch:
    """The second officer approves: the SEPA file is made once and stored, the payments are sent to finance."""
    payments = list(
        Payment.objects.select_for_update(of=("self",))
        .select_related("application")
        .filter(batch=batch)
        .order_by("pk")
    )
    batch = PaymentBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != PaymentBatch.Status.PREPARED:
        raise ValidationError(_("This batch has already been approved."))
    _four_eyes(batch, payments, by)
    # The account may have changed since the batch was prepared: pay only to the one verified now.
    organisations = Organisation.objects.select_for_update().in_bulk(
        {p.application.organisation_id for p in payments}
    )
    for payment in payments:
        organisation = organisations[payment.application.organisation_id]
        if not organisation.has_verified_iban or organisation.iban != payment.creditor_iban:
            raise ValidationError(
                _("The bank account of %(name)s changed after the batch was prepared; prepare a new batch.")
                % {"name": organisation.name}
            )
    batch.execution_date = execution_date or timezone.localdate()
    batch.sepa_xml = sepa_file(batch, payments, batch.execution_date)
    batch.status, batch.approved_by, batch.approved_at = PaymentBatch.Status.SENT, by, timezone.now()
    batch.save()
    Payment.objects.filter(pk__in=[p.pk for p in payments]).update(status=Status.SENT)
    return batch


def _book_paid(payments: list[Payment], *, by, on: date | None) -> None:
    """Paid: now the money has left, the ledger books it (ADVANCE, REMAINDER or REFUND), once per payment, and a
    paid advance moves its application to "advance paid" (and "report due"), by who recorded the payment."""
    kinds = {
        Payment.Kind.ADVANCE: BudgetEntry.Kind.ADVANCE,
        Payment.Kind.REMAINDER: BudgetEntry.Kind.REMAINDER,
        Payment.Kind.REFUND: BudgetEntry.Kind.REFUND,
    }
    for payment in payments:
        if payment.entry_id is None:  # a payment from before batches was booked when it was ordered
            payment.entry = BudgetEntry.objects.create(
                round_id=payment.application.round_id, application=payment.application, kind=kinds[payment.kind],
                amount=payment.amount, key=f"paid:{payment.pk}", created_by=by,
            )  # fmt: skip
        payment.status, payment.paid_on = Status.PAID, on or timezone.localdate()
        payment.save(update_fields=["entry", "status", "paid_on"])
        if payment.kind == Payment.Kind.ADVANCE:
            advance_paid(application=payment.application, by=by, on=payment.paid_on)


@transaction.atomic
def mark_paid(*, batch: PaymentBatch, by, on: date | None = None, payments: list[int] | None = None) -> int:
    """Record that finance paid the batch's payments (all, or the ones named); returns how many."""
    chosen = (
        Payment.objects.select_for_update(of=("self",))
        .select_related("application")
        .filter(batch=batch, status=Status.SENT)
    )
    if payments is not None:
        chosen = chosen.filter(pk__in=payments)
    chosen = list(chosen.order_by("pk"))
    _book_paid(chosen, by=by, on=on)
    return len(chosen)


CAMT = "{urn:iso:std:iso:20022:tech:xsd:camt.053.001.02}"


def _end_to_end_ids(statement: bytes) -> dict[str, Decimal]:
    try:
        root = ET.fromstring(statement)
    except (ET.ParseError, DefusedXmlException) as error:
        raise ValidationError(_("This is not a bank statement in camt.053 format.")) from error
    found = {}
    for details in root.iter(f"{CAMT}TxDtls"):
        reference = details.find(f"{CAMT}Refs/{CAMT}EndToEndId")
        amount = details.find(f"{CAMT}AmtDtls/{CAMT}TxAmt/{CAMT}Amt")
        if reference is not None and reference.text:
            found[reference.text.strip()] = Decimal(amount.text) if amount is not None else None
    if not root.tag.startswith(CAMT):
        raise ValidationError(_("This is not a bank statement in camt.053 format."))
    return found


@transaction.atomic
def match_statement(*, statement: bytes, by, on: date | None = None) -> list[Payment]:
    """Mark paid every payment sent to finance whose end-to-end id (and amount) the camt.053 statement shows."""
    found = _end_to_end_ids(statement)
    matched = []
    sent = (
        Payment.objects.select_for_update(of=("self",))
        .select_related("application")
        .filter(status=Status.SENT)
    )
    for payment in sent.order_by("pk"):
        amount = found.get(payment.end_to_end_id, False)
        if amount is not False and (amount is None or amount == payment.amount):
            matched.append(payment)
    _book_paid(matched, by=by, on=on)
    return matched

"""The benchmark's money looks like what the portal books since payment batches (issue 19, issue 22).

An ADVANCE or REMAINDER entry only for a payment a batch paid, a RECLAIM entry only for money received back, the
payments in batches approved by a second officer with their SEPA file, and every settled file square with its
settlement: checked against the ledger's own readers (tenders.ledger).
"""

import io
from decimal import Decimal
from pathlib import Path

import pytest
import xmlschema
from django.core.management import call_command
from django.db.models import Exists, OuterRef

from tenders import ledger
from tenders.models import Application, BudgetEntry, Payment, PaymentBatch, Reclaim, Round, State

pytestmark = pytest.mark.django_db
XSD = Path(__file__).parent.parent / "data" / "pain.001.001.03.xsd"
SCALE = 0.15  # the smallest scale (of this seed) with open and paid reclaims and payments in each state
Kind = BudgetEntry.Kind


@pytest.fixture
def generated():
    call_command("generate_bench_data", scale=SCALE, yes_i_know=True, stdout=io.StringIO())


def test_a_payment_is_booked_only_once_a_batch_paid_it(generated):
    payments = list(Payment.objects.select_related("entry", "batch"))
    statuses = {payment.status for payment in payments}

    assert statuses == {Payment.Status.DUE, Payment.Status.SENT, Payment.Status.PAID}
    for payment in payments:
        if payment.status == Payment.Status.DUE:
            assert payment.batch is None and payment.entry is None
        elif payment.status == Payment.Status.SENT:
            assert payment.batch.status == PaymentBatch.Status.SENT and payment.entry is None
        else:
            assert payment.batch.status == PaymentBatch.Status.SENT and payment.paid_on
            assert payment.entry.key == f"paid:{payment.pk}"
            assert payment.entry.kind == payment.kind  # "advance" and "remainder" in both
            assert payment.entry.amount == payment.amount
    booked = BudgetEntry.objects.filter(kind__in=[Kind.ADVANCE, Kind.REMAINDER])
    assert booked.count() == sum(payment.status == Payment.Status.PAID for payment in payments)


def test_every_batch_was_approved_by_a_second_officer_with_a_valid_sepa_file(generated):
    batches = list(PaymentBatch.objects.prefetch_related("payments"))

    assert batches
    schema = xmlschema.XMLSchema(XSD)
    for batch in batches:
        assert batch.approved_by_id and batch.approved_by_id != batch.prepared_by_id
        assert batch.approved_by.has_role("beleidsmedewerker")
        schema.validate(batch.sepa_xml)
        for payment in batch.payments.all():
            assert payment.end_to_end_id in batch.sepa_xml
            assert payment.creditor_iban == payment.application.organisation.iban


def test_a_reclaim_is_booked_only_when_the_money_came_back(generated):
    reclaims = list(Reclaim.objects.select_related("entry", "settlement"))

    assert {reclaim.status for reclaim in reclaims} >= {Reclaim.Status.OPEN, Reclaim.Status.PAID}
    for reclaim in reclaims:
        paid_before = ledger.paid_for(reclaim.application) + (reclaim.amount if reclaim.entry else 0)
        assert reclaim.amount == paid_before - reclaim.settlement.final_amount
        if reclaim.status == Reclaim.Status.PAID:
            assert (
                reclaim.entry.kind == Kind.RECLAIM and reclaim.entry.key == f"reclaim-received:{reclaim.pk}"
            )
            assert reclaim.entry.amount == reclaim.amount
        else:
            assert reclaim.entry is None
    assert BudgetEntry.objects.filter(kind=Kind.RECLAIM).count() == sum(r.entry is not None for r in reclaims)


def test_settled_files_are_square_with_their_settlement(generated):
    settled = Application.objects.filter(state__in=[State.SETTLED, State.CLOSED]).prefetch_related(
        "settlements", "payments", "reclaims"
    )

    assert settled
    for application in settled:
        settlement = application.settlements.get()
        money = ledger.money_for(application)
        assert ledger.committed_for(application) == settlement.final_amount  # the rest released
        assert application.payments.filter(kind=Payment.Kind.ADVANCE).get().status == Payment.Status.PAID
        written_off = application.reclaims.filter(status=Reclaim.Status.WRITTEN_OFF).first()
        lost = written_off.amount if written_off else Decimal("0")
        assert money.paid + money.to_be_paid - money.owed - lost == settlement.final_amount
        if application.state == State.CLOSED:
            assert not application.payments.exclude(status=Payment.Status.PAID).exists()
            assert not application.reclaims.filter(status=Reclaim.Status.OPEN).exists()


def test_what_is_paid_never_exceeds_what_is_committed_nor_the_ceiling(generated):
    for round_ in Round.objects.all():
        assert ledger.regular_committed(round_) <= round_.ceiling
    for application in Application.objects.filter(budget_entries__kind=Kind.ADVANCE).distinct():
        # Above the commitment only by a reclaim still open or written off (the money stays paid out).
        not_back = application.reclaims.filter(status__in=[Reclaim.Status.OPEN, Reclaim.Status.WRITTEN_OFF])
        assert (
            Decimal("0")
            < ledger.paid_for(application)
            <= ledger.committed_for(application) + sum(reclaim.amount for reclaim in not_back)
        )


def test_an_application_past_its_advance_had_it_paid(generated):
    """From "advance paid" on, the advance left in a paid batch; an ordered one would be "advance ordered"."""
    paid_advance = Payment.objects.filter(
        application=OuterRef("pk"), kind=Payment.Kind.ADVANCE, status=Payment.Status.PAID
    )
    later = Application.objects.filter(
        state__in=[State.ADVANCE_PAID, State.REPORT_DUE, State.REPORT_SUBMITTED, State.SETTLED, State.CLOSED]
    )

    assert later.exists()
    assert not later.filter(~Exists(paid_advance)).exists()
    assert not Application.objects.filter(Exists(paid_advance), state=State.ADVANCE_ORDERED).exists()

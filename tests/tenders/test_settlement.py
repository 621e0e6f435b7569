"""Settlement as a decision with its letter (Awb 4:46), and the reclaim it brings (Awb 4:57): booked when the
money comes back, written off with a reason, and stated in both letters with the term, IBAN and payment reference."""

import io
from datetime import timedelta
from decimal import Decimal

import pikepdf
import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from tenders import ledger, services
from tenders.letters import letter_of
from tenders.models import BudgetEntry, Decision, Payment, Reclaim, State
from tests.factories import RoundFactory, assessed_application, closed, paid_out
from tests.pdf_text import pdf_text

pytestmark = pytest.mark.django_db


def advanced(officer, *, requested="15000", percentage=80, report=True, **round_fields):
    """A grant of the requested amount with its advance paid out through a batch (and the report submitted)."""
    application = assessed_application(
        round=RoundFactory(advance_percentage=percentage, **round_fields), requested_amount=Decimal(requested)
    )
    closed(application.round)
    services.decide(application=application, outcome=Decision.Outcome.GRANTED, amount=Decimal(requested),
                    reasons="Past goed binnen de regeling.", by=officer)  # fmt: skip
    services.pay_advance(application=application, by=officer)
    paid_out(application)
    if report:
        services.submit_report(application=application, by=officer, activities="Gedaan", reach=10, costs=None)
    application.refresh_from_db()
    return application


def settle(application, officer, amount, note="Minder activiteiten uitgevoerd dan aangevraagd."):
    return services.settle(application=application, final_amount=Decimal(amount), by=officer, note=note)


def test_seen_a_settlement_below_the_advance_reclaims_without_booking_it_as_received_and_sends_letters(
    officer, django_capture_on_commit_callbacks
):
    application = advanced(officer)
    assert ledger.paid_for(application) == Decimal("12000")

    with django_capture_on_commit_callbacks(execute=True):
        settlement = settle(application, officer, "11000")

    assert not BudgetEntry.objects.filter(kind=BudgetEntry.Kind.RECLAIM).exists()
    assert ledger.paid_for(application) == Decimal("12000")  # nothing came back yet
    reclaim = Reclaim.objects.get()
    assert (reclaim.settlement, reclaim.amount, reclaim.status) == (
        settlement,
        Decimal("1000"),
        Reclaim.Status.OPEN,
    )
    assert reclaim.due_on >= timezone.localdate() + timedelta(weeks=6)
    assert {letter_of(settlement).kind, letter_of(reclaim).kind} == {"settlement", "reclaim"}
    subjects = [message.subject for message in mail.outbox]
    assert any("Vaststelling" in s for s in subjects) and any("Terugvordering" in s for s in subjects)


def test_the_settlement_and_reclaim_letters_state_amounts_term_iban_and_reference_as_tagged_pdfs(officer):
    application = advanced(officer)
    settlement = settle(application, officer, "11000")
    reclaim = settlement.reclaim

    for letter in (letter_of(settlement), letter_of(reclaim)):
        pdf = letter.file.read()
        with pikepdf.open(io.BytesIO(pdf)) as document:
            assert str(document.Root.Lang) == "nl-NL"
            assert "/StructTreeRoot" in document.Root
            assert str(document.docinfo["/Title"]) == letter.title
        text = pdf_text(pdf)
        assert "15.000,00" in text and "12.000,00" in text and "11.000,00" in text and "1.000,00" in text
        assert settings.RECLAIM_IBAN in text and reclaim.payment_reference in text
        assert "bezwaar" in text.lower()


def test_a_settlement_above_what_was_paid_orders_the_remainder_and_books_it_only_when_paid(officer):
    application = advanced(officer)

    settlement = settle(application, officer, "15000", note="")

    remainder = Payment.objects.get(kind=Payment.Kind.REMAINDER)
    assert (remainder.amount, remainder.status, remainder.entry) == (
        Decimal("3000"),
        Payment.Status.DUE,
        None,
    )
    assert ledger.paid_for(application) == Decimal("12000")
    assert not Reclaim.objects.exists()
    assert "3.000,00" in pdf_text(letter_of(settlement).file.read())
    paid_out(application)
    assert ledger.paid_for(application) == Decimal("15000")


def test_settling_is_refused_while_the_advance_has_not_been_paid(officer):
    application = assessed_application(
        round=RoundFactory(advance_percentage=80), requested_amount=Decimal("4000")
    )
    closed(application.round)
    services.decide(
        application=application, outcome="granted", amount=Decimal("4000"), reasons="Ja", by=officer
    )
    services.pay_advance(application=application, by=officer)

    with pytest.raises(ValidationError, match=r"nog niet betaald|not been paid"):
        settle(application, officer, "4000")

    assert not application.settlements.exists()
    paid_out(application)
    settle(application, officer, "4000", note="")
    assert application.settlements.count() == 1


def test_settling_below_the_grant_needs_reasons(officer):
    application = advanced(officer)

    with pytest.raises(ValidationError):
        settle(application, officer, "11000", note="  ")

    application.refresh_from_db()
    assert application.state == State.REPORT_SUBMITTED
    assert not application.settlements.exists() and not Reclaim.objects.exists()


def test_a_reclaim_paid_back_is_booked_in_the_ledger_once(officer):
    application = advanced(officer)
    reclaim = settle(application, officer, "11000").reclaim

    services.record_reclaim_paid(reclaim=reclaim, received_on=timezone.localdate(), by=officer)

    reclaim.refresh_from_db()
    assert reclaim.status == Reclaim.Status.PAID and reclaim.entry.kind == BudgetEntry.Kind.RECLAIM
    assert ledger.paid_for(application) == Decimal("11000")
    with pytest.raises(ValidationError):
        services.record_reclaim_paid(reclaim=reclaim, received_on=timezone.localdate(), by=officer)
    assert BudgetEntry.objects.filter(kind=BudgetEntry.Kind.RECLAIM).count() == 1


def test_a_reclaim_cannot_be_received_in_the_future(officer):
    reclaim = settle(advanced(officer), officer, "11000").reclaim

    with pytest.raises(ValidationError):
        services.record_reclaim_paid(
            reclaim=reclaim, received_on=timezone.localdate() + timedelta(days=1), by=officer
        )

    reclaim.refresh_from_db()
    assert reclaim.is_open and not BudgetEntry.objects.filter(kind=BudgetEntry.Kind.RECLAIM).exists()


def test_a_write_off_needs_a_reason_and_books_nothing(officer):
    application = advanced(officer)
    reclaim = settle(application, officer, "11000").reclaim

    with pytest.raises(ValidationError):
        services.write_off_reclaim(reclaim=reclaim, reason=" ", by=officer)
    services.write_off_reclaim(reclaim=reclaim, reason="Stichting opgeheven.", by=officer)

    reclaim.refresh_from_db()
    assert reclaim.status == Reclaim.Status.WRITTEN_OFF and reclaim.write_off_reason == "Stichting opgeheven."
    assert ledger.paid_for(application) == Decimal("12000")  # the money stays paid out
    with pytest.raises(ValidationError):
        services.record_reclaim_paid(reclaim=reclaim, received_on=timezone.localdate(), by=officer)


def test_an_objection_against_a_settlement_runs_from_its_letter(officer, django_capture_on_commit_callbacks):
    application = advanced(officer)
    with django_capture_on_commit_callbacks(execute=True):
        settlement = settle(application, officer, "11000")
    letter = letter_of(settlement)
    assert letter.sent_at is not None

    objection = services.register_objection(
        settlement=settlement, received_on=timezone.localdate(), grounds="Te laag vastgesteld.", by=officer
    )

    assert objection.status == "pending" and not objection.is_late
    assert services.objection_term_ends(settlement) >= timezone.localdate() + timedelta(weeks=6)

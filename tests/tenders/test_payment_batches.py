"""Payment batches: four eyes, a SEPA pain.001.001.03 file that validates against the official schema, paid by
hand or matched on a camt.053 statement, and never a payment twice — under concurrency too."""

import threading
from decimal import Decimal
from pathlib import Path

import pytest
import xmlschema
from defusedxml import ElementTree as ET
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from initiatives import services as registry
from tenders import ledger, services
from tenders.models import Decision, Payment, PaymentBatch
from tenders.services import payments as batches
from tests.factories import UserFactory, assessed_application, closed

pytestmark = pytest.mark.django_db
XSD = Path(__file__).parent.parent / "data" / "pain.001.001.03.xsd"
PAIN = "{urn:iso:std:iso:20022:tech:xsd:pain.001.001.03}"


def advance(officer, amount="10000"):
    application = assessed_application(requested_amount=Decimal(amount))
    closed(application.round)  # a tender round is decided after it closes
    services.decide(application=application, outcome=Decision.Outcome.GRANTED, amount=Decimal(amount),
                    reasons="Goed plan.", by=officer)  # fmt: skip
    return services.pay_advance(application=application, by=officer)


@pytest.fixture
def second_officer(roles):
    return UserFactory(roles=["beleidsmedewerker"])


def test_three_advances_leave_in_one_approved_batch_as_a_valid_pain_001_file(officer, second_officer):
    payments = [advance(officer, amount) for amount in ("10000", "5000", "2500.50")]

    batch = batches.prepare_batch(payments=[p.pk for p in payments], by=officer)
    batch = batches.approve_batch(batch=batch, by=second_officer)

    xmlschema.XMLSchema(XSD).validate(batch.sepa_xml)
    root = ET.fromstring(batch.sepa_xml)
    transactions = root.findall(f".//{PAIN}CdtTrfTxInf")
    in_file = {
        t.find(f"{PAIN}PmtId/{PAIN}EndToEndId").text: (
            Decimal(t.find(f"{PAIN}Amt/{PAIN}InstdAmt").text), t.find(f"{PAIN}CdtrAcct/{PAIN}Id/{PAIN}IBAN").text,
        )
        for t in transactions
    }  # fmt: skip
    assert in_file == {p.end_to_end_id: (p.amount, p.application.organisation.iban) for p in payments}
    assert sum(a for a, _ in in_file.values()) == sum(p.amount for p in payments)
    assert sum(ledger.paid_for(p.application) for p in payments) == 0  # booked when paid, not when sent
    assert root.find(f".//{PAIN}GrpHdr/{PAIN}NbOfTxs").text == "3"
    assert set(Payment.objects.values_list("status", flat=True)) == {Payment.Status.SENT}
    stored = batch.sepa_xml
    batch.refresh_from_db()
    assert batch.sepa_xml == stored  # made once and stored


def test_the_preparer_cannot_approve_the_batch(officer):
    batch = batches.prepare_batch(payments=[advance(officer).pk], by=officer)

    with pytest.raises(ValidationError, match=r"tweede|second"):
        batches.approve_batch(batch=batch, by=officer)

    batch.refresh_from_db()
    assert (batch.status, batch.sepa_xml) == (PaymentBatch.Status.PREPARED, "")


def test_the_officer_who_decided_a_large_grant_cannot_approve_its_payment(officer, second_officer, settings):
    settings.PAYMENT_FOUR_EYES_AMOUNT = Decimal("5000")
    large = advance(officer, "10000")
    batch = batches.prepare_batch(payments=[large.pk], by=second_officer)

    with pytest.raises(ValidationError):
        batches.approve_batch(batch=batch, by=officer)
    assert Payment.objects.get(pk=large.pk).status == Payment.Status.DUE


def test_the_officer_who_decided_a_small_grant_may_approve_its_payment(officer, second_officer, settings):
    settings.PAYMENT_FOUR_EYES_AMOUNT = Decimal("5000")
    small = advance(officer, "4000")
    batch = batches.prepare_batch(payments=[small.pk], by=second_officer)

    batches.approve_batch(batch=batch, by=officer)

    assert Payment.objects.get(pk=small.pk).status == Payment.Status.SENT


def test_a_payment_in_a_batch_or_paid_never_goes_into_another(officer, second_officer):
    payment = advance(officer)
    batch = batches.prepare_batch(payments=[payment.pk], by=officer)

    with pytest.raises(ValidationError):
        batches.prepare_batch(payments=[payment.pk], by=officer)
    batches.approve_batch(batch=batch, by=second_officer)
    batches.mark_paid(batch=batch, by=officer)
    with pytest.raises(ValidationError):
        batches.prepare_batch(payments=[payment.pk], by=second_officer)

    assert PaymentBatch.objects.count() == 1
    paid = Payment.objects.get(pk=payment.pk)
    assert paid.status == Payment.Status.PAID and paid.entry.kind == "advance"
    assert ledger.paid_for(paid.application) == paid.amount  # booked once it is paid
    batches.mark_paid(batch=batch, by=officer)
    assert ledger.paid_for(paid.application) == paid.amount  # marking again books nothing more


def test_a_changed_account_between_preparing_and_approving_stops_the_batch(officer, second_officer):
    payment = advance(officer)
    batch = batches.prepare_batch(payments=[payment.pk], by=officer)
    member = UserFactory()
    registry.change_bank_account(
        organisation=payment.application.organisation,
        iban="NL91ABNA0417164300",
        account_holder="X",
        by=member,
    )

    with pytest.raises(ValidationError):
        batches.approve_batch(batch=batch, by=second_officer)
    assert Payment.objects.get(pk=payment.pk).status == Payment.Status.DUE


def camt_053(*entries) -> bytes:
    ns = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"
    details = "".join(
        f"<Ntry><Amt Ccy='EUR'>{amount}</Amt><NtryDtls><TxDtls><Refs><EndToEndId>{e2e}</EndToEndId></Refs>"
        f"<AmtDtls><TxAmt><Amt Ccy='EUR'>{amount}</Amt></TxAmt></AmtDtls></TxDtls></NtryDtls></Ntry>"
        for e2e, amount in entries
    )
    return f"<Document xmlns='{ns}'><BkToCstmrStmt><Stmt>{details}</Stmt></BkToCstmrStmt></Document>".encode()


def test_a_camt_053_statement_marks_paid_what_it_shows_by_end_to_end_id_and_amount(officer, second_officer):
    first, second, third = (advance(officer) for _ in range(3))
    batch = batches.prepare_batch(payments=[first.pk, second.pk, third.pk], by=officer)
    batches.approve_batch(batch=batch, by=second_officer)

    matched = batches.match_statement(
        statement=camt_053(
            (first.end_to_end_id, first.amount), (second.end_to_end_id, Decimal("1.00")), ("X-1", 5)
        ),
        by=officer,
    )

    assert [p.pk for p in matched] == [first.pk]  # the second's amount differs: not matched
    statuses = dict(Payment.objects.values_list("pk", "status"))
    assert statuses == {first.pk: "paid", second.pk: "sent", third.pk: "sent"}


def test_a_file_that_is_not_a_statement_is_refused(officer):
    with pytest.raises(ValidationError):
        batches.match_statement(statement=b"<html>nee</html>", by=officer)
    with pytest.raises(ValidationError):
        batches.match_statement(statement=b"not xml", by=officer)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks")
@pytest.mark.django_db(transaction=True)
def test_two_officers_batching_the_same_payments_at_once_take_each_only_once():
    officer = UserFactory(roles=["beleidsmedewerker"])
    others = [UserFactory(roles=["beleidsmedewerker"]) for _ in range(4)]
    payments = [advance(officer, "2000") for _ in range(3)]
    ids = [p.pk for p in payments]
    results, refusals, failures = [], [], []
    start = threading.Barrier(len(others))

    def attempt(user):
        try:
            start.wait()
            results.append(batches.prepare_batch(payments=ids[::-1] if user.pk % 2 else ids, by=user))
        except ValidationError as error:
            refusals.append(error)
        except Exception as error:
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(u,)) for u in others]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    assert (len(results), len(refusals)) == (1, 3)
    assert set(Payment.objects.values_list("batch", flat=True)) == {results[0].pk}
    assert PaymentBatch.objects.count() == 1


def test_through_the_pages_one_officer_prepares_another_approves_and_downloads_the_file(
    client, officer, second_officer
):
    payment = advance(officer)
    client.force_login(officer)
    response = client.post(reverse("staff:batch_prepare"), {"payments": [payment.pk]})
    batch = PaymentBatch.objects.get()
    assert response.status_code == 302

    client.post(reverse("staff:batch_approve", args=[batch.pk]))  # the preparer tries: refused
    batch.refresh_from_db()
    assert batch.status == PaymentBatch.Status.PREPARED
    assert client.get(reverse("staff:batch_file", args=[batch.pk])).status_code == 404

    client.force_login(second_officer)
    client.post(reverse("staff:batch_approve", args=[batch.pk]))
    download = client.get(reverse("staff:batch_file", args=[batch.pk]))
    xmlschema.XMLSchema(XSD).validate(download.content.decode())
    assert payment.end_to_end_id in download.content.decode()


def test_a_batch_without_payments_on_the_page_is_an_error_not_a_batch(client, officer):
    advance(officer)
    client.force_login(officer)

    response = client.post(reverse("staff:batch_prepare"), {})

    assert response.status_code == 200
    assert "Kies minstens één" in response.content.decode()
    assert not PaymentBatch.objects.exists()


def test_an_assessor_cannot_prepare_or_approve_a_batch(client, officer, second_officer):
    payment = advance(officer)
    client.force_login(UserFactory(roles=["beoordelaar"]))

    client.post(reverse("staff:batch_prepare"), {"payments": [payment.pk]})

    assert not PaymentBatch.objects.exists()
    batch = batches.prepare_batch(payments=[payment.pk], by=officer)
    client.post(reverse("staff:batch_approve", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == PaymentBatch.Status.PREPARED


def test_the_batch_and_account_pages_take_the_same_number_of_queries_for_more_data(
    client, officer, second_officer, django_assert_num_queries
):
    client.force_login(officer)
    advance(officer)
    batches.prepare_batch(payments=list(Payment.objects.values_list("pk", flat=True)), by=officer)
    advance(officer)
    pages = [reverse("staff:batch_list"), reverse("staff:bank_accounts")]
    counts = {}
    for url in pages:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        counts[url] = len(captured)

    for _ in range(3):
        payment = advance(officer)
        batches.prepare_batch(payments=[payment.pk], by=officer)
        advance(officer)
        registry.change_bank_account(
            organisation=advance(officer).application.organisation, iban="NL91ABNA0417164300", account_holder="X",
            by=UserFactory(),
        )  # fmt: skip

    for url in pages:
        with django_assert_num_queries(counts[url]):
            client.get(url)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the guard is a PostgreSQL trigger")
def test_the_database_refuses_to_move_a_batched_payment_into_another_batch(officer, second_officer):
    payment = advance(officer)
    batch = batches.prepare_batch(payments=[payment.pk], by=officer)
    other = PaymentBatch.objects.create(prepared_by=second_officer)

    with pytest.raises(IntegrityError), transaction.atomic():
        Payment.objects.filter(pk=payment.pk).update(batch=other)

    assert Payment.objects.get(pk=payment.pk).batch == batch

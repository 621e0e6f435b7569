"""Seen: "advance paid" was set when the advance was ordered, while the money only leaves in a payment batch that a
second officer approves and finance pays. Now an ordered advance is "advance ordered"; the application is "advance
paid" (and then "report due") when the payment is paid — marked paid or matched on the bank statement — with the
history row by the person who recorded the payment; nothing counts ordered money as paid."""

from datetime import timedelta
from decimal import Decimal
from importlib import import_module

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tenders import ledger, services
from tenders.models import Application, Decision, Payment, State, StatusChange
from tenders.services import payments as batches
from tenders.work_queue import QUEUE_BY_KEY, queue_applications
from tests.factories import UserFactory, assessed_application, closed
from tests.tenders.test_payment_batches import camt_053

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path


def granted(officer, amount="10000") -> Application:
    application = assessed_application(requested_amount=Decimal(amount))
    closed(application.round)
    services.decide(application=application, outcome=Decision.Outcome.GRANTED, amount=Decimal(amount),
                    reasons="Goed plan.", by=officer)  # fmt: skip
    return Application.objects.get(pk=application.pk)


def approved(payment: Payment):
    batch = batches.prepare_batch(payments=[payment.pk], by=UserFactory(roles=["beleidsmedewerker"]))
    return batches.approve_batch(batch=batch, by=UserFactory(roles=["beleidsmedewerker"]))


def test_seen_an_ordered_advance_is_advance_ordered_not_paid_and_no_report_is_due_yet(client, officer):
    application = granted(officer)

    services.pay_advance(application=application, by=officer)

    application.refresh_from_db()
    assert application.state == State.ADVANCE_ORDERED
    last = application.history.last()
    assert (last.to_state, last.by, last.note_key) == (State.ADVANCE_ORDERED, officer, "advance_ordered")
    assert not application.history.filter(to_state__in=[State.ADVANCE_PAID, State.REPORT_DUE]).exists()
    assert ledger.paid_for(application) == 0
    assert application not in queue_applications(QUEUE_BY_KEY["voorschotten"])  # ordered: no longer to pay
    client.force_login(application.organisation.memberships.get().user)
    html = client.get(reverse("portal:application_detail", args=[application.pk])).content.decode().lower()
    assert "voorschot in betaling gegeven" in html and "voorschot betaald" not in html
    assert reverse("portal:application_report", args=[application.pk]) not in html


def test_marking_the_batch_paid_makes_the_advance_paid_and_the_report_due_by_who_recorded_it(officer):
    application = granted(officer)
    payment = services.pay_advance(application=application, by=officer)
    batch = approved(payment)
    finance = UserFactory(roles=["beleidsmedewerker"])
    assert Application.objects.get(pk=application.pk).state == State.ADVANCE_ORDERED  # sent is not paid

    batches.mark_paid(batch=batch, by=finance, on=timezone.localdate() - timedelta(days=1))

    application.refresh_from_db()
    assert application.state == State.REPORT_DUE
    paid, due = application.history.order_by("-at", "-pk")[1], application.history.order_by("-at", "-pk")[0]
    assert (paid.from_state, paid.to_state, paid.by, paid.note_key) == (
        State.ADVANCE_ORDERED, State.ADVANCE_PAID, finance, "advance_paid"
    )  # fmt: skip
    assert paid.note_params == {"date": (timezone.localdate() - timedelta(days=1)).isoformat()}
    assert (due.to_state, due.by, due.note_key) == (State.REPORT_DUE, finance, "report_due")
    assert ledger.paid_for(application) == Decimal("8000.00")


def test_a_bank_statement_that_shows_the_advance_makes_it_paid_and_a_small_grant_needs_no_report(officer):
    application = granted(officer, "4000")
    payment = services.pay_advance(application=application, by=officer)
    approved(payment)
    uploader = UserFactory(roles=["beleidsmedewerker"])

    batches.match_statement(statement=camt_053((payment.end_to_end_id, payment.amount)), by=uploader)

    application.refresh_from_db()
    assert application.state == State.ADVANCE_PAID  # the decision asks no report
    assert application.history.last().by == uploader
    services.settle(application=application, final_amount=Decimal("4000"), by=officer)
    assert Application.objects.get(pk=application.pk).state == State.SETTLED


def test_an_ordered_advance_cannot_be_settled_nor_reported_on(officer):
    application = granted(officer, "4000")
    services.pay_advance(application=application, by=officer)

    with pytest.raises(ValidationError):
        services.settle(application=application, final_amount=Decimal("4000"), by=officer)
    with pytest.raises(ValidationError):
        services.submit_report(application=application, by=officer, activities="Gedaan", reach=1, costs=None)
    assert Application.objects.get(pk=application.pk).state == State.ADVANCE_ORDERED


def test_the_payments_export_says_when_a_payment_was_ordered_sent_to_finance_and_paid(officer):
    from tenders.exports import decisions_payments

    application = granted(officer)
    payment = services.pay_advance(application=application, by=officer)

    def payment_rows():
        section = decisions_payments(round=application.round_id).sections[1]
        return section.headers, [list(row) for row in section.rows]

    headers, [ordered] = payment_rows()
    assert headers == ["reference", "organisation", "kind", "amount", "ordered_at", "ordered_by", "status", "batch",
                       "sent_to_finance_at", "paid_on"]  # fmt: skip
    row = dict(zip(headers, ordered, strict=True))
    assert row["ordered_at"] and row["ordered_by"] == (officer.get_full_name() or officer.username)
    assert (row["batch"], row["sent_to_finance_at"], row["paid_on"]) == ("", "", "")
    batch = approved(payment)
    batches.mark_paid(batch=batch, by=officer)

    _, [paid] = payment_rows()
    row = dict(zip(headers, paid, strict=True))
    assert row["batch"] == batch.pk and row["sent_to_finance_at"]
    assert row["paid_on"] == timezone.localdate().isoformat()


def test_the_migration_puts_an_application_whose_advance_is_not_paid_back_to_advance_ordered(officer):
    application = granted(officer)
    services.pay_advance(application=application, by=officer)
    Application.objects.filter(pk=application.pk).update(state=State.REPORT_DUE)  # as the old rule left it
    paid = granted(officer)
    batches.mark_paid(batch=approved(services.pay_advance(application=paid, by=officer)), by=officer)

    import_module("tenders.migrations.0022_advance_ordered").advance_ordered(apps, None)

    assert Application.objects.get(pk=application.pk).state == State.ADVANCE_ORDERED
    assert StatusChange.objects.filter(application=application, to_state=State.ADVANCE_ORDERED).count() == 2
    assert Application.objects.get(pk=paid.pk).state == State.REPORT_DUE

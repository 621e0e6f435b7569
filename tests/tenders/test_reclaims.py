"""The reclaim from the outside: the applicant's money overview, the public register, the officer's reclaim pages
(record paid, write off, each after a confirmation) and the reminders when the term nears and passes."""

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from reminders.models import Reminder
from tenders import ledger, services
from tenders.models import BudgetEntry, Reclaim
from tenders.tasks import reclaim_reminders
from tests.factories import UserFactory
from tests.tenders.test_settlement import advanced, settle

pytestmark = pytest.mark.django_db


@pytest.fixture
def reclaimed(officer):
    application = advanced(officer)
    settle(application, officer, "11000")
    return application


def test_seen_the_portal_shows_granted_paid_settled_and_what_is_still_owed(client, reclaimed):
    client.force_login(reclaimed.organisation.memberships.get().user)

    response = client.get(reverse("portal:application_detail", args=[reclaimed.pk]))

    money = response.context["money"]
    assert (money.granted, money.paid, money.settled, money.to_be_paid, money.owed) == (
        Decimal("15000"), Decimal("12000"), Decimal("11000"), Decimal("0"), Decimal("1000"),
    )  # fmt: skip
    page = response.content.decode()
    assert "€\xa015.000,00" in page and "€\xa012.000,00" in page and "€\xa01.000,00" in page
    assert Reclaim.objects.get().payment_reference in page


def test_the_portal_shows_an_ordered_remainder_as_still_to_be_paid(client, officer):
    application = advanced(officer, requested="4000", report=False)  # a small grant: settled without a report
    services.settle(application=application, final_amount=Decimal("4000"), by=officer, note="")
    client.force_login(application.organisation.memberships.get().user)

    money = client.get(reverse("portal:application_detail", args=[application.pk])).context["money"]

    assert (money.granted, money.paid, money.settled, money.to_be_paid, money.owed) == (
        Decimal("4000"), Decimal("3200"), Decimal("4000"), Decimal("800"), Decimal("0"),
    )  # fmt: skip


def test_the_settlement_and_reclaim_letters_are_in_the_applicants_letter_list(client, reclaimed):
    client.force_login(reclaimed.organisation.memberships.get().user)

    page = client.get(reverse("portal:letters")).content.decode()

    assert f"{reclaimed.reference}/V" in page and f"{reclaimed.reference}/T" in page


def test_the_public_register_shows_the_settled_amount_once_settled_and_the_granted_before(client, officer):
    application = advanced(officer)
    before = client.get("/voortgang/subsidies/")
    settle(application, officer, "11000")
    after = client.get("/voortgang/subsidies/")

    [row_before] = [d for d in before.context["page"].object_list if d.application_id == application.pk]
    [row_after] = [d for d in after.context["page"].object_list if d.application_id == application.pk]
    assert (row_before.amount, row_before.settled_amount) == (Decimal("15000"), None)
    assert (row_after.amount, row_after.settled_amount) == (Decimal("11000"), Decimal("11000"))
    assert after.context["total"] == Decimal("11000")
    assert "vastgesteld" in after.content.decode()


def test_the_officer_records_a_reclaim_paid_after_confirming(client, officer, reclaimed):
    client.force_login(officer)
    reclaim = Reclaim.objects.get()
    assert client.get(reverse("staff:work_queue")).context["reclaims"] == {"count": 1, "overdue": 0}
    assert reclaim.payment_reference in client.get(reverse("staff:reclaims")).content.decode()

    confirm = client.get(reverse("staff:reclaim_paid", args=[reclaim.pk]))
    reclaim.refresh_from_db()
    assert confirm.status_code == 200 and reclaim.is_open  # asking changes nothing
    response = client.post(
        reverse("staff:reclaim_paid", args=[reclaim.pk]), {"received_on": timezone.localdate().isoformat()}
    )

    assert response.status_code == 302
    reclaim.refresh_from_db()
    assert reclaim.status == Reclaim.Status.PAID and ledger.paid_for(reclaimed) == Decimal("11000")


def test_seen_the_received_on_date_is_prefilled_in_the_form_a_date_input_shows(client, officer, reclaimed):
    """Seen in the browser journey: the date input (type=date) got today in the Dutch format, which a browser
    cannot show, so "Record as paid" posted an empty date and was refused."""
    client.force_login(officer)
    reclaim = Reclaim.objects.get()

    page = client.get(reverse("staff:reclaim_paid", args=[reclaim.pk])).content.decode()

    assert f'value="{timezone.localdate().isoformat()}"' in page


def test_a_bad_date_or_a_second_recording_is_refused_with_a_message(client, officer, reclaimed):
    client.force_login(officer)
    reclaim = Reclaim.objects.get()
    url = reverse("staff:reclaim_paid", args=[reclaim.pk])

    future = client.post(url, {"received_on": (timezone.localdate() + timedelta(days=3)).isoformat()})
    nonsense = client.post(url, {"received_on": "gisteren"})
    client.post(url, {"received_on": timezone.localdate().isoformat()})
    again = client.post(url, {"received_on": timezone.localdate().isoformat()})

    assert future.status_code == 200 and future.context["form"].errors
    assert nonsense.status_code == 200 and nonsense.context["form"]["received_on"].value() == "gisteren"
    assert again.status_code == 200 and "niet meer open" in again.content.decode()
    assert BudgetEntry.objects.filter(kind=BudgetEntry.Kind.RECLAIM).count() == 1


def test_the_officer_writes_a_reclaim_off_with_a_reason(client, officer, reclaimed):
    client.force_login(officer)
    reclaim = Reclaim.objects.get()
    url = reverse("staff:reclaim_write_off", args=[reclaim.pk])

    empty = client.post(url, {"reason": ""})
    done = client.post(url, {"reason": "Stichting opgeheven."})

    assert empty.status_code == 200 and empty.context["form"].errors
    assert done.status_code == 302
    reclaim.refresh_from_db()
    assert reclaim.status == Reclaim.Status.WRITTEN_OFF
    assert not BudgetEntry.objects.filter(kind=BudgetEntry.Kind.RECLAIM).exists()


def test_only_officers_reach_the_reclaim_pages(client, reclaimed):
    reclaim = Reclaim.objects.get()
    client.force_login(reclaimed.organisation.memberships.get().user)

    responses = [
        client.get(reverse("staff:reclaims")),
        client.post(reverse("staff:reclaim_paid", args=[reclaim.pk]), {"received_on": timezone.localdate()}),
        client.post(reverse("staff:reclaim_write_off", args=[reclaim.pk]), {"reason": "Weg ermee"}),
    ]

    assert all(r.status_code in (302, 403, 404) for r in responses)
    reclaim.refresh_from_db()
    assert reclaim.is_open


def at(day):
    return datetime.combine(day, datetime.min.time().replace(hour=8), tzinfo=ZoneInfo("Europe/Amsterdam"))


def test_reclaim_reminders_a_week_before_and_when_overdue_once_each(
    reclaimed, django_capture_on_commit_callbacks
):
    reclaim = Reclaim.objects.get()
    member = reclaimed.organisation.memberships.get().user
    UserFactory()  # someone outside the organisation gets nothing

    def run():
        with django_capture_on_commit_callbacks(execute=True):
            return reclaim_reminders()

    with time_machine.travel(at(reclaim.due_on - timedelta(days=8)), tick=False):
        assert run() == 0
    with time_machine.travel(at(reclaim.due_on - timedelta(days=7)), tick=False):
        assert run() == 1
        assert run() == 0
    with time_machine.travel(at(reclaim.due_on + timedelta(days=1)), tick=False):
        assert run() == 1
    with time_machine.travel(at(reclaim.due_on + timedelta(days=2)), tick=False):
        assert run() == 0
    assert {(r.recipient, r.occasion) for r in Reminder.objects.all()} == {
        (member, "7d"),
        (member, "overdue"),
    }
    assert reclaim.payment_reference in Reminder.objects.first().body


def test_a_paid_reclaim_gets_no_reminder(officer, reclaimed, django_capture_on_commit_callbacks):
    reclaim = Reclaim.objects.get()
    services.record_reclaim_paid(reclaim=reclaim, received_on=timezone.localdate(), by=officer)

    with (
        time_machine.travel(at(reclaim.due_on + timedelta(days=1)), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert reclaim_reminders() == 0


def test_a_reclaim_paid_back_is_matched_on_the_bank_statement_by_reference_and_amount(
    client, officer, reclaimed
):
    reclaim = Reclaim.objects.get()
    ns = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"

    def credit(reference, amount):
        return (
            f"<Ntry><Amt Ccy='EUR'>{amount}</Amt><CdtDbtInd>CRDT</CdtDbtInd><NtryDtls><TxDtls>"
            f"<RmtInf><Ustrd>Terugbetaling {reference}</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>"
        )

    statement = (
        f"<Document xmlns='{ns}'><BkToCstmrStmt><Stmt>{credit(reclaim.payment_reference, '999.00')}"
        f"{credit('ANDERS', '1000.00')}</Stmt></BkToCstmrStmt></Document>"
    ).encode()
    client.force_login(officer)
    upload = SimpleUploadedFile("camt.xml", statement, content_type="application/xml")
    client.post(reverse("staff:statement_upload"), {"statement": upload})
    reclaim.refresh_from_db()
    assert reclaim.is_open  # a wrong amount or another reference is not this reclaim

    paid = statement.replace(b"999.00", b"1000.00")
    client.post(reverse("staff:statement_upload"), {"statement": SimpleUploadedFile("camt.xml", paid)})

    reclaim.refresh_from_db()
    assert reclaim.status == Reclaim.Status.PAID and reclaim.entry.amount == Decimal("1000")


def test_a_file_with_an_open_reclaim_is_not_closed(officer, reclaimed):
    with time_machine.travel(timezone.now() + timedelta(weeks=8), tick=False):
        with pytest.raises(ValidationError, match=r"terugvordering|reclaim"):
            services.close(application=reclaimed, by=officer)
        services.write_off_reclaim(reclaim=Reclaim.objects.get(), reason="Niet te innen.", by=officer)
        services.close(application=reclaimed, by=officer)

    reclaimed.refresh_from_db()
    assert reclaimed.state == "closed"


def test_the_reclaim_list_runs_the_same_number_of_queries_for_more_reclaims(client, officer, reclaimed):
    client.force_login(officer)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("staff:reclaims")).status_code == 200
        return len(queries)

    one = count()
    services.write_off_reclaim(reclaim=Reclaim.objects.get(), reason="Niet te innen.", by=officer)
    settle(advanced(officer), officer, "10000")
    settle(advanced(officer), officer, "9000")

    assert count() == one

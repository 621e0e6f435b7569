"""An objection against the reclaim itself (Awb 4:57 is a decision of its own; Awb 6:4, 6:7–6:8, 6:11, 7:11–7:12):
its term, a late one, the outcomes — unfounded keeps the reclaim, well-founded withdraws or lowers it, and a reclaim
already paid back is refunded — the staff pages, and the letter of the decision on objection."""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from letters.models import Letter
from tenders import ledger, services
from tenders.letters import letter_of
from tenders.models import BudgetEntry, Decision, Objection, Payment, Reclaim
from tests import factories
from tests.factories import paid_out
from tests.pdf_text import pdf_text
from tests.tenders.test_letters import _tagged as tagged
from tests.tenders.test_settlement import advanced, settle

pytestmark = pytest.mark.django_db
G = Decision.Outcome
TODAY = timezone.localdate


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path


@pytest.fixture
def reclaim(officer, django_capture_on_commit_callbacks):
    """Granted 15,000, 12,000 paid as the advance, settled at 11,000: 1,000 reclaimed, its letter sent."""
    with django_capture_on_commit_callbacks(execute=True):
        settlement = settle(advanced(officer), officer, "11000")
    return settlement.reclaim


def object_to(reclaim, officer, *, received_on=None, excused_delay=""):
    return services.register_objection(
        reclaim=reclaim, received_on=received_on or TODAY(), grounds="Terugbetalen is onredelijk.", by=officer,
        excused_delay=excused_delay,
    )  # fmt: skip


def decide(objection, officer, outcome="well_founded", amount="0"):
    factories.heard(objection, officer)
    return services.decide_objection(
        objection=objection, outcome=outcome, amount=Decimal(amount), reasons="Bijzondere omstandigheden.",
        by=officer,
    )  # fmt: skip


def test_an_objection_against_the_reclaim_runs_from_its_letter_and_is_acknowledged(reclaim, officer):
    assert letter_of(reclaim).sent_at is not None

    objection = object_to(reclaim, officer)

    assert (objection.reclaim, objection.against, objection.status, objection.is_late) == (
        reclaim, reclaim, Objection.Status.PENDING, False,
    )  # fmt: skip
    assert services.objection_term_ends(reclaim) >= TODAY() + timedelta(weeks=6)
    acknowledgement = Letter.objects.get(kind="objection_acknowledgement")
    assert "terugvordering" in pdf_text(acknowledgement.file.read())
    assert objection.decision_due_on > services.objection_term_ends(reclaim)


def test_a_late_objection_against_the_reclaim_is_inadmissible_and_keeps_it(reclaim, officer):
    later = timezone.now() + timedelta(weeks=8)
    with time_machine.travel(later, tick=False):
        objection = object_to(reclaim, officer)

    objection.refresh_from_db()
    reclaim.refresh_from_db()
    assert objection.is_late and objection.status == Objection.Status.INADMISSIBLE
    assert Letter.objects.filter(kind="objection_inadmissible").exists()
    assert reclaim.is_open and reclaim.amount == Decimal("1000")


def test_a_late_objection_with_an_excused_delay_stays_pending(reclaim, officer):
    with time_machine.travel(timezone.now() + timedelta(weeks=8), tick=False):
        objection = object_to(reclaim, officer, excused_delay="Ziekenhuisopname.")

    assert objection.is_late and objection.status == Objection.Status.PENDING


@pytest.mark.parametrize("days", [1, -1])
def test_an_objection_received_in_the_future_or_before_the_reclaim_is_refused(reclaim, officer, days):
    with pytest.raises(ValidationError):
        object_to(reclaim, officer, received_on=TODAY() + timedelta(days=days))

    assert not Objection.objects.exists()


def test_an_unfounded_objection_keeps_the_reclaim_and_books_nothing(reclaim, officer):
    application = reclaim.application
    before = list(BudgetEntry.objects.values_list("kind", "amount"))

    on_objection = decide(object_to(reclaim, officer), officer, outcome=G.OBJECTION_UNFOUNDED)

    reclaim.refresh_from_db()
    assert reclaim.is_open and reclaim.amount == Decimal("1000")
    assert list(BudgetEntry.objects.values_list("kind", "amount")) == before
    assert services.current_decision(application).outcome == G.GRANTED
    text = pdf_text(letter_of(on_objection).file.read())
    assert "ongegrond" in text and "Rechtbank Limburg" in text


def test_well_founded_withdraws_an_open_reclaim_entirely(client, reclaim, officer):
    application = reclaim.application
    objection = object_to(reclaim, officer)

    on_objection = decide(objection, officer, amount="0")

    reclaim.refresh_from_db()
    objection.refresh_from_db()
    assert reclaim.status == Reclaim.Status.WITHDRAWN and reclaim.closed_by == officer and reclaim.closed_at
    assert not Reclaim.objects.filter(on_objection=objection).exists()
    assert (on_objection.outcome, on_objection.granted_amount, on_objection.on_objection) == (
        G.RECLAIM_REDUCED, 0, objection,
    )  # fmt: skip
    assert objection.status == Objection.Status.UPHELD
    assert ledger.paid_for(application) == Decimal("12000")  # the money stays paid out
    assert not Payment.objects.filter(kind=Payment.Kind.REFUND).exists()
    assert services.current_decision(application).outcome == G.GRANTED  # the grant is untouched
    client.force_login(application.organisation.memberships.get().user)
    money = client.get(reverse("portal:application_detail", args=[application.pk])).context["money"]
    assert (money.granted, money.owed) == (Decimal("15000"), Decimal("0"))


def test_well_founded_lowers_an_open_reclaim_by_a_new_one_with_its_own_reference_and_term(
    client, reclaim, officer
):
    application = reclaim.application
    objection = object_to(reclaim, officer)

    decide(objection, officer, amount="400")

    reclaim.refresh_from_db()
    lowered = Reclaim.objects.get(on_objection=objection)
    assert reclaim.status == Reclaim.Status.WITHDRAWN
    assert (lowered.amount, lowered.status, lowered.settlement, lowered.origin) == (
        Decimal("400"), Reclaim.Status.OPEN, None, reclaim,
    )  # fmt: skip
    assert lowered.payment_reference != reclaim.payment_reference
    assert lowered.due_on >= TODAY() + timedelta(weeks=6)
    # Part of the decision on objection: appeal, no objection.
    with pytest.raises(ValidationError, match=r"court|Rechtbank"):
        object_to(lowered, officer)
    client.force_login(application.organisation.memberships.get().user)
    response = client.get(reverse("portal:application_detail", args=[application.pk]))
    assert response.context["money"].owed == Decimal("400")
    assert lowered.payment_reference in response.content.decode()
    # Paid back as lowered: booked once, the ledger as for any reclaim.
    services.record_reclaim_paid(reclaim=lowered, received_on=TODAY(), by=officer)
    assert ledger.paid_for(application) == Decimal("11600")


@pytest.mark.parametrize("amount", ["1000", "1200", "-1"])
def test_well_founded_needs_an_amount_below_the_reclaim(reclaim, officer, amount):
    objection = object_to(reclaim, officer)

    with pytest.raises(ValidationError):
        decide(objection, officer, amount=amount)

    reclaim.refresh_from_db()
    objection.refresh_from_db()
    assert reclaim.is_open and objection.status == Objection.Status.PENDING
    assert not Decision.objects.filter(on_objection=objection).exists()


def test_well_founded_after_the_reclaim_was_paid_refunds_the_difference_booked_when_paid(reclaim, officer):
    application = reclaim.application
    services.record_reclaim_paid(reclaim=reclaim, received_on=TODAY(), by=officer)
    assert ledger.paid_for(application) == Decimal("11000")

    decide(object_to(reclaim, officer), officer, amount="250")

    reclaim.refresh_from_db()
    refund = Payment.objects.get(kind=Payment.Kind.REFUND)
    assert reclaim.status == Reclaim.Status.PAID  # it was paid: that stays history
    assert (refund.amount, refund.status, refund.reclaim, refund.entry) == (
        Decimal("750"), Payment.Status.DUE, reclaim, None,
    )  # fmt: skip
    assert ledger.paid_for(application) == Decimal("11000")  # nothing booked before it is paid
    assert ledger.money_for(application).to_be_paid == Decimal("750")
    paid_out(application)
    refund.refresh_from_db()
    assert refund.entry.kind == BudgetEntry.Kind.REFUND and refund.entry.amount == Decimal("750")
    assert ledger.paid_for(application) == Decimal("11750")
    totals = ledger.programme_overview(application.round.programme)[0]
    assert totals.paid == Decimal("11750")


def test_a_written_off_reclaim_is_not_lowered(reclaim, officer):
    objection = object_to(reclaim, officer)
    services.write_off_reclaim(reclaim=reclaim, reason="Stichting opgeheven.", by=officer)

    with pytest.raises(ValidationError):
        decide(objection, officer, amount="0")


def test_an_objection_is_against_exactly_one_of_decision_settlement_and_reclaim(reclaim, officer):
    decision = reclaim.application.decisions.get()
    common = {"received_on": TODAY(), "grounds": "x", "registered_by": officer}
    for against in ({"decision": decision, "reclaim": reclaim}, {"settlement": reclaim.settlement,
                    "reclaim": reclaim}, {}):  # fmt: skip
        with pytest.raises(IntegrityError), transaction.atomic():
            Objection.objects.create(**common, **against)
    with pytest.raises(ValidationError):
        services.register_objection(
            decision=decision, reclaim=reclaim, received_on=TODAY(), grounds="x", by=officer
        )
    assert Objection.objects.create(**common, reclaim=reclaim).against == reclaim


def test_the_officer_registers_and_decides_an_objection_against_the_reclaim_on_its_pages(
    officer_client, reclaim
):
    page = reverse("staff:reclaim", args=[reclaim.pk])
    html = officer_client.get(page).content.decode()
    assert reclaim.payment_reference in html and "reclaim-objection-grounds" in html
    assert page in officer_client.get(reverse("staff:reclaims")).content.decode()

    response = officer_client.post(
        reverse("staff:reclaim_objection", args=[reclaim.pk]),
        {"received_on": TODAY().isoformat(), "grounds": "Onredelijk hoog.", "excused_delay": ""},
    )
    objection = Objection.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "staff:objection", args=[objection.pk]
    )
    assert "Onredelijk hoog." in officer_client.get(page).content.decode()
    officer_client.post(
        reverse("staff:objection_waive_hearing", args=[objection.pk]),
        {"ground": "e", "reason": "Volledig tegemoetgekomen.", "confirmed": "on"},
    )
    html = officer_client.get(reverse("staff:objection", args=[objection.pk])).content.decode()
    assert "outcome-amount" in html and page in html
    response = officer_client.post(
        reverse("staff:objection_decide", args=[objection.pk]),
        {"outcome": "well_founded", "amount": "300", "reasons": "Verlaagd.", "confirmed": "on"},
    )

    assert response.status_code == 302
    assert Reclaim.objects.get(on_objection=objection).amount == Decimal("300")
    assert "300,00" in officer_client.get(page).content.decode()


def test_a_future_date_on_the_reclaim_page_shows_the_form_again(officer_client, reclaim):
    response = officer_client.post(
        reverse("staff:reclaim_objection", args=[reclaim.pk]),
        {"received_on": (TODAY() + timedelta(days=3)).isoformat(), "grounds": "Onredelijk."},
    )

    assert response.status_code == 400 and "Onredelijk." in response.content.decode()
    assert not Objection.objects.exists()


def test_a_member_or_assessor_cannot_reach_the_reclaim_page_nor_register_an_objection(client, reclaim):
    for user in (reclaim.application.organisation.memberships.get().user, factories.UserFactory(
            roles=["beoordelaar"])):  # fmt: skip
        client.force_login(user)
        assert client.get(reverse("staff:reclaim", args=[reclaim.pk])).status_code in (302, 403)
        response = client.post(
            reverse("staff:reclaim_objection", args=[reclaim.pk]),
            {"received_on": TODAY().isoformat(), "grounds": "Onredelijk."},
        )
        assert response.status_code in (302, 403)
    assert not Objection.objects.exists()


def test_the_letter_of_the_reclaim_lowered_on_objection_is_a_tagged_dutch_pdf(reclaim, officer):
    objection = object_to(reclaim, officer)

    on_objection = decide(objection, officer, amount="400")

    letter = letter_of(on_objection)
    assert letter.kind == "reclaim_withdrawn_on_objection"
    content = letter.file.read()
    info = tagged(content)
    assert info["lang"] == "nl-NL" and info["marked"] and info["structure"] and info["title"] == letter.title
    text = pdf_text(content)
    lowered = Reclaim.objects.get(on_objection=objection)
    for expected in ("gegrond", "400,00", "1.000,00", lowered.payment_reference, "Bijzondere omstandigheden.",
                     "Rechtbank Limburg"):  # fmt: skip
        assert expected in text, expected


def test_a_file_is_not_closed_while_an_objection_against_its_reclaim_is_pending(reclaim, officer):
    application = reclaim.application
    services.record_reclaim_paid(reclaim=reclaim, received_on=TODAY(), by=officer)
    objection = object_to(reclaim, officer)

    with time_machine.travel(timezone.now() + timedelta(weeks=8), tick=False):
        with pytest.raises(ValidationError):
            services.close(application=application, by=officer)
        decide(objection, officer, outcome=G.OBJECTION_UNFOUNDED)
        services.close(application=application, by=officer)

    application.refresh_from_db()
    assert application.state == "closed"

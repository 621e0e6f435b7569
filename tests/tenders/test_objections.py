"""Objections (Awb 6:7, 6:8, 6:11, 7:1) and money on objection (Awb 4:25(3)): services and the staff page."""

from datetime import datetime, time, timedelta
from decimal import Decimal
from uuid import uuid4

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tenders import ledger, services
from tenders.models import BudgetEntry, Decision, Objection, Payment, Settlement, State
from tenders.services.rounds import save_round
from tests import factories
from tests.factories import ApplicationFactory, UserFactory, paid_out

pytestmark = pytest.mark.django_db
G = Decision.Outcome
TODAY = timezone.localdate


# Objections and their money are the same in every kind of round; these tests use first-come rounds, decided
# application by application in the order they became complete, so a decision needs no closed round first.
def RoundFactory(**kwargs):
    return factories.RoundFactory(**{"allocation_method": "first_come", **kwargs})


def assessed_application(**kwargs):
    return factories.assessed_application(**{"round": kwargs.pop("round", None) or RoundFactory(), **kwargs})


def grant(application, officer, amount=None, outcome=G.GRANTED):
    return services.decide(
        application=application, outcome=outcome, amount=amount or application.requested_amount,
        reasons="Past goed binnen de regeling.", by=officer,
    )  # fmt: skip


def refuse(application, officer):
    return services.decide(
        application=application, outcome=G.REJECTED, amount=0, reasons="Buiten de regeling.", by=officer
    )


def object_to(officer, *, decision=None, settlement=None, received_on=None, excused_delay=""):
    return services.register_objection(
        decision=decision, settlement=settlement, received_on=received_on or TODAY(),
        grounds="Wij zijn het er niet mee eens.", by=officer, excused_delay=excused_delay,
    )  # fmt: skip


def uphold(objection, officer, amount):
    factories.heard(objection, officer)
    return services.decide_objection(
        objection=objection,
        upheld=True,
        amount=Decimal(amount),
        reasons="Het bezwaar is gegrond.",
        by=officer,
    )


def settled_application(officer, *, requested="10000", granted=None, final=None, round_=None):
    round_ = round_ or RoundFactory(advance_percentage=80)
    application = assessed_application(round=round_, requested_amount=Decimal(requested))
    grant(application, officer, amount=Decimal(granted or requested))
    services.pay_advance(application=application, by=officer)
    paid_out(application)
    services.submit_report(
        application=application, by=officer, activities="Gedaan.", reach=50, costs=Decimal("1")
    )
    settlement = services.settle(
        application=application, final_amount=Decimal(final or granted or requested), by=officer,
        note="Vastgesteld na de verantwoording.",
    )  # fmt: skip
    return application, settlement


# -- registration ---------------------------------------------------------------------------------


def test_an_objection_received_in_the_future_is_refused(officer):
    decision = grant(assessed_application(), officer)

    with pytest.raises(ValidationError, match=r"toekomst|future"):
        object_to(officer, decision=decision, received_on=TODAY() + timedelta(days=1))

    assert not Objection.objects.exists()


def test_a_settlement_can_be_objected_to_within_its_own_term_after_the_grant_term_ended(officer):
    application, settlement = settled_application(officer)
    decision = application.decisions.get()
    # Seen: the term was checked against the grant decision. The grant was long ago, the settlement is recent.
    long_ago = timezone.now() - timedelta(weeks=20)
    Decision.objects.filter(pk=decision.pk).update(
        decided_at=long_ago, objection_deadline=(long_ago + timedelta(weeks=6)).date()
    )

    objection = object_to(officer, settlement=settlement)

    assert objection.settlement == settlement and objection.decision is None
    assert objection.status == Objection.Status.PENDING and not objection.is_late


def test_an_objection_against_a_decision_on_objection_is_refused(officer):
    round_ = RoundFactory(objection_reserve=Decimal("10000"))
    application = assessed_application(round=round_, requested_amount=Decimal("10000"))
    decision = grant(application, officer, amount=Decimal("6000"))
    on_objection = uphold(object_to(officer, decision=decision), officer, "8000")

    with pytest.raises(ValidationError, match="Rechtbank"):
        object_to(officer, decision=on_objection)

    assert Objection.objects.count() == 1


def test_an_objection_against_a_decision_on_objection_is_never_upheld_even_if_it_was_stored(officer):
    round_ = RoundFactory(objection_reserve=Decimal("10000"))
    application = assessed_application(round=round_, requested_amount=Decimal("10000"))
    on_objection = uphold(
        object_to(officer, decision=grant(application, officer, Decimal("6000"))), officer, "8000"
    )
    stored = Objection.objects.create(
        decision=on_objection, received_on=TODAY(), grounds="x", registered_by=officer
    )

    with pytest.raises(ValidationError):
        uphold(stored, officer, "10000")

    assert stored.decisions.count() == 0
    assert ledger.committed_for(application) == Decimal("8000")


def test_a_late_objection_is_registered_and_declared_inadmissible(officer):
    decision = grant(assessed_application(), officer)
    Decision.objects.filter(pk=decision.pk).update(objection_deadline=TODAY() - timedelta(days=1))
    decision.refresh_from_db()

    objection = object_to(officer, decision=decision)

    assert (objection.status, objection.is_late) == (Objection.Status.INADMISSIBLE, True)
    with pytest.raises(ValidationError):
        uphold(objection, officer, "10000")


def test_a_late_objection_with_an_excusable_delay_is_pending_with_the_reason(officer):
    decision = grant(assessed_application(requested_amount=Decimal("10000")), officer, amount=Decimal("5000"))
    Decision.objects.filter(pk=decision.pk).update(objection_deadline=TODAY() - timedelta(days=1))
    decision.refresh_from_db()

    objection = object_to(officer, decision=decision, excused_delay="Brief kwam niet aan: verhuisd.")

    assert objection.status == Objection.Status.PENDING
    assert (objection.is_late, objection.excused_delay) == (True, "Brief kwam niet aan: verhuisd.")


def test_an_objection_in_time_keeps_no_excuse(officer):
    decision = grant(assessed_application(), officer)

    objection = object_to(officer, decision=decision, excused_delay="niet nodig")

    assert (objection.is_late, objection.excused_delay, objection.status) == (
        False,
        "",
        Objection.Status.PENDING,
    )


def test_a_refusal_can_be_objected_to(officer):
    decision = refuse(assessed_application(), officer)

    assert object_to(officer, decision=decision).decision == decision


# -- money on objection -------------------------------------------------------------------------------


def test_seen_a_grant_on_objection_beyond_reserve_and_ceiling_is_refused_and_nothing_is_paid(officer):
    # Seen: €25,000 committed and paid as an advance on objection, unchecked.
    round_ = RoundFactory(
        ceiling=Decimal("20000"), objection_reserve=Decimal("0"), maximum_amount=Decimal("25000")
    )
    grant(assessed_application(round=round_, requested_amount=Decimal("20000")), officer)
    refused = assessed_application(round=round_, requested_amount=Decimal("25000"))
    objection = object_to(officer, decision=refuse(refused, officer))

    with pytest.raises(ValidationError, match="reserve"):
        uphold(objection, officer, "25000")

    refused.refresh_from_db()
    assert refused.state == State.REJECTED
    assert ledger.committed_for(refused) == 0
    assert not Payment.objects.filter(application=refused).exists()
    with pytest.raises(ValidationError):
        services.pay_advance(application=refused, by=officer)
    objection.refresh_from_db()
    assert objection.status == Objection.Status.PENDING


def test_a_grant_on_objection_uses_the_reserve_then_what_is_left_under_the_ceiling(officer):
    round_ = RoundFactory(ceiling=Decimal("20000"), objection_reserve=Decimal("3000"))
    grant(assessed_application(round=round_, requested_amount=Decimal("18000")), officer)
    application = assessed_application(round=round_, requested_amount=Decimal("10000"))
    objection = object_to(officer, decision=refuse(application, officer))

    with pytest.raises(ValidationError):
        uphold(objection, officer, "5000.01")  # reserve 3,000 + 2,000 under the ceiling
    uphold(objection, officer, "5000")

    totals = {t.round.pk: t for t in ledger.programme_overview(round_.programme)}[round_.pk]
    assert (totals.committed, totals.objection_committed, totals.reserve_used) == (
        Decimal("23000"), Decimal("5000"), Decimal("3000"),
    )  # fmt: skip
    assert totals.remaining == ledger.remaining(round_) == 0
    entry = BudgetEntry.objects.get(decision__on_objection=objection)
    assert (entry.kind, entry.amount, entry.is_objection) == (
        BudgetEntry.Kind.COMMITMENT,
        Decimal("5000"),
        True,
    )


def test_a_regular_grant_cannot_use_what_objections_took_beyond_the_reserve(officer):
    round_ = RoundFactory(ceiling=Decimal("20000"), objection_reserve=Decimal("1000"))
    application = assessed_application(round=round_, requested_amount=Decimal("10000"))
    uphold(object_to(officer, decision=refuse(application, officer)), officer, "4000")
    later = assessed_application(round=round_, requested_amount=Decimal("18000"))

    # 20,000 under the ceiling, minus the 3,000 that the objection took beyond the 1,000 reserve.
    assert ledger.remaining(round_) == Decimal("17000")
    with pytest.raises(ValidationError):
        grant(later, officer, amount=Decimal("17000.01"))
    grant(later, officer, amount=Decimal("17000"))
    assert ledger.regular_committed(round_) + ledger.objection_committed(round_) == Decimal("21000")


def test_a_grant_on_objection_is_never_more_than_requested_at_submission(officer):
    round_ = RoundFactory(objection_reserve=Decimal("50000"))
    application = assessed_application(round=round_, requested_amount=Decimal("10000"))
    objection = object_to(officer, decision=grant(application, officer, amount=Decimal("6000")))

    with pytest.raises(ValidationError):
        uphold(objection, officer, "10000.01")

    assert ledger.committed_for(application) == Decimal("6000")


def quick_assessed(round_, amount):
    """An assessed application without the panel: the ledger rule does not depend on how it was assessed."""
    return ApplicationFactory(
        round=round_,
        requested_amount=amount,
        state=State.ASSESSED,
        complete=False,
        reference=f"T-{uuid4().hex[:12]}",
    )


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    ceiling=st.integers(5, 40).map(lambda n: Decimal(n * 1000)),
    reserve=st.integers(0, 10).map(lambda n: Decimal(n * 1000)),
    first=st.integers(1, 40).map(lambda n: Decimal(n * 1000)),
    asked=st.lists(st.integers(1, 25).map(lambda n: Decimal(n * 1000)), min_size=1, max_size=4),
)
def test_committed_money_never_exceeds_ceiling_plus_reserve(officer, ceiling, reserve, first, asked):
    round_ = RoundFactory(ceiling=ceiling, objection_reserve=reserve, maximum_amount=Decimal("50000"))
    earlier = quick_assessed(round_, first)
    try:
        grant(earlier, officer)
    except ValidationError:  # more than the ceiling: refused, so the applications after it can be decided
        refuse(earlier, officer)
    for amount in asked:
        application = quick_assessed(round_, amount)
        objection = object_to(officer, decision=refuse(application, officer))
        try:
            uphold(objection, officer, amount)
        except ValidationError:
            assert ledger.committed_for(application) == 0
        total = ledger.regular_committed(round_) + ledger.objection_committed(round_)
        assert total <= ceiling + reserve
        assert ledger.regular_committed(round_) <= ceiling


def test_the_objection_reserve_is_frozen_with_the_round(officer):
    round_ = RoundFactory(objection_reserve=Decimal("5000"))
    round_.objection_reserve = Decimal("50000")

    with pytest.raises(ValidationError) as error:
        save_round(round_=round_)

    assert "objection_reserve" in error.value.message_dict


# -- after settlement --------------------------------------------------------------------------------


def test_seen_an_upheld_objection_after_settlement_reopens_it_and_the_extra_money_is_paid(officer):
    round_ = RoundFactory(objection_reserve=Decimal("10000"))
    application, settlement = settled_application(officer, requested="15000", granted="6000", round_=round_)
    objection = object_to(officer, decision=application.decisions.get())

    uphold(objection, officer, "15000")

    settlement.refresh_from_db()
    application.refresh_from_db()
    assert (settlement.reopened_by, application.state) == (objection, State.SETTLEMENT_REOPENED)
    paid_out(application)  # the first settlement's remainder
    services.settle(application=application, final_amount=Decimal("15000"), by=officer)
    paid_out(application)
    assert ledger.paid_for(application) == Decimal("15000")
    assert [p.amount for p in application.payments.filter(kind=Payment.Kind.REMAINDER)] == [
        Decimal("1200"), Decimal("9000"),
    ]  # fmt: skip
    assert (
        Settlement.objects.filter(application=application, reopened_at__isnull=True).get().final_amount
        == 15000
    )
    totals = {t.round.pk: t for t in ledger.programme_overview(round_.programme)}[round_.pk]
    assert totals.settled == Decimal("15000")


def test_an_upheld_objection_against_a_settlement_reopens_it(officer):
    round_ = RoundFactory(objection_reserve=Decimal("10000"))
    application, settlement = settled_application(officer, granted="10000", final="7000", round_=round_)

    uphold(object_to(officer, settlement=settlement), officer, "10000")

    application.refresh_from_db()
    assert application.state == State.SETTLEMENT_REOPENED
    assert application.reclaims.get().amount == Decimal("1000")  # 8,000 paid, settled at 7,000
    services.settle(application=application, final_amount=Decimal("10000"), by=officer)
    assert application.reclaims.get().status == "withdrawn"  # replaced by the new settlement
    paid_out(application)
    assert ledger.paid_for(application) == Decimal("10000")


def test_a_dismissed_objection_after_settlement_leaves_it_settled(officer):
    application, settlement = settled_application(officer)
    objection = object_to(officer, settlement=settlement)

    factories.heard(objection, officer)
    services.decide_objection(objection=objection, upheld=False, amount=0, reasons="Ongegrond.", by=officer)

    application.refresh_from_db()
    settlement.refresh_from_db()
    assert (application.state, settlement.reopened_at) == (State.SETTLED, None)


# -- through the staff page ------------------------------------------------------------------------------


def test_the_officer_registers_an_objection_against_the_settlement_on_the_page(officer_client, officer):
    application, settlement = settled_application(officer)
    url = reverse("staff:application_objection", args=[application.pk])

    response = officer_client.post(url, {
        "against": f"settlement-{settlement.pk}", "received_on": TODAY().isoformat(), "grounds": "Te laag vastgesteld.",
    })  # fmt: skip

    assert response.status_code == 302
    assert Objection.objects.get().settlement == settlement


def test_a_future_date_on_the_page_is_an_error_and_keeps_what_was_typed(officer_client, officer):
    decision = grant(assessed_application(), officer)
    url = reverse("staff:application_objection", args=[decision.application.pk])

    response = officer_client.post(url, {
        "against": f"decision-{decision.pk}", "received_on": (TODAY() + timedelta(days=3)).isoformat(),
        "grounds": "Onze eigen woorden",
    })  # fmt: skip

    assert response.status_code == 200
    assert "toekomst" in response.content.decode()
    assert "Onze eigen woorden" in response.content.decode()
    assert not Objection.objects.exists()


def test_a_late_objection_on_the_page_says_it_is_inadmissible(officer_client, officer):
    decision = grant(assessed_application(), officer)
    Decision.objects.filter(pk=decision.pk).update(objection_deadline=TODAY() - timedelta(days=2))
    url = reverse("staff:application_objection", args=[decision.application.pk])

    response = officer_client.post(
        url,
        {"against": f"decision-{decision.pk}", "received_on": TODAY().isoformat(), "grounds": "Laat"},
        follow=True,
    )

    assert "niet-ontvankelijk" in response.content.decode()
    assert Objection.objects.get().status == Objection.Status.INADMISSIBLE


def test_a_decision_on_objection_is_not_offered_on_the_page_and_a_forged_post_registers_nothing(
    officer_client, officer
):
    round_ = RoundFactory(objection_reserve=Decimal("10000"))
    application = assessed_application(round=round_, requested_amount=Decimal("10000"))
    on_objection = uphold(
        object_to(officer, decision=grant(application, officer, Decimal("6000"))), officer, "8000"
    )
    url = reverse("staff:application_objection", args=[application.pk])

    page = officer_client.get(reverse("staff:application_detail", args=[application.pk]))
    response = officer_client.post(
        url,
        {"against": f"decision-{on_objection.pk}", "received_on": TODAY().isoformat(), "grounds": "Nog eens"},
    )

    assert f"decision-{on_objection.pk}" not in page.content.decode()
    assert response.status_code == 200
    assert Objection.objects.count() == 1


def test_an_assessor_cannot_register_an_objection(client, officer):
    decision = grant(assessed_application(), officer)
    client.force_login(UserFactory(roles=["beoordelaar"]))

    client.post(
        reverse("staff:application_objection", args=[decision.application.pk]),
        {"against": f"decision-{decision.pk}", "received_on": TODAY().isoformat(), "grounds": "x"},
    )

    assert not Objection.objects.exists()


def test_the_budget_overview_shows_the_reserve_used(officer_client, officer):
    round_ = RoundFactory(ceiling=Decimal("10000"), objection_reserve=Decimal("4000"))
    application = assessed_application(round=round_, requested_amount=Decimal("10000"))
    uphold(object_to(officer, decision=grant(application, officer, Decimal("7500"))), officer, "10000")

    response = officer_client.get(reverse("staff:programme_overview", args=[round_.programme.pk]))

    assert "2.500,00" in response.content.decode()  # reserve used
    assert response.context["rows"][0].reserve_used == Decimal("2500")


# -- the term runs from the day after sending (Awb 6:8) -----------------------------------------------------------


def _noon(day):
    return timezone.make_aware(datetime.combine(day, time(12)))


def _sent(decision, days_after):
    from letters.models import Letter
    from tenders.letters import letter_of

    letter = letter_of(decision)
    Letter.objects.filter(pk=letter.pk).update(sent_at=decision.decided_at + timedelta(days=days_after))


def test_the_objection_term_runs_from_the_day_after_the_letter_was_sent(officer):
    import time_machine

    decision = refuse(assessed_application(), officer)
    _sent(decision, days_after=10)  # the letter left ten days after the decision
    received = decision.objection_deadline + timedelta(days=7)  # late if counted from the decision

    with time_machine.travel(_noon(received), tick=False):
        objection = object_to(officer, decision=decision, received_on=received)

    assert objection.status == Objection.Status.PENDING and not objection.is_late
    assert services.objection_term_ends(decision) > decision.objection_deadline


def test_counted_from_sending_an_objection_after_six_weeks_is_still_late(officer):
    import time_machine

    decision = refuse(assessed_application(), officer)
    _sent(decision, days_after=0)
    received = services.objection_term_ends(decision) + timedelta(days=1)

    with time_machine.travel(_noon(received), tick=False):
        objection = object_to(officer, decision=decision, received_on=received)

    assert objection.is_late and objection.status == Objection.Status.INADMISSIBLE

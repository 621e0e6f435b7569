"""No dead ends: in every state of the workflow table that is not final, someone can move the application on, and the
page of the one who must act offers that action; while a decision is awaited the applicant reads what happens next."""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from maastricht_inclusie.deadlines import end_of_day
from tenders import services
from tenders.models import ALLOWED_TRANSITIONS, Application, State
from tests.factories import (
    ApplicationFactory,
    MembershipFactory,
    RoundFactory,
    UserFactory,
    assessed_application,
    heard,
    paid_out,
)
from tests.factories import submitted_application as submitted

pytestmark = pytest.mark.django_db

NON_FINAL = sorted(state for state, following in ALLOWED_TRANSITIONS.items() if following)


def first_come(**kwargs):
    return RoundFactory(allocation_method="first_come", **kwargs)


def decided(officer, outcome=State.GRANTED, amount=Decimal("10000")):
    application = assessed_application(round=first_come(), officer=officer, requested_amount=amount)
    granted = {State.GRANTED: amount, State.PARTIALLY_GRANTED: amount / 2, State.REJECTED: Decimal("0")}[
        outcome
    ]
    services.decide(
        application=application, outcome=outcome, amount=granted, reasons="Afgewogen.", by=officer
    )
    return Application.objects.get(pk=application.pk)


def ordered(officer, amount=Decimal("10000")):
    application = decided(officer, amount=amount)
    services.pay_advance(application=application, by=officer)
    return Application.objects.get(pk=application.pk)


def paid(officer, amount):
    application = ordered(officer, amount)
    paid_out(application)
    return Application.objects.get(pk=application.pk)


def reported(officer):
    application = paid(officer, Decimal("10000"))
    member = application.organisation.memberships.get().user
    services.submit_report(
        application=application, by=member, activities="Tien avonden", reach=120, costs=Decimal("9800")
    )
    return Application.objects.get(pk=application.pk)


def settled(officer):
    application = paid(officer, Decimal("4000"))
    services.settle(application=application, final_amount=Decimal("4000"), by=officer)
    paid_out(application)  # the remainder: a file is closed when its money is square
    return Application.objects.get(pk=application.pk)


def reopened(officer):
    """Settled below what was asked, then an upheld objection against the settlement reopens it (Awb 7:11)."""
    application = decided(officer, State.PARTIALLY_GRANTED, amount=Decimal("4000"))
    services.pay_advance(application=application, by=officer)
    paid_out(application)
    services.settle(application=application, final_amount=Decimal("2000"), by=officer)
    settlement = application.settlements.get()
    objection = services.register_objection(
        settlement=settlement, received_on=timezone.localdate(), grounds="Meer kosten gemaakt.", by=officer
    )
    heard(objection, officer)
    services.decide_objection(
        objection=objection,
        upheld=True,
        amount=Decimal("4000"),
        reasons="Het bezwaar is gegrond.",
        by=officer,
    )
    return Application.objects.get(pk=application.pk)


def draft(officer):
    application = ApplicationFactory()
    MembershipFactory(organisation=application.organisation)
    return application


def requested(officer):
    application = submitted(round=first_come())
    services.request_information(
        application=application, by=officer, message="Statuten", parts=["attachments"]
    )
    return Application.objects.get(pk=application.pk)


def set_aside(officer):
    """Set aside after the information request expired: only an objection moves it on (its revocation, Awb 7:11)."""
    application = requested(officer)
    ends_on = application.information_requests.get().ends_on
    with time_machine.travel(end_of_day(ends_on) + timedelta(hours=2), tick=False):
        services.set_aside(application=application, reasons="Niets ontvangen.", by=officer)
    return Application.objects.get(pk=application.pk)


def ineligible(officer):
    application = submitted(round=first_come())
    services.mark_ineligible(application=application, by=officer, reason="Niet in Maastricht.")
    return Application.objects.get(pk=application.pk)


def eligible(officer):
    application = submitted()
    services.mark_eligible(application=application, by=officer)
    return Application.objects.get(pk=application.pk)


# state → (how to get an application there, who acts, the URL name of an action that moves it on)
WALK = {
    State.DRAFT: (draft, "applicant", "portal:application_check"),
    State.SUBMITTED: (lambda officer: submitted(), "officer", "staff:application_eligible"),
    State.INFORMATION_REQUESTED: (requested, "applicant", "portal:application_answer"),
    State.ELIGIBLE: (eligible, "officer", "staff:application_assign"),
    State.INELIGIBLE: (ineligible, "officer", "staff:application_refuse_ineligible"),
    State.SET_ASIDE: (set_aside, "officer", "staff:application_objection"),
    State.ASSESSED: (lambda officer: assessed_application(officer=officer), "officer", "staff:application_decide"),
    State.GRANTED: (decided, "officer", "staff:application_pay_advance"),
    State.PARTIALLY_GRANTED: (lambda o: decided(o, State.PARTIALLY_GRANTED), "officer", "staff:application_pay_advance"),
    State.REJECTED: (lambda o: decided(o, State.REJECTED), "officer", "staff:application_objection"),
    # Ordered: it moves on when its payment batch is paid; the page leads to preparing that batch.
    State.ADVANCE_ORDERED: (ordered, "officer", lambda application: reverse("staff:batch_prepare")),
    State.ADVANCE_PAID: (lambda o: paid(o, Decimal("4000")), "officer", "staff:application_settle"),
    State.REPORT_DUE: (lambda o: paid(o, Decimal("10000")), "applicant", "portal:application_report"),
    State.REPORT_SUBMITTED: (reported, "officer", "staff:application_settle"),
    State.SETTLED: (settled, "officer", "staff:application_close"),
    State.SETTLEMENT_REOPENED: (reopened, "officer", "staff:application_settle"),
}  # fmt: skip


def test_the_walk_covers_every_non_final_state():
    assert set(WALK) == set(NON_FINAL)


@pytest.mark.parametrize("state", NON_FINAL)
def test_every_non_final_state_offers_an_action_that_moves_it_on(client, roles, state):
    officer = UserFactory(roles=["beleidsmedewerker"])
    build, actor, action = WALK[state]
    application = build(officer)
    assert application.state == state

    if actor == "officer":
        client.force_login(officer)
        page = client.get(reverse("staff:application_detail", args=[application.pk]))
    else:
        client.force_login(application.organisation.memberships.first().user)
        page = client.get(reverse("portal:application_detail", args=[application.pk]))

    target = action(application) if callable(action) else reverse(action, args=[application.pk])
    assert target in page.content.decode()


def test_an_expired_information_request_is_no_dead_end_for_the_officer(client, roles):
    officer = UserFactory(roles=["beleidsmedewerker"])
    application = requested(officer)
    deadline = application.information_requests.get().ends_on

    with time_machine.travel(end_of_day(deadline) + timedelta(hours=1), tick=False):
        client.force_login(officer)
        html = client.get(reverse("staff:application_detail", args=[application.pk])).content.decode()

    assert reverse("staff:application_set_aside", args=[application.pk]) in html
    assert reverse("staff:application_continue", args=[application.pk]) in html


@pytest.mark.parametrize(
    "state", [State.SUBMITTED, State.INFORMATION_REQUESTED, State.ELIGIBLE, State.INELIGIBLE, State.ASSESSED]
)
def test_while_a_decision_is_awaited_the_applicant_reads_what_happens_next_and_by_when(client, roles, state):
    officer = UserFactory(roles=["beleidsmedewerker"])
    application = WALK[state][0](officer)
    client.force_login(application.organisation.memberships.first().user)

    html = client.get(reverse("portal:application_detail", args=[application.pk])).content.decode()

    assert "Wat er nu gebeurt" in html or "Wat gebeurt er nu" in html
    assert "uiterlijk" in html


def test_a_settled_file_is_closed_only_after_the_objection_period(client, roles):
    officer = UserFactory(roles=["beleidsmedewerker"])
    application = settled(officer)
    url = reverse("staff:application_close", args=[application.pk])
    client.force_login(officer)

    early = client.post(url, {"note": ""})
    assert early.status_code == 200 and early.context["close_form"].errors
    assert Application.objects.get(pk=application.pk).state == State.SETTLED
    with time_machine.travel(timezone.now() + timedelta(weeks=7), tick=False):
        client.force_login(officer)
        assert client.post(url, {"note": "Dossier compleet"}).status_code == 302

    assert Application.objects.get(pk=application.pk).state == State.CLOSED

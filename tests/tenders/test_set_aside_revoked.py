"""A well-founded objection against a setting aside (Awb 4:5, 7:11): the setting aside is revoked by a decision on
objection with its own letter, nothing is booked, and the application is handled again — then decided after all,
as part of the decision on objection: judged against the objection reserve plus what is left (Awb 4:25(3))."""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from maastricht_inclusie.deadlines import end_of_day
from tenders import ledger, services
from tenders.letters import letter_of
from tenders.models import Application, BudgetEntry, Decision, Objection, State
from tenders.timeline import awaits_decision
from tenders.workflow import IllegalTransition, transition
from tests import factories
from tests.factories import CriterionFactory, RoundFactory, UserFactory, closed, submitted_application
from tests.pdf_text import pdf_text
from tests.tenders.test_letters import _tagged as tagged

pytestmark = pytest.mark.django_db
G = Decision.Outcome


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path


def eligibility_round(**fields):
    return RoundFactory(allocation_method="first_come", assessment_method="eligibility", **fields)


def set_aside(officer, round_=None, **application_fields):
    """An application set aside after its information request expired, in the time after that (time runs)."""
    application = submitted_application(round=round_ or eligibility_round(), **application_fields)
    services.request_information(
        application=application, by=officer, message="Stuur de statuten mee.", parts=["attachments"]
    )
    request = application.information_requests.get()
    traveller = time_machine.travel(end_of_day(request.ends_on) + timedelta(hours=2), tick=True)
    traveller.start()
    decision = services.set_aside(application=application, reasons="Niets ontvangen.", by=officer)
    return decision, traveller


@pytest.fixture
def revocable(officer):
    decision, traveller = set_aside(officer)
    yield decision
    traveller.stop()


def object_to(decision, officer):
    objection = services.register_objection(
        decision=decision,
        received_on=timezone.localdate(),
        grounds="De statuten zijn wel verstuurd.",
        by=officer,
    )
    return factories.heard(objection, officer)


def revoke(objection, officer, **extra):
    return services.decide_objection(
        objection=objection, outcome="well_founded", reasons="De statuten kwamen op tijd binnen.", by=officer,
        **extra,
    )  # fmt: skip


def test_seen_a_well_founded_objection_against_a_setting_aside_books_no_grant_and_revokes_it(
    revocable, officer
):
    # Seen: it went through the money path — a grant booked while the application stayed "set aside".
    application = revocable.application
    objection = object_to(revocable, officer)

    revocation = revoke(objection, officer, amount=Decimal("10000"))

    application.refresh_from_db()
    objection.refresh_from_db()
    assert not BudgetEntry.objects.exists() and ledger.committed_for(application) == 0
    assert (revocation.outcome, revocation.granted_amount, revocation.on_objection) == (
        G.SET_ASIDE_REVOKED, 0, objection,
    )  # fmt: skip
    assert objection.status == Objection.Status.UPHELD
    assert application.state == State.SUBMITTED and awaits_decision(application)
    assert application.history.filter(from_state=State.SET_ASIDE, to_state=State.SUBMITTED).exists()
    letter = letter_of(revocation)
    assert letter.kind == "set_aside_revoked_on_objection"
    content = letter.file.read()
    info = tagged(content)
    assert info["lang"] == "nl-NL" and info["marked"] and info["title"] == letter.title
    text = pdf_text(content)
    for expected in ("gegrond", "herroepen", "alsnog in behandeling", "Rechtbank Limburg", "op tijd binnen"):
        assert expected in text, expected


def test_only_a_decision_on_objection_takes_a_set_aside_application_back_into_handling(revocable, officer):
    application = revocable.application

    with pytest.raises(IllegalTransition):
        transition(application, State.SUBMITTED, by=officer)

    assert Application.objects.get(pk=application.pk).state == State.SET_ASIDE
    assert not awaits_decision(application)
    with pytest.raises(ValidationError):
        services.decide(
            application=application, outcome=G.GRANTED, amount=Decimal("100"), reasons="x", by=officer
        )


def test_after_revocation_the_application_is_decided_after_all_as_part_of_the_decision_on_objection(
    revocable, officer
):
    application = revocable.application
    objection = object_to(revocable, officer)
    revoke(objection, officer)
    services.mark_eligible(application=application, by=officer)

    grant = services.decide(
        application=application, outcome=G.GRANTED, amount=Decimal("10000"), reasons="Past binnen de regeling.",
        by=officer,
    )  # fmt: skip

    application.refresh_from_db()
    assert application.state == State.GRANTED
    assert (grant.on_objection, grant.granted_amount) == (objection, Decimal("10000"))
    entry = BudgetEntry.objects.get()
    assert (entry.kind, entry.amount, entry.is_objection) == (
        BudgetEntry.Kind.COMMITMENT,
        Decimal("10000"),
        True,
    )
    assert services.current_decision(application) == grant
    letter = letter_of(grant)
    text = pdf_text(letter.file.read())
    assert letter.kind == "objection_well_founded" and "alsnog" in text and "10.000,00" in text
    assert "Rechtbank Limburg" in text
    with pytest.raises(ValidationError):  # decided once
        services.decide(
            application=application, outcome=G.GRANTED, amount=Decimal("1"), reasons="x", by=officer
        )
    with pytest.raises(ValidationError):  # part of a decision on objection: appeal, no objection
        services.register_objection(decision=grant, received_on=timezone.localdate(), grounds="x", by=officer)


def test_after_revocation_a_refusal_has_its_letter_too(revocable, officer):
    application = revocable.application
    revoke(object_to(revocable, officer), officer)
    services.mark_eligible(application=application, by=officer)

    refusal = services.decide(
        application=application, outcome=G.REJECTED, amount=0, reasons="Niet vernieuwend.", by=officer
    )

    text = pdf_text(letter_of(refusal).file.read())
    assert "wijzen uw aanvraag af" in text and "Niet vernieuwend." in text and "Rechtbank Limburg" in text
    assert not BudgetEntry.objects.exists()


def test_a_grant_after_revocation_counts_against_the_reserve_plus_what_is_left(officer):
    round_ = eligibility_round(ceiling=Decimal("20000"), objection_reserve=Decimal("3000"))
    other = submitted_application(round=round_, requested_amount=Decimal("18000"))
    services.mark_eligible(application=other, by=officer)
    services.decide(
        application=other, outcome=G.GRANTED, amount=Decimal("18000"), reasons="Goed.", by=officer
    )
    decision, traveller = set_aside(officer, round_, requested_amount=Decimal("10000"))
    try:
        application = decision.application
        revoke(object_to(decision, officer), officer)
        services.mark_eligible(application=application, by=officer)

        with pytest.raises(ValidationError, match=r"5\.000,00|5,000\.00"):
            services.decide(application=application, outcome=G.PARTIALLY_GRANTED, amount=Decimal("5000.01"),
                            reasons="Deels.", by=officer)  # fmt: skip
        services.decide(application=application, outcome=G.PARTIALLY_GRANTED, amount=Decimal("5000"),
                        reasons="Deels.", by=officer)  # fmt: skip
    finally:
        traveller.stop()

    assert ledger.objection_committed(round_) == Decimal("5000") and ledger.remaining(round_) == 0


def test_in_a_tender_round_decided_already_the_revived_application_is_decided_on_its_own(officer):
    round_ = RoundFactory(ceiling=Decimal("30000"), objection_reserve=Decimal("5000"))
    criterion = CriterionFactory(round=round_)
    decision, traveller = set_aside(officer, round_)
    try:
        factories.assessed_application(round=round_, criteria=[criterion], requested_amount=Decimal("25000"))
        closed(round_)
        services.decide_round(round_=round_, by=officer)
        application = decision.application
        revoke(object_to(decision, officer), officer)
        services.mark_eligible(application=application, by=officer)
        for score in (8, 8):
            assessment = services.assign_assessor(
                application=application, assessor=UserFactory(roles=["beoordelaar"]), by=officer
            )
            services.save_scores(assessment=assessment, scores={criterion.pk: (score, "Goed.")}, submit=True)

        grant = services.decide(application=application, outcome=G.GRANTED, amount=Decimal("10000"),
                                reasons="Alsnog beoordeeld.", by=officer)  # fmt: skip
    finally:
        traveller.stop()

    assert (
        grant.on_objection is not None and Application.objects.get(pk=application.pk).state == State.GRANTED
    )
    assert ledger.objection_committed(round_) == Decimal("10000")


def test_the_objection_page_offers_revocation_without_an_amount(officer_client, revocable, officer):
    objection = object_to(revocable, officer)
    page = reverse("staff:objection", args=[objection.pk])
    assert "outcome-amount" not in officer_client.get(page).content.decode()

    response = officer_client.post(
        reverse("staff:objection_decide", args=[objection.pk]),
        {"outcome": "well_founded", "reasons": "Op tijd ontvangen.", "confirmed": "on"},
    )

    assert response.status_code == 302
    assert Application.objects.get(pk=revocable.application_id).state == State.SUBMITTED

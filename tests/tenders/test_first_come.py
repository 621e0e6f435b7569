"""A first-come round is decided in the order of complete submission, and one decided on eligibility alone has no
scoring panel (Awb 4:25(2))."""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from tenders import services
from tenders.models import Decision, Part, Round, State
from tenders.queries import ranking
from tests.factories import RoundFactory, UserFactory, submitted_application

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("roles")]
G = Decision.Outcome


@pytest.fixture
def first_come():
    return RoundFactory(
        allocation_method=Round.AllocationMethod.FIRST_COME,
        assessment_method=Round.AssessmentMethod.ELIGIBILITY,
        ceiling=Decimal("15000"),
    )


def grant(application, officer, amount=None):
    amount = amount or application.requested_amount
    return services.decide(
        application=application, outcome=G.GRANTED, amount=amount, reasons="Past.", by=officer
    )


def test_eligibility_only_needs_no_scoring_panel(client, officer, first_come):
    application = submitted_application(round=first_come)
    client.force_login(officer)

    response = client.post(f"/medewerkers/aanvragen/{application.pk}/ontvankelijk/")

    application.refresh_from_db()
    assert response.status_code == 302
    assert application.state == State.ASSESSED
    assert not application.assessments.exists()
    page = client.get(f"/medewerkers/aanvragen/{application.pk}/")
    assert "assign_assessor" not in page.context["actions"]
    assert page.context["assign_form"].is_bound is False and "Beoordelaars" not in page.content.decode()
    assessor = UserFactory(roles=["beoordelaar"])
    client.force_login(assessor)
    assert list(client.get("/beoordelen/").context["assessments"]) == []  # no empty score forms for anyone


def test_a_first_come_round_is_decided_while_open_in_the_order_of_complete_submission(officer, first_come):
    start = timezone.now()
    with time_machine.travel(start + timedelta(minutes=1)):
        early = submitted_application(round=first_come)
    with time_machine.travel(start + timedelta(minutes=2)):
        late = submitted_application(round=first_come)
    for application in (late, early):
        services.mark_eligible(application=application, by=officer)
    late.refresh_from_db()
    early.refresh_from_db()

    with pytest.raises(ValidationError) as error:
        grant(late, officer)
    assert early.reference in str(error.value)

    grant(early, officer)
    with pytest.raises(ValidationError):
        grant(late, officer)  # more than the ceiling leaves
    assert grant(late, officer, Decimal("5000")).outcome == G.PARTIALLY_GRANTED
    assert [row.application_id for row in ranking(first_come)] == [early.pk, late.pk]


def test_completeness_is_the_moment_the_last_missing_item_arrived(officer, first_come):
    start = timezone.now()
    with time_machine.travel(start + timedelta(minutes=1)):
        incomplete = submitted_application(round=first_come)
        services.request_information(
            application=incomplete, by=officer, message="Stuur de statuten.", parts=[Part.ATTACHMENTS]
        )
    with time_machine.travel(start + timedelta(minutes=2)):
        complete = submitted_application(round=first_come)
    with time_machine.travel(start + timedelta(minutes=3)):
        services.answer_information_request(
            application=incomplete, by=incomplete.submitted_by, answer="De statuten zijn toegevoegd."
        )
    for application in (incomplete, complete):
        services.mark_eligible(application=application, by=officer)
    incomplete.refresh_from_db()
    complete.refresh_from_db()

    assert [row.application_id for row in ranking(first_come)] == [complete.pk, incomplete.pk]
    with pytest.raises(ValidationError):
        grant(incomplete, officer)
    grant(complete, officer)


def test_a_tender_round_cannot_be_decided_on_eligibility_alone():
    with pytest.raises(IntegrityError):
        RoundFactory(
            allocation_method=Round.AllocationMethod.TENDER,
            assessment_method=Round.AssessmentMethod.ELIGIBILITY,
        )

"""Rounds: ceilings never add up past the programme budget; published rules are frozen."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tenders.services import publish_round
from tenders.services.rounds import save_round
from tests.factories import CriterionFactory, ProgrammeFactory, RoundFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_sum_of_round_ceilings_can_never_exceed_the_programme_budget():
    programme = ProgrammeFactory(total_budget=Decimal("725000"))
    RoundFactory(programme=programme, ceiling=Decimal("500000"))
    third = RoundFactory.build(programme=programme, number=9, ceiling=Decimal("225000.01"))

    with pytest.raises(ValidationError) as error:
        save_round(round_=third)

    assert "225.000,00" in str(error.value) or "225,000.00" in str(error.value)
    third.ceiling = Decimal("225000")
    save_round(round_=third)
    assert programme.rounds.count() == 2


def test_published_round_freezes_ceiling_and_method():
    round_ = RoundFactory(
        opens_at=timezone.now() + timedelta(days=10), closes_at=timezone.now() + timedelta(days=40)
    )
    round_.ceiling = Decimal("1")

    with pytest.raises(ValidationError):
        save_round(round_=round_)


def test_unpublished_round_can_change_its_ceiling():
    round_ = RoundFactory(published_at=None)
    round_.ceiling = Decimal("100000")

    save_round(round_=round_)

    round_.refresh_from_db()
    assert round_.ceiling == Decimal("100000")


def test_publishing_needs_criteria_for_a_tender_and_must_precede_opening():
    future = RoundFactory(
        published_at=None,
        opens_at=timezone.now() + timedelta(days=5),
        closes_at=timezone.now() + timedelta(days=30),
    )
    with pytest.raises(ValidationError):
        publish_round(round_=future, by=UserFactory())
    CriterionFactory(round=future)

    published = publish_round(round_=future, by=UserFactory())

    assert published.published_at is not None
    already_open = RoundFactory(published_at=None)
    CriterionFactory(round=already_open)
    with pytest.raises(ValidationError):
        publish_round(round_=already_open, by=UserFactory())


def test_admin_refuses_a_ceiling_above_the_programme_budget(client, roles):
    officer = UserFactory(is_staff=True, roles=["beleidsmedewerker"])
    client.force_login(officer)
    programme = ProgrammeFactory(total_budget=Decimal("1000"))
    round_ = RoundFactory(programme=programme, ceiling=Decimal("1000"), published_at=None)
    data = {
        "programme": programme.pk, "number": round_.number, "title": round_.title, "description": "",
        "opens_at_0": "2030-01-01", "opens_at_1": "09:00", "closes_at_0": "2030-02-01", "closes_at_1": "17:00",
        "ceiling": "2000", "minimum_amount": "100", "maximum_amount": "500", "allocation_method": "tender", "assessment_method": "panel", "tie_rule": "complete_first",
        "advance_percentage": "80", "report_due_weeks": "13", "minimum_total_score": "0",
        "applications_per_organisation": "1",
        "criteria-TOTAL_FORMS": "0", "criteria-INITIAL_FORMS": "0", "criteria-MIN_NUM_FORMS": "0",
        "criteria-MAX_NUM_FORMS": "1000",
    }  # fmt: skip

    response = client.post(f"/admin/tenders/round/{round_.pk}/change/", data)

    assert response.status_code == 200
    assert "ceiling" in response.context["adminform"].form.errors
    round_.refresh_from_db()
    assert round_.ceiling == Decimal("1000")

"""The officer sees the panel's scores and motivations, a wide spread is flagged, and an agreed score counts."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from tenders import services
from tenders.models import ConsensusScore, State
from tenders.queries import ranking
from tenders.services.panel import record_consensus
from tests.factories import CriterionFactory, RoundFactory, UserFactory, closed, submitted_application

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("roles")]


def scored(round_, officer, sheets):
    """An application scored by one assessor per sheet ({criterion: (score, motivation)})."""
    application = submitted_application(round=round_)
    services.mark_eligible(application=application, by=officer)
    for index, sheet in enumerate(sheets):
        assessment = services.assign_assessor(
            application=application, assessor=UserFactory(username=f"b{application.pk}-{index}", roles=["beoordelaar"]),
            by=officer,
        )  # fmt: skip
        services.save_scores(assessment=assessment, scores={c.pk: v for c, v in sheet.items()}, submit=True)
    application.refresh_from_db()
    assert application.state == State.ASSESSED
    return application


@pytest.fixture
def panel(officer):
    round_ = RoundFactory(ceiling=Decimal("10000"))
    impact = CriterionFactory(round=round_, name="Impact", weight=2)
    reach = CriterionFactory(round=round_, name="Bereik", weight=1)
    disputed = scored(
        round_, officer,
        [{impact: (9, "Sterk plan met duidelijke doelen."), reach: (5, "Redelijk.")},
         {impact: (3, "De doelen zijn vaag."), reach: (6, "Goed bereik.")}],
    )  # fmt: skip
    steady = scored(
        round_, officer,
        [{impact: (6, "Degelijk."), reach: (6, "Goed.")}, {impact: (7, "Degelijk."), reach: (6, "Goed.")}],
    )  # fmt: skip
    return round_, impact, reach, disputed, steady


def test_the_officer_sees_every_score_motivation_total_and_the_flagged_spread(client, officer, panel):
    round_, impact, reach, disputed, steady = panel  # noqa: RUF059
    client.force_login(officer)

    response = client.get(f"/medewerkers/aanvragen/{disputed.pk}/")
    page = response.content.decode()

    assert "Sterk plan met duidelijke doelen." in page and "De doelen zijn vaag." in page
    assert "Consensusgesprek nodig: de scores verschillen 6 punten." in page
    [impact_row, reach_row] = response.context["panel"].criteria
    assert (impact_row.is_flagged, reach_row.is_flagged) == (True, False)
    assert response.context["panel"].total == Decimal("17.50")  # (18+5 + 6+6) / 2
    assert sorted(total for _name, total in response.context["panel"].assessor_totals) == [
        Decimal("12"),
        Decimal("23"),
    ]


def test_the_agreed_score_replaces_the_average_in_the_ranking(client, officer, panel):
    round_, impact, reach, disputed, steady = panel  # noqa: RUF059
    before = {row.application_id: row.total for row in ranking(round_)}
    assert before[disputed.pk] == Decimal("17.50") and before[steady.pk] == Decimal("19.00")
    client.force_login(officer)

    response = client.post(
        f"/medewerkers/aanvragen/{disputed.pk}/consensus/",
        {
            "criterion": impact.pk,
            "score": 8,
            "reason": "Na overleg: sterk plan.",
        },
    )

    assert response.status_code == 302
    after = ranking(round_)
    assert [(row.application_id, row.total) for row in after] == [
        (disputed.pk, Decimal("21.50")),
        (steady.pk, Decimal("19.00")),
    ]
    assert ConsensusScore.objects.get().recorded_by == officer


def test_an_agreed_score_without_a_reason_or_out_of_range_is_refused_and_what_was_typed_kept(
    client, officer, panel
):
    round_, impact, reach, disputed, steady = panel  # noqa: RUF059
    client.force_login(officer)

    response = client.post(
        f"/medewerkers/aanvragen/{disputed.pk}/consensus/",
        {"criterion": impact.pk, "score": 11, "reason": "Na overleg."},
    )

    assert response.status_code == 200
    assert "Na overleg." in response.content.decode()
    assert not ConsensusScore.objects.exists()
    with pytest.raises(ValidationError):
        record_consensus(application=disputed, criterion=impact, score=7, reason="  ", by=officer)
    assert not ConsensusScore.objects.exists()


def test_no_agreed_score_after_the_decision(officer, panel):
    round_, impact, reach, disputed, steady = panel  # noqa: RUF059
    closed(round_)
    services.decide_round(round_=round_, by=officer)

    with pytest.raises(ValidationError):
        record_consensus(application=disputed, criterion=impact, score=9, reason="Te laat.", by=officer)

    assert not ConsensusScore.objects.exists()


def test_an_assessor_cannot_record_an_agreed_score(client, panel):
    round_, impact, reach, disputed, steady = panel  # noqa: RUF059
    client.force_login(UserFactory(roles=["beoordelaar"]))

    response = client.post(
        f"/medewerkers/aanvragen/{disputed.pk}/consensus/",
        {"criterion": impact.pk, "score": 10, "reason": "Ik wil dit."},
    )

    assert response.status_code == 403
    assert not ConsensusScore.objects.exists()

"""The officer's decisions page of a round lists the decisions already taken, not only what is waiting (issue 21)."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from letters.models import Letter
from maastricht_inclusie.money import euro
from tenders import queries, services
from tenders.models import Decision
from tests.factories import RoundFactory, UserFactory, assessed_application, closed

pytestmark = pytest.mark.django_db


def _decided(round_, officer, count, outcome=Decision.Outcome.GRANTED):
    applications = [assessed_application(round=round_, officer=officer) for _ in range(count)]
    closed(round_)
    for application in applications:
        services.decide(
            application=application, outcome=outcome,
            amount=application.requested_amount if outcome == Decision.Outcome.GRANTED else Decimal("0"),
            reasons="Past goed binnen de regeling.", by=officer,
        )  # fmt: skip
    return applications


def _page(client, round_, prefix="", **params):
    return client.get(f"{prefix}/medewerkers/rondes/{round_.pk}/besluiten/", params)


def test_a_decided_round_lists_each_decision_with_date_outcome_amount_letter_and_link(
    officer_client, officer, django_capture_on_commit_callbacks
):
    round_ = RoundFactory(ceiling=Decimal("100000"))
    with django_capture_on_commit_callbacks(execute=True):
        [application] = _decided(round_, officer, 1)
    decision = application.decisions.get()

    page = _page(officer_client, round_).content.decode()

    assert "Genomen besluiten" in page
    assert f'href="/medewerkers/aanvragen/{application.pk}/"' in page and application.reference in page
    assert "Verleend" in page and euro(decision.granted_amount) in page
    assert decision.decided_at.astimezone().strftime("%d-%m-%Y") in page
    letter = Letter.objects.get(subject_id=decision.pk)
    assert letter.reference in page and f'href="/medewerkers/besluiten/{decision.pk}/brief.pdf"' in page
    assert ("verzonden op" in page) == bool(letter.sent_at)


def test_the_english_page_gives_the_outcome_in_english(officer_client, officer):
    round_ = RoundFactory(ceiling=Decimal("100000"))
    _decided(round_, officer, 1, outcome=Decision.Outcome.REJECTED)

    page = _page(officer_client, round_, "/en").content.decode()

    assert "Decisions taken" in page and "Rejected" in page and "Afgewezen" not in page


def test_a_round_without_decisions_says_so(officer_client):
    page = _page(officer_client, RoundFactory()).content.decode()

    assert "In deze ronde is nog geen besluit genomen." in page


def test_the_decisions_are_paginated(officer_client, officer, monkeypatch):
    monkeypatch.setattr(queries, "DECISIONS_PAGE_SIZE", 2)
    round_ = RoundFactory(ceiling=Decimal("100000"))
    applications = _decided(round_, officer, 3)

    first = _page(officer_client, round_).content.decode()
    second = _page(officer_client, round_, page=2).content.decode()

    # Newest first: the last decision on the first page, the first decision alone on the second.
    assert applications[2].reference in first and applications[0].reference not in first
    assert applications[0].reference in second and applications[2].reference not in second
    assert "Pagina 2 van 2" in second
    assert _page(officer_client, round_, page="x").status_code == 200


def test_the_page_takes_the_same_number_of_queries_for_one_decision_and_for_many(officer_client, officer):
    small, large = RoundFactory(ceiling=Decimal("100000")), RoundFactory(ceiling=Decimal("100000"))
    _decided(small, officer, 1)
    _decided(large, officer, 4)
    _page(officer_client, small)  # warm the content-type cache

    counts = []
    for round_ in (small, large):
        with CaptureQueriesContext(connection) as queries_:
            assert _page(officer_client, round_).status_code == 200
        counts.append(len(queries_))
    assert counts[0] == counts[1]


def test_only_policy_officers_see_the_decisions(client):
    round_ = RoundFactory()
    client.force_login(UserFactory(roles=["beoordelaar"]))

    assert _page(client, round_).status_code in (403, 404)

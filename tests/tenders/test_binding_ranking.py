"""The ranking binds the decisions (Awb 4:25–4:27): no decision before closing or before every eligible application
is assessed, none out of ranking order or above its allocation, and the round decision takes them all at once."""

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import translation

from tenders import ledger, services
from tenders.models import Application, BudgetEntry, Decision, Round, State
from tenders.queries import ranking
from tenders.services.round_decisions import fingerprint
from tests.factories import (
    CriterionFactory,
    RoundFactory,
    UserFactory,
    assessed_application,
    closed,
    ranked_applications,
    submitted_application,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("roles")]
G = Decision.Outcome
REASONS = "Past binnen de regeling."


def decide(application, officer, amount, outcome=G.GRANTED):
    return services.decide(
        application=application, outcome=outcome, amount=amount, reasons=REASONS, by=officer
    )


@pytest.fixture
def seen_round(officer):
    """The round of the report: a €30,000 ceiling, two applications of €20,000; #1 scores 16, #2 scores 12."""
    round_ = RoundFactory(ceiling=Decimal("30000"))
    criterion = CriterionFactory(round=round_, weight=2)
    # The lower one is created first, so the order the ranking shows is the ranking's doing.
    second = assessed_application(
        round=round_, criteria=[criterion], scores=(6, 6), officer=officer, requested_amount=Decimal("20000")
    )
    first = assessed_application(
        round=round_, criteria=[criterion], scores=(8, 8), officer=officer, requested_amount=Decimal("20000")
    )
    assert [(row.application_id, row.total) for row in ranking(round_)] == [
        (first.pk, Decimal("16.00")),
        (second.pk, Decimal("12.00")),
    ]
    return closed(round_), first, second


def test_the_lower_ranked_application_cannot_be_granted_first(seen_round, officer):
    round_, first, second = seen_round

    with pytest.raises(ValidationError) as error:
        decide(second, officer, Decimal("20000"))

    assert first.reference in str(error.value)
    assert not Decision.objects.exists()
    assert Application.objects.get(pk=second.pk).state == State.ASSESSED
    assert ledger.remaining(round_) == Decimal("30000")


def test_a_lower_ranked_application_cannot_be_refused_first_either(seen_round, officer):
    _round, _first, second = seen_round

    with pytest.raises(ValidationError):
        decide(second, officer, 0, outcome=G.REJECTED)

    assert not Decision.objects.exists()


def test_after_the_first_the_second_gets_exactly_what_the_ranking_allocates(seen_round, officer):
    round_, first, second = seen_round
    decide(first, officer, Decimal("20000"))

    with pytest.raises(ValidationError) as error:
        decide(second, officer, Decimal("20000"))
    assert "10.000,00" in str(error.value)

    decision = decide(second, officer, Decimal("10000"))
    assert decision.outcome == G.PARTIALLY_GRANTED
    assert ledger.remaining(round_) == 0


def test_a_refusal_on_other_grounds_passes_the_money_to_the_next(seen_round, officer):
    round_, first, second = seen_round
    decide(first, officer, 0, outcome=G.REJECTED)

    decision = decide(second, officer, Decimal("20000"))

    assert decision.outcome == G.GRANTED
    [one, two] = ranking(round_)
    assert (one.funding, two.funding, two.fundable_amount) == ("refused", "full", Decimal("20000"))


def test_no_decision_while_a_tender_round_is_open(officer):
    round_ = RoundFactory(ceiling=Decimal("30000"))
    [application] = ranked_applications(round_, [8], officer=officer)

    with pytest.raises(ValidationError) as error:
        decide(application, officer, application.requested_amount)
    with pytest.raises(ValidationError):
        services.decide_round(round_=round_, by=officer)

    assert "closes" in str(error.value) or "sluit" in str(error.value)
    assert not Decision.objects.exists()


def test_no_decision_while_an_eligible_application_is_not_assessed(officer):
    round_ = RoundFactory(ceiling=Decimal("30000"))
    [application] = ranked_applications(round_, [8], officer=officer)
    waiting = submitted_application(round=round_)
    services.mark_eligible(application=waiting, by=officer)
    closed(round_)

    with pytest.raises(ValidationError) as error:
        decide(application, officer, application.requested_amount)
    with pytest.raises(ValidationError):
        services.decide_round(round_=round_, by=officer)

    assert waiting.reference in str(error.value)
    assert not Decision.objects.exists()


def test_a_grant_below_the_minimum_score_is_refused_and_its_refusal_allowed(officer):
    round_ = RoundFactory(ceiling=Decimal("30000"), minimum_total_score=Decimal("7"))
    good, weak = ranked_applications(round_, [8, 5], officer=officer)
    closed(round_)
    decide(good, officer, good.requested_amount)

    with pytest.raises(ValidationError):
        decide(weak, officer, Decimal("1000"))

    assert decide(weak, officer, 0, outcome=G.REJECTED).outcome == G.REJECTED


def test_the_round_decision_takes_every_decision_in_ranking_order(seen_round, officer):
    round_, first, second = seen_round
    decisions = services.decide_round(round_=round_, by=officer)

    assert [(d.application_id, d.outcome, d.granted_amount) for d in decisions] == [
        (first.pk, G.GRANTED, Decimal("20000")),
        (second.pk, G.PARTIALLY_GRANTED, Decimal("10000")),
    ]
    assert ledger.remaining(round_) == 0


def test_the_round_decision_refuses_the_rest_because_the_ceiling_is_reached(officer):
    round_ = RoundFactory(ceiling=Decimal("25000"), minimum_total_score=Decimal("5"))
    apps = ranked_applications(round_, [9, 8, 7, 6, 3], officer=officer)
    closed(round_)

    with translation.override("nl"):
        decisions = services.decide_round(round_=round_, by=officer)

    assert [(d.outcome, d.granted_amount) for d in decisions] == [
        (G.GRANTED, Decimal("10000")),
        (G.GRANTED, Decimal("10000")),
        (G.PARTIALLY_GRANTED, Decimal("5000")),
        (G.REJECTED, Decimal("0")),
        (G.REJECTED, Decimal("0")),
    ]
    assert "subsidieplafond van de ronde is bereikt" in decisions[3].reasons
    assert "minimum" in decisions[4].reasons
    assert [d.application_id for d in decisions] == [a.pk for a in apps]
    assert ledger.regular_committed(round_) == Decimal("25000")


def test_without_partial_grants_the_next_application_that_fits_is_funded(officer):
    round_ = RoundFactory(ceiling=Decimal("25000"), allows_partial_grants=False)
    criterion = CriterionFactory(round=round_)
    big = assessed_application(
        round=round_, criteria=[criterion], scores=(9, 9), requested_amount=Decimal("20000")
    )
    bigger = assessed_application(
        round=round_, criteria=[criterion], scores=(8, 8), requested_amount=Decimal("10000")
    )
    small = assessed_application(
        round=round_, criteria=[criterion], scores=(7, 7), requested_amount=Decimal("5000")
    )
    closed(round_)

    decisions = services.decide_round(round_=round_, by=officer)

    assert [(d.application_id, d.outcome, d.granted_amount) for d in decisions] == [
        (big.pk, G.GRANTED, Decimal("20000")),
        (bigger.pk, G.REJECTED, Decimal("0")),
        (small.pk, G.GRANTED, Decimal("5000")),
    ]


def test_the_round_decision_is_all_or_none(seen_round, officer, monkeypatch):
    round_, _first, _second = seen_round
    from tenders.services import round_decisions

    real_issue = round_decisions.issue
    calls = []

    def failing_issue(**kwargs):
        calls.append(kwargs["application"].pk)
        if len(calls) == 2:
            raise ValidationError("boom")
        return real_issue(**kwargs)

    monkeypatch.setattr(round_decisions, "issue", failing_issue)

    with pytest.raises(ValidationError):
        services.decide_round(round_=round_, by=officer)

    assert not Decision.objects.exists()
    assert not BudgetEntry.objects.exists()
    assert set(Application.objects.values_list("state", flat=True)) == {State.ASSESSED}


def test_the_round_decision_refuses_when_the_ranking_changed_since_the_confirmation(seen_round, officer):
    round_, first, _second = seen_round
    seen = fingerprint(services.propose_round_decisions(round_))
    decide(first, officer, Decimal("15000"))  # another officer decided meanwhile

    with pytest.raises(ValidationError):
        services.decide_round(round_=round_, by=officer, confirmed=seen)

    assert Decision.objects.count() == 1


def test_the_confirmation_page_shows_what_will_be_decided_and_the_money_left(client, seen_round, officer):
    round_, _first, _second = seen_round
    client.force_login(officer)

    page = client.get(f"/medewerkers/rondes/{round_.pk}/besluiten/").content.decode()

    assert "Gedeeltelijk verleend" in page and "Verleend" in page
    assert ">granted<" not in page and "partially_granted" not in page
    assert "€\u00a010.000,00" in page  # the partial grant
    assert "€\u00a00,00" in page  # money left afterwards
    assert not Decision.objects.exists()


def test_the_confirmation_page_posts_exactly_what_it_showed(client, seen_round, officer):
    round_, _first, _second = seen_round
    client.force_login(officer)
    page = client.get(f"/medewerkers/rondes/{round_.pk}/besluiten/")
    confirmed = page.context["confirmed"]

    response = client.post(f"/medewerkers/rondes/{round_.pk}/besluiten/", {"confirmed": confirmed})

    assert response.status_code == 302
    assert Decision.objects.count() == 2


def test_a_stale_confirmation_shows_the_page_again_with_the_reason(client, seen_round, officer):
    round_, _first, _second = seen_round
    client.force_login(officer)

    response = client.post(f"/medewerkers/rondes/{round_.pk}/besluiten/", {"confirmed": "stale"})

    assert response.status_code == 200
    assert "Er is niets besloten" in response.content.decode()
    assert not Decision.objects.exists()


def test_an_open_round_shows_why_it_cannot_be_decided_and_offers_no_button(client, officer):
    round_ = RoundFactory(ceiling=Decimal("30000"))
    ranked_applications(round_, [8], officer=officer)
    client.force_login(officer)

    page = client.get(f"/medewerkers/rondes/{round_.pk}/besluiten/").content.decode()

    assert "Deze besluiten bevestigen" not in page
    assert "na de sluiting" in page


def test_an_assessor_cannot_decide_a_round(client, seen_round):
    round_, _first, _second = seen_round
    client.force_login(UserFactory(roles=["beoordelaar"]))
    response = client.post(f"/medewerkers/rondes/{round_.pk}/besluiten/", {"confirmed": ""})

    assert response.status_code in (403, 404)
    assert not Decision.objects.exists()
    assert Round.objects.get(pk=round_.pk).ceiling == Decimal("30000")


def test_the_confirmation_page_lists_ineligible_applications_with_their_own_reason(client, officer):
    round_ = RoundFactory(ceiling=Decimal("30000"))
    ranked_applications(round_, [8], officer=officer)
    refused = submitted_application(round=round_)
    services.mark_ineligible(
        application=refused, by=officer, reason="De aanvrager is geen stichting of vereniging."
    )
    closed(round_)
    client.force_login(officer)

    page = client.get(f"/medewerkers/rondes/{round_.pk}/besluiten/").content.decode()

    assert refused.reference in page
    assert "De aanvrager is geen stichting of vereniging." in page
    assert "Deze besluiten bevestigen" in page  # an ineligible application does not hold the round up


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks")
@pytest.mark.django_db(transaction=True)
def test_two_officers_confirming_the_round_decision_at_once_decide_it_once():
    officer = UserFactory(roles=["beleidsmedewerker"])
    round_ = RoundFactory(ceiling=Decimal("25000"))
    ranked_applications(round_, [9, 8, 7], officer=officer)
    closed(round_)
    confirmed = fingerprint(services.propose_round_decisions(round_))
    taken, refused, failures = [], [], []

    def confirm():
        try:
            taken.append(services.decide_round(round_=round_, by=officer, confirmed=confirmed))
        except ValidationError as error:
            refused.append(error)
        except Exception as error:
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=confirm) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == [] and len(taken) == 1 and len(refused) == 2
    assert Decision.objects.count() == 3
    assert ledger.regular_committed(round_) == Decimal("25000")

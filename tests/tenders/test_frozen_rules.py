"""Once published, a round's rules are frozen; a change is a published amendment. After submission the applicant's
content is read-only, admin included. The programme budget always covers its rounds' ceilings."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from tenders import services
from tenders.models import Application, Programme, Round, RoundAmendment
from tenders.services.rounds import save_round
from tests.factories import (
    ApplicationFactory,
    CriterionFactory,
    ProgrammeFactory,
    RoundFactory,
    UserFactory,
    assessed_application,
    closed,
    submitted_application,
)

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="database guards need PostgreSQL"
)


@pytest.fixture
def officer(roles):
    return UserFactory(is_staff=True, roles=["beleidsmedewerker"])


def round_form(round_, **changes):
    local = {name: timezone.localtime(getattr(round_, name)) for name in ("opens_at", "closes_at")}
    data = {
        "programme": round_.programme_id, "number": round_.number, "title": round_.title, "description": "",
        "opens_at_0": local["opens_at"].strftime("%Y-%m-%d"), "opens_at_1": local["opens_at"].strftime("%H:%M:%S"),
        "closes_at_0": local["closes_at"].strftime("%Y-%m-%d"), "closes_at_1": local["closes_at"].strftime("%H:%M:%S"),
        "ceiling": str(round_.ceiling), "minimum_amount": str(round_.minimum_amount),
        "maximum_amount": str(round_.maximum_amount), "allocation_method": round_.allocation_method,
        "advance_percentage": str(round_.advance_percentage), "report_due_weeks": str(round_.report_due_weeks),
        "minimum_total_score": str(round_.minimum_total_score), "decision_term_weeks": "8",
        "applications_per_organisation": "1", "assessment_method": round_.assessment_method,
        "objection_reserve": str(round_.objection_reserve), "tie_rule": round_.tie_rule,
        **({"allows_partial_grants": "on"} if round_.allows_partial_grants else {}),
        "criteria-TOTAL_FORMS": "0", "criteria-INITIAL_FORMS": "0", "criteria-MIN_NUM_FORMS": "0",
        "criteria-MAX_NUM_FORMS": "1000",
        "amendments-TOTAL_FORMS": "0", "amendments-INITIAL_FORMS": "0", "amendments-MIN_NUM_FORMS": "0",
        "amendments-MAX_NUM_FORMS": "1000",
    }  # fmt: skip
    data.update(changes)
    return data


@pytest.mark.parametrize(
    "change",
    [
        {"closes_at": timezone.now() + timedelta(days=60)},
        {"opens_at": timezone.now() - timedelta(days=1)},
        {"ceiling": Decimal("200000")},
        {"minimum_amount": Decimal("500")},
        {"maximum_amount": Decimal("30000")},
        {"allocation_method": Round.AllocationMethod.FIRST_COME},
        {"advance_percentage": 100},
        {"decision_term_weeks": 20},
        {"applications_per_organisation": 3},
        {"tie_rule": Round.TieRule.FIRST_CRITERION},
    ],
    ids=lambda change: next(iter(change)),
)
def test_a_published_rule_cannot_change_through_the_service(change):
    round_ = RoundFactory()
    for name, value in change.items():
        setattr(round_, name, value)

    with pytest.raises(ValidationError) as refused:
        save_round(round_=round_)

    assert set(change) <= set(refused.value.message_dict)


def test_the_admin_shows_published_rules_read_only_and_ignores_a_forged_post(client, officer):
    # Seen: closes_at of a published tender moved from 16-1 to 28-2-2027, the advance changed from 80% to 100%.
    round_ = RoundFactory()
    client.force_login(officer)
    page = client.get(f"/admin/tenders/round/{round_.pk}/change/").content.decode()
    assert 'name="closes_at_0"' not in page and 'name="advance_percentage"' not in page

    forged = round_form(
        round_, closes_at_0="2027-02-28", advance_percentage="100", ceiling="1", title="Nieuw"
    )
    client.post(f"/admin/tenders/round/{round_.pk}/change/", forged)

    stored = Round.objects.get(pk=round_.pk)
    assert (stored.closes_at, stored.advance_percentage, stored.ceiling) == (
        round_.closes_at,
        round_.advance_percentage,
        round_.ceiling,
    )
    assert stored.title == "Nieuw"  # what applicants do not rely on may still be put right


def test_the_admin_still_edits_an_unpublished_round(client, officer):
    round_ = RoundFactory(published_at=None, opens_at=timezone.now() + timedelta(days=30),
                          closes_at=timezone.now() + timedelta(days=60))  # fmt: skip
    client.force_login(officer)

    client.post(f"/admin/tenders/round/{round_.pk}/change/", round_form(round_, advance_percentage="70"))

    assert Round.objects.get(pk=round_.pk).advance_percentage == 70


def test_the_criteria_of_a_published_round_cannot_be_changed_in_the_admin(client, officer):
    criterion = CriterionFactory(weight=2)
    round_ = criterion.round
    client.force_login(officer)
    data = round_form(round_, **{
        "criteria-TOTAL_FORMS": "1", "criteria-INITIAL_FORMS": "1", "criteria-0-id": str(criterion.pk),
        "criteria-0-round": str(round_.pk), "criteria-0-name": criterion.name, "criteria-0-weight": "9",
        "criteria-0-maximum_score": "10", "criteria-0-position": "0",
    })  # fmt: skip

    client.post(f"/admin/tenders/round/{round_.pk}/change/", data)

    criterion.refresh_from_db()
    assert criterion.weight == 2


@postgres_only
def test_the_database_refuses_a_change_to_a_published_rule_that_bypasses_the_services():
    round_ = RoundFactory()

    with pytest.raises(DatabaseError), transaction.atomic():
        Round.objects.filter(pk=round_.pk).update(closes_at=round_.closes_at + timedelta(days=40))
    with pytest.raises(DatabaseError), transaction.atomic():
        Round.objects.filter(pk=round_.pk).update(published_at=None)
    # The rules added beside the first ones are guarded as well.
    for change in (
        {"objection_reserve": round_.objection_reserve + 1000},
        {"allows_partial_grants": not round_.allows_partial_grants},
        {"tie_rule": Round.TieRule.FIRST_CRITERION},
    ):
        with pytest.raises(DatabaseError), transaction.atomic():
            Round.objects.filter(pk=round_.pk).update(**change)

    Round.objects.filter(pk=round_.pk).update(title="Andere titel")  # not a rule: allowed
    assert Round.objects.get(pk=round_.pk).closes_at == round_.closes_at


def test_publication_fixes_the_decision_term(settings):
    settings.DECISION_TERM_WEEKS = 8
    default = RoundFactory(published_at=None, decision_term_weeks=None, opens_at=timezone.now() + timedelta(days=9),
                           closes_at=timezone.now() + timedelta(days=40))  # fmt: skip
    own = RoundFactory(published_at=None, decision_term_weeks=13, opens_at=timezone.now() + timedelta(days=9),
                       closes_at=timezone.now() + timedelta(days=40))  # fmt: skip
    CriterionFactory(round=default)
    CriterionFactory(round=own)
    officer = UserFactory()

    assert services.publish_round(round_=default, by=officer).decision_term_weeks == 8
    assert services.publish_round(round_=own, by=officer).decision_term_weeks == 13


def test_an_amendment_is_published_with_its_reason_and_shown_to_applicants(client):
    round_ = RoundFactory()
    officer = UserFactory(roles=["beleidsmedewerker"])
    new_closing = round_.closes_at + timedelta(days=14)

    amendment = services.amend_round(
        round_=round_,
        changes={"closes_at": new_closing},
        reason="Verlengd wegens storing van het portaal.",
        by=officer,
    )

    assert Round.objects.get(pk=round_.pk).closes_at == new_closing
    assert amendment.changes["closes_at"]["old"] == round_.closes_at.isoformat()
    public = client.get(f"/subsidierondes/{round_.pk}/").content.decode()  # anyone, without logging in
    assert "Verlengd wegens storing van het portaal." in public and "Wijziging van de regeling" in public
    client.force_login(UserFactory())
    page = client.get("/portaal/rondes/").content.decode()
    assert "Verlengd wegens storing van het portaal." in page and f"/subsidierondes/{round_.pk}/" in page


def test_an_unpublished_round_has_no_public_page(client):
    round_ = RoundFactory(published_at=None, decision_term_weeks=None, opens_at=timezone.now() + timedelta(days=9),
                          closes_at=timezone.now() + timedelta(days=40))  # fmt: skip

    assert client.get(f"/subsidierondes/{round_.pk}/").status_code == 404


@pytest.mark.parametrize(
    "changes, reason",
    [
        ({"closes_at": timezone.now() + timedelta(days=90)}, "  "),
        ({"title": "Nieuw"}, "Een reden"),
        ({"ceiling": Decimal("100000")}, "Bezuiniging"),  # the round has opened: not lower (Awb 4:28)
        ({"ceiling": Decimal("900000")}, "Meer geld"),  # more than the programme has
        ({"advance_percentage": 80}, "Niets"),  # no change
    ],
    ids=["no reason", "not a rule", "lower ceiling after opening", "over the budget", "nothing changes"],
)
def test_an_amendment_is_refused_when_it_is_not_a_proper_one(changes, reason):
    round_ = RoundFactory(advance_percentage=80)

    with pytest.raises(ValidationError):
        services.amend_round(round_=round_, changes=changes, reason=reason, by=UserFactory())

    assert not RoundAmendment.objects.exists()
    assert Round.objects.get(pk=round_.pk).ceiling == round_.ceiling


def test_an_amendment_never_applies_to_decisions_already_taken():
    # Seen: the advance percentage was changed after decisions; an issued letter then said 100% instead of 80%.
    officer = UserFactory(roles=["beleidsmedewerker"])
    application = assessed_application(round=RoundFactory(advance_percentage=80), officer=officer)
    closed(application.round)  # a tender round is decided after it closes
    decision = services.decide(
        application=application, outcome="granted", amount=application.requested_amount,
        reasons="Past goed bij het programma.", by=officer,
    )  # fmt: skip
    services.amend_round(
        round_=application.round, changes={"advance_percentage": 100}, reason="Hoger voorschot.", by=officer
    )

    payment = services.pay_advance(application=application, by=officer)

    assert payment.amount == application.requested_amount * Decimal("0.8")
    assert application.round.rule_at("advance_percentage", decision.decided_at) == 80
    assert Round.objects.get(pk=application.round_id).advance_percentage == 100


def test_after_submission_the_content_is_read_only_in_the_admin(client, officer):
    # Seen: an officer changed a decided application's requested amount from €8,000 to €25,000 and its plan.
    application = submitted_application(requested_amount=Decimal("8000"))
    client.force_login(officer)
    page = client.get(f"/admin/tenders/application/{application.pk}/change/").content.decode()
    assert 'name="requested_amount"' not in page and 'name="plan"' not in page

    client.post(
        f"/admin/tenders/application/{application.pk}/change/",
        {"requested_amount": "25000", "plan": "Iets anders", "title": application.title,
         "history-TOTAL_FORMS": "0", "history-INITIAL_FORMS": "0", "history-MIN_NUM_FORMS": "0",
         "history-MAX_NUM_FORMS": "1000"},
    )  # fmt: skip

    stored = Application.objects.get(pk=application.pk)
    assert (stored.requested_amount, stored.plan) == (Decimal("8000"), application.plan)


@postgres_only
def test_the_database_refuses_changes_to_submitted_content():
    application = submitted_application(requested_amount=Decimal("8000"))

    for change in ({"requested_amount": Decimal("25000")}, {"plan": "Iets anders"}):
        with pytest.raises(DatabaseError), transaction.atomic():
            Application.objects.filter(pk=application.pk).update(**change)
    with pytest.raises(DatabaseError), transaction.atomic():
        application.budget_lines.update(amount=Decimal("12500"))
    with pytest.raises(DatabaseError), transaction.atomic():
        application.budget_lines.all().delete()

    assert Application.objects.get(pk=application.pk).requested_amount == Decimal("8000")
    assert application.budget_lines.count() == 2


@postgres_only
def test_a_draft_stays_editable_in_the_database():
    draft = ApplicationFactory()

    Application.objects.filter(pk=draft.pk).update(plan="Nieuw plan", requested_amount=Decimal("5000"))
    draft.budget_lines.all().delete()

    assert Application.objects.get(pk=draft.pk).plan == "Nieuw plan"


def test_the_programme_budget_cannot_drop_below_its_ceilings():
    # Seen: the programme budget could be lowered to €1,000 under €40,000 of ceilings.
    programme = ProgrammeFactory(total_budget=Decimal("100000"))
    RoundFactory(programme=programme, ceiling=Decimal("25000"))
    RoundFactory(programme=programme, ceiling=Decimal("15000"))
    programme.total_budget = Decimal("1000")

    with pytest.raises(ValidationError) as refused:
        services.save_programme(programme=programme)

    assert "total_budget" in refused.value.message_dict
    assert Programme.objects.get(pk=programme.pk).total_budget == Decimal("100000")
    programme.total_budget = Decimal("40000")
    services.save_programme(programme=programme)


def test_the_admin_refuses_a_budget_below_the_ceilings(client, officer):
    programme = ProgrammeFactory(total_budget=Decimal("100000"))
    RoundFactory(programme=programme, ceiling=Decimal("40000"))
    client.force_login(officer)
    data = {
        "name": programme.name, "code": programme.code, "total_budget": "1000", "funding_source": "x",
        "starts_on": programme.starts_on.isoformat(), "ends_on": programme.ends_on.isoformat(),
        "reporting_tiers": "[]",
        "rounds-TOTAL_FORMS": "0", "rounds-INITIAL_FORMS": "0", "rounds-MIN_NUM_FORMS": "0",
        "rounds-MAX_NUM_FORMS": "1000",
    }  # fmt: skip

    response = client.post(f"/admin/tenders/programme/{programme.pk}/change/", data)

    assert response.status_code == 200
    assert "total_budget" in response.context["adminform"].form.errors
    assert Programme.objects.get(pk=programme.pk).total_budget == Decimal("100000")


def test_a_rounds_ceiling_never_exceeds_what_the_programme_has_left():
    programme = ProgrammeFactory(total_budget=Decimal("50000"))
    RoundFactory(programme=programme, ceiling=Decimal("40000"))

    with pytest.raises(ValidationError) as refused:
        save_round(round_=RoundFactory.build(programme=programme, number=99, ceiling=Decimal("10000.01")))

    assert "10.000,00" in refused.value.messages[0]


@postgres_only
def test_the_database_keeps_the_budget_above_the_ceilings():
    programme = ProgrammeFactory(total_budget=Decimal("50000"))
    RoundFactory(programme=programme, ceiling=Decimal("40000"))

    with pytest.raises(DatabaseError), transaction.atomic():
        Programme.objects.filter(pk=programme.pk).update(total_budget=Decimal("1000"))
    with pytest.raises(DatabaseError), transaction.atomic():
        RoundFactory(programme=programme, ceiling=Decimal("10000.01"))

    assert Programme.objects.get(pk=programme.pk).total_budget == Decimal("50000")


def amendment_form(round_, **changes):
    local = {
        name: timezone.localtime(getattr(round_, name)).strftime("%Y-%m-%dT%H:%M")
        for name in ("opens_at", "closes_at")
    }
    data = {
        **local, "ceiling": str(round_.ceiling), "minimum_amount": str(round_.minimum_amount),
        "maximum_amount": str(round_.maximum_amount), "allocation_method": round_.allocation_method,
        "advance_percentage": str(round_.advance_percentage), "report_due_weeks": str(round_.report_due_weeks),
        "minimum_total_score": str(round_.minimum_total_score), "decision_term_weeks": str(round_.decision_term_weeks),
        "applications_per_organisation": str(round_.applications_per_organisation), "reason": "",
        "assessment_method": round_.assessment_method, "objection_reserve": str(round_.objection_reserve),
        "tie_rule": round_.tie_rule,
        **({"allows_partial_grants": "on"} if round_.allows_partial_grants else {}),
    }  # fmt: skip
    data.update(changes)
    return data


def test_the_officer_publishes_an_amendment_on_a_staff_page(client, officer):
    round_ = RoundFactory(closes_at=timezone.now() + timedelta(days=30))
    client.force_login(officer)
    url = f"/medewerkers/rondes/{round_.pk}/wijziging/"
    new_closing = timezone.localtime(round_.closes_at + timedelta(days=14)).strftime("%Y-%m-%dT%H:%M")

    without_reason = client.post(url, amendment_form(round_, closes_at=new_closing))
    assert without_reason.status_code == 200 and "reason" in without_reason.context["form"].errors
    assert new_closing in without_reason.content.decode()  # what was typed is kept
    lower = client.post(url, amendment_form(round_, ceiling="100.000,00", reason="Bezuiniging"))
    assert lower.status_code == 200 and "ceiling" in lower.context["form"].errors
    done = client.post(url, amendment_form(round_, closes_at=new_closing, reason="Verlengd na een storing."))

    assert done.status_code == 302
    (amendment,) = RoundAmendment.objects.filter(round=round_)
    assert set(amendment.changes) == {"closes_at"} and amendment.published_by == officer
    assert (
        timezone.localtime(Round.objects.get(pk=round_.pk).closes_at).strftime("%Y-%m-%dT%H:%M")
        == new_closing
    )


def test_only_an_officer_amends_a_round(client, roles):
    round_ = RoundFactory()
    client.force_login(UserFactory(roles=["beoordelaar"]))

    response = client.post(
        f"/medewerkers/rondes/{round_.pk}/wijziging/",
        amendment_form(round_, reason="x", advance_percentage="100"),
    )

    assert response.status_code == 403
    assert not RoundAmendment.objects.exists()


def test_the_reporting_tiers_are_frozen_once_a_round_of_the_programme_is_published():
    programme = ProgrammeFactory()
    RoundFactory(programme=programme)
    programme.reporting_tiers = [{"up_to": None, "requirement": "none"}]

    with pytest.raises(ValidationError) as refused:
        services.save_programme(programme=programme)

    assert "reporting_tiers" in refused.value.message_dict
    assert Programme.objects.get(pk=programme.pk).reporting_tiers[0]["up_to"] == "5000"

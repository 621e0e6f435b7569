"""Decisions, the ledger, payments, accountability, settlement and objections."""

import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tenders import ledger, services
from tenders.letters import letter_of
from tenders.models import Application, BudgetEntry, Decision, Objection, Payment, Programme, State
from tenders.queries import ranking
from tenders.services.rounds import save_round
from tenders.workflow import IllegalTransition
from tests.factories import (
    CriterionFactory,
    RoundFactory,
    UserFactory,
    assessed_application,
    closed,
    heard,
    paid_out,
)
from tests.pdf_text import pdf_text

pytestmark = pytest.mark.django_db
G = Decision.Outcome


def grant(application, officer, amount=None, outcome=G.GRANTED):
    closed(application.round)  # a tender round is decided after closing
    return services.decide(
        application=application, outcome=outcome, amount=amount or application.requested_amount,
        reasons="Past goed binnen de regeling.", by=officer,
    )  # fmt: skip


def test_grant_commits_the_amount_and_the_round_totals_follow_the_ledger(officer):
    round_ = RoundFactory(ceiling=Decimal("30000"))
    application = assessed_application(round=round_, requested_amount=Decimal("10000"))

    decision = grant(application, officer)

    application.refresh_from_db()
    assert application.state == State.GRANTED
    assert decision.objection_deadline >= (timezone.localdate() + timedelta(weeks=6))
    assert BudgetEntry.objects.get().kind == BudgetEntry.Kind.COMMITMENT
    assert ledger.remaining(round_) == Decimal("20000")


def test_a_grant_above_the_remaining_budget_is_refused_with_the_remaining_amount(officer):
    round_ = RoundFactory(ceiling=Decimal("15000"))
    first = assessed_application(round=round_, requested_amount=Decimal("10000"))
    second = assessed_application(round=round_, requested_amount=Decimal("10000"))
    grant(first, officer)

    with pytest.raises(ValidationError) as error:
        grant(second, officer)

    assert "5.000,00" in str(error.value) or "5,000.00" in str(error.value)
    assert Application.objects.get(pk=second.pk).state == State.ASSESSED
    assert BudgetEntry.objects.count() == 1


def test_a_partial_grant_within_the_remainder_is_allowed(officer):
    round_ = RoundFactory(ceiling=Decimal("15000"))
    first = assessed_application(round=round_, requested_amount=Decimal("10000"), scores=(9, 9))
    second = assessed_application(round=round_, requested_amount=Decimal("10000"))
    grant(first, officer)

    decision = grant(second, officer, amount=Decimal("5000"))

    assert decision.outcome == G.PARTIALLY_GRANTED
    assert ledger.remaining(round_) == 0


def test_granting_more_than_requested_is_refused(officer):
    application = assessed_application(requested_amount=Decimal("10000"))

    with pytest.raises(ValidationError):
        grant(application, officer, amount=Decimal("10000.01"))

    assert not Decision.objects.exists()


def test_deciding_twice_is_refused_and_writes_nothing(officer):
    application = assessed_application()
    grant(application, officer)

    with pytest.raises(ValidationError):
        grant(application, officer)

    assert Decision.objects.count() == 1
    assert BudgetEntry.objects.count() == 1


def test_ordering_the_advance_twice_is_refused_and_the_ledger_books_it_when_paid(officer):
    round_ = RoundFactory(advance_percentage=80)
    application = assessed_application(round=round_, requested_amount=Decimal("10000"))
    grant(application, officer)

    payment = services.pay_advance(application=application, by=officer)

    assert payment.amount == Decimal("8000.00")
    with pytest.raises(ValidationError):
        services.pay_advance(application=application, by=officer)
    assert Payment.objects.count() == 1
    assert ledger.paid_for(application) == Decimal("0")  # ordered: it leaves in a payment batch
    paid_out(application)
    assert ledger.paid_for(application) == Decimal("8000.00")


def test_settling_a_rejected_application_is_refused(officer):
    application = assessed_application()
    closed(application.round)
    services.decide(
        application=application, outcome=G.REJECTED, amount=0, reasons="Buiten de regeling.", by=officer
    )

    with pytest.raises(ValidationError):
        services.settle(application=application, final_amount=Decimal("0"), by=officer)

    assert not BudgetEntry.objects.exists()


def test_an_objection_after_six_weeks_is_registered_as_inadmissible(officer):
    application = assessed_application()
    decision = grant(application, officer, amount=application.requested_amount / 2)
    decided = timezone.now() - timedelta(weeks=7)
    Decision.objects.filter(pk=decision.pk).update(
        decided_at=decided, objection_deadline=timezone.localdate() - timedelta(days=1)
    )
    decision.refresh_from_db()

    in_time = services.register_objection(
        decision=decision, received_on=decision.objection_deadline, grounds="Te weinig", by=officer
    )
    late = services.register_objection(
        decision=decision,
        received_on=decision.objection_deadline + timedelta(days=1),
        grounds="Te weinig",
        by=officer,
    )

    assert (in_time.status, in_time.is_late) == (Objection.Status.PENDING, False)
    assert (late.status, late.is_late) == (Objection.Status.INADMISSIBLE, True)


def test_lowering_a_ceiling_below_what_is_committed_is_refused(officer):
    round_ = RoundFactory(ceiling=Decimal("30000"), published_at=None)
    grant(assessed_application(round=round_, requested_amount=Decimal("20000")), officer)
    round_.ceiling = Decimal("19999.99")

    with pytest.raises(ValidationError):
        save_round(round_=round_)


def test_an_illegal_transition_after_settlement_is_refused(officer):
    round_ = RoundFactory()
    application = assessed_application(round=round_, requested_amount=Decimal("4000"))
    grant(application, officer)
    services.pay_advance(application=application, by=officer)
    paid_out(application)
    services.settle(application=application, final_amount=Decimal("4000"), by=officer)

    with pytest.raises(IllegalTransition):
        services.withdraw(application=application, by=officer)


def test_decide_round_follows_the_ranking_up_to_the_ceiling(officer):
    round_ = RoundFactory(ceiling=Decimal("25000"))
    criterion = CriterionFactory(round=round_)
    high = assessed_application(
        round=round_, scores=(9, 9), criteria=[criterion], requested_amount=Decimal("10000")
    )
    mid = assessed_application(
        round=round_, scores=(7, 7), criteria=[criterion], requested_amount=Decimal("10000")
    )
    low = assessed_application(
        round=round_, scores=(5, 5), criteria=[criterion], requested_amount=Decimal("10000")
    )
    last = assessed_application(
        round=round_, scores=(3, 3), criteria=[criterion], requested_amount=Decimal("10000")
    )

    services.decide_round(round_=closed(round_), by=officer)

    outcomes = {a.pk: a.decisions.get() for a in (high, mid, low, last)}
    assert (outcomes[high.pk].outcome, outcomes[high.pk].granted_amount) == (G.GRANTED, Decimal("10000"))
    assert (outcomes[mid.pk].outcome, outcomes[mid.pk].granted_amount) == (G.GRANTED, Decimal("10000"))
    assert (outcomes[low.pk].outcome, outcomes[low.pk].granted_amount) == (
        G.PARTIALLY_GRANTED,
        Decimal("5000"),
    )
    assert outcomes[last.pk].outcome == G.REJECTED
    assert ledger.remaining(round_) == 0


def test_a_decision_on_objection_may_pass_the_ceiling_and_shows_it(officer):
    round_ = RoundFactory(ceiling=Decimal("20000"), objection_reserve=Decimal("5000"))
    first = assessed_application(round=round_, requested_amount=Decimal("10000"))
    second = assessed_application(round=round_, requested_amount=Decimal("15000"))
    grant(first, officer)
    decision = grant(second, officer, amount=Decimal("10000"))
    objection = services.register_objection(
        decision=decision,
        received_on=timezone.localdate(),
        grounds="Wij hadden hoger moeten eindigen.",
        by=officer,
    )

    heard(objection, officer)
    services.decide_objection(
        objection=objection, upheld=True, amount=Decimal("15000"), reasons="Terecht.", by=officer
    )

    totals = {t.round.pk: t for t in ledger.programme_overview(round_.programme)}[round_.pk]
    assert totals.committed == Decimal("25000")
    assert totals.regular_committed == Decimal("20000")
    assert totals.over_ceiling_by_objections == Decimal("5000")
    assert Application.objects.get(pk=second.pk).state == State.GRANTED


def test_the_decision_letter_is_a_dutch_pdf_with_reference_amount_and_objection_clause(client, officer):
    application = assessed_application(requested_amount=Decimal("12500"))
    decision = grant(application, officer)

    pdf = letter_of(decision).file.read()

    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    assert application.reference in text
    assert "12.500,00" in text
    assert "bezwaar" in text.lower() or "zes weken" in text.lower()


def test_members_download_only_their_own_letters(client, officer):
    application = assessed_application()
    decision = grant(application, officer)
    member = application.organisation.memberships.get().user
    other = assessed_application().organisation.memberships.get().user

    client.force_login(member)
    response = client.get(f"/portaal/besluiten/{decision.pk}/brief.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    client.force_login(other)
    assert client.get(f"/portaal/besluiten/{decision.pk}/brief.pdf").status_code == 404


def test_journey_from_submission_to_settlement_ledger_totals_and_member_view_agree(client, officer):
    round_ = RoundFactory(ceiling=Decimal("100000"), advance_percentage=80)
    application = assessed_application(round=round_, requested_amount=Decimal("20000"), officer=officer)
    member = application.organisation.memberships.get().user

    def check(committed, paid, remaining):
        totals = {t.round.pk: t for t in ledger.programme_overview(round_.programme)}[round_.pk]
        assert (totals.committed, totals.paid, totals.remaining) == (committed, paid, remaining)
        client.force_login(member)
        context = client.get(f"/portaal/aanvragen/{application.pk}/").context
        assert context["money"].paid == paid

    check(Decimal("0"), Decimal("0"), Decimal("100000"))
    closed(round_)
    client.force_login(officer)
    client.post(
        f"/medewerkers/aanvragen/{application.pk}/besluit/",
        {"outcome": "granted", "amount": "20000", "reasons": "Hoog gerangschikt."},
    )
    check(Decimal("20000"), Decimal("0"), Decimal("80000"))
    client.force_login(officer)
    client.post(f"/medewerkers/aanvragen/{application.pk}/voorschot/")
    check(Decimal("20000"), Decimal("0"), Decimal("80000"))  # ordered, not paid yet
    paid_out(application)
    check(Decimal("20000"), Decimal("16000"), Decimal("80000"))
    assert Application.objects.get(pk=application.pk).state == State.REPORT_DUE

    client.force_login(member)
    client.post(
        f"/portaal/aanvragen/{application.pk}/verantwoording/",
        {"activities": "Tien avonden met 150 deelnemers.", "reach": "150", "costs": "18000"},
    )
    assert Application.objects.get(pk=application.pk).state == State.REPORT_SUBMITTED
    client.force_login(officer)
    client.post(
        f"/medewerkers/aanvragen/{application.pk}/vaststelling/", {"final_amount": "18000", "note": "Lager"}
    )

    application.refresh_from_db()
    assert application.state == State.SETTLED
    check(Decimal("18000"), Decimal("16000"), Decimal("82000"))  # the remainder is ordered
    paid_out(application)
    check(Decimal("18000"), Decimal("18000"), Decimal("82000"))
    kinds = list(BudgetEntry.objects.filter(application=application).values_list("kind", "amount"))
    assert kinds == [
        ("commitment", Decimal("20000.00")),
        ("advance", Decimal("16000.00")),
        ("release", Decimal("2000.00")),
        ("remainder", Decimal("2000.00")),
    ]


def test_settling_below_the_advance_reclaims_and_books_nothing_until_the_money_is_back(officer):
    application = assessed_application(requested_amount=Decimal("10000"))
    grant(application, officer)
    services.pay_advance(application=application, by=officer)
    paid_out(application)
    services.submit_report(
        application=application, by=officer, activities="Minder gedaan", reach=20, costs=None
    )

    services.settle(application=application, final_amount=Decimal("5000"), by=officer, note="Minder gedaan.")

    assert ledger.paid_for(application) == Decimal("8000")
    assert not BudgetEntry.objects.filter(kind="reclaim").exists()
    assert application.reclaims.get().amount == Decimal("3000")


def test_small_grants_are_settled_without_a_report(officer):
    application = assessed_application(requested_amount=Decimal("4000"))
    grant(application, officer)

    services.pay_advance(application=application, by=officer)
    paid_out(application)

    application.refresh_from_db()
    assert application.state == State.ADVANCE_PAID
    assert application.decisions.get().reporting == "none"
    services.settle(application=application, final_amount=Decimal("4000"), by=officer)
    assert Application.objects.get(pk=application.pk).state == State.SETTLED


def test_programme_overview_runs_a_fixed_number_of_queries(client, officer):
    client.force_login(officer)
    round_ = RoundFactory(ceiling=Decimal("700000"))
    for application in [assessed_application(round=round_) for _ in range(2)]:
        grant(application, officer)
    url = f"/medewerkers/programma/{round_.programme.pk}/"
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    Programme.objects.filter(pk=round_.programme_id).update(
        total_budget=F("total_budget") + Decimal("700000")
    )
    later = RoundFactory(programme=round_.programme, ceiling=Decimal("700000"))  # the first one has closed
    for application in [assessed_application(round=later) for _ in range(6)]:
        grant(application, officer)

    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200

    assert len(large.captured_queries) == len(small.captured_queries)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks")
@pytest.mark.django_db(transaction=True)
def test_50_concurrent_grants_never_exceed_the_ceiling():
    """50 officers grant at once: the round's lock serialises them, only the next in ranking order gets its grant
    at any moment (Awb 4:26), and the ceiling holds."""
    round_ = RoundFactory(ceiling=Decimal("100000"), maximum_amount=Decimal("10000"))
    officer = UserFactory(roles=["beleidsmedewerker"])
    criterion = CriterionFactory(round=round_)
    applications = [
        assessed_application(
            round=round_, criteria=[criterion], officer=officer, requested_amount=Decimal("7000")
        )
        for _ in range(50)
    ]
    closed(round_)
    results, refusals, failures = [], [], []

    def attempt(application):
        try:
            results.append(
                services.decide(
                    application=Application.objects.get(pk=application.pk),
                    outcome=G.GRANTED,
                    amount=Decimal("7000"),
                    reasons="Past binnen de regeling.",
                    by=officer,
                )
            )
        except ValidationError as error:
            refusals.append(error)
        except Exception as error:
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(a,)) for a in applications]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    assert len(results) + len(refusals) == 50
    assert 1 <= len(results) <= 14  # 14 × 7,000 = 98,000; a 15th would pass 100,000
    assert ledger.regular_committed(round_) == Decimal("7000") * len(results) <= round_.ceiling
    # Whatever the timing, the decided applications are the top of the ranking, none skipped.
    ranked = [row.application_id for row in ranking(round_)]
    assert set(ranked[: len(results)]) == {d.application_id for d in results}


def test_applicants_see_the_ranking_only_after_decisions_and_only_in_their_round(client, officer):
    round_ = RoundFactory()
    own = assessed_application(round=round_)
    competitor = assessed_application(round=round_)
    outsider = assessed_application()
    member = own.organisation.memberships.get().user
    client.force_login(member)
    url = f"/portaal/rondes/{round_.pk}/rangschikking/"

    assert client.get(url).status_code == 404
    grant(own, officer)
    response = client.get(url)

    assert response.status_code == 200
    assert {r.application_id for r in response.context["rows"]} == {own.pk, competitor.pk}
    assert competitor.title in response.content.decode()
    client.force_login(outsider.organisation.memberships.get().user)
    assert client.get(url).status_code == 404


def test_report_documents_can_be_added_while_the_report_is_due(settings, tmp_path, officer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.PRIVATE_MEDIA_ROOT = tmp_path
    application = assessed_application(requested_amount=Decimal("10000"))
    grant(application, officer)
    services.pay_advance(application=application, by=officer)
    paid_out(application)  # the report is due once the advance is paid
    member = application.organisation.memberships.get().user
    pdf = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

    with pytest.raises(ValidationError):
        services.add_attachment(
            application=application, upload=SimpleUploadedFile("plan.pdf", pdf), kind="plan", by=member
        )
    attachment = services.add_attachment(
        application=application, upload=SimpleUploadedFile("bonnen.pdf", pdf), kind="report", by=member
    )

    assert attachment.application == application


def test_a_refused_report_shows_the_page_again_with_what_the_member_typed(client, officer):
    application = assessed_application(requested_amount=Decimal("20000"), officer=officer)
    grant(application, officer)
    services.pay_advance(application=application, by=officer)
    paid_out(application)  # the report is due once the advance is paid
    client.force_login(application.organisation.memberships.get().user)
    activities = "Tien avonden met buurtbewoners in Malberg, met een slotbijeenkomst."

    response = client.post(
        f"/portaal/aanvragen/{application.pk}/verantwoording/", {"activities": activities, "reach": "veel"}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="error-summary"' in html and 'id="id_reach_error"' in html
    assert activities in html
    assert not application.reports.exists()
    assert Application.objects.get(pk=application.pk).state == State.REPORT_DUE


def test_the_advance_is_the_rounds_percentage_to_the_cent():
    round_ = RoundFactory(advance_percentage=75)

    assert round_.advance_for(Decimal("333.33")) == Decimal("250.00")
    assert round_.advance_for(Decimal("0.02")) == Decimal("0.02")  # 0.015 rounds half up


def test_a_grant_that_needs_a_report_is_not_settled_before_the_report(officer):
    application = assessed_application(requested_amount=Decimal("20000"), officer=officer)
    grant(application, officer)
    services.pay_advance(application=application, by=officer)
    paid_out(application)  # so that only the missing report stands in the way

    with pytest.raises(ValidationError):
        services.settle(application=application, final_amount=Decimal("20000"), by=officer)
    Application.objects.filter(pk=application.pk).update(
        state=State.ADVANCE_PAID
    )  # as if the step were skipped
    with pytest.raises(ValidationError):
        services.settle(application=application, final_amount=Decimal("20000"), by=officer)

    assert not hasattr(Application.objects.get(pk=application.pk), "settlement")

"""The ranked list with the ceiling line (Awb 4:25–4:27), its page, its exports and their query counts."""

import csv
import io
from datetime import timedelta
from decimal import Decimal

import openpyxl
import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.html import escape

from tenders import services
from tenders.models import Application, Round, State
from tenders.queries import TIE_BREAK_RULE, ranking
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

FIRST_COME = Round.AllocationMethod.FIRST_COME


@pytest.fixture
def logged_in_officer(client, officer):
    client.force_login(officer)
    return officer


def score(application, officer, *sheets):
    """Mark eligible and let one new assessor per sheet ({criterion: score}) submit it."""
    services.mark_eligible(application=application, by=officer)
    for sheet in sheets:
        assessment = services.assign_assessor(
            application=application, assessor=UserFactory(roles=["beoordelaar"]), by=officer
        )
        services.save_scores(
            assessment=assessment, scores={c.pk: (s, "Onderbouwd.") for c, s in sheet.items()}, submit=True
        )
    application.refresh_from_db()
    assert application.state == State.ASSESSED
    return application


def summary(rows):
    return [(r.position, r.application_id, r.funding, r.fundable_amount) for r in rows]


def test_the_ranking_follows_the_average_weighted_total(officer):
    round_ = RoundFactory()
    impact = CriterionFactory(round=round_, weight=3)
    reach = CriterionFactory(round=round_, weight=1)
    # More points in total (8+6+6+4 = 24), but fewer on the heavy criterion: (30 + 22) / 2 = 26.
    steady = score(submitted_application(round=round_), officer, {impact: 8, reach: 6}, {impact: 6, reach: 4})
    # Fewer points (10+0+7+2 = 19), more weight: (30 + 23) / 2 = 26.5.
    focused = score(
        submitted_application(round=round_), officer, {impact: 10, reach: 0}, {impact: 7, reach: 2}
    )
    # (12 + 12) / 2 = 12.
    weak = score(submitted_application(round=round_), officer, {impact: 3, reach: 3}, {impact: 3, reach: 3})

    rows = ranking(round_)

    assert [(r.position, r.application_id, r.total) for r in rows] == [
        (1, focused.pk, Decimal("26.50")),
        (2, steady.pk, Decimal("26.00")),
        (3, weak.pk, Decimal("12.00")),
    ]


def test_only_submitted_assessments_without_a_conflict_count_in_the_average(officer):
    round_ = RoundFactory()
    criterion = CriterionFactory(round=round_, weight=2)
    application = submitted_application(round=round_)
    services.mark_eligible(application=application, by=officer)
    conflicted = services.assign_assessor(
        application=application, assessor=UserFactory(roles=["beoordelaar"]), by=officer
    )
    services.save_scores(assessment=conflicted, scores={criterion.pk: (1, "Concept")}, submit=False)
    services.declare_conflict(assessment=conflicted, note="Familie")  # nobody free: no replacement
    for value in (9, 6):
        assessment = services.assign_assessor(
            application=application, assessor=UserFactory(roles=["beoordelaar"]), by=officer
        )
        services.save_scores(assessment=assessment, scores={criterion.pk: (value, "Goed")}, submit=True)

    [row] = ranking(round_)

    assert row.total == Decimal("15.00")  # (18 + 12) / 2


def test_equal_totals_are_ranked_by_the_moment_the_application_became_complete():
    round_ = RoundFactory(ceiling=Decimal("1000000"))
    criterion = CriterionFactory(round=round_)
    start = timezone.now()
    # Submitted first in real time, so it gets the lower reference, but it is complete later.
    with time_machine.travel(start + timedelta(hours=3)):
        later = assessed_application(round=round_, criteria=[criterion], scores=(7, 7))
    with time_machine.travel(start + timedelta(hours=1)):
        earlier = assessed_application(round=round_, criteria=[criterion], scores=(7, 7))
    with time_machine.travel(start + timedelta(hours=5)):
        best = assessed_application(round=round_, criteria=[criterion], scores=(9, 8))

    rows = ranking(round_)

    assert later.reference < earlier.reference
    assert earlier.complete_at < later.complete_at
    assert [(r.position, r.application_id, r.total) for r in rows] == [
        (1, best.pk, Decimal("8.50")),
        (2, earlier.pk, Decimal("7.00")),
        (3, later.pk, Decimal("7.00")),
    ]


def test_completeness_after_an_information_request_is_what_counts_in_a_tie(officer):
    round_ = RoundFactory(ceiling=Decimal("1000000"))
    criterion = CriterionFactory(round=round_)
    start = timezone.now()
    with time_machine.travel(start + timedelta(hours=1)):
        asked = submitted_application(round=round_)
        services.request_information(
            application=asked, by=officer, message="De statuten ontbreken", parts=["attachments"]
        )
    with time_machine.travel(start + timedelta(hours=2)):
        complete = submitted_application(round=round_)
    with time_machine.travel(start + timedelta(hours=3)):
        services.answer_information_request(application=asked, by=asked.submitted_by, answer="Toegevoegd")
    asked = score(asked, officer, {criterion: 6}, {criterion: 6})
    complete = score(complete, officer, {criterion: 6}, {criterion: 6})

    rows = ranking(round_)

    assert asked.submitted_at < complete.submitted_at < asked.complete_at
    assert [r.application_id for r in rows] == [complete.pk, asked.pk]


def test_equal_totals_completed_at_the_same_moment_are_ranked_by_reference():
    round_ = RoundFactory()
    criterion = CriterionFactory(round=round_)
    with time_machine.travel(timezone.now() + timedelta(hours=1), tick=False):
        first = assessed_application(round=round_, criteria=[criterion], scores=(5, 5))
        second = assessed_application(round=round_, criteria=[criterion], scores=(5, 5))

    rows = ranking(round_)

    assert first.complete_at == second.complete_at
    assert first.reference < second.reference
    assert [r.application_id for r in rows] == [first.pk, second.pk]


def test_the_ceiling_line_funds_in_full_then_in_part_then_not(officer):
    round_ = RoundFactory(ceiling=Decimal("25000"))
    first, second, third, fourth = ranked_applications(round_, (6, 7, 8, 9), officer=officer)

    rows = ranking(round_)

    assert summary(rows) == [
        (1, first.pk, "full", Decimal("10000")),
        (2, second.pk, "full", Decimal("10000")),
        (3, third.pk, "partial", Decimal("5000")),
        (4, fourth.pk, "none", Decimal("0")),
    ]


def test_a_ceiling_used_up_exactly_leaves_no_partial_grant(officer):
    round_ = RoundFactory(ceiling=Decimal("20000"))
    first, second, third = ranked_applications(round_, (7, 8, 9), officer=officer)

    rows = ranking(round_)

    assert summary(rows) == [
        (1, first.pk, "full", Decimal("10000")),
        (2, second.pk, "full", Decimal("10000")),
        (3, third.pk, "none", Decimal("0")),
    ]


def test_applications_below_the_minimum_score_get_no_position_and_no_money(officer):
    round_ = RoundFactory(ceiling=Decimal("20000"), minimum_total_score=Decimal("12"))
    criterion = CriterionFactory(round=round_, weight=2)
    # The weakest is complete first, so it would be funded first if the minimum were ignored.
    below = assessed_application(round=round_, criteria=[criterion], scores=(5, 5), officer=officer)  # 10
    just_below = assessed_application(
        round=round_, criteria=[criterion], scores=(6, 5), officer=officer
    )  # 11
    at_minimum = assessed_application(
        round=round_, criteria=[criterion], scores=(6, 6), officer=officer
    )  # 12
    best = assessed_application(round=round_, criteria=[criterion], scores=(8, 8), officer=officer)  # 16

    rows = ranking(round_)

    assert [(r.position, r.application_id, r.total, r.funding, r.fundable_amount) for r in rows] == [
        (1, best.pk, Decimal("16.00"), "full", Decimal("10000")),
        (2, at_minimum.pk, Decimal("12.00"), "full", Decimal("10000")),
        (None, just_below.pk, Decimal("11.00"), "below_minimum", Decimal("0")),
        (None, below.pk, Decimal("10.00"), "below_minimum", Decimal("0")),
    ]


def test_a_tender_ranking_holds_only_assessed_or_decided_applications(officer):
    round_ = RoundFactory()
    criterion = CriterionFactory(round=round_)
    assessed = assessed_application(round=round_, criteria=[criterion], officer=officer)
    submitted = submitted_application(round=round_)
    eligible = services.mark_eligible(application=submitted_application(round=round_), by=officer)
    half = services.mark_eligible(application=submitted_application(round=round_), by=officer)
    assessment = services.assign_assessor(
        application=half, assessor=UserFactory(roles=["beoordelaar"]), by=officer
    )
    services.save_scores(assessment=assessment, scores={criterion.pk: (10, "Prima")}, submit=True)
    ineligible = services.mark_ineligible(
        application=submitted_application(round=round_), by=officer, reason="Nee"
    )
    withdrawn = assessed_application(round=round_, criteria=[criterion], officer=officer, scores=(10, 10))
    services.withdraw(application=withdrawn, by=withdrawn.submitted_by)
    other_round = assessed_application(criteria=None, officer=officer)

    rows = ranking(round_)

    assert [r.application_id for r in rows] == [assessed.pk]
    left_out = {submitted.pk, eligible.pk, half.pk, ineligible.pk, withdrawn.pk, other_round.pk}
    assert not left_out & {r.application_id for r in rows}


def test_decided_applications_keep_their_place_in_the_ranking(officer):
    round_ = RoundFactory(ceiling=Decimal("25000"))
    ranked_applications(round_, (6, 7, 8, 9), officer=officer)
    before = summary(ranking(round_))

    services.decide_round(round_=closed(round_), by=officer)

    assert summary(ranking(round_)) == before
    assert sorted(round_.applications.values_list("state", flat=True)) == sorted(
        [State.GRANTED, State.GRANTED, State.PARTIALLY_GRANTED, State.REJECTED]
    )


def test_a_paid_grant_keeps_its_place_in_the_ranking(officer):
    round_ = RoundFactory(ceiling=Decimal("25000"))
    ranked_applications(round_, (6, 7, 8, 9), officer=officer)
    services.decide_round(round_=closed(round_), by=officer)
    decided = summary(ranking(round_))
    best = Application.objects.get(pk=ranking(round_)[0].application_id)

    services.pay_advance(application=best, by=officer)

    assert summary(ranking(round_)) == decided


def test_a_first_come_round_ranks_eligible_applications_by_completeness_without_scores(officer):
    round_ = RoundFactory(allocation_method=FIRST_COME, ceiling=Decimal("15000"))
    start = timezone.now()
    applications = {}
    for hours, name in ((3, "third"), (1, "first"), (2, "second"), (4, "not_checked")):
        with time_machine.travel(start + timedelta(hours=hours)):
            applications[name] = submitted_application(round=round_, requested_amount=Decimal("10000"))
    for name in ("third", "second", "first"):  # checked in another order than they came in
        services.mark_eligible(application=applications[name], by=officer)

    rows = ranking(round_)

    assert [(r.position, r.application_id, r.total, r.funding, r.fundable_amount) for r in rows] == [
        (1, applications["first"].pk, None, "full", Decimal("10000")),
        (2, applications["second"].pk, None, "partial", Decimal("5000")),
        (3, applications["third"].pk, None, "none", Decimal("0")),
    ]


# The ranking page and its exports.


@pytest.fixture
def ranked_round(officer):
    """A round of four ranked applications whose titles and names start like spreadsheet formulas."""
    round_ = RoundFactory(ceiling=Decimal("25000"))
    criterion = CriterionFactory(round=round_)
    start = timezone.now()
    made = []
    for hours, scores, title in (
        (1, (6, 6), '=HYPERLINK("http://evil.example","klik")'),
        (2, (9, 9), "+SUM(A1:A9)"),
        (3, (7, 7), "Buurtfeest Malberg"),
        (4, (7, 7), "@Wijkontbijt"),
    ):
        with time_machine.travel(start + timedelta(hours=hours)):
            made.append(
                assessed_application(
                    round=round_, criteria=[criterion], scores=scores, officer=officer, title=title,
                    requested_amount=Decimal("10000"),
                )
            )  # fmt: skip
    low, best, tied_earlier, tied_later = made
    return round_, [best, tied_earlier, tied_later, low]


@pytest.mark.parametrize(("prefix", "language"), [("", "nl"), ("/en", "en")])
def test_the_ranking_page_shows_the_tie_break_rule_and_the_references_in_order(
    client, logged_in_officer, ranked_round, prefix, language
):
    round_, expected = ranked_round

    response = client.get(f"{prefix}/medewerkers/rondes/{round_.pk}/rangschikking/")

    html = response.content.decode()
    with translation.override(language):
        rule = str(TIE_BREAK_RULE)
    assert escape(rule) in html
    assert [r.application_id for r in response.context["rows"]] == [a.pk for a in expected]
    positions = [html.index(a.reference) for a in expected]
    assert positions == sorted(positions)


def read_csv(content: bytes):
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_the_csv_export_has_the_rows_of_the_page_with_formulas_neutralised(
    client, logged_in_officer, ranked_round, download_export
):
    round_, expected = ranked_round
    page_rows = client.get(f"/medewerkers/rondes/{round_.pk}/rangschikking/").context["rows"]

    header, *rows = read_csv(download_export(client, "ranking", "csv", round=round_.pk))
    assert header[:2] == ["position", "reference"]
    assert [row[1] for row in rows] == [r.reference for r in page_rows]
    assert [row[1] for row in rows] == [a.reference for a in expected]
    assert [row[0] for row in rows] == ["1", "2", "3", "4"]
    assert [row[6] for row in rows] == ["full", "full", "partial", "none"]
    titles = [row[3] for row in rows]
    assert titles == [
        "'+SUM(A1:A9)",
        "Buurtfeest Malberg",
        "'@Wijkontbijt",
        '\'=HYPERLINK("http://evil.example","klik")',
    ]
    assert not any(cell.startswith(("=", "+", "@")) for row in rows for cell in row)


def test_the_xlsx_export_has_the_same_rows_with_formulas_neutralised(
    client, logged_in_officer, ranked_round, download_export
):
    round_, expected = ranked_round

    content = download_export(client, "ranking", "xlsx", round=round_.pk)

    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    header, *rows = list(sheet.iter_rows(values_only=True))
    assert header[:4] == ("position", "reference", "organisation", "title")
    assert [row[1] for row in rows] == [a.reference for a in expected]
    assert rows[3][3] == '\'=HYPERLINK("http://evil.example","klik")'
    assert not any(isinstance(cell, str) and cell.startswith(("=", "+", "@")) for row in rows for cell in row)


def test_an_organisation_name_that_looks_like_a_formula_is_neutralised_too(
    client, logged_in_officer, officer, download_export
):
    round_ = RoundFactory()
    application = assessed_application(round=round_, officer=officer)
    application.organisation.name = "-2+3 Stichting"
    application.organisation.save()

    _header, row = read_csv(download_export(client, "ranking", "csv", round=round_.pk))

    assert row[2] == "'-2+3 Stichting"


def test_an_unknown_export_format_is_not_found(client, logged_in_officer):
    round_ = RoundFactory()
    client.raise_request_exception = False

    response = client.get(f"/medewerkers/rondes/{round_.pk}/rangschikking.pdf")

    assert response.status_code == 404


# Query counts: the officer's round pages read everything in a fixed number of queries.


@pytest.mark.parametrize("page", ["rondes/{pk}/", "rondes/{pk}/rangschikking/"])
def test_the_round_pages_run_a_fixed_number_of_queries(client, logged_in_officer, officer, page):
    round_ = RoundFactory(ceiling=Decimal("1000000"))
    criteria = [CriterionFactory(round=round_, weight=2), CriterionFactory(round=round_)]
    for _ in range(2):
        assessed_application(round=round_, criteria=criteria, officer=officer)
    url = "/medewerkers/" + page.format(pk=round_.pk)
    client.get(url)  # warm up: session, user and content types
    cache.clear()  # the ranking is cached: compare a computed page with a computed page
    with CaptureQueriesContext(connection) as two:
        small = client.get(url)
    for _ in range(6):
        assessed_application(round=round_, criteria=criteria, officer=officer)

    cache.clear()
    with CaptureQueriesContext(connection) as eight:
        large = client.get(url)

    assert small.status_code == large.status_code == 200
    assert len(eight.captured_queries) == len(two.captured_queries)
    references = round_.applications.values_list("reference", flat=True)
    assert references.count() == 8
    assert all(reference in large.content.decode() for reference in references)


def test_the_round_page_counts_queries_the_same_with_applications_in_every_stage(
    client, logged_in_officer, officer
):
    round_ = RoundFactory(ceiling=Decimal("1000000"))
    criterion = CriterionFactory(round=round_)

    def one_of_each():
        assessed_application(round=round_, criteria=[criterion], officer=officer)
        submitted_application(round=round_)
        half = services.mark_eligible(application=submitted_application(round=round_), by=officer)
        services.assign_assessor(application=half, assessor=UserFactory(roles=["beoordelaar"]), by=officer)

    one_of_each()
    url = f"/medewerkers/rondes/{round_.pk}/"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(3):
        one_of_each()

    with CaptureQueriesContext(connection) as many:
        response = client.get(url)

    assert len(many.captured_queries) == len(few.captured_queries)
    assert len(response.context["applications"]) == 12

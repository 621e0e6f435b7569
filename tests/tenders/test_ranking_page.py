"""The officer's ranking page one page at a time, under a summary of the whole ranking; and the admin's application list."""

import dataclasses
from datetime import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tenders import queries, services
from tenders.models import Application, Round, State
from tests.factories import (
    CriterionFactory,
    RoundFactory,
    UserFactory,
    assessed_application,
    ranked_applications,
    submitted_application,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("roles")]

MARKER = 'id="ceiling-line"'


@pytest.fixture
def five_ranked(client, officer):
    """Two funded in full, one in part, one not (ceiling reached), and one below the minimum score."""
    client.force_login(officer)
    round_ = RoundFactory(ceiling=Decimal("25000"), minimum_total_score=Decimal("5"))
    first, second, third, fourth, below = ranked_applications(round_, (4, 6, 7, 8, 9), officer=officer)
    return round_, [first, second, third, fourth, below]


def page_url(round_, page=None):
    url = f"/medewerkers/rondes/{round_.pk}/rangschikking/"
    return url if page is None else f"{url}?page={page}"


def references_on(response):
    return [row.reference for row in response.context["rows"]]


def test_the_summary_counts_the_whole_ranking_and_says_where_the_ceiling_line_falls(client, five_ranked):
    round_, _applications = five_ranked

    response = client.get("/en" + page_url(round_))  # English: the texts as the template has them

    summary = response.context["summary"]
    assert (summary.in_full, summary.in_part, summary.not_funded, summary.below_minimum) == (2, 1, 1, 1)
    assert summary.within_ceiling == Decimal("25000")
    assert summary.line_position == 4
    assert summary.maximum_total == 10
    html = response.content.decode()
    assert "€\u00a025,000.00 of €\u00a025,000.00" in html
    assert "above position 4, on page 1" in html
    assert 'href="?page=1#ceiling-line"' in html


def test_the_summary_says_so_when_no_application_falls_below_the_ceiling_line(client, officer):
    client.force_login(officer)
    round_ = RoundFactory(ceiling=Decimal("1000000"))
    assessed_application(round=round_, officer=officer, requested_amount=Decimal("10000"))

    response = client.get("/en" + page_url(round_))

    assert response.context["summary"].line_position is None
    assert response.context["line_page"] is None
    html = response.content.decode()
    assert MARKER not in html
    assert "no application falls below it" in html


def test_an_empty_ranking_has_an_empty_summary_and_one_empty_page(client, officer):
    client.force_login(officer)
    round_ = RoundFactory()
    submitted_application(round=round_)  # not assessed: not ranked

    response = client.get(page_url(round_))

    assert response.status_code == 200
    assert response.context["summary"].count == 0
    assert response.context["page"].number == 1
    assert list(response.context["rows"]) == []


@pytest.fixture
def two_per_page(monkeypatch):
    monkeypatch.setattr(queries, "RANKING_PAGE_SIZE", 2)


@pytest.mark.usefixtures("two_per_page")
def test_the_ranking_is_paged_and_the_ceiling_line_shows_on_the_page_where_it_falls(client, five_ranked):
    round_, applications = five_ranked
    first, second, third, fourth, below = applications

    pages = [client.get(page_url(round_, number)) for number in (1, 2, 3)]

    assert [references_on(page) for page in pages] == [
        [first.reference, second.reference],
        [third.reference, fourth.reference],
        [below.reference],
    ]
    assert [page.content.decode().count(MARKER) for page in pages] == [0, 1, 0]
    html = pages[1].content.decode()
    assert html.index(third.reference) < html.index(MARKER) < html.index(fourth.reference)
    for page in pages:  # the summary is the same on every page, and links to the line's page
        assert page.context["summary"] == pages[0].context["summary"]
        assert 'href="?page=2#ceiling-line"' in page.content.decode()
    assert 'aria-label="Pagina\'s"' in html and "Pagina 2 van 3" in html


@pytest.mark.usefixtures("two_per_page")
def test_a_ceiling_line_at_the_top_of_a_page_shows_there_and_not_at_the_end_of_the_page_before(
    client, officer
):
    client.force_login(officer)
    round_ = RoundFactory(ceiling=Decimal("20000"))
    first, second, third, fourth = ranked_applications(round_, (6, 7, 8, 9), officer=officer)

    one, two = client.get(page_url(round_, 1)), client.get(page_url(round_, 2))

    assert references_on(one) == [first.reference, second.reference]
    assert references_on(two) == [third.reference, fourth.reference]
    assert MARKER not in one.content.decode()
    html = two.content.decode()
    assert html.index(MARKER) < html.index(third.reference)
    assert html.count(MARKER) == 1


@pytest.mark.usefixtures("two_per_page")
@pytest.mark.parametrize(
    ("asked", "shown"), [("99", 3), ("0", 3), ("-1", 3), ("abc", 1), ("", 1), ("2.5", 1)]
)
def test_a_page_number_out_of_range_or_not_a_number_shows_the_nearest_page(client, five_ranked, asked, shown):
    round_, _applications = five_ranked

    response = client.get(page_url(round_, asked))

    assert response.status_code == 200
    assert response.context["page"].number == shown


def test_the_page_shows_a_change_at_once(client, officer, five_ranked):
    client.force_login(officer)
    round_, applications = five_ranked
    before = client.get(page_url(round_)).context["summary"]

    services.withdraw(application=applications[0], by=applications[0].submitted_by)
    after = client.get(page_url(round_))

    assert (before.count, after.context["summary"].count) == (5, 4)
    assert applications[0].reference not in references_on(after)
    assert references_on(after)[0] == applications[1].reference


def test_the_page_agrees_with_the_ranking_the_decisions_follow(client, five_ranked):
    round_, _applications = five_ranked

    rows = client.get(page_url(round_)).context["rows"]

    assert [(r.position, r.application_id, r.total, r.funding, r.fundable_amount) for r in rows] == [
        (r.position, r.application_id, r.total, r.funding, r.fundable_amount) for r in queries.ranking(round_)
    ]


def test_a_first_come_round_has_no_scores_and_no_minimum_in_its_summary(client, officer):
    client.force_login(officer)
    round_ = RoundFactory(allocation_method=Round.AllocationMethod.FIRST_COME, ceiling=Decimal("15000"))
    for _ in range(3):
        services.mark_eligible(
            application=submitted_application(round=round_, requested_amount=Decimal("10000")), by=officer
        )

    response = client.get(page_url(round_))

    summary = response.context["summary"]
    assert (summary.in_full, summary.in_part, summary.not_funded, summary.below_minimum) == (1, 1, 1, 0)
    assert summary.line_position == 3
    html = response.content.decode()
    assert "onder de minimumscore" not in html and "below the minimum score" not in html
    assert 'colspan="5"' in html


def personal_of(applications) -> set[str]:
    people = [a.submitted_by for a in applications]
    return {p.username for p in people} | {p.email for p in people} | {p.last_name for p in people}


def test_the_cache_holds_plain_values_and_no_personal_data(client, five_ranked, monkeypatch):
    round_, applications = five_ranked
    stored = []
    set_in_cache = cache.set

    def recording_set(key, value, *args, **kwargs):
        stored.append(value)
        return set_in_cache(key, value, *args, **kwargs)

    monkeypatch.setattr(cache, "set", recording_set)

    client.get(page_url(round_))

    summaries = [value for value in stored if isinstance(value, queries.RankingSummary)]
    pages = [
        value for value in stored if isinstance(value, tuple) and all(map(dataclasses.is_dataclass, value))
    ]
    assert len(summaries) == len(pages) == 1
    bodies = [value for value in stored if isinstance(value, tuple) and value not in pages]  # (title, body)
    assert len(bodies) == 1 and not any(name and name in repr(bodies) for name in personal_of(applications))
    values = [
        getattr(row, field.name) for row in [*summaries, *pages[0]] for field in dataclasses.fields(row)
    ]
    assert all(value is None or isinstance(value, (int, str, Decimal, datetime)) for value in values)
    personal = personal_of(applications)
    assert not personal & {value for value in values if isinstance(value, str)}
    assert not any(name and name in repr(values) for name in personal)


# Query counts: a fixed number whatever the size of the round, with and without the cache.


def capture(client, url, *, cold: bool):
    if cold:
        cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.usefixtures("two_per_page")
def test_the_ranking_page_runs_a_fixed_number_of_queries_cached_or_not(client, officer):
    client.force_login(officer)
    round_ = RoundFactory(ceiling=Decimal("25000"))
    criteria = [CriterionFactory(round=round_, weight=2), CriterionFactory(round=round_)]
    for _ in range(2):
        assessed_application(round=round_, criteria=criteria, officer=officer)
    client.get(page_url(round_))  # session, user and content types
    small = capture(client, page_url(round_), cold=True), capture(client, page_url(round_), cold=False)
    for _ in range(6):
        assessed_application(round=round_, criteria=criteria, officer=officer)

    larger = capture(client, page_url(round_, 3), cold=True), capture(client, page_url(round_, 3), cold=False)

    assert larger == small
    cold, warm = small
    assert warm < cold


# The admin's application list, as a policy officer uses it.

ADMIN_LIST = "/admin/tenders/application/"


@pytest.fixture
def admin_officer(client):
    user = UserFactory(is_staff=True, roles=["beleidsmedewerker"])
    client.force_login(user)
    return user


def test_the_admin_list_runs_a_fixed_number_of_queries_and_counts_once(client, admin_officer):
    submitted_application()
    client.get(ADMIN_LIST)
    cache.clear()  # the whole list's count is cached under the data version: compare two visits that count
    with CaptureQueriesContext(connection) as one:
        assert client.get(ADMIN_LIST).status_code == 200
    for _ in range(4):
        submitted_application()  # each in a round (and programme) of its own

    cache.clear()
    with CaptureQueriesContext(connection) as five:
        response = client.get(ADMIN_LIST)

    assert len(five) == len(one)
    assert sum("COUNT(" in query["sql"] for query in five.captured_queries) == 1
    assert len(response.context["cl"].result_list) == 5


def test_the_admin_list_shows_the_newest_first_25_a_page(client, admin_officer):
    round_ = RoundFactory()
    submitted_application(round=round_)
    newest = submitted_application(round=round_)

    response = client.get(ADMIN_LIST)

    assert response.context["cl"].result_list[0] == newest
    assert response.context["cl"].list_per_page == 25
    assert f'name="_selected_action" value="{newest.pk}" class="action-select"' in response.content.decode()


def test_the_admin_list_filters_by_round_and_state_and_searches(client, admin_officer):
    round_ = RoundFactory()
    wanted = submitted_application(round=round_, title="Buurtmoestuin Malberg")
    services.mark_eligible(
        application=submitted_application(round=round_, title="Buurtmoestuin Caberg"), by=admin_officer
    )
    submitted_application(title="Buurtmoestuin Wyck")  # another round

    response = client.get(
        ADMIN_LIST, {"round__id__exact": round_.pk, "state__exact": State.SUBMITTED, "q": "moestuin"}
    )

    assert list(response.context["cl"].result_list) == [wanted]
    html = response.content.decode()
    assert str(round_) in html  # the round filter names the round with its programme


@pytest.mark.parametrize("column", ["1", "2", "3", "4", "5", "6", "7", "-7", "-2", "-5"])
def test_the_admin_list_sorts_by_every_column(client, admin_officer, column):
    first = submitted_application(title="Aaa", requested_amount=Decimal("1000"))
    last = submitted_application(title="Zzz", requested_amount=Decimal("2000"))

    response = client.get(ADMIN_LIST, {"o": column})

    assert response.status_code == 200
    rows = list(response.context["cl"].result_list)
    assert set(rows) == {first, last}
    if column.lstrip("-") in ("2", "5"):  # title and requested amount: "Aaa" asks less than "Zzz"
        assert rows == ([last, first] if column.startswith("-") else [first, last])


def test_the_admin_action_marks_the_selected_applications_eligible(client, admin_officer):
    application = submitted_application()

    response = client.post(
        ADMIN_LIST, {"action": "mark_eligible", "_selected_action": [application.pk], "index": 0}
    )

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == State.ELIGIBLE
    assert Application.objects.filter(state=State.ELIGIBLE).count() == 1


def test_rows_computed_before_a_write_are_not_kept_as_current(client, officer, monkeypatch):
    client.force_login(officer)
    round_ = RoundFactory(ceiling=Decimal("25000"))
    best, *_ = ranked_applications(round_, (6, 7, 8), officer=officer)
    summarise = queries._summarise

    def summarise_while_someone_writes(round_, rows):
        summary = summarise(round_, rows)
        if not getattr(summarise_while_someone_writes, "done", False):
            summarise_while_someone_writes.done = True  # another request changes a title meanwhile
            Application.objects.filter(pk=best.pk).update(title="Nieuwe titel")
        return summary

    monkeypatch.setattr(queries, "_summarise", summarise_while_someone_writes)
    client.get(page_url(round_))

    assert "Nieuwe titel" in client.get(page_url(round_)).content.decode()

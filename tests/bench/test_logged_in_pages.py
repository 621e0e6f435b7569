"""The logged-in pages of the benchmark run a pinned number of queries, with a warm cache (issue 22).

A request with the session and the shared figures cached is what a user's second and later visits cost; the
counts here are exactly what each page runs, at a small scale and at a four times larger one alike.
"""

import io

import pytest
from django.core.management import call_command

from bench.pages import PAGES, logged_in_client, url
from tests.factories import submitted_application

pytestmark = pytest.mark.django_db

SMALL, LARGER = 0.005, 0.02

# The queries each page runs on a later visit (session cached; savepoints of atomic blocks counted).
MAXIMUM = {
    # The user with their roles, permissions and second factor: one query on every page (accounts/session_user.py);
    # then what the page itself reads.
    "portaal (lid)": 2,  # the data versions; the body from the cache (the membership the menu asks is read with the user)
    # the data versions; the body from the cache; the names read and the access log written in one statement
    "netwerk (regisseur)": 3,
    "admin aanvragen": 2,  # the data versions; the whole page from the cache (maastricht_inclusie/admin_page_cache.py)
    "rangschikking": 2,  # the data versions; the body and the round's title from the cache (a 404 is never cached)
    "werkvoorraad (beleid)": 2,  # the data versions; the body from the cache
    "beoordelen (beoordelaar)": 2,  # the data versions; the assessor's rounds and the body from the cache
}
LOGGED_IN = [page for page in PAGES if not page.is_public]


def generate(scale: float, **options):
    call_command("generate_bench_data", scale=scale, yes_i_know=True, stdout=io.StringIO(), **options)


def test_every_logged_in_page_of_the_benchmark_has_a_pinned_count():
    assert {page.name for page in LOGGED_IN} == set(MAXIMUM)


@pytest.mark.parametrize("scale", [SMALL, LARGER])
@pytest.mark.parametrize("page", LOGGED_IN, ids=lambda page: page.name)
def test_a_later_visit_runs_exactly_the_pinned_queries(page, scale, django_assert_num_queries):
    generate(scale)
    client = logged_in_client(page.username)
    address = url(page)
    assert client.get(address).status_code == 200

    with django_assert_num_queries(MAXIMUM[page.name]):  # the same at both scales
        assert client.get(address).status_code == 200


def test_the_work_queue_counts_a_new_submission_at_once_though_its_figures_are_cached():
    generate(SMALL)
    page = next(page for page in LOGGED_IN if page.name == "werkvoorraad (beleid)")
    client = logged_in_client(page.username)
    before = {queue.key: count for queue, count in client.get("/medewerkers/").context["queues"]}

    submitted_application()

    after = {queue.key: count for queue, count in client.get("/medewerkers/").context["queues"]}
    assert after["controleren"] == before["controleren"] + 1

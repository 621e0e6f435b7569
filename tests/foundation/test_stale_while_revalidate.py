"""A public page is renewed at most once in a few seconds, by one request at a time; meanwhile others get the page
as it was, for a bounded time.

A page read from the data less than `PUBLIC_PAGES_FRESH_SECONDS` ago is served after a write as it is; after that
the first visitor renders it anew, and visitors who come while that is under way (a page over large data can take a
second) get the last rendering, but only one whose data was read at most `caching.STALE_FOR` seconds ago. The suite
runs with the fresh seconds at 0 (tests/conftest.py); the tests here say which they use.
"""

import threading

import pytest
from django.db import connection
from django.test import Client

from initiatives import queries
from initiatives.models import Organisation
from maastricht_inclusie import caching
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="the data version is PostgreSQL's")

DIRECTORY = "/organisaties/"


def renamed(old: str, new: str) -> None:
    Organisation.objects.filter(name=old).update(name=new)


def shows(client: Client, path: str, text: str) -> bool:
    response = client.get(path)
    assert response.status_code == 200
    return text in response.content.decode()


@pytest.mark.django_db
def test_a_write_shows_within_the_fresh_seconds_and_then_at_once(client, settings, monkeypatch):
    settings.PUBLIC_PAGES_FRESH_SECONDS = 5
    now = caching.time.time()
    monkeypatch.setattr(caching.time, "time", lambda: now)
    OrganisationFactory(name="Stichting Oud")
    assert shows(client, DIRECTORY, "Stichting Oud")
    renamed("Stichting Oud", "Stichting Nieuw")

    monkeypatch.setattr(caching.time, "time", lambda: now + 4.9)
    assert shows(client, DIRECTORY, "Stichting Oud"), "read from the data 4.9 seconds ago: served as it is"

    monkeypatch.setattr(caching.time, "time", lambda: now + 5)
    assert shows(client, DIRECTORY, "Stichting Nieuw"), "5 seconds: the next visitor renews it"
    assert shows(client, DIRECTORY, "Stichting Nieuw")


@pytest.mark.django_db
def test_without_a_write_the_page_is_served_from_the_cache_however_old(
    client, settings, monkeypatch, django_assert_num_queries
):
    settings.PUBLIC_PAGES_FRESH_SECONDS = 5
    OrganisationFactory(name="Stichting Oud")
    assert shows(client, DIRECTORY, "Stichting Oud")
    later = caching.time.time() + caching.STALE_FOR + 60
    monkeypatch.setattr(caching.time, "time", lambda: later)

    with django_assert_num_queries(1):  # the groups' numbers: unchanged, so the kept page is the current one
        assert shows(client, DIRECTORY, "Stichting Oud")


@pytest.mark.django_db
def test_a_write_shows_at_once_when_no_renewal_is_under_way(client):
    OrganisationFactory(name="Stichting Oud")
    assert shows(client, DIRECTORY, "Stichting Oud")

    renamed("Stichting Oud", "Stichting Nieuw")

    assert shows(client, DIRECTORY, "Stichting Nieuw")
    assert not shows(client, DIRECTORY, "Stichting Oud")


@pytest.mark.django_db
def test_while_a_renewal_is_under_way_others_get_the_last_page_without_computing_it(
    client, django_assert_num_queries
):
    OrganisationFactory(name="Stichting Oud")
    assert shows(client, DIRECTORY, "Stichting Oud")
    renamed("Stichting Oud", "Stichting Nieuw")

    with (
        caching.renewal(caching.page_key(DIRECTORY)) as renewing,
        django_assert_num_queries(1),
    ):  # the groups' numbers only
        assert renewing, "this request claims the renewal"
        assert shows(client, DIRECTORY, "Stichting Oud")

    assert shows(client, DIRECTORY, "Stichting Nieuw"), "the claim is given up: the next visitor renews"


@pytest.mark.django_db
def test_a_last_page_older_than_the_bound_is_never_served(client, monkeypatch):
    OrganisationFactory(name="Stichting Oud")
    assert shows(client, DIRECTORY, "Stichting Oud")
    renamed("Stichting Oud", "Stichting Nieuw")
    read_at = caching.time.time()
    monkeypatch.setattr(caching.time, "time", lambda: read_at + caching.STALE_FOR + 1)

    with caching.renewal(caching.page_key(DIRECTORY)):
        assert shows(client, DIRECTORY, "Stichting Nieuw")


@pytest.mark.django_db
def test_the_last_page_is_kept_per_language(client):
    OrganisationFactory(name="Stichting Oud")
    assert shows(client, DIRECTORY, "Stichting Oud")  # Dutch only
    renamed("Stichting Oud", "Stichting Nieuw")

    with caching.renewal(caching.page_key("/en" + DIRECTORY, language="en")):
        english = client.get("/en" + DIRECTORY)

    assert "Stichting Nieuw" in english.content.decode(), "no English page was kept, so it is rendered"
    assert english.headers["Content-Language"] == "en"


@pytest.mark.django_db
def test_a_failed_renewal_gives_up_its_claim(client, monkeypatch):
    OrganisationFactory(name="Stichting Oud")
    assert shows(client, DIRECTORY, "Stichting Oud")
    renamed("Stichting Oud", "Stichting Nieuw")

    def broken():
        raise RuntimeError("the database went away")

    monkeypatch.setattr(queries, "listed_organisations", broken)
    with pytest.raises(RuntimeError):
        client.get(DIRECTORY)
    monkeypatch.undo()

    with caching.renewal(caching.page_key(DIRECTORY)) as renewing:
        assert renewing, "nobody holds the claim after the failure"


@pytest.mark.django_db(transaction=True)
def test_a_visitor_during_a_slow_renewal_gets_the_last_page_at_once_and_the_renewal_shows_after(
    monkeypatch,
):
    """Two visitors at the same time: one renders the new directory (held up here), the other is answered with
    the last one meanwhile; afterwards everyone gets the new one."""
    OrganisationFactory(name="Stichting Oud")
    assert shows(Client(), DIRECTORY, "Stichting Oud")
    renamed("Stichting Oud", "Stichting Nieuw")

    started, release = threading.Event(), threading.Event()
    listed = queries.listed_organisations

    def slow_listed():
        started.set()
        assert release.wait(10), "the test never let the renewal finish"
        return listed()

    monkeypatch.setattr(queries, "listed_organisations", slow_listed)
    renewed = {}

    def renewing_visitor():
        try:
            renewed["content"] = Client().get(DIRECTORY).content.decode()
        finally:
            connection.close()

    renewer = threading.Thread(target=renewing_visitor)
    renewer.start()
    try:
        assert started.wait(10), "the first visitor renders the page"
        assert shows(Client(), DIRECTORY, "Stichting Oud"), "the second gets the last page, not a wait"
    finally:
        release.set()
        renewer.join(10)

    assert "Stichting Nieuw" in renewed["content"]
    assert shows(Client(), DIRECTORY, "Stichting Nieuw")

"""Sessions are read from the cache (no session query per page), kept in the database, and survive a cache outage."""

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.sessions import end_all_sessions
from tests.security.test_outage import redis_down  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


def session_queries(client, path: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return [query["sql"] for query in captured.captured_queries if "django_session" in query["sql"]]


def test_a_page_reads_the_session_from_the_cache_not_the_database(client, member):
    client.force_login(member)
    client.get("/portaal/")

    assert session_queries(client, "/portaal/") == []


def test_the_session_is_kept_in_the_database_and_read_from_it_when_the_cache_lost_it(client, member):
    client.force_login(member)
    assert Session.objects.count() == 1

    cache.clear()  # Redis restarted, or the key was evicted

    assert len(session_queries(client, "/portaal/")) == 1  # read back from the database, still logged in
    assert session_queries(client, "/portaal/") == []  # and cached again


def test_ending_all_sessions_of_a_user_logs_out_a_cached_session(client, member):
    client.force_login(member)
    client.get("/portaal/")

    end_all_sessions(member.pk)

    assert "/accounts/login/" in client.get("/portaal/")["Location"]


def test_logging_in_using_pages_and_logging_out_work_while_the_cache_is_down(client, member, redis_down):  # noqa: F811
    client.force_login(member)

    assert client.get("/portaal/").status_code == 200
    assert client.post("/accounts/logout/").status_code == 302
    assert not Session.objects.exists()
    assert "/accounts/login/" in client.get("/portaal/")["Location"]

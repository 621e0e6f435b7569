"""With Redis gone (a URL where nothing listens) the pages answer as usual, computed without the cache."""

import logging

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.factories import RoundFactory, UserFactory

pytestmark = pytest.mark.django_db

NOTHING_LISTENS = "redis://127.0.0.1:1/0"


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "maastricht_inclusie.redis_cache.PortalRedisCache",  # the portal's own, as in production
            "LOCATION": NOTHING_LISTENS,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    with pytest.raises(Exception):  # noqa: B017 - the precondition: this cache really is down
        cache.get("anything")
    yield


@pytest.mark.parametrize(
    "name",
    [
        "progress:overview",
        "progress:register",
        "initiatives:organisation_list",
        "initiatives:initiative_list",
    ],
)
def test_the_public_pages_answer_while_the_cache_is_down(client, redis_down, name, caplog):
    caplog.set_level(logging.WARNING, logger="maastricht_inclusie.caching")

    response = client.get(reverse(name))

    assert response.status_code == 200


def test_the_ranking_and_the_network_dashboard_answer_while_the_cache_is_down(client, roles, redis_down):
    round_ = RoundFactory()
    client.force_login(UserFactory(roles=["beleidsmedewerker"]))
    assert client.get(reverse("staff:ranking", args=[round_.pk])).status_code == 200

    client.force_login(UserFactory(roles=["regisseur"]))
    assert client.get(reverse("network:dashboard")).status_code == 200


def test_the_outage_is_logged_at_most_once_a_minute(client, redis_down, caplog, monkeypatch):
    from maastricht_inclusie import caching

    monkeypatch.setattr(caching, "_last_outage_logged", 0.0)
    caplog.set_level(logging.WARNING, logger="maastricht_inclusie.caching")

    for _ in range(3):
        client.get(reverse("progress:overview"))

    assert len([r for r in caplog.records if "cache is unavailable" in r.getMessage()]) == 1


def test_queuing_a_task_while_redis_is_down_gives_up_within_seconds_not_twenty():
    """A request that hands work to the worker (through the outbox) must not hang while the broker is away."""
    import os
    import subprocess
    import sys
    import time

    script = (
        "import django, time; django.setup()\n"
        "from outbox.tasks import deliver\n"
        "start = time.monotonic()\n"
        "try:\n    deliver.delay(0)\nexcept Exception:\n    pass\n"
        "print(round(time.monotonic() - start, 2))\n"
    )
    environment = {
        **os.environ,
        "DEBUG": "1",
        "REDIS_URL": NOTHING_LISTENS,
        "DJANGO_SETTINGS_MODULE": "maastricht_inclusie.settings",
    }
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-c", script], env=environment, capture_output=True, text=True, timeout=60
    )

    assert result.returncode == 0, result.stderr
    assert float(result.stdout.strip().splitlines()[-1]) < 3
    assert time.monotonic() - started < 30


def test_the_cache_makes_its_redis_client_once(settings):
    """One client per pool serves every call (`maastricht_inclusie/redis_cache.py`)."""
    import os

    from django.core.cache import caches

    url = os.environ.get("REDIS_URL")
    if not url:
        pytest.skip("no Redis (REDIS_URL) on this machine")
    settings.CACHES = {
        "default": {"BACKEND": "maastricht_inclusie.redis_cache.PortalRedisCache", "LOCATION": url}
    }
    portal_cache = caches["default"]
    client = portal_cache._cache.get_client()
    assert portal_cache._cache.get_client(write=True) is client
    portal_cache.set("redis-client-test", "one", 30)
    assert portal_cache.get("redis-client-test") == "one"
    assert portal_cache._cache.get_client() is client

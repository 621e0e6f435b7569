"""/healthz reports the database and the broker; only a database outage makes it 503."""

from unittest import mock

import pytest
from django.db import OperationalError

pytestmark = pytest.mark.django_db


def test_healthz_is_200_with_json_when_healthy(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] == "ok"
    assert body["broker"] in {"ok", "not configured (tasks run eagerly)"}


def test_healthz_is_503_when_the_database_is_unreachable(client):
    with mock.patch("maastricht_inclusie.views.connection.cursor", side_effect=OperationalError("down")):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


def test_healthz_says_degraded_but_stays_200_when_the_configured_broker_is_unreachable(client, settings):
    # The pages still work without Redis, so the load balancer must not take the node out.
    settings.REDIS_URL = "redis://127.0.0.1:1/0"

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["broker"] == "unavailable"
    assert response.json()["status"] == "degraded"

"""Login throttling behind the TLS proxy: a lockout is per user and client, not per proxy."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from tests.factories import PASSWORD, UserFactory, login_form

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"


def _attempt(client: Client, password: str, *, peer: str, forwarded: str | None = None):
    headers = {"REMOTE_ADDR": peer}
    if forwarded:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post("/accounts/login/", login_form("beleid-proxy", password), **headers)


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    return UserFactory(username="beleid-proxy")


def test_five_wrong_passwords_from_one_client_do_not_lock_the_officer_out_elsewhere(behind_proxy):
    attacker, officer = Client(), Client()
    for _ in range(5):
        _attempt(attacker, "fout", peer=PROXY, forwarded="203.0.113.9")

    assert _attempt(attacker, PASSWORD, peer=PROXY, forwarded="203.0.113.9").status_code == 429
    assert _attempt(officer, PASSWORD, peer=PROXY, forwarded="198.51.100.7").status_code == 302
    assert "_auth_user_id" in officer.session


def test_a_forwarded_header_from_a_client_that_is_not_a_proxy_is_ignored(behind_proxy):
    attacker = Client()
    for n in range(5):
        # A new made-up address each time must not escape the lockout of the real address.
        _attempt(attacker, "fout", peer="203.0.113.9", forwarded=f"192.0.2.{n}")

    assert _attempt(attacker, PASSWORD, peer="203.0.113.9", forwarded="192.0.2.99").status_code == 429


def test_the_address_the_trusted_proxies_saw_counts_not_one_the_client_prepended(behind_proxy, settings):
    from django.test import RequestFactory

    from accounts.client_ip import client_ip

    request = RequestFactory().get(
        "/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9, 10.0.0.3"
    )

    assert client_ip(request) == "203.0.113.9"


def test_without_trusted_proxies_the_peer_address_counts(settings):
    from django.test import RequestFactory

    from accounts.client_ip import client_ip

    settings.TRUSTED_PROXIES = []
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="1.2.3.4")

    assert client_ip(request) == "203.0.113.9"


def _start(trusted_proxies: str):
    """Start the portal the way gunicorn does (import the WSGI application) with this TRUSTED_PROXIES."""
    environment = {**os.environ, "DEBUG": "1", "TRUSTED_PROXIES": trusted_proxies}
    return subprocess.run(
        [sys.executable, "-c", "import maastricht_inclusie.wsgi"],
        cwd=Path(__file__).resolve().parents[2],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("entry", ["10.0.0.300", "proxy.example.org", "10.0.0.0/33", "10.0.0.2:443"])
def test_a_bad_trusted_proxy_stops_the_start_up_with_a_clear_message(entry):
    result = _start(f"10.0.0.2, {entry}")

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"TRUSTED_PROXIES: {entry!r} is not an IP address or network" in result.stderr


def test_good_trusted_proxies_start_and_are_read_as_networks():
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        "print(json.dumps(settings.TRUSTED_PROXIES))"
    )
    environment = {**os.environ, "DEBUG": "1", "TRUSTED_PROXIES": " 10.0.0.2, 192.168.0.0/16 ,::1,"}
    result = subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, check=True
    )

    assert json.loads(result.stdout.strip().splitlines()[-1]) == ["10.0.0.2/32", "192.168.0.0/16", "::1/128"]

"""Login throttling behind the TLS proxy: a lockout is per user and client, not per proxy."""

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

"""Security headers, login throttling, staff session expiry, and login required for every non-public URL."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import LocalePrefixPattern, URLPattern, URLResolver, get_resolver

from tests.factories import MembershipFactory, UserFactory, login_form

pytestmark = pytest.mark.django_db


def test_security_headers_on_every_page(client):
    response = client.get("/")

    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_production_sets_hsts_and_secure_cookies(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_SSL_REDIRECT = False

    response = client.get("/", secure=True)

    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


def test_templates_have_no_inline_script_or_style(client):
    html = client.get("/voortgang/").content.decode() + client.get("/accounts/login/").content.decode()

    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert " style=" not in html and "<style" not in html


def test_login_is_blocked_after_five_wrong_passwords(client):
    UserFactory(username="ans")
    for _ in range(5):
        client.post("/accounts/login/", login_form("ans", "fout"))

    response = client.post("/accounts/login/", login_form("ans"))

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_staff_sessions_expire_after_30_minutes_idle_and_members_keep_theirs(client, roles):
    client.force_login(UserFactory(roles=["beleidsmedewerker"]))
    client.get("/portaal/")
    assert client.session.get_expiry_age() == 30 * 60

    client.force_login(MembershipFactory().user)
    client.get("/portaal/")
    assert client.session.get_expiry_age() > 24 * 3600


PUBLIC = {
    "home", "accessibility", "privacy", "login", "password_reset", "password_reset_done", "password_reset_confirm",
    "password_reset_complete", "healthz", "favicon", "set_language", "logout",
    "initiatives:initiative_list", "initiatives:initiative_detail", "initiatives:organisation_list",
    "initiatives:organisation_detail", "initiatives:campaign_list", "initiatives:campaign_detail",
    "initiatives:register",
    "progress:overview", "progress:register", "progress:commitment", "progress:indicator", "progress:open_data",
    "progress:open_data_file", "rounds:round",
}  # fmt: skip


def walk(patterns, prefix="", namespace=None):
    """Every named URL pattern as (name, route). The language prefix counts as empty, whatever the
    active language (it depends on it), so this lists the Dutch, unprefixed routes."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            route = "" if isinstance(pattern.pattern, LocalePrefixPattern) else str(pattern.pattern)
            if route.startswith("admin/"):
                continue
            inner = ":".join(x for x in (namespace, pattern.namespace) if x) or None
            yield from walk(pattern.url_patterns, prefix + route, inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield name, prefix + str(pattern.pattern)


def concrete(route: str) -> str:
    path = re.sub(r"<int:\w+>", "1", route)
    path = re.sub(r"<(?:str|slug):\w+>", "x", path)
    path = re.sub(r"<uuid:\w+>", "00000000-0000-0000-0000-000000000000", path)
    path = re.sub(r"<\w+>", "x", path)
    return "/" + path.lstrip("^").rstrip("$")


def test_every_url_not_on_the_public_allowlist_requires_login(client):
    routes = list(walk(get_resolver().url_patterns))
    assert len(routes) > 40
    checked = 0
    for name, route in routes:
        if name in PUBLIC or route.startswith("i18n/"):
            continue
        response = client.get(concrete(route))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], (name, route)
        checked += 1
    assert checked > 20


def test_the_public_allowlist_names_only_existing_urls():
    names = {name for name, _route in walk(get_resolver().url_patterns)}
    assert PUBLIC - {"set_language"} <= names


def test_staff_pages_carry_the_session_warning_and_extending_keeps_the_session(client, roles):
    # The login and the page in the same second, so that the countdown starts at exactly 30 minutes.
    with time_machine.travel(datetime.now(UTC), tick=False):
        client.force_login(UserFactory(roles=["beleidsmedewerker"]))
        html = client.get("/portaal/").content.decode()
    response = client.post("/sessie/verlengen/", {"next": "/portaal/"})

    assert 'id="session-warning"' in html and 'data-expires-in="1800"' in html
    assert response.status_code == 302 and response["Location"] == "/portaal/"
    assert client.post("/sessie/verlengen/", {"next": "https://evil.example/"})["Location"] == "/"


def session_expiry(client):
    from django.contrib.sessions.models import Session

    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_a_staff_session_is_written_at_most_once_a_minute_and_warns_from_its_real_end(
    client, roles, settings
):
    settings.STAFF_SESSION_REFRESH_SECONDS = 60
    start = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False) as clock:
        client.force_login(UserFactory(roles=["beleidsmedewerker"]))
        first = session_expiry(client)
        assert first == start + timedelta(seconds=30 * 60)  # the login started the timer

        clock.move_to(start + timedelta(seconds=5))
        client.get("/portaal/")
        assert session_expiry(client) == first

        clock.move_to(start + timedelta(seconds=40))
        html = client.get("/portaal/").content.decode()
        assert session_expiry(client) == first  # no session write for this page
        assert 'data-expires-in="1760"' in html  # 30 minutes from the last restart, not from this page

        clock.move_to(start + timedelta(seconds=70))
        client.get("/portaal/")
        assert session_expiry(client) == start + timedelta(seconds=70 + 30 * 60)

        clock.move_to(start + timedelta(seconds=100))
        client.post("/sessie/verlengen/", {"next": "/portaal/"})
        assert session_expiry(client) == start + timedelta(seconds=100 + 30 * 60)


def test_members_get_no_session_warning(client):
    client.force_login(MembershipFactory().user)

    assert 'id="session-warning"' not in client.get("/portaal/").content.decode()

"""Home, language switch, accessibility statement, login and password reset."""

import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import UserFactory, login_form

pytestmark = pytest.mark.django_db


def test_home_renders_in_dutch_by_default(client):
    response = client.get("/")

    assert response.status_code == 200
    assert '<html lang="nl"' in response.content.decode()
    assert "Naar hoofdinhoud" in response.content.decode()


def test_home_renders_in_english_under_en(client):
    response = client.get("/en/")

    assert response.status_code == 200
    assert '<html lang="en"' in response.content.decode()
    assert "Skip to main content" in response.content.decode()


def test_every_page_links_to_the_same_page_in_the_other_language(client):
    dutch = client.get("/toegankelijkheid/").content.decode()
    english = client.get("/en/toegankelijkheid/").content.decode()

    assert 'href="/en/toegankelijkheid/" lang="en"' in dutch
    assert 'href="/toegankelijkheid/" lang="nl"' in english


def test_layout_has_skip_link_landmarks_and_accessibility_statement_in_footer(client):
    html = client.get("/").content.decode()

    assert 'href="#main"' in html
    assert '<main id="main"' in html
    assert "<header" in html and "<footer" in html and "<nav" in html
    assert 'href="/toegankelijkheid/"' in html


def test_accessibility_statement_names_the_standard(client):
    response = client.get("/toegankelijkheid/")

    assert response.status_code == 200
    assert "WCAG" in response.content.decode()


def test_login_with_good_credentials_logs_in(client):
    user = UserFactory(username="ans")

    response = client.post("/accounts/login/", login_form("ans"))

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_login_with_a_wrong_password_shows_an_error_summary_in_dutch(client):
    UserFactory(username="ans")

    response = client.post("/accounts/login/", login_form("ans", "wrong"))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="error-summary"' in html
    assert "Er is een probleem" in html


def test_logout_is_a_post_and_ends_the_session(client):
    client.force_login(UserFactory())

    response = client.post("/accounts/logout/")

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_password_reset_sends_a_link_that_sets_a_new_password(client, django_capture_on_commit_callbacks):
    UserFactory(username="bram", email="bram@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/password-reset/", {"email": "bram@example.org"})

    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/\S+)", mail.outbox[0].body).group(1)
    form_url = client.get(link).url
    response = client.post(
        form_url, {"new_password1": "Nieuw-Wachtwoord-42", "new_password2": "Nieuw-Wachtwoord-42"}
    )
    assert response.status_code == 302
    login = client.post("/accounts/login/", login_form("bram", "Nieuw-Wachtwoord-42"))
    assert login.status_code == 302


def test_password_reset_for_an_unknown_address_reveals_nothing(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/password-reset/", {"email": "nobody@example.org"})

    assert response.status_code == 302
    assert mail.outbox == []


def test_password_reset_does_the_same_work_for_a_known_and_an_unknown_address(client):
    """No account discovery by timing: the request only queues one task with what was typed."""
    from outbox.models import Message

    UserFactory(username="bram", email="bram@example.org")
    work = {}
    for email in ("bram@example.org", "nobody@example.org"):
        with CaptureQueriesContext(
            connection
        ) as queries:  # the commit (and the mail) comes after the request
            response = client.post("/accounts/password-reset/", {"email": email})
        assert response.status_code == 302
        work[email] = [
            query["sql"].split(" VALUES")[0].split(" WHERE")[0] for query in queries.captured_queries
        ]

    assert [m.args for m in Message.objects.all()] == [
        ["bram@example.org", "nl"],
        ["nobody@example.org", "nl"],
    ]
    assert work["bram@example.org"] == work["nobody@example.org"]
    assert mail.outbox == []


def test_password_reset_mails_are_limited_per_connection_and_the_page_says_the_same(client, settings):
    from accounts.password_reset import RESETS_PER_HOUR
    from outbox.models import Message

    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "resets"}
    }
    UserFactory(username="bram", email="bram@example.org")
    responses = [
        client.post("/accounts/password-reset/", {"email": "bram@example.org"})
        for _ in range(RESETS_PER_HOUR + 3)
    ]

    assert {r.status_code for r in responses} == {302} and len({r["Location"] for r in responses}) == 1
    assert Message.objects.count() == RESETS_PER_HOUR

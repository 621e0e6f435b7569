"""The page around the dashboard's cached body is kept per process with holes (keypersons/page.py, issue 22): it
must be the page a render for the visitor gives, hold nothing of any visitor, and still show the messages waiting
for the visitor."""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils.translation import gettext

from keypersons import page
from keypersons.models import Action
from tests.factories import ContactMomentFactory, UserFactory, consented
from tests.keypersons.dashboard import TODAY, URL, at_midday

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


@pytest.fixture(autouse=True)
def _still_at_midday_of_today():
    # Frozen: the session's seconds left are the same in the two pages compared.
    with at_midday(tick=False):
        yield


@pytest.fixture(autouse=True)
def _empty_caches():
    cache.clear()
    page._rendered.clear()
    yield
    cache.clear()
    page._rendered.clear()


@pytest.fixture
def named_rows(director):
    person = consented(name="Sanne <Dassen>", contact_every_weeks=2)
    ContactMomentFactory(key_persons=[person], occurred_on=TODAY - timedelta(days=40))
    Action.objects.create(key_person=person, owner=director, due_on=TODAY - timedelta(days=2), description="Bel\nSanne")  # fmt: skip
    return person


def _without_tokens(html: str) -> str:
    """Every CSRF token is masked afresh; the tokens themselves are checked apart."""
    return TOKEN.sub('name="csrfmiddlewaretoken" value=""', html)


@pytest.mark.parametrize("role", ["regisseur", "netwerkmedewerker"])
@pytest.mark.parametrize("path", [URL, f"{URL}?period=month&x=%22%3E%3Cb%3E", "/en" + URL])
def test_the_kept_wrapper_gives_the_page_a_render_for_the_visitor_gives(client, roles, named_rows, monkeypatch, role, path):  # fmt: skip
    client.force_login(UserFactory(username=f"{role}-<2>", roles=[role]))
    client.get(path)  # the body cached, the wrapper kept
    kept = client.get(path).content.decode()

    monkeypatch.setattr(page, "_has_messages", lambda request: True)  # as for a visitor with messages waiting
    rendered = client.get(path).content.decode()

    assert _without_tokens(kept) == _without_tokens(rendered)
    assert f"{role}-&lt;2&gt;" in kept and "Sanne &lt;Dassen&gt;" in kept and "Bel<br>Sanne" in kept
    assert kept.count("csrfmiddlewaretoken") == rendered.count("csrfmiddlewaretoken") >= 3


def test_the_kept_wrapper_holds_nothing_of_the_visitor(client, roles, named_rows):
    first = UserFactory(username="regisseur-een", roles=["regisseur"])
    client.force_login(first)
    first_page = client.get(URL, {"period": "week", "terug": "geheim-adres"}).content.decode()
    token = TOKEN.search(first_page)[0].split('value="')[1].rstrip('"')

    kept = "".join(page._rendered.values())
    assert kept and "regisseur-een" not in kept and token not in kept and "geheim-adres" not in kept
    assert "Sanne" not in kept  # the body is not in it either

    client.force_login(UserFactory(username="regisseur-twee", roles=["regisseur"]))
    second_page = client.get(URL).content.decode()
    assert "(regisseur-twee)" in second_page  # "Log out (…)", in the page's language
    assert "regisseur-een" not in second_page and "geheim-adres" not in second_page


def test_the_forms_around_the_body_carry_a_token_of_this_session(director, named_rows):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(director)
    browser.get(URL)
    html = browser.get(URL).content.decode()
    logout_form = html.split(f'action="{reverse("logout")}">')[1]
    token = logout_form.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]

    response = browser.post(reverse("logout"), {"csrfmiddlewaretoken": token})

    assert response.status_code == 302 and "_auth_user_id" not in browser.session


def test_a_message_waiting_is_shown_once_on_the_dashboard(director_client, director, named_rows):
    director_client.get(URL)  # the wrapper kept
    action = Action.objects.get()

    response = director_client.post(
        reverse("network:action_done", args=[action.pk]), {"next": URL}, follow=True
    )

    assert response.redirect_chain[-1][0] == URL
    assert gettext("Action marked as done.") in response.content.decode()
    assert 'role="status"' in response.content.decode()
    assert 'role="status"' not in director_client.get(URL).content.decode()  # shown once

"""The admin's application list is kept whole per user under the data versions of what it shows
(`maastricht_inclusie/admin_page_cache.py`). Checked by effect: what another user, a write, a permission taken away,
a message or a search gets, and that the forms of a page served from the cache still work (its CSRF token is the
request's own)."""

import re

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from initiatives.models import Organisation
from tenders.models import Application
from tests.factories import UserFactory, submitted_application

pytestmark = pytest.mark.django_db

LIST = reverse("admin:tenders_application_changelist")


@pytest.fixture
def application(roles):
    return submitted_application(title="Buurtkoor Malberg")


def _token(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"', html)[1]


def test_the_second_visit_is_the_same_page_with_the_requests_own_token(officer, application):
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer)
    first = client.get(LIST).content.decode()
    second = client.get(LIST).content.decode()
    assert "Buurtkoor Malberg" in second
    assert re.sub(r'value="[A-Za-z0-9]{64}"', "", first) == re.sub(r'value="[A-Za-z0-9]{64}"', "", second)
    assert "\ue000" not in second
    # The actions form of the page from the cache works: the application is marked eligible.
    response = client.post(
        LIST,
        {
            "csrfmiddlewaretoken": _token(second),
            "action": "mark_eligible",
            "_selected_action": [application.pk],
        },
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == "eligible"


def test_a_write_to_what_the_list_shows_is_on_the_next_visit(officer_client, application):
    assert "Buurtkoor Malberg" in officer_client.get(LIST).content.decode()
    Organisation.objects.filter(pk=application.organisation_id).update(name="Stichting Nieuwe Naam")
    Application.objects.filter(pk=application.pk).update(title="Wijkkoor Malberg")
    page = officer_client.get(LIST).content.decode()
    assert "Wijkkoor Malberg" in page and "Stichting Nieuwe Naam" in page


def test_another_user_gets_their_own_page(officer_client, application):
    assert "beleid-test" in officer_client.get(LIST).content.decode()
    colleague = UserFactory(username="collega-beleid", is_staff=True, roles=["beleidsmedewerker"])
    other = Client()
    other.force_login(colleague)
    page = other.get(LIST).content.decode()
    assert "collega-beleid" in page and "beleid-test" not in page


def test_a_permission_taken_away_is_refused_at_once(application, roles):
    clerk = UserFactory(username="inzage-lijst", is_staff=True)
    view = Permission.objects.get(codename="view_application", content_type__app_label="tenders")
    clerk.user_permissions.add(view)
    client = Client()
    client.force_login(clerk)
    assert client.get(LIST).status_code == 200
    assert client.get(LIST).status_code == 200  # served from the cache
    clerk.user_permissions.remove(view)
    assert client.get(LIST).status_code == 403


def test_a_search_is_never_taken_from_the_cache(officer_client, application):
    submitted_application(title="Taalcafe Wittevrouwenveld")
    officer_client.get(LIST)
    page = officer_client.get(LIST, {"q": "Taalcafe"}).content.decode()
    assert "Taalcafe Wittevrouwenveld" in page and "Buurtkoor Malberg" not in page


def test_a_message_waiting_is_shown_and_not_kept(officer_client, application):
    marking = {"action": "mark_eligible", "_selected_action": [application.pk]}
    officer_client.post(LIST, marking)  # eligible now; the list is rendered and kept
    officer_client.get(LIST)
    # Marking it again is refused with a message, shown on the list the admin returns to: not the kept page.
    shown = officer_client.post(LIST, marking, follow=True).content.decode()
    assert f"{application}:" in shown
    assert f"{application}:" not in officer_client.get(LIST).content.decode()

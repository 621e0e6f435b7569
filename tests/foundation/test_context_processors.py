"""The context processors hand templates what costs anything as a value computed on first use (issue 22): a page
that shows it still does, one that does not (the admin) never pays for it."""

from unittest import mock

import pytest
from django.urls import reverse, translate_url

from bench.pages import logged_in_client

pytestmark = pytest.mark.django_db


def test_the_language_switch_links_this_page_in_the_other_language(client):
    response = client.get(reverse("initiatives:organisation_list"))

    english = translate_url(reverse("initiatives:organisation_list"), "en")
    assert english != reverse("initiatives:organisation_list")
    assert f'href="{english}" lang="en" hreflang="en"' in response.content.decode()


def test_a_page_without_the_language_switch_never_translates_its_address(officer):
    client = logged_in_client(officer.username)  # with the second factor the admin asks of staff
    with mock.patch("maastricht_inclusie.context_processors.translate_url") as translate:
        assert client.get(reverse("admin:tenders_application_changelist")).status_code == 200
        assert client.get(reverse("initiatives:organisation_list")).status_code == 200

    assert translate.call_count == 1  # the portal's page, for English; the admin's list: never


def test_the_session_warning_is_computed_for_staff_only(client, officer):
    assert "data-expires-in" not in client.get(reverse("home")).content.decode()

    client.force_login(officer)
    page = client.get(reverse("home")).content.decode()

    assert 'data-expires-in="' in page

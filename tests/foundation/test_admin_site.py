"""The portal's admin site (maastricht_inclusie/admin_site.py, issue 22): a list page never builds the list of every
model the user may see (no sidebar), the index still does, with only what the user may see."""

from unittest import mock

import pytest
from django.contrib import admin
from django.urls import reverse

from bench.pages import logged_in_client
from maastricht_inclusie.admin_site import PortalAdminSite

pytestmark = pytest.mark.django_db


def test_the_admin_is_the_portals_site_with_its_name():
    assert isinstance(admin.site, PortalAdminSite)
    assert admin.site.site_header == "Maastricht Inclusie"


def test_an_admin_list_builds_no_app_list_and_shows_no_sidebar(officer):
    client = logged_in_client(officer.username)  # with the second factor the admin asks of staff
    with mock.patch.object(PortalAdminSite, "_build_app_dict", autospec=True, return_value={}) as build:
        response = client.get(reverse("admin:tenders_application_changelist"))

    assert response.status_code == 200
    assert build.call_count == 0
    assert 'id="nav-sidebar"' not in response.content.decode()


def test_the_index_lists_what_the_user_may_see_and_nothing_else(officer):
    client = logged_in_client(officer.username)

    page = client.get(reverse("admin:index")).content.decode()

    assert reverse("admin:tenders_application_changelist") in page
    assert reverse("admin:auth_group_changelist") not in page  # the officer manages no roles


def test_an_apps_index_lists_its_models(officer):
    client = logged_in_client(officer.username)

    response = client.get(reverse("admin:app_list", args=["tenders"]))

    assert response.status_code == 200
    assert reverse("admin:tenders_application_changelist") in response.content.decode()

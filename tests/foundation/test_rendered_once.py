"""The main menu and the footer are rendered once per process (issue 22) for what they depend on: the menu for the
language, the items the visitor may see and the current page; the footer for the language and the contact details.
What one visitor's page held never reaches another's."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.translation import gettext as _

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PAGE = reverse("progress:overview")


def _menu(client: Client) -> str:
    html = client.get(PAGE).content.decode()
    return html[html.index('class="mi-nav"') : html.index("</nav>", html.index('class="mi-nav"'))]


def test_each_visitor_gets_the_menu_of_their_own_roles(officer, roles):
    officer_client, anonymous = Client(), Client()
    officer_client.force_login(officer)
    assert _("Work queue") in _menu(officer_client) and _("Register your organisation") not in _menu(
        officer_client
    )
    assert _("Work queue") not in _menu(anonymous) and _("Register your organisation") in _menu(anonymous)
    director = Client()
    director.force_login(UserFactory(roles=["regisseur"]))
    menu = _menu(director)
    assert _("Key-person network") in menu and _("Work queue") not in menu


def test_a_role_taken_away_takes_its_menu_item_at_once(officer):
    client = Client()
    client.force_login(officer)
    assert _("Work queue") in _menu(client)
    officer.groups.clear()
    assert _("Work queue") not in _menu(client)


def test_the_current_page_is_marked_on_each_page(client):
    assert 'href="/voortgang/" aria-current="page"' in client.get(PAGE).content.decode()
    assert 'aria-current="page"' not in client.get(reverse("privacy")).content.decode().split("</nav>")[1]


def test_the_footer_follows_the_language_and_the_contact_details(client, settings):
    # The privacy statement: a page that is not cached whole, so only the footer's own keeping is tested.
    assert "Privacyverklaring" in client.get("/privacy/").content.decode()
    english = client.get("/en/privacy/").content.decode()
    assert "Privacy statement" in english and "Privacyverklaring" not in english
    settings.MUNICIPALITY_PHONE = "043 350 9999"
    assert "043 350 9999" in client.get("/privacy/").content.decode()

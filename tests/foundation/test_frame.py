"""The frame of every page: wordmark and favicon, a footer with contact and statements, meta descriptions, the privacy
and accessibility statements, a print style, and the admin in the same colours."""

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

from tests.factories import InitiativeFactory, UserFactory

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = ["/", "/toegankelijkheid/", "/privacy/", "/voortgang/", "/voortgang/subsidies/", "/open-data/",
                "/organisaties/", "/initiatieven/", "/campagnes/"]  # fmt: skip


def meta_description(html: str) -> str:
    match = re.search(r'<meta name="description" content="([^"]*)">', html)
    assert match, "no meta description"
    return match[1]


def test_every_page_has_the_wordmark_linking_home_and_a_favicon(client):
    html = client.get("/organisaties/").content.decode()

    assert re.search(r'<a class="mi-header__brand" href="/">\s*<img class="mi-header__wordmark" src="/static/img/'
                     r'wordmark.svg" alt="Gemeente Maastricht"', html)  # fmt: skip
    assert '<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">' in html


def test_the_favicon_that_browsers_ask_for_at_the_root_is_found(client):
    """Seen: /favicon.ico was a 404 in every browser's log."""
    response = client.get("/favicon.ico")

    assert response.status_code == 301 and response["Location"] == "/static/img/favicon.svg"


def test_the_wordmark_is_our_own_text_in_the_citys_red_and_the_favicon_is_an_svg():
    wordmark = Path(finders.find("img/wordmark.svg")).read_text()
    favicon = Path(finders.find("img/favicon.svg")).read_text()

    assert "<text" in wordmark and 'fill="#b0001e"' in wordmark and ">Maastricht</text>" in wordmark
    assert "<image" not in wordmark  # drawn as text, no copy of the official logo
    assert favicon.startswith("<svg") and "#b0001e" in favicon


def test_the_footer_has_contact_details_both_statements_and_the_programmes_links(client):
    html = client.get("/").content.decode()
    footer = html[html.index("<footer") : html.index("</footer>")]

    assert "Mosae Forum 10, 6211 DW Maastricht" in footer
    assert 'href="tel:14043"' in footer
    assert 'href="https://www.gemeentemaastricht.nl"' in footer
    for url in ("/privacy/", "/toegankelijkheid/", "/voortgang/", "/voortgang/subsidies/", "/open-data/"):
        assert f'href="{url}"' in footer
    assert "Privacyverklaring" in footer and "Toegankelijkheidsverklaring" in footer


def test_the_contact_details_are_settings(client, settings):
    settings.MUNICIPALITY_ADDRESS = "Markt 1, 6211 CK Maastricht"
    settings.MUNICIPALITY_PHONE = "043 350 40 00"

    footer = client.get("/en/").content.decode().split("<footer")[1]

    assert "Markt 1, 6211 CK Maastricht" in footer
    assert 'href="tel:0433504000"' in footer and "Telephone" in footer


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_every_public_page_has_a_meta_description_of_its_own(client, url):
    InitiativeFactory()
    home = meta_description(client.get("/").content.decode())

    description = meta_description(client.get(url).content.decode())

    assert len(description) > 40
    if url != "/":
        assert description != home


def test_a_detail_page_describes_itself_with_its_own_text(client):
    initiative = InitiativeFactory(description="Buurtmaaltijden in Malberg waar bewoners elkaar ontmoeten.")

    html = client.get(initiative.get_absolute_url()).content.decode()

    assert meta_description(html) == "Buurtmaaltijden in Malberg waar bewoners elkaar ontmoeten."


def test_the_privacy_statement_says_what_why_how_long_and_whom_to_ask(client, settings):
    settings.PRIVACY_DPO_CONTACT = "fg@maastricht.nl"

    html = client.get("/privacy/").content.decode()

    assert "<h1" in html and "Privacyverklaring" in html
    assert "burgemeester en wethouders" in html  # the controller (PRIVACY_CONTROLLER)
    assert "AVG art. 6 lid 1 sub e" in html  # why: the legal basis
    assert "Archiefwet" in html and "zeven dagen" in html  # how long
    assert (
        "fg@maastricht.nl" in html and "Autoriteit Persoonsgegevens" in html
    )  # whom to ask, where to complain
    assert 'role="region"' in html  # its table reflows like every other


def test_the_privacy_statement_is_public_and_in_english_too(client):
    response = client.get("/en/privacy/")

    assert response.status_code == 200
    assert "Privacy statement" in response.content.decode()
    assert "General Data Protection Regulation" in response.content.decode()


def test_the_accessibility_statement_follows_the_national_register(client, settings):
    settings.ACCESSIBILITY_CHECKED_ON = "2026-11-15"

    html = client.get("/toegankelijkheid/").content.decode()

    assert '<time datetime="2026-11-15">15 november 2026</time>' in html
    assert "B: voldoet gedeeltelijk" in html
    assert "Bekende uitzonderingen" in html and "WCAG 1.1.1" in html
    assert "14 043" in html and "Nationale ombudsman" in html


def test_a_print_style_leaves_out_the_navigation_and_keeps_tables_whole():
    css = Path(finders.find("css/site.css")).read_text()
    print_css = css[css.index("@media print") :]

    assert ".mi-nav" in print_css and ".mi-footer" in print_css and "display: none" in print_css
    assert ".mi-table-region { overflow: visible; }" in print_css


def test_the_admin_has_the_portals_colours_and_wordmark(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    html = client.get("/admin/").content.decode()
    admin_css = Path(finders.find("css/admin.css")).read_text()

    assert '<link rel="stylesheet" href="/static/css/admin.css">' in html
    assert 'src="/static/img/wordmark.svg" alt="Gemeente Maastricht"' in html
    assert "--primary: #b0001e;" in admin_css and "--header-bg: #fff;" in admin_css

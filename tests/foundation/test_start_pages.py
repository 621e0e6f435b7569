"""Each role starts on its own page, the menu shows what the role can use with one current item, and the
officer's work queue counts what waits, each count linking to its list."""

import re

import pytest

from tenders import services
from tests.factories import (
    ApplicationFactory,
    MembershipFactory,
    UserFactory,
    assessed_application,
    login_form,
    submitted_application,
)

pytestmark = pytest.mark.django_db

ROLE_STARTS = {
    "regisseur": "/netwerk/",
    "netwerkmedewerker": "/netwerk/",
    "beleidsmedewerker": "/medewerkers/",
    "functioneel-beheerder": "/medewerkers/",
    "beoordelaar": "/beoordelen/",
}


def _menu(html: str) -> str:
    return re.search(r'<nav class="mi-nav"[^>]*>(.*?)</nav>', html, re.S).group(1)


def _current_items(html: str) -> list[str]:
    return re.findall(r'<a [^>]*aria-current="(?:page|true)"[^>]*>([^<]*)<', _menu(html))


@pytest.mark.parametrize(("role", "start"), ROLE_STARTS.items())
def test_each_role_lands_on_its_own_start_page(client, roles, role, start):
    user = UserFactory(roles=[role], is_staff=role in ("beleidsmedewerker", "functioneel-beheerder"))
    client.force_login(user)
    response = client.get("/start/")
    assert response.status_code == 302 and response["Location"] == start


def test_a_member_logs_in_and_lands_on_the_portal_not_the_public_home(client):
    member = MembershipFactory().user
    response = client.post("/accounts/login/", login_form(member.username))
    assert response.status_code == 302
    assert client.get(response["Location"])["Location"] == "/portaal/"


def test_staff_without_an_organisation_are_pointed_from_the_portal_to_their_work(client, officer):
    client.force_login(officer)
    page = client.get("/portaal/").content.decode()
    assert "niet gekoppeld aan een organisatie" not in page
    assert 'href="/start/"' in page and "Naar uw startpagina" in page


@pytest.mark.parametrize(
    ("who", "path", "current"),
    [
        (None, "/", "Voorpagina"),
        (None, "/voortgang/", "Voortgang"),
        ("member", "/portaal/", "Mijn portaal"),
        ("member", "/portaal/profiel/", "Mijn portaal"),
        ("officer", "/medewerkers/", "Werkvoorraad"),
        ("officer", "/medewerkers/rondes/", "Werkvoorraad"),
    ],
)
def test_exactly_one_menu_item_is_current(client, officer, who, path, current):
    if who == "member":
        client.force_login(MembershipFactory().user)
    elif who == "officer":
        client.force_login(officer)
    response = client.get(path)
    assert response.status_code == 200
    assert _current_items(response.content.decode()) == [current]


def test_the_menu_shows_what_the_role_can_use(client, officer):
    client.force_login(officer)
    menu = _menu(client.get("/medewerkers/").content.decode())
    assert "Werkvoorraad" in menu and "Beheer" in menu
    assert "Mijn portaal" not in menu and "Sleutelpersonen" not in menu and "Registreer" not in menu

    client.force_login(MembershipFactory().user)
    menu = _menu(client.get("/portaal/").content.decode())
    assert "Mijn portaal" in menu
    assert "Werkvoorraad" not in menu and "Beheer" not in menu


def test_the_work_queue_is_for_officers_and_the_application_manager(client, roles):
    assert client.get("/medewerkers/")["Location"].startswith("/accounts/login/")
    client.force_login(MembershipFactory().user)
    assert client.get("/medewerkers/").status_code == 403
    client.force_login(UserFactory(roles=["beoordelaar"]))
    assert client.get("/medewerkers/").status_code == 403
    assert client.get("/medewerkers/werk/controleren/").status_code == 403
    manager = UserFactory(roles=["functioneel-beheerder"], is_staff=True)
    client.force_login(manager)
    page = client.get("/medewerkers/")
    assert page.status_code == 200
    assert "Gebruikers en hun rollen" in page.content.decode()
    assert client.get("/medewerkers/werk/controleren/").status_code == 403


def _count(html: str, title: str) -> int:
    return int(re.search(rf"<strong>(\d+)</strong> · {re.escape(title)}", html).group(1))


def test_the_work_queue_counts_what_waits_and_links_to_the_list(client, officer, settings):
    settings.INFORMATION_REQUEST_DAYS = 3
    submitted = submitted_application()
    submitted_application()
    asked = submitted_application()
    services.request_information(
        application=asked, message="Statuten ontbreken.", parts=["attachments"], by=officer
    )
    assessed = assessed_application(officer=officer)
    eligible = submitted_application()
    services.mark_eligible(application=eligible, by=officer)
    ApplicationFactory()  # a draft waits for nobody at the municipality

    client.force_login(officer)
    html = client.get("/medewerkers/").content.decode()
    assert _count(html, "Te controleren op volledigheid") == 2
    assert _count(html, "Aanvulverzoeken die verlopen") == 1
    assert _count(html, "Beoordelaars toe te wijzen") == 1
    assert _count(html, "Te besluiten") == 1

    listing = client.get("/medewerkers/werk/controleren/").content.decode()
    assert submitted.reference in listing and assessed.reference not in listing
    listing = client.get("/medewerkers/werk/besluiten/").content.decode()
    assert assessed.reference in listing and submitted.reference not in listing
    assert client.get("/medewerkers/werk/bestaat-niet/").status_code == 404


def test_the_work_queue_takes_a_fixed_number_of_queries(client, officer, django_assert_max_num_queries):
    client.force_login(officer)
    client.get("/medewerkers/")
    for _ in range(3):
        submitted_application()
        assessed_application(officer=officer)
    with django_assert_max_num_queries(20) as few:
        client.get("/medewerkers/")
    baseline = len(few.captured_queries)
    for _ in range(3):
        submitted_application()
        assessed_application(officer=officer)
    with django_assert_max_num_queries(baseline) as more:
        client.get("/medewerkers/")
    assert len(more.captured_queries) == baseline


def test_the_current_application_step_is_visible_in_words(client):
    membership = MembershipFactory()
    draft = ApplicationFactory(organisation=membership.organisation)
    client.force_login(membership.user)
    html = client.get(f"/portaal/aanvragen/{draft.pk}/bijlagen/").content.decode()
    assert re.search(
        r'aria-current="step">Documenten <span class="mi-step-current">\(huidige stap\)</span>', html
    )


def test_the_work_queue_lists_open_objections_with_their_application(client, officer):
    from django.utils import timezone

    from tests.factories import closed

    application = assessed_application(officer=officer)
    closed(application.round)
    decision = services.decide(
        application=application,
        outcome="rejected",
        amount=0,
        reasons="Past niet binnen de regeling.",
        by=officer,
    )
    services.register_objection(
        decision=decision,
        received_on=timezone.localdate(),
        grounds="Wij zijn het er niet mee eens.",
        by=officer,
    )
    client.force_login(officer)
    html = client.get("/medewerkers/").content.decode()
    assert application.reference in html and "Er wacht geen bezwaar" not in html

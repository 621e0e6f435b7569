"""The cached bodies of logged-in pages (maastricht_inclusie/content_cache.py, issue 22), by effect.

Each cached page: a second visit is served from the cache (so the checks below are about the cache at all);
another user or role never sees the first user's cached content; a committed write shows on the next request.
"""

import pytest
from django.core.cache import cache

from tenders import services
from tests.factories import (
    InitiativeFactory,
    MembershipFactory,
    OrganisationFactory,
    RoundFactory,
    UserFactory,
    ranked_applications,
    submitted_application,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("roles")]


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def rendered(response) -> set[str]:
    return {template.name for template in response.templates}


def member_of(name):
    return MembershipFactory(organisation=OrganisationFactory(name=name)).user


def test_the_portal_body_is_cached_per_member_and_never_shown_to_another(client):
    first, second = member_of("Organisatie Eerste"), member_of("Organisatie Tweede")
    client.force_login(first)
    client.get("/portaal/")
    again = client.get("/portaal/")
    assert "portal/home_body.html" not in rendered(again)  # served from the cache
    assert "Organisatie Eerste" in again.content.decode()

    client.force_login(second)
    html = client.get("/portaal/").content.decode()

    assert "Organisatie Tweede" in html
    assert "Organisatie Eerste" not in html


def test_a_staff_member_without_an_organisation_gets_the_staff_text_not_a_members_body(client, officer):
    client.force_login(member_of("Organisatie Eerste"))
    client.get("/portaal/")
    client.force_login(officer)

    response = client.get("/portaal/")

    assert response.status_code == 200
    assert "portal/home_body.html" in rendered(response)
    assert "Organisatie Eerste" not in response.content.decode()


def test_a_committed_change_shows_on_the_members_next_visit(client):
    member = member_of("Organisatie Eerste")
    organisation = member.memberships.get().organisation
    client.force_login(member)
    client.get("/portaal/")
    client.get("/portaal/")

    InitiativeFactory(organisation=organisation, title="Buurtsoep op dinsdag")
    application = submitted_application(organisation=organisation)

    html = client.get("/portaal/").content.decode()
    assert "Buurtsoep op dinsdag" in html
    assert application.reference in html


def test_the_ranking_body_is_shared_by_officers_only_and_shows_a_withdrawal_at_once(client, officer):
    round_ = RoundFactory()
    first, *_rest = ranked_applications(round_, (9, 8, 7), officer=officer)
    address = f"/medewerkers/rondes/{round_.pk}/rangschikking/"
    client.force_login(officer)
    client.get(address)
    again = client.get(address)
    assert "tenders/staff/ranking_body.html" not in rendered(again)
    assert first.reference in again.content.decode()
    assert (
        'name="csrfmiddlewaretoken"' in again.content.decode()
    )  # the export form, rendered for this session

    for outsider in (
        UserFactory(roles=["beoordelaar"]),
        MembershipFactory(organisation=first.organisation).user,
    ):
        client.force_login(outsider)
        response = client.get(address)
        assert response.status_code == 403
        assert first.reference not in response.content.decode()

    services.withdraw(application=first, by=first.submitted_by)
    client.force_login(officer)
    assert first.reference not in client.get(address).content.decode()


def test_the_work_queue_body_is_for_officers_and_counts_a_new_submission_at_once(client, officer):
    client.force_login(officer)
    client.get("/medewerkers/")
    again = client.get("/medewerkers/")
    assert "tenders/staff/work_queue_body.html" not in rendered(again)

    application = submitted_application()
    html = client.get("/medewerkers/").content.decode()
    assert "<strong>1</strong> · Te controleren op volledigheid" in html

    manager = UserFactory(roles=["functioneel-beheerder"], is_staff=True)
    client.force_login(manager)
    html = client.get("/medewerkers/").content.decode()
    assert "Te controleren op volledigheid" not in html
    assert application.reference not in html


def test_the_assessors_list_is_cached_per_assessor_and_shows_a_new_assignment_at_once(client, officer):
    from tests.tenders.test_assessor_list import assignment, new_round

    round_ = new_round(5)
    first, second = UserFactory(roles=["beoordelaar"]), UserFactory(roles=["beoordelaar"])
    mine = assignment(round_, officer, first)
    client.force_login(first)
    client.get("/beoordelen/")
    again = client.get("/beoordelen/")
    assert "tenders/assessor/list_body.html" not in rendered(again)
    assert mine.application.reference in again.content.decode()

    client.force_login(second)
    response = client.get("/beoordelen/")
    assert mine.application.reference not in response.content.decode()
    assert list(response.context["assessments"]) == []

    theirs = assignment(round_, officer, second)
    html = client.get("/beoordelen/").content.decode()
    assert theirs.application.reference in html and mine.application.reference not in html


ADMIN_LIST = "/admin/tenders/application/"


def test_the_admin_list_keeps_its_table_only_for_the_rows_it_shows(client, officer):
    from initiatives.models import Organisation

    officer.is_staff = True
    officer.save()
    application = submitted_application()
    client.force_login(officer)
    client.get(ADMIN_LIST)
    again = client.get(ADMIN_LIST)
    assert "admin/change_list_results.html" not in rendered(again)  # the table from the cache
    assert application.organisation.name in again.content.decode()

    Organisation.objects.filter(pk=application.organisation_id).update(name="Stichting Nieuwe Naam")
    newer = submitted_application()
    response = client.get(ADMIN_LIST)

    html = response.content.decode()
    assert "Stichting Nieuwe Naam" in html and newer.reference in html
    assert response.context["cl"].result_count == 2  # the whole list's count follows the new application


def test_a_searched_or_filtered_admin_list_is_never_cached(client, officer):
    officer.is_staff = True
    officer.save()
    submitted_application(title="Buurtmoestuin Malberg")
    client.force_login(officer)

    for query in (
        {"q": "moestuin"},
        {"q": "moestuin"},
        {"state__exact": "submitted"},
        {"p": "1", "o": "2"},
        {"o": "2"},
    ):
        assert "admin/change_list_results.html" in rendered(client.get(ADMIN_LIST, query))

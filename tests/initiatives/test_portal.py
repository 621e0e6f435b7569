"""Members edit their own organisation and initiatives at /portaal/, and nobody else's."""

import pytest

from initiatives.models import Initiative, Organisation
from tests.factories import (
    InitiativeFactory,
    MembershipFactory,
    OrganisationFactory,
    ThemeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def member_a(client):
    membership = MembershipFactory(organisation=OrganisationFactory(name="Organisatie A"))
    client.force_login(membership.user)
    return membership


def profile(organisation, **changes):
    data = {
        "name": organisation.name,
        "kind": organisation.kind,
        "kvk_number": organisation.kvk_number,
        "street": "",
        "house_number": "",
        "postcode": "",
        "city": "Maastricht",
        "website": "",
        "email": "",
        "phone": "",
        "description": organisation.description,
        "is_public": "on",
    }
    data.update(changes)
    return data


def test_portal_requires_login(client):
    response = client.get("/portaal/")

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_member_sees_own_organisation_in_portal(client, member_a):
    OrganisationFactory(name="Organisatie B")

    html = client.get("/portaal/").content.decode()

    assert "Organisatie A" in html
    assert "Organisatie B" not in html


def test_member_of_a_gets_404_for_b_profile_and_initiatives(client, member_a):
    b = OrganisationFactory(name="Organisatie B", is_public=False)
    b_initiative = InitiativeFactory(organisation=b, is_public=False)

    assert client.get(f"/portaal/organisaties/{b.pk}/bewerken/").status_code == 404
    assert (
        client.post(f"/portaal/organisaties/{b.pk}/bewerken/", profile(b, name="Overgenomen")).status_code
        == 404
    )
    assert client.get(f"/portaal/initiatieven/{b_initiative.pk}/bewerken/").status_code == 404
    assert client.post(f"/portaal/organisaties/{b.pk}/initiatieven/nieuw/", {"title": "x"}).status_code == 404
    b.refresh_from_db()
    assert b.name == "Organisatie B"


def test_editing_a_public_field_of_a_verified_organisation_sends_it_back_to_verification(client, member_a):
    organisation = member_a.organisation

    response = client.post(
        f"/portaal/organisaties/{organisation.pk}/bewerken/",
        profile(organisation, description="Nieuwe tekst"),
    )

    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.description == "Nieuwe tekst"
    assert organisation.status == Organisation.Status.TO_VERIFY
    assert client.get("/organisaties/").context["page"].paginator.count == 0


def test_saving_without_changes_keeps_the_organisation_verified(client, member_a):
    organisation = member_a.organisation

    client.post(f"/portaal/organisaties/{organisation.pk}/bewerken/", profile(organisation))

    organisation.refresh_from_db()
    assert organisation.status == Organisation.Status.VERIFIED


def test_bad_postcode_and_kvk_get_clear_messages_and_nothing_is_saved(client, member_a):
    organisation = member_a.organisation

    response = client.post(
        f"/portaal/organisaties/{organisation.pk}/bewerken/",
        profile(organisation, postcode="62111", kvk_number="1234", description="Niet bewaard"),
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Er is een probleem" in html
    assert "8 cijfers" in html
    assert "postcode" in html.lower()
    organisation.refresh_from_db()
    assert organisation.description != "Niet bewaard"


def test_postcode_is_normalised(client, member_a):
    organisation = member_a.organisation

    client.post(
        f"/portaal/organisaties/{organisation.pk}/bewerken/", profile(organisation, postcode="6211ab")
    )

    organisation.refresh_from_db()
    assert organisation.postcode == "6211 AB"


def test_member_adds_and_edits_an_initiative(client, member_a):
    theme = ThemeFactory()
    url = f"/portaal/organisaties/{member_a.organisation.pk}/initiatieven/nieuw/"

    response = client.post(
        url,
        {
            "title": "Taalcafé",
            "description": "Elke week",
            "status": "running",
            "themes": [theme.pk],
            "is_public": "on",
        },
    )

    assert response.status_code == 302
    initiative = Initiative.objects.get(title="Taalcafé")
    assert initiative.organisation == member_a.organisation
    assert list(initiative.themes.all()) == [theme]
    response = client.post(
        f"/portaal/initiatieven/{initiative.pk}/bewerken/",
        {"title": "Taalcafé Malberg", "description": "Elke week", "status": "running"},
    )
    initiative.refresh_from_db()
    assert initiative.title == "Taalcafé Malberg"
    assert initiative.is_public is False


def test_initiative_ending_before_it_starts_is_refused(client, member_a):
    url = f"/portaal/organisaties/{member_a.organisation.pk}/initiatieven/nieuw/"

    response = client.post(
        url,
        {
            "title": "Omgekeerd",
            "description": "x",
            "status": "idea",
            "starts_on": "2026-05-01",
            "ends_on": "2026-04-01",
        },
    )

    assert response.status_code == 200
    assert not Initiative.objects.filter(title="Omgekeerd").exists()


def test_user_without_organisation_is_offered_registration(client):
    client.force_login(UserFactory())

    html = client.get("/portaal/").content.decode()

    assert "/aanmelden/" in html

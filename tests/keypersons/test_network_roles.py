"""The director gives and takes the network roles on their own page; nobody else can, nobody for themselves."""

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _roles(user) -> set[str]:
    return set(type(user).objects.get(pk=user.pk).groups.values_list("name", flat=True))


def test_the_director_gives_a_colleague_the_network_staff_role_and_everyone_concerned_is_told(
    director_client, director, django_capture_on_commit_callbacks
):
    colleague = UserFactory(username="nieuwe-collega", roles=["beleidsmedewerker"])
    manager = UserFactory(roles=["functioneel-beheerder"], email="beheer@example.org")
    director.email = "regisseur@example.org"
    director.save()

    with django_capture_on_commit_callbacks(execute=True):
        response = director_client.post(
            reverse("network:roles"), {"username": "nieuwe-collega", "role": "netwerkmedewerker"}
        )

    assert response.status_code == 302
    assert _roles(colleague) == {"beleidsmedewerker", "netwerkmedewerker"}
    assert {address for message in mail.outbox for address in message.to} >= {manager.email, director.email}
    page = director_client.get(reverse("network:roles")).content.decode()
    assert "nieuwe-collega" in page


def test_the_director_takes_the_role_away_again(director_client):
    staff = UserFactory(roles=["netwerkmedewerker"])

    director_client.post(reverse("network:role_remove", args=[staff.pk, "netwerkmedewerker"]))

    assert _roles(staff) == set()


def test_the_director_cannot_change_their_own_roles(director_client, director):
    director_client.post(reverse("network:role_remove", args=[director.pk, "regisseur"]))
    response = director_client.post(
        reverse("network:roles"), {"username": director.username, "role": "netwerkmedewerker"}
    )

    assert _roles(director) == {"regisseur"}
    assert response.status_code == 400


def test_an_unknown_user_name_is_a_clear_error_with_what_was_typed_kept(director_client):
    response = director_client.post(
        reverse("network:roles"), {"username": "bestaat-niet", "role": "netwerkmedewerker"}
    )

    assert response.status_code == 400
    assert 'value="bestaat-niet"' in response.content.decode()


def test_the_page_gives_only_network_roles_and_other_roles_get_403(client, director_client, roles):
    colleague = UserFactory(username="collega")

    director_client.post(reverse("network:roles"), {"username": "collega", "role": "functioneel-beheerder"})
    assert _roles(colleague) == set()

    for role in ("netwerkmedewerker", "functioneel-beheerder", "beleidsmedewerker"):
        client.force_login(UserFactory(roles=[role]))
        assert (
            client.post(
                reverse("network:roles"), {"username": "collega", "role": "netwerkmedewerker"}
            ).status_code
            == 403
        )
    assert _roles(colleague) == set()


def test_the_role_goes_only_to_exactly_that_user_name_and_only_to_municipal_staff(director_client):
    from tests.factories import MembershipFactory

    colleague = UserFactory(username="jdoe", roles=["beleidsmedewerker"])
    look_alike = UserFactory(username="JDOE", roles=["beleidsmedewerker"])
    applicant = MembershipFactory().user

    director_client.post(reverse("network:roles"), {"username": "jdoe", "role": "netwerkmedewerker"})
    refused = director_client.post(
        reverse("network:roles"), {"username": applicant.username, "role": "netwerkmedewerker"}
    )

    assert _roles(colleague) == {"beleidsmedewerker", "netwerkmedewerker"}
    assert _roles(look_alike) == {"beleidsmedewerker"}
    assert refused.status_code == 400 and _roles(applicant) == set()

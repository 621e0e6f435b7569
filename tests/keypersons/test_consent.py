"""AVG art. 9(2)(a): a profile and ties only under explicit consent; withdrawal and expiry remove them."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from keypersons import services
from keypersons.models import Consent, KeyPerson, Tie
from keypersons.tasks import remove_expired_profiles
from tests.factories import (
    ConsentFactory,
    DomainFactory,
    KeyPersonFactory,
    NeighbourhoodFactory,
    NetworkFactory,
    OrganisationFactory,
    consented,
)

pytestmark = pytest.mark.django_db


def test_a_key_person_without_consent_keeps_only_name_and_contact(director):
    with pytest.raises(ValidationError, match="toestemming"):
        services.save_key_person(
            by=director, data={"name": "Nora Peeters", "email": "nora@example.org", "languages": "Nederlands"}
        )

    assert not KeyPerson.objects.exists()


def test_the_form_refuses_a_profile_without_consent_and_saves_nothing(director_client):
    hood = NeighbourhoodFactory()
    response = director_client.post(
        reverse("network:person_create"),
        {"name": "Nora Peeters", "status": "prospect", "contact_every_weeks": 8, "neighbourhoods": [hood.pk]},
    )

    assert response.status_code == 200
    assert "Leg eerst de toestemming vast" in response.content.decode()
    assert not KeyPerson.objects.exists()


def test_a_key_person_is_added_with_consent_and_profile_in_one_form(director_client, director):
    hood, domain = NeighbourhoodFactory(), DomainFactory()
    today = timezone.localdate()
    response = director_client.post(
        reverse("network:person_create"),
        {
            "name": "Nora Peeters", "email": "nora@example.org", "status": "active", "contact_every_weeks": 6,
            "neighbourhoods": [hood.pk], "domains": [domain.pk], "languages": "Nederlands, Engels",
            "consent-given_on": today.isoformat(), "consent-scope": "profile_and_ties",
            "consent-expires_on": (today + timedelta(days=365)).isoformat(), "consent-evidence": "Formulier",
        },
    )  # fmt: skip

    person = KeyPerson.objects.get()
    assert response.status_code == 302
    assert list(person.neighbourhoods.all()) == [hood]
    assert person.consents.get().recorded_by == director


def test_consent_cannot_expire_before_it_is_given_or_lie_in_the_past(director):
    person = KeyPersonFactory()
    today = timezone.localdate()
    with pytest.raises(ValidationError):
        services.record_consent(person=person, by=director, given_on=today, scope="profile", expires_on=today - timedelta(days=1), evidence="x")  # fmt: skip
    with pytest.raises(ValidationError):
        services.record_consent(person=person, by=director, given_on=today + timedelta(days=1), scope="profile", expires_on=today + timedelta(days=9), evidence="x")  # fmt: skip

    assert not Consent.objects.exists()


def test_ties_need_a_consent_that_covers_ties(director):
    person = KeyPersonFactory()
    ConsentFactory(key_person=person, scope="profile")

    with pytest.raises(ValidationError, match="verbindingen"):
        services.add_tie(person=person, by=director, network=NetworkFactory())

    assert not Tie.objects.exists()


def test_a_tie_between_two_key_persons_needs_the_consent_of_both(director):
    first, second = consented(), KeyPersonFactory()

    with pytest.raises(ValidationError):
        services.add_tie(person=first, by=director, other_person=second)

    assert not Tie.objects.exists()


def test_withdrawing_consent_removes_the_ties_and_the_profile(director):
    person = consented(languages="Nederlands", position="Trainer")
    person.neighbourhoods.add(NeighbourhoodFactory())
    other = consented()
    services.add_tie(person=person, by=director, network=NetworkFactory())
    services.add_tie(person=person, by=director, organisation=OrganisationFactory())
    services.add_tie(person=other, by=director, other_person=person)

    services.withdraw_consent(person=person, by=director)

    person.refresh_from_db()
    assert (person.languages, person.position, person.neighbourhoods.count()) == ("", "", 0)
    assert not Tie.objects.exists()
    assert person.name and person.email  # name and contact remain
    assert services.current_consent(person) is None


def test_the_daily_task_removes_profile_and_ties_when_consent_has_expired(director):
    person = consented(languages="Nederlands")
    services.add_tie(person=person, by=director, network=NetworkFactory())
    untouched = consented(languages="Engels")
    Consent.objects.filter(key_person=untouched).update(expires_on=timezone.localdate() + timedelta(days=400))

    with time_machine.travel(timezone.now() + timedelta(days=340)):
        assert remove_expired_profiles() == 1
        assert remove_expired_profiles() == 0

    person.refresh_from_db()
    assert person.languages == "" and not Tie.objects.filter(key_person=person).exists()
    untouched.refresh_from_db()
    assert untouched.languages == "Engels"


def test_network_staff_cannot_record_or_withdraw_consent(client, network_staff):
    person = consented()
    client.force_login(network_staff)

    assert client.post(reverse("network:person_withdraw", args=[person.pk])).status_code == 403
    assert services.current_consent(person) is not None

"""Consent governs everything that names a person (AVG art. 6, 7, 9 and 14), whatever the form sends."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from keypersons import services
from keypersons.models import ContactMoment, Domain, KeyPerson, Tie, Topic
from tests.factories import ConsentFactory, KeyPersonFactory, NetworkFactory, TopicFactory, consented

pytestmark = pytest.mark.django_db

HEADSCARF = "Draagt sinds kort een hoofddoek, gaat vrijdags naar de moskee en stemt op een kleine partij."


@pytest.fixture
def belief():
    return Topic.objects.get(name="Geloofsovertuiging")


@pytest.fixture
def staff_client(client, network_staff):
    client.force_login(network_staff)
    return client


def _post(person, **fields):
    data = {
        "contact-occurred_on": timezone.localdate().isoformat(), "contact-key_persons": [person.pk],
        "contact-channel": "in_person", "reading-TOTAL_FORMS": "0", "reading-INITIAL_FORMS": "0",
        "reading-MIN_NUM_FORMS": "0", "reading-MAX_NUM_FORMS": "10",
    }  # fmt: skip
    data.update({f"contact-{name}": value for name, value in fields.items()})
    return data


def test_seen_a_prospect_tagged_with_belief_and_notes_about_her_faith_is_refused(staff_client, belief):
    prospect = KeyPersonFactory(name="Samira Amrani", status=KeyPerson.Status.PROSPECT)

    response = staff_client.post(
        reverse("network:contact_create"), _post(prospect, topics=[belief.pk], notes=HEADSCARF)
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "heeft geen geldige toestemming" in page
    assert HEADSCARF in page  # what was typed is kept
    assert not ContactMoment.objects.exists()


def test_the_service_refuses_topics_notes_and_follow_up_with_a_prospect(network_staff, belief):
    prospect = KeyPersonFactory(status=KeyPerson.Status.PROSPECT)
    today = timezone.localdate()
    for extra in (
        {"topics": [belief]},
        {"topics": [TopicFactory()]},
        {"notes": HEADSCARF},
        {"follow_up": "Nabellen"},
    ):
        with pytest.raises(ValidationError, match="geen geldige toestemming"):
            services.log_contact(
                by=network_staff, occurred_on=today, key_persons=[prospect], channel="phone", **extra
            )

    assert not ContactMoment.objects.exists()


def test_a_contact_with_a_prospect_records_only_that_they_were_informed(staff_client):
    prospect = KeyPersonFactory(status=KeyPerson.Status.PROSPECT)

    response = staff_client.post(reverse("network:contact_create"), _post(prospect))

    moment = ContactMoment.objects.get()
    assert response.status_code == 302
    assert moment.is_informing and moment.notes == "" and not moment.topics.exists()
    assert "Informatie en toestemmingsvraag besproken" in staff_client.get(response.url).content.decode()


def test_an_active_person_whose_consent_expired_or_was_withdrawn_counts_as_a_prospect(network_staff):
    expired = KeyPersonFactory()
    ConsentFactory(key_person=expired, given_on=timezone.localdate() - timedelta(days=400),
                   expires_on=timezone.localdate() - timedelta(days=1))  # fmt: skip
    withdrawn = consented()
    services.withdraw_consent(person=withdrawn, by=network_staff)

    for person in (expired, withdrawn):
        with pytest.raises(ValidationError):
            services.log_contact(
                by=network_staff, occurred_on=timezone.localdate(), key_persons=[person], channel="phone",
                notes="Gesprek over de wijk.",
            )  # fmt: skip
    assert not ContactMoment.objects.exists()


def test_one_prospect_among_consented_people_makes_the_whole_contact_informing_only(network_staff):
    with pytest.raises(ValidationError):
        services.log_contact(
            by=network_staff, occurred_on=timezone.localdate(), key_persons=[consented(), KeyPersonFactory()],
            channel="meeting", notes="Gesprek over de wijk.",
        )  # fmt: skip
    assert not ContactMoment.objects.exists()


def test_a_special_theme_needs_a_consent_that_names_its_category(network_staff, belief):
    person = consented()
    today = timezone.localdate()

    with pytest.raises(ValidationError, match="bijzondere categorie"):
        services.log_contact(
            by=network_staff, occurred_on=today, key_persons=[person], channel="phone", topics=[belief]
        )
    assert not ContactMoment.objects.exists()

    ConsentFactory(key_person=person, special_categories=["belief"], given_on=today)
    moment = services.log_contact(
        by=network_staff, occurred_on=today, key_persons=[person], channel="phone", topics=[belief],
        notes="Gesprek over de sfeer in de wijk.",
    )  # fmt: skip
    assert list(moment.topics.all()) == [belief] and not moment.is_informing


def test_the_form_offers_a_prospect_nothing_but_the_informing_contact(staff_client):
    prospect = KeyPersonFactory(status=KeyPerson.Status.PROSPECT)

    page = staff_client.get(reverse("network:contact_create"), {"person": prospect.pk}).content.decode()

    assert 'name="contact-notes"' not in page and 'name="contact-topics"' not in page
    assert 'name="contact-key_persons"' in page


def test_the_form_offers_special_themes_only_under_a_consent_that_names_them(staff_client, belief):
    plain, believer = consented(), consented()
    ConsentFactory(key_person=believer, special_categories=["belief"], given_on=timezone.localdate())
    url, offered = reverse("network:contact_create"), f'name="contact-topics" value="{belief.pk}"'

    assert offered not in staff_client.get(url, {"person": plain.pk}).content.decode()
    assert offered not in staff_client.get(url).content.decode()
    assert offered in staff_client.get(url, {"person": believer.pk}).content.decode()


def test_a_special_domain_is_refused_without_explicit_consent_and_nothing_is_half_saved(director):
    faith = Domain.objects.get(name="Geloofsgemeenschappen")
    person = consented()

    with pytest.raises(ValidationError, match="bijzondere categorie"):
        services.save_key_person(
            by=director, person=person, data={"domains": [faith], "languages": "Arabisch"}
        )

    person.refresh_from_db()
    assert not person.domains.exists() and person.languages == ""


def test_a_special_domain_is_stored_when_the_consent_names_belief(director_client):
    faith = Domain.objects.get(name="Geloofsgemeenschappen")
    today = timezone.localdate()

    director_client.post(reverse("network:person_create"), {
        "name": "Karim Test", "status": "active", "contact_every_weeks": 6, "domains": [faith.pk],
        "consent-given_on": today.isoformat(), "consent-scope": "profile_and_ties",
        "consent-expires_on": (today + timedelta(days=365)).isoformat(), "consent-evidence": "Formulier",
        "consent-special_categories": ["belief"],
    })  # fmt: skip

    person = KeyPerson.objects.get(name="Karim Test")
    assert list(person.domains.all()) == [faith]
    assert person.consents.get().special_categories == ["belief"]


def test_a_tie_to_a_religious_community_needs_explicit_consent_to_belief(director):
    mosque = NetworkFactory(category="religious")
    person = consented()

    with pytest.raises(ValidationError, match="bijzondere categorie"):
        services.add_tie(person=person, by=director, network=mosque)
    assert not Tie.objects.exists()

    ConsentFactory(key_person=person, special_categories=["belief"], given_on=timezone.localdate())
    services.add_tie(person=person, by=director, network=mosque)
    assert Tie.objects.filter(key_person=person, network=mosque).exists()


def test_a_new_consent_without_belief_removes_the_special_domain_and_the_religious_tie(director):
    faith, youth = Domain.objects.get(name="Geloofsgemeenschappen"), Domain.objects.get(name="Jongeren")
    person = KeyPersonFactory()
    ConsentFactory(key_person=person, special_categories=["belief"])
    services.save_key_person(by=director, person=person, data={"domains": [faith, youth]})
    services.add_tie(person=person, by=director, network=NetworkFactory(category="religious"))
    today = timezone.localdate()

    services.record_consent(
        person=person, by=director, given_on=today, scope="profile_and_ties",
        expires_on=today + timedelta(days=300), evidence="Nieuw formulier",
    )  # fmt: skip

    assert list(person.domains.all()) == [youth]
    assert not Tie.objects.filter(key_person=person).exists()


def test_a_consent_with_an_unknown_special_category_is_refused(director):
    today = timezone.localdate()
    with pytest.raises(ValidationError):
        services.record_consent(
            person=KeyPersonFactory(), by=director, given_on=today, scope="profile",
            expires_on=today + timedelta(days=30), evidence="Formulier", special_categories=["shoe size"],
        )  # fmt: skip


def test_todays_faith_entries_are_marked_special_and_the_database_wants_a_category():
    assert Topic.objects.get(name="Geloofsovertuiging").special_category == "belief"
    assert Domain.objects.get(name="Geloofsgemeenschappen").special_category == "belief"
    assert not Topic.objects.filter(name="Milieu", is_special=True).exists()

    with pytest.raises(IntegrityError), transaction.atomic():
        Topic.objects.create(name="Gezondheid", is_special=True)


def test_the_processing_register_lists_the_special_entries(director_client):
    page = director_client.get(reverse("network:register")).content.decode()

    for entry in ("Geloofsovertuiging", "Geloofsgemeenschappen", "geloofsgemeenschap"):
        assert entry in page

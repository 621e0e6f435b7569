"""Free text cannot smuggle special categories or names in (AVG art. 5(1)(c) and 9): the "seen" examples."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from keypersons import services
from keypersons.models import AccessLog, Action, ContactMoment, KeyPerson, Network, Signal
from keypersons.services.signals import OVERRIDE_LOGGED
from tests.factories import (
    ConsentFactory,
    KeyPersonFactory,
    NeighbourhoodFactory,
    SignalFactory,
    TopicFactory,
    consented,
)

pytestmark = pytest.mark.django_db


def _signal(by, description, **extra):
    return services.record_signal(
        by=by, observed_on=timezone.localdate(), neighbourhood=NeighbourhoodFactory(), theme=TopicFactory(),
        severity=2, source="key_person", description=description, **extra,
    )  # fmt: skip


def test_seen_a_position_with_faith_and_health_is_refused_and_the_text_kept(director_client):
    person = consented(name="Nadia Karimi")
    url = reverse("network:person_edit", args=[person.pk])

    response = director_client.post(url, {
        "name": person.name, "status": "active", "contact_every_weeks": 8,
        "position": "soennitisch moslima, heeft diabetes",
    })  # fmt: skip

    page = response.content.decode()
    assert response.status_code == 200
    assert "<mark>soennitisch</mark> <mark>moslima</mark>, heeft <mark>diabetes</mark>" in page
    assert "soennitisch moslima, heeft diabetes</textarea>" in page
    person.refresh_from_db()
    assert person.position == ""


def test_a_position_may_name_the_category_the_consent_names(director):
    person = KeyPersonFactory()
    ConsentFactory(key_person=person, special_categories=["belief"])

    services.save_key_person(by=director, person=person, data={"position": "Bestuurslid van een moskee."})

    person.refresh_from_db()
    assert person.position == "Bestuurslid van een moskee."


@pytest.mark.parametrize("notes", ["Ze is zwanger.", "Haar broer liep mee in een PVV-demonstratie."])
def test_seen_pregnancy_and_a_brothers_politics_in_notes_are_refused(network_staff, notes):
    with pytest.raises(ValidationError) as refused:
        services.log_contact(
            by=network_staff, occurred_on=timezone.localdate(), key_persons=[consented()], channel="phone",
            notes=notes,
        )  # fmt: skip

    assert "<mark>" in refused.value.message_dict["notes"][0]
    assert not ContactMoment.objects.exists()


def test_notes_naming_another_key_person_are_refused_but_the_person_spoken_to_may_be_named(network_staff):
    other = consented(name="Yasmina Bakkali", phone="06-11223344")
    person = consented(name="Karim Benali")
    today = timezone.localdate()

    for notes in ("Sprak over mevrouw Bakkali.", "Bel haar op 0611223344.", "Y. Bakkali komt ook."):
        with pytest.raises(ValidationError, match="noemt een persoon"):
            services.log_contact(
                by=network_staff, occurred_on=today, key_persons=[person], channel="phone", notes=notes
            )
    assert not ContactMoment.objects.exists()

    services.log_contact(by=network_staff, occurred_on=today, key_persons=[person, other], channel="meeting",
                         notes="Karim en mevrouw Bakkali spraken over de buurtavond.")  # fmt: skip
    assert ContactMoment.objects.count() == 1


def test_seen_a_residents_full_name_in_a_signal_description_is_refused(director_client):
    hood, theme = NeighbourhoodFactory(), TopicFactory()
    description = "Melding van buurtbewoner Jan Smeets over bekladding bij het buurthuis."

    response = director_client.post(reverse("network:signal_create"), {
        "observed_on": timezone.localdate().isoformat(), "neighbourhood": hood.pk, "theme": theme.pk,
        "severity": 2, "source": "key_person", "description": description, "about_neighbourhood": "on",
    })  # fmt: skip

    page = response.content.decode()
    assert response.status_code == 200
    assert "<mark>Jan Smeets</mark>" in page and description in page
    assert not Signal.objects.exists()


def test_a_signal_never_accepts_a_key_persons_name_even_with_the_override(director):
    consented(name="Yasmina Bakkali")

    for text in (
        "Opmerkingen, gemeld door Y. Bakkali.",
        "Yasmina hoorde het in de buurt.",
        "Mevrouw Bakkali zag het.",
    ):
        with pytest.raises(ValidationError):
            _signal(director, text, about_neighbourhood=True)
    assert not Signal.objects.exists()


def test_a_signal_about_a_faith_community_needs_the_logged_override(director):
    text = "Bekladding van de moskee in de wijk."

    with pytest.raises(ValidationError, match="over de buurt, niet over een persoon"):
        _signal(director, text)
    assert not Signal.objects.exists()

    signal = _signal(director, text, about_neighbourhood=True)
    assert AccessLog.objects.filter(
        object_type="signal", object_id=signal.pk, detail=OVERRIDE_LOGGED
    ).exists()


def test_an_action_text_is_screened(director):
    with pytest.raises(ValidationError):
        services.add_action(
            by=director, signal=SignalFactory(), owner=director, due_on=timezone.localdate() + timedelta(days=3),
            description="Nagaan of zij zwanger is.",
        )  # fmt: skip
    assert not Action.objects.exists()


def test_a_network_named_after_a_key_person_is_refused_and_typed_text_is_kept(director_client):
    consented(name="Yasmina Bakkali")

    response = director_client.post(reverse("network:network_list"), {
        "name": "Vrouwengroep Yasmina", "kind": "informal", "category": "neighbourhood", "description": "",
    })  # fmt: skip

    assert response.status_code == 200
    assert "<mark>Yasmina</mark>" in response.content.decode()
    assert 'value="Vrouwengroep Yasmina"' in response.content.decode()
    assert not Network.objects.exists()


def test_a_religious_community_may_say_what_it_is_but_a_neighbourhood_network_may_not(director):
    services.add_network(by=director, name="Moskeegemeenschap Noordoost", kind="formal", category="religious")

    with pytest.raises(ValidationError):
        services.add_network(by=director, name="Buurtgroep", kind="informal", category="neighbourhood",
                             description="Vooral Turkse en Marokkaanse moeders.")  # fmt: skip
    assert list(Network.objects.values_list("name", flat=True)) == ["Moskeegemeenschap Noordoost"]


def test_every_screened_field_says_what_may_and_may_not_be_written(director_client):
    pages = [
        director_client.get(reverse("network:contact_create")).content.decode(),
        director_client.get(reverse("network:signal_create")).content.decode(),
        director_client.get(reverse("network:person_create")).content.decode(),
        director_client.get(reverse("network:network_list")).content.decode(),
    ]

    assert all("geloof" in page and "gezondheid" in page for page in pages)
    assert KeyPerson.objects.count() == 0

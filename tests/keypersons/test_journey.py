"""The director's journey through the pages: a key person with consent, ties, a contact with a
temperature and a signal, acting on the signal and closing it, exporting the person, erasing them."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from keypersons.models import AccessLog, ContactMoment, KeyPerson, Signal, TemperatureReading, Tie
from tests.factories import NeighbourhoodFactory, NetworkFactory, OrganisationFactory, TopicFactory

pytestmark = pytest.mark.django_db


def test_the_directors_journey(director_client, director):
    client, today = director_client, timezone.localdate()
    hood, theme = NeighbourhoodFactory(name="Nazareth"), TopicFactory(name="Discriminatie")
    network, organisation = (
        NetworkFactory(name="Buurtnetwerk Nazareth"),
        OrganisationFactory(name="Buurthuis Nazareth"),
    )

    # 1. Add a key person with consent.
    response = client.post(reverse("network:person_create"), {
        "name": "Sem Houben", "email": "sem@example.org", "phone": "06-11112222", "status": "active",
        "contact_every_weeks": 6, "neighbourhoods": [hood.pk], "position": "Voorzitter bewonersvereniging",
        "consent-given_on": today.isoformat(), "consent-scope": "profile_and_ties",
        "consent-expires_on": (today + timedelta(days=365)).isoformat(), "consent-evidence": "Getekend formulier",
    })  # fmt: skip
    person = KeyPerson.objects.get(name="Sem Houben")
    assert response["Location"] == person.get_absolute_url()

    # 2. Tie them to a network and an organisation.
    client.post(
        reverse("network:person_tie", args=[person.pk]), {"network": network.pk, "role": "lid", "strength": 2}
    )
    client.post(
        reverse("network:person_tie", args=[person.pk]), {"organisation": organisation.pk, "strength": 3}
    )
    assert Tie.objects.filter(key_person=person).count() == 2
    detail = client.get(person.get_absolute_url()).content.decode()
    assert "Buurtnetwerk Nazareth" in detail and "Buurthuis Nazareth" in detail

    # 3. Log a contact with a temperature reading and a signal.
    client.post(reverse("network:contact_create"), {
        "contact-occurred_on": today.isoformat(), "contact-key_persons": [person.pk], "contact-channel": "in_person",
        "contact-topics": [theme.pk], "contact-notes": "Sem maakt zich zorgen.",
        "reading-TOTAL_FORMS": "3", "reading-INITIAL_FORMS": "0", "reading-0-neighbourhood": hood.pk, "reading-0-level": "4",
        "has_signal": "1", "signal-neighbourhood": hood.pk, "signal-theme": theme.pk, "signal-severity": "3",
        "signal-description": "Discriminerende leuzen bij de bushalte.",
    })  # fmt: skip
    signal = Signal.objects.get()
    assert ContactMoment.objects.get().key_persons.get() == person
    assert TemperatureReading.objects.get().level == 4

    # 4. Act on the signal and close it.
    for state in ("assessing", "action"):
        client.post(reverse("network:signal_transition", args=[signal.pk]), {"state-to": state})
    client.post(reverse("network:signal_action", args=[signal.pk]), {
        "action-description": "Leuzen laten verwijderen", "action-owner": director.pk, "action-due_on": (today + timedelta(days=1)).isoformat(),
    })  # fmt: skip
    action = signal.actions.get()
    client.post(reverse("network:action_done", args=[action.pk]))
    client.post(reverse("network:signal_transition", args=[signal.pk]), {"state-to": "closed"})
    signal.refresh_from_db()
    action.refresh_from_db()
    assert signal.state == "closed" and action.done_on == today

    # 5. Export everything about the person.
    exported = client.get(reverse("network:person_export", args=[person.pk, "json"]))
    data = json.loads(exported.content)
    assert exported["Content-Disposition"].startswith("attachment")
    assert data["uw gegevens"]["naam"] == "Sem Houben"
    assert {t["met"] for t in data["verbindingen"]} == {"Buurtnetwerk Nazareth", "Buurthuis Nazareth"}
    assert data["contactmomenten"][0]["notities"] == "Sem maakt zich zorgen."
    assert data["toestemmingen"][0]["hoe gegeven"] == "Getekend formulier"
    assert data["wie uw gegevens zag"]
    pdf = client.get(reverse("network:person_export", args=[person.pk, "pdf"]))
    assert pdf.content.startswith(b"%PDF")

    # 6. Erase them: the signal and the contact stay, unlinked.
    client.post(reverse("network:person_erase", args=[person.pk]), {"confirm": "yes"})
    person.refresh_from_db()
    assert person.erased_at and person.name == ""
    assert Signal.objects.count() == 1 and ContactMoment.objects.count() == 1
    assert not ContactMoment.objects.get().key_persons.exists()
    assert not Tie.objects.exists()
    assert AccessLog.objects.filter(what="erase", object_id=person.pk, user=director).exists()

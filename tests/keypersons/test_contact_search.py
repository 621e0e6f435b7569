"""The contact form scales: search by name, then choose (works without JavaScript), never every person at once."""

import pytest
from django.urls import reverse
from django.utils import timezone

from keypersons.models import ContactMoment, ShownPerson
from tests.factories import KeyPersonFactory, consented

pytestmark = pytest.mark.django_db


def _offered(page: str) -> int:
    return page.count('name="contact-key_persons"')


def test_without_a_search_the_form_lists_no_one_of_hundreds(director_client):
    KeyPersonFactory.create_batch(120)

    page = director_client.get(reverse("network:contact_create")).content.decode()

    assert _offered(page) == 0 and 'name="q"' in page
    assert not ShownPerson.objects.exists()


def test_a_search_lists_only_the_people_it_finds_and_logs_them(director_client):
    KeyPersonFactory.create_batch(60)
    wanted = KeyPersonFactory(name="Mehmet Kaya")

    page = director_client.get(reverse("network:contact_create"), {"q": "kaya"}).content.decode()

    assert _offered(page) == 1 and "Mehmet Kaya" in page
    assert set(ShownPerson.objects.values_list("key_person_id", flat=True)) == {wanted.pk}


def test_the_person_the_form_was_opened_for_is_offered(director_client):
    person = consented(name="Anouk Frissen")

    page = director_client.get(reverse("network:contact_create"), {"person": person.pk}).content.decode()

    assert _offered(page) == 1 and f'value="{person.pk}"' in page and "checked" in page


def test_choosing_from_the_search_saves_the_contact(director_client):
    person = consented(name="Joris Lemmens")

    response = director_client.post(reverse("network:contact_create"), {
        "contact-occurred_on": timezone.localdate().isoformat(), "contact-key_persons": [person.pk],
        "contact-channel": "phone", "contact-notes": "Gesprek over de sfeer in de wijk.",
        "reading-TOTAL_FORMS": "0", "reading-INITIAL_FORMS": "0", "reading-MIN_NUM_FORMS": "0",
        "reading-MAX_NUM_FORMS": "10",
    })  # fmt: skip

    assert response.status_code == 302
    assert list(ContactMoment.objects.get().key_persons.all()) == [person]

"""Erasure (AVG art. 17) leaves nothing personal anywhere in the database, and the counts the same."""

from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from keypersons import queries, services
from keypersons.models import AccessLog, ContactMoment, KeyPerson, Signal
from reminders.services import remind
from tests.factories import NeighbourhoodFactory, NetworkFactory, TopicFactory, consented

pytestmark = pytest.mark.django_db(transaction=False)

NAME, EMAIL, PHONE = "Zoë Vanderbroeck", "zoe.vdb@example.org", "06-98765432"
NOTE = "Zoë vertelde over de jongeren bij het plein"


def _all_text_columns():
    """Every character column of every table, read straight from the database."""
    introspection = connection.introspection
    with connection.cursor() as cursor:
        for table in introspection.table_names(cursor):
            for column in introspection.get_table_description(cursor, table):
                try:
                    kind = introspection.get_field_type(column.type_code, column)
                except KeyError:
                    continue
                if kind in ("CharField", "TextField", "JSONField"):
                    yield table, column.name


def _occurrences(needle: str) -> list[str]:
    found = []
    with connection.cursor() as cursor:
        for table, column in _all_text_columns():
            q = connection.ops.quote_name
            sql = f"SELECT COUNT(*) FROM {q(table)} WHERE LOWER(CAST({q(column)} AS TEXT)) LIKE %s"  # noqa: S608 - names from introspection
            cursor.execute(sql, [f"%{needle.lower()}%"])
            if cursor.fetchone()[0]:
                found.append(f"{table}.{column}")
    return found


@pytest.fixture
def person(director, unscreened):
    hood = NeighbourhoodFactory(name="Wittevrouwenveld")
    person = consented(name=NAME, email=EMAIL, phone=PHONE, languages="Nederlands", position="Trainer")
    person.neighbourhoods.add(hood)
    other = consented()
    services.add_tie(person=person, by=director, network=NetworkFactory())
    services.add_tie(person=other, by=director, other_person=person, role=f"vriend van {NAME}")
    services.log_contact(
        by=director, occurred_on=timezone.localdate(), key_persons=[person], channel="phone", topics=[TopicFactory()],
        notes=NOTE, follow_up="Zoë terugbellen", follow_up_due_on=timezone.localdate() + timedelta(days=2),
        readings=[{"neighbourhood": hood, "level": 3}],
        signal={"neighbourhood": hood, "theme": TopicFactory(), "severity": 2, "description": f"Melding via {NAME}"},
    )  # fmt: skip
    services.log_contact(by=director, occurred_on=timezone.localdate(), key_persons=[other], channel="phone", notes=f"Sprak ook over {NAME.split()[0]} {NAME.split()[1]}")  # fmt: skip
    remind(kind="keyperson_consent", subject=person, recipient=director, occasion="x", title="t", body="b")
    return person


def test_erasure_leaves_no_name_contact_detail_or_note_anywhere(director, person):
    assert _occurrences(NAME)  # the search does find them before

    services.erase_key_person(person=person, by=director)

    for needle in (NAME, EMAIL, PHONE, NOTE, "Zoë terugbellen"):
        assert _occurrences(needle) == [], needle


def test_erasure_keeps_the_aggregate_counts(director, person):
    before = (ContactMoment.objects.count(), Signal.objects.count(), KeyPerson.objects.count(), queries.evaluation.evaluation(timezone.localdate() - timedelta(days=30), timezone.localdate())["contacts_total"])  # fmt: skip

    services.erase_key_person(person=person, by=director)

    after = (ContactMoment.objects.count(), Signal.objects.count(), KeyPerson.objects.count(), queries.evaluation.evaluation(timezone.localdate() - timedelta(days=30), timezone.localdate())["contacts_total"])  # fmt: skip
    assert after == before
    assert not ContactMoment.objects.filter(key_persons=person).exists()
    assert AccessLog.objects.filter(what="erase", object_id=person.pk).exists()


def test_an_erased_person_disappears_from_the_workspace(director_client, director, person):
    services.erase_key_person(person=person, by=director)

    assert director_client.get(reverse("network:person_detail", args=[person.pk])).status_code == 404
    assert NAME not in director_client.get(reverse("network:person_list")).content.decode()


def test_erasure_asks_for_confirmation(director_client, person):
    response = director_client.post(reverse("network:person_erase", args=[person.pk]), {})

    person.refresh_from_db()
    assert response.status_code == 400 and person.erased_at is None

    director_client.post(reverse("network:person_erase", args=[person.pk]), {"confirm": "yes"})
    person.refresh_from_db()
    assert person.erased_at is not None


def test_network_staff_cannot_erase(client, network_staff, person):
    client.force_login(network_staff)

    assert (
        client.post(reverse("network:person_erase", args=[person.pk]), {"confirm": "yes"}).status_code == 403
    )
    person.refresh_from_db()
    assert person.erased_at is None

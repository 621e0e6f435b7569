"""Each key person's last contact (LastContact) stays equal to the latest of their contact moments. The
services that write contact moments keep it, inside their transaction and under their locks; nothing in
the database does it for them."""

import importlib
import io
import threading
import time
from datetime import timedelta

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from keypersons import queries, services
from keypersons.models import ContactMoment, KeyPerson, LastContact
from tests.factories import ContactMomentFactory, KeyPersonFactory, UserFactory, consented

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
Link = ContactMoment.key_persons.through
PATTERN = "keypersons_last_contact%"  # the triggers and functions that kept it until migration 0005


def _kept() -> dict[int, object]:
    return dict(LastContact.objects.values_list("key_person", "occurred_on"))


def _from_the_contacts() -> dict[int, object]:
    rows = KeyPerson.objects.annotate(last=Max("contact_moments__occurred_on")).filter(last__isnull=False)
    return dict(rows.values_list("pk", "last"))


def _days_ago(days: int):
    return TODAY - timedelta(days=days)


def test_a_logged_contact_sets_the_date_and_an_older_one_logged_later_does_not_lower_it(director):
    person, other = consented(), consented()

    services.log_contact(by=director, occurred_on=_days_ago(3), key_persons=[person, other], channel="phone")
    services.log_contact(by=director, occurred_on=_days_ago(10), key_persons=[person], channel="phone")

    assert _kept() == {person.pk: _days_ago(3), other.pk: _days_ago(3)} == _from_the_contacts()
    services.log_contact(by=director, occurred_on=_days_ago(1), key_persons=[other], channel="phone")
    assert _kept() == {person.pk: _days_ago(3), other.pk: _days_ago(1)} == _from_the_contacts()


def test_a_refused_contact_leaves_the_last_contact_as_it_was(director):
    person = consented()
    services.log_contact(by=director, occurred_on=_days_ago(5), key_persons=[person], channel="phone")

    with pytest.raises(ValidationError):
        services.log_contact(
            by=director, occurred_on=_days_ago(1), key_persons=[person], channel="phone",
            readings=[{"neighbourhood": None, "level": 9}],
        )  # fmt: skip

    assert _kept() == {person.pk: _days_ago(5)} == _from_the_contacts()


def test_a_person_without_contacts_has_no_row():
    person = KeyPersonFactory()

    assert not LastContact.objects.filter(key_person=person).exists()
    assert queries.people.key_persons().get(pk=person.pk).last_contact is None


def test_erasure_removes_the_row_and_leaves_the_others_on_a_shared_contact(director):
    person, other = consented(), consented()
    services.log_contact(by=director, occurred_on=_days_ago(9), key_persons=[other], channel="phone")
    services.log_contact(by=director, occurred_on=_days_ago(2), key_persons=[person, other], channel="phone")

    services.erase_key_person(person=person, by=director)

    assert _kept() == {other.pk: _days_ago(2)} == _from_the_contacts()


def test_refreshing_after_an_unlink_falls_back_to_the_contact_before_and_the_last_removes_the_row():
    person = KeyPersonFactory()
    older = ContactMomentFactory(key_persons=[person], occurred_on=_days_ago(20))
    newer = ContactMomentFactory(key_persons=[person], occurred_on=_days_ago(2))

    newer.key_persons.remove(person)
    services.refresh_last_contact([person.pk])
    assert _kept() == {person.pk: _days_ago(20)}

    older.key_persons.clear()
    services.refresh_last_contact([person.pk])
    assert _kept() == {} == _from_the_contacts()


def test_refreshing_after_a_contacts_date_changed_moves_the_last_contact_both_ways():
    person, other = KeyPersonFactory(), KeyPersonFactory()
    moment = ContactMomentFactory(key_persons=[person, other], occurred_on=_days_ago(1))
    ContactMomentFactory(key_persons=[person], occurred_on=_days_ago(15))

    ContactMoment.objects.filter(pk=moment.pk).update(occurred_on=_days_ago(40))
    services.refresh_last_contact([person.pk, other.pk])
    assert _kept() == {person.pk: _days_ago(15), other.pk: _days_ago(40)} == _from_the_contacts()

    ContactMoment.objects.filter(pk=moment.pk).update(occurred_on=TODAY)
    services.refresh_last_contact([other.pk, person.pk, person.pk])
    assert _kept() == {person.pk: TODAY, other.pk: TODAY} == _from_the_contacts()


def test_refreshing_touches_only_the_people_it_is_given():
    person, other = KeyPersonFactory(), KeyPersonFactory()
    ContactMomentFactory(key_persons=[person], occurred_on=_days_ago(4))
    ContactMomentFactory(key_persons=[other], occurred_on=_days_ago(6))
    LastContact.objects.filter(key_person=other).update(occurred_on=_days_ago(99))

    services.refresh_last_contact([person.pk])
    services.refresh_last_contact([])

    assert _kept() == {person.pk: _days_ago(4), other.pk: _days_ago(99)}


def test_the_factories_leave_the_last_contact_right():
    first, second = KeyPersonFactory(), KeyPersonFactory()
    ContactMomentFactory(key_persons=[first, second], occurred_on=_days_ago(8))
    ContactMomentFactory(key_persons=[first], occurred_on=_days_ago(3))
    ContactMomentFactory(occurred_on=_days_ago(1))  # linked to nobody

    assert _kept() == {first.pk: _days_ago(3), second.pk: _days_ago(8)} == _from_the_contacts()


def test_no_trigger_keeps_the_last_contact_any_more():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE tgname LIKE %s", [PATTERN])
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s", [PATTERN]
            )
        assert cursor.fetchall() == []
    person = KeyPersonFactory()
    moment = ContactMoment.objects.create(
        occurred_on=_days_ago(2), staff_member=UserFactory(), channel="phone"
    )

    Link.objects.create(contactmoment=moment, keyperson=person)  # not through a service

    assert _kept() == {}


@pytest.mark.django_db(transaction=True)  # SQLite opens a schema editor only outside a transaction
def test_the_migration_works_the_last_contact_out_from_the_contacts_for_existing_data():
    migration = importlib.import_module("keypersons.migrations.0005_last_contact_in_services")
    first, second, stale = KeyPersonFactory(), KeyPersonFactory(), KeyPersonFactory()
    moments = ContactMoment.objects.bulk_create(
        ContactMoment(occurred_on=_days_ago(days), staff_member=UserFactory(), channel="phone")
        for days in (30, 5, 12)
    )
    Link.objects.bulk_create(
        [Link(contactmoment=m, keyperson=first) for m in moments] + [Link(contactmoment=moments[0], keyperson=second)]
    )  # fmt: skip
    LastContact.objects.create(key_person=stale, occurred_on=_days_ago(1))

    with connection.schema_editor() as editor:
        migration.drop_triggers(apps, editor)
        migration.recompute_last_contact(apps, editor)

    assert _kept() == {first.pk: _days_ago(5), second.pk: _days_ago(30)} == _from_the_contacts()


def test_the_benchmark_generator_fills_the_last_contact_with_its_contacts():
    call_command("generate_bench_data", scale=0.005, yes_i_know=True, stdout=io.StringIO())

    assert ContactMoment.objects.exists()
    assert _kept() == _from_the_contacts()


def _in_thread(step, failures: list) -> threading.Thread:
    """Start `step` in a thread with a database connection of its own; what it raises goes to `failures`."""

    def run():
        try:
            step()
        except Exception as error:  # reported by the test
            failures.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def _log_and_hold(staff, people, days: int, *, hold: float = 0, logged: threading.Event | None = None):
    with transaction.atomic():
        services.log_contact(by=staff, occurred_on=_days_ago(days), key_persons=people, channel="phone")
        if logged:
            logged.set()
        time.sleep(hold)  # the rest of the request: the other transaction waits for this one's locks


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent PostgreSQL transactions")
@pytest.mark.django_db(transaction=True)
def test_of_two_contacts_logged_at_the_same_time_the_later_date_stays():
    staff = UserFactory()
    person = consented()
    services.log_contact(by=staff, occurred_on=_days_ago(30), key_persons=[person], channel="phone")
    written = threading.Event()
    failures = []

    later = _in_thread(lambda: _log_and_hold(staff, [person], 1, hold=0.5, logged=written), failures)
    written.wait(timeout=5)
    # Logged meanwhile, about an older conversation: it commits after the later one.
    earlier = _in_thread(lambda: _log_and_hold(staff, [person], 7), failures)
    later.join()
    earlier.join()

    assert failures == []
    assert _kept() == {person.pk: _days_ago(1)} == _from_the_contacts()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent PostgreSQL transactions")
@pytest.mark.django_db(transaction=True)
def test_of_two_contacts_with_the_same_people_in_another_order_neither_deadlocks_nor_loses_a_date():
    staff = UserFactory()
    first, second = consented(), consented()
    written = threading.Event()
    failures = []

    one = _in_thread(lambda: _log_and_hold(staff, [first, second], 4, hold=0.5, logged=written), failures)
    written.wait(timeout=5)
    other = _in_thread(lambda: _log_and_hold(staff, [second, first], 2), failures)
    one.join()
    other.join()

    assert failures == []
    assert _kept() == {first.pk: _days_ago(2), second.pk: _days_ago(2)} == _from_the_contacts()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent PostgreSQL transactions")
@pytest.mark.django_db(transaction=True)
def test_an_erasure_while_a_contact_is_being_logged_waits_for_it_instead_of_deadlocking():
    staff = UserFactory()
    person = consented()
    services.log_contact(by=staff, occurred_on=_days_ago(30), key_persons=[person], channel="phone")
    logged = threading.Event()
    failures = []

    logging = _in_thread(lambda: _log_and_hold(staff, [person], 0, hold=0.5, logged=logged), failures)
    logged.wait(timeout=5)
    erasing = _in_thread(lambda: services.erase_key_person(person=person, by=staff), failures)
    logging.join()
    erasing.join()

    assert failures == []
    person.refresh_from_db()
    assert person.erased_at and not person.contact_moments.exists()
    assert _kept() == {} == _from_the_contacts()

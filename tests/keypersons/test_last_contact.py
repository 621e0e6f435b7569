"""Each key person's last contact (LastContact) stays equal to the latest of their contact moments,
whoever writes them: the services, factories, bulk inserts, queryset updates, deletions, erasure."""

import copy
import threading
import time
from datetime import timedelta

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.db.models import Max
from django.db.models.signals import post_migrate, pre_migrate
from django.utils import timezone

from keypersons import last_contact, queries, services
from keypersons.models import ContactMoment, KeyPerson, LastContact
from tests.factories import ContactMomentFactory, KeyPersonFactory, UserFactory, consented

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
Link = ContactMoment.key_persons.through


def _kept() -> dict[int, object]:
    return dict(LastContact.objects.values_list("key_person", "occurred_on"))


def _from_the_contacts() -> dict[int, object]:
    rows = KeyPerson.objects.annotate(last=Max("contact_moments__occurred_on")).filter(last__isnull=False)
    return dict(rows.values_list("pk", "last"))


def _days_ago(days: int):
    return TODAY - timedelta(days=days)


def test_the_names_in_the_triggers_are_the_models_tables():
    assert last_contact.NAMES["summary"] == LastContact._meta.db_table
    assert last_contact.NAMES["links"] == Link._meta.db_table
    assert last_contact.NAMES["contacts"] == ContactMoment._meta.db_table


def test_a_logged_contact_sets_the_date_and_an_older_one_logged_later_does_not_lower_it(director):
    person, other = consented(), consented()

    services.log_contact(by=director, occurred_on=_days_ago(3), key_persons=[person, other], channel="phone")
    services.log_contact(by=director, occurred_on=_days_ago(10), key_persons=[person], channel="phone")

    assert _kept() == {person.pk: _days_ago(3), other.pk: _days_ago(3)} == _from_the_contacts()
    services.log_contact(by=director, occurred_on=_days_ago(1), key_persons=[other], channel="phone")
    assert _kept() == {person.pk: _days_ago(3), other.pk: _days_ago(1)} == _from_the_contacts()


def test_a_person_without_contacts_has_no_row():
    person = KeyPersonFactory()

    assert not LastContact.objects.filter(key_person=person).exists()
    assert queries.key_persons().get(pk=person.pk).last_contact is None


def test_links_written_straight_into_the_table_in_bulk_are_counted():
    people = [KeyPersonFactory() for _ in range(3)]
    moments = ContactMoment.objects.bulk_create(
        ContactMoment(occurred_on=_days_ago(days), staff_member=UserFactory(), channel="phone")
        for days in (30, 5, 12)
    )

    Link.objects.bulk_create(
        [Link(contactmoment=m, keyperson=p) for m in moments for p in people[:2]]
        + [Link(contactmoment=moments[0], keyperson=people[2])]
    )

    assert _kept() == {people[0].pk: _days_ago(5), people[1].pk: _days_ago(5), people[2].pk: _days_ago(30)}
    assert _kept() == _from_the_contacts()


def test_unlinking_a_contact_falls_back_to_the_one_before_and_the_last_removes_the_row():
    person = KeyPersonFactory()
    older = ContactMomentFactory(key_persons=[person], occurred_on=_days_ago(20))
    newer = ContactMomentFactory(key_persons=[person], occurred_on=_days_ago(2))

    newer.key_persons.remove(person)
    assert _kept() == {person.pk: _days_ago(20)}

    older.key_persons.clear()
    assert _kept() == {} == _from_the_contacts()


def test_moving_a_link_to_another_person_updates_both():
    first, second = KeyPersonFactory(), KeyPersonFactory()
    ContactMomentFactory(key_persons=[first], occurred_on=_days_ago(9))
    ContactMomentFactory(key_persons=[first], occurred_on=_days_ago(1))

    Link.objects.filter(keyperson=first, contactmoment__occurred_on=_days_ago(1)).update(keyperson=second)

    assert _kept() == {first.pk: _days_ago(9), second.pk: _days_ago(1)} == _from_the_contacts()


def test_changing_a_contacts_date_moves_the_last_contact_both_ways():
    person, other = KeyPersonFactory(), KeyPersonFactory()
    moment = ContactMomentFactory(key_persons=[person, other], occurred_on=_days_ago(1))
    ContactMomentFactory(key_persons=[person], occurred_on=_days_ago(15))

    ContactMoment.objects.filter(pk=moment.pk).update(occurred_on=_days_ago(40))
    assert _kept() == {person.pk: _days_ago(15), other.pk: _days_ago(40)} == _from_the_contacts()

    moment.occurred_on = _days_ago(0)
    moment.save()
    assert _kept() == {person.pk: TODAY, other.pk: TODAY} == _from_the_contacts()


def test_changing_other_fields_of_a_contact_changes_nothing():
    person = KeyPersonFactory()
    ContactMomentFactory(key_persons=[person], occurred_on=_days_ago(4))

    ContactMoment.objects.update(notes="", follow_up="")

    assert _kept() == {person.pk: _days_ago(4)}


def test_deleting_a_contact_moment_recounts(director):
    person = KeyPersonFactory()
    ContactMomentFactory(key_persons=[person], occurred_on=_days_ago(8))
    ContactMomentFactory(key_persons=[person], occurred_on=_days_ago(3)).delete()

    assert _kept() == {person.pk: _days_ago(8)} == _from_the_contacts()


def test_erasure_removes_the_row_and_leaves_the_others_on_a_shared_contact(director):
    person, other = consented(), consented()
    services.log_contact(by=director, occurred_on=_days_ago(2), key_persons=[person, other], channel="phone")

    services.erase_key_person(person=person, by=director)

    assert _kept() == {other.pk: _days_ago(2)} == _from_the_contacts()


def test_installing_again_is_harmless_and_restores_dropped_triggers():
    person = KeyPersonFactory()
    last_contact.install()
    last_contact.uninstall()  # as SQLite does when a migration rebuilds a table
    last_contact.install()
    last_contact.install()

    ContactMomentFactory(key_persons=[person], occurred_on=_days_ago(6))

    assert _kept() == {person.pk: _days_ago(6)}


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite rebuilds a table to alter it")
@pytest.mark.django_db(transaction=True)
def test_a_migration_that_rebuilds_the_contact_table_on_sqlite_runs_and_the_summary_follows():
    person = KeyPersonFactory()
    ContactMomentFactory(key_persons=[person], occurred_on=_days_ago(6))
    config = apps.get_app_config("keypersons")
    notes = ContactMoment._meta.get_field("notes")
    nullable = copy.copy(notes)
    nullable.null = True

    pre_migrate.send(sender=config, app_config=config, using="default")
    with connection.schema_editor() as editor:
        editor.alter_field(ContactMoment, notes, nullable)  # SQLite copies the table and renames it back
    ContactMomentFactory(key_persons=[person], occurred_on=_days_ago(3))  # while the triggers are away
    post_migrate.send(sender=config, app_config=config, using="default")
    try:
        assert _kept() == {person.pk: _days_ago(3)}
        ContactMomentFactory(key_persons=[person], occurred_on=_days_ago(1))
        assert _kept() == {person.pk: _days_ago(1)} == _from_the_contacts()
    finally:
        pre_migrate.send(sender=config, app_config=config, using="default")
        with connection.schema_editor() as editor:
            editor.alter_field(ContactMoment, nullable, notes)
        post_migrate.send(sender=config, app_config=config, using="default")


def test_rebuild_works_the_summary_out_from_the_contacts():
    person = KeyPersonFactory()
    ContactMomentFactory(key_persons=[person], occurred_on=_days_ago(6))
    LastContact.objects.all().delete()

    last_contact.rebuild()

    assert _kept() == {person.pk: _days_ago(6)}


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


def _log_and_hold(staff, person, days: int, *, hold: float = 0, logged: threading.Event | None = None):
    with transaction.atomic():
        services.log_contact(by=staff, occurred_on=_days_ago(days), key_persons=[person], channel="phone")
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

    later = _in_thread(lambda: _log_and_hold(staff, person, 1, hold=0.5, logged=written), failures)
    written.wait(timeout=5)
    # Logged meanwhile, about an older conversation: it commits after the later one.
    earlier = _in_thread(lambda: _log_and_hold(staff, person, 7), failures)
    later.join()
    earlier.join()

    assert failures == []
    assert _kept() == {person.pk: _days_ago(1)} == _from_the_contacts()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent PostgreSQL transactions")
@pytest.mark.django_db(transaction=True)
def test_an_erasure_while_a_contact_is_being_logged_waits_for_it_instead_of_deadlocking():
    staff = UserFactory()
    person = consented()
    services.log_contact(by=staff, occurred_on=_days_ago(30), key_persons=[person], channel="phone")
    logged = threading.Event()
    failures = []

    logging = _in_thread(lambda: _log_and_hold(staff, person, 0, hold=0.5, logged=logged), failures)
    logged.wait(timeout=5)
    erasing = _in_thread(lambda: services.erase_key_person(person=person, by=staff), failures)
    logging.join()
    erasing.join()

    assert failures == []
    person.refresh_from_db()
    assert person.erased_at and not person.contact_moments.exists()
    assert _kept() == {} == _from_the_contacts()

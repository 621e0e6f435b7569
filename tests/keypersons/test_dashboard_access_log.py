"""The dashboard's names and its access-log entry are read and written in one statement (AVG art. 5(2) and 32):
the entry says who saw the page, when and where, and names exactly the persons whose names the page showed, no
more and no fewer, all of it written or none."""

from datetime import timedelta

import pytest
from django.db import DatabaseError, connection
from django.utils import timezone

from keypersons.audit import new_entry
from keypersons.models import AccessLog, Action, KeyPerson, ShownPerson, Signal
from keypersons.queries.dashboard import named
from tests.factories import consented
from tests.keypersons.dashboard import TODAY, URL, at_midday, overdue

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _midday_of_today():
    with at_midday():
        yield


def _shown(entry: AccessLog) -> set[int]:
    return set(ShownPerson.objects.filter(entry=entry).values_list("key_person_id", flat=True))


def test_a_visit_logs_who_saw_the_list_when_and_where_and_every_person_it_named(director_client, director):
    late = overdue("Daan Ramakers")
    acted = consented(name="Eva Bosch", contact_every_weeks=52)
    Action.objects.create(key_person=acted, owner=director, due_on=TODAY - timedelta(days=1), description="Bellen")  # fmt: skip
    before = timezone.now()

    page = director_client.get(URL, {"period": "month"}).content.decode()

    entry = AccessLog.objects.get()
    assert (entry.user, entry.what, entry.object_type, entry.object_id, entry.path, entry.detail) == (
        director, AccessLog.What.LIST, "signal", None, URL, ""
    )  # fmt: skip
    assert before <= entry.at <= timezone.now()
    assert "Daan Ramakers" in page and "Eva Bosch" in page
    assert _shown(entry) == {late.pk, acted.pk}


def test_a_visit_that_names_no_one_is_logged_without_anyone_shown(director_client, director):
    director_client.get(URL)

    entry = AccessLog.objects.get()
    assert entry.user == director and entry.path == URL and _shown(entry) == set()


def test_a_person_erased_after_the_body_was_cached_is_neither_named_nor_logged_as_shown(
    director_client, monkeypatch
):
    """The race the data version leaves open: the body cached before an erasure is served after it."""
    kept, erased = overdue("Mila Coenen"), overdue("Luuk Peeters")
    monkeypatch.setattr("keypersons.views.dashboard.data_version.versions", lambda reads: "fixed")
    assert "Luuk Peeters" in director_client.get(URL).content.decode()  # the body is now cached with both

    KeyPerson.objects.filter(pk=erased.pk).update(erased_at=timezone.now())
    page = director_client.get(URL).content.decode()

    assert "Luuk Peeters" not in page and "Mila Coenen" in page
    assert _shown(AccessLog.objects.latest("pk")) == {kept.pk}


def test_a_restricted_person_on_an_action_is_neither_named_nor_logged_as_shown(director):
    person = overdue("Roos Lemmens")
    action = Action.objects.create(key_person=person, owner=director, due_on=TODAY, description="Roos bellen")
    KeyPerson.objects.filter(pk=person.pk).update(restricted_at=timezone.now())
    log = new_entry(director, AccessLog.What.LIST, Signal, path=URL)

    values, shown = named([action.pk], [person.pk], log=log)

    assert f"p{person.pk}" not in values and shown == [] and _shown(log) == set()
    assert values[f"d{action.pk}"] == "Roos bellen"  # the action itself is no one's name


@pytest.mark.django_db(transaction=True)
def test_when_the_shown_persons_cannot_be_written_nothing_of_the_entry_is(roles, director):
    """One statement: a failure writing the persons shown (here a trigger that refuses them) leaves no entry
    without them, in autocommit as the view runs."""
    if connection.vendor != "postgresql":
        pytest.skip("the one statement is PostgreSQL's; the demo's path is a transaction")
    person = overdue("Bas Willems")
    shown = ShownPerson._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE FUNCTION test_refuse_shown() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'refused'; END $$"
        )
        cursor.execute(
            f"CREATE TRIGGER test_refuse_shown BEFORE INSERT ON {shown} "
            "FOR EACH ROW EXECUTE FUNCTION test_refuse_shown()"
        )
    try:
        with pytest.raises(DatabaseError, match="refused"):
            named([], [person.pk], log=new_entry(director, AccessLog.What.LIST, Signal, path=URL))
        assert not AccessLog.objects.exists() and not ShownPerson.objects.exists()
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TRIGGER test_refuse_shown ON {shown}")
            cursor.execute("DROP FUNCTION test_refuse_shown()")

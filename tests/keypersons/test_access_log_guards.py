"""The access log is what it claims to be: nothing empties it, the bench tools stay off real databases, and only
the retention purge removes rows, those older than five years, logging itself.

Seen: TRUNCATE emptied it (the trigger was per row), and `generate_bench_data --flush --yes-i-know` wiped 146 rows
on a production-settings instance. (That `ALTER TABLE … DISABLE TRIGGER` is refused to the portal's own role is
tests/security/test_database_roles.py.)
"""

import importlib
import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from bench.marker import MARK, is_bench_database, mark_bench_database
from keypersons.models import AccessLog, ShownPerson
from keypersons.tasks import purge_access_log

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the guards are PostgreSQL triggers"),
]


def _row(user, *, years_ago: float = 0, shown=(1,)) -> AccessLog:
    row = AccessLog.objects.create(
        user=user, what="view", object_type="keyperson", object_id=1,
        at=timezone.now() - timedelta(days=365.25 * years_ago),
    )  # fmt: skip
    ShownPerson.objects.bulk_create([ShownPerson(entry=row, key_person_id=pk) for pk in shown])
    return row


def _refused(sql: str) -> bool:
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    except DatabaseError:
        return True
    return False


@pytest.fixture
def real_database():
    """The test database as a real one is: not marked as a bench database (undone when the test's transaction is)."""
    mark_bench_database(marked=False)
    assert not is_bench_database()


def test_truncate_is_refused_on_the_access_log_and_the_persons_it_showed(director, real_database):
    _row(director)

    assert _refused("TRUNCATE keypersons_accesslog CASCADE")
    assert _refused("TRUNCATE keypersons_shownperson")
    assert _refused("TRUNCATE maastricht_inclusie_user CASCADE")  # which would cascade to the log
    assert AccessLog.objects.count() == 1 and ShownPerson.objects.count() == 1


def test_rows_of_the_persons_shown_cannot_be_changed_or_deleted_either(director):
    _row(director)

    assert _refused("UPDATE keypersons_shownperson SET key_person_id = 2")
    assert _refused("DELETE FROM keypersons_shownperson")
    with pytest.raises(TypeError):
        ShownPerson.objects.all().delete()


def test_the_bench_generator_refuses_a_database_not_marked_as_a_bench_database(
    director, settings, real_database
):
    settings.DEBUG = False
    for _ in range(146):
        _row(director)

    with pytest.raises(CommandError, match="not marked as a benchmark database"):
        call_command("generate_bench_data", scale=0.005, flush=True, yes_i_know=True, stdout=io.StringIO())

    assert AccessLog.objects.count() == 146


def test_the_bench_mark_is_the_one_the_truncate_guard_honours():
    migration = importlib.import_module("keypersons.migrations.0007_rights_retention_and_access_log_guards")

    assert migration.SCRATCH_MARK == MARK
    assert is_bench_database()  # the test database is a scratch database (tests/conftest.py)


def test_the_purge_removes_only_rows_older_than_five_years_and_logs_itself(director):
    old, recent = _row(director, years_ago=5.1, shown=(1, 2)), _row(director, years_ago=4.9, shown=(3,))

    assert purge_access_log() == 1

    assert not AccessLog.objects.filter(pk=old.pk).exists()
    assert AccessLog.objects.filter(pk=recent.pk).exists()
    assert list(ShownPerson.objects.values_list("key_person_id", flat=True)) == [3]
    purge = AccessLog.objects.get(what="purge")
    assert purge.user is None and purge.detail.startswith("1 rows from before ")
    assert purge_access_log() == 0  # twice a day does no harm

"""The data version: every kind of write to the data of the cached pages changes it, and nothing else does."""

import threading

import pytest
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.models.signals import post_migrate, pre_migrate

from initiatives.models import Organisation
from keypersons.models import AccessLog
from maastricht_inclusie import data_version
from maastricht_inclusie.caching import cached
from tests.factories import NeighbourhoodFactory, OrganisationFactory, ThemeFactory, UserFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the data version is PostgreSQL's"),
]


def test_every_table_of_the_registry_tenders_network_and_progress_has_the_trigger():
    tables = data_version.tracked_tables()

    assert {"initiatives_organisation", "initiatives_organisation_themes", "tenders_application",
            "tenders_budgetentry", "keypersons_contactmoment", "progress_indicatorupdate"} <= set(tables)  # fmt: skip
    assert set(tables) <= data_version.tables_with_trigger()
    assert "keypersons_accesslog" not in data_version.tables_with_trigger()


def changes_version(write) -> bool:
    before = data_version.current()
    write()
    return data_version.current() != before


def test_a_save_an_update_a_bulk_insert_a_link_and_a_delete_each_change_the_version():
    organisation = OrganisationFactory()
    theme = ThemeFactory()

    assert changes_version(lambda: OrganisationFactory(name="Nieuw"))
    assert changes_version(lambda: Organisation.objects.filter(pk=organisation.pk).update(city="Heer"))
    assert changes_version(
        lambda: Organisation.objects.bulk_create([Organisation(name="Bulk", slug="bulk", kind="volunteer")])
    )
    assert changes_version(lambda: organisation.themes.add(theme))
    assert changes_version(lambda: organisation.delete())


def test_raw_sql_changes_the_version_too():
    NeighbourhoodFactory(name="Wyck")

    def raw_update():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE initiatives_neighbourhood SET name = 'Wijk' WHERE name = 'Wyck'")

    assert changes_version(raw_update)


def test_the_access_log_and_logins_leave_the_version_alone():
    user = UserFactory()

    assert not changes_version(
        lambda: AccessLog.objects.create(user=user, what=AccessLog.What.LIST, object_type="signal", path="/")
    )
    assert not changes_version(lambda: UserFactory())


def test_a_cached_value_is_computed_again_after_a_write():
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    assert cached("test", compute) == 1
    assert cached("test", compute) == 1
    OrganisationFactory()
    assert cached("test", compute) == 2


def test_every_tracked_table_is_named_in_an_install_triggers_migration():
    """A new table gets its triggers from a migration: the migrations name every table of the tracked apps."""
    named = set()
    for migration in MigrationLoader(None, ignore_no_migrations=True).disk_migrations.values():
        for operation in migration.operations:
            if isinstance(operation, data_version.InstallTriggers):
                named.update(operation.tables)

    assert set(data_version.tracked_tables()) <= named


def test_no_migrate_signal_installs_anything_in_the_database():
    """Triggers live in migrations, not in post_migrate/pre_migrate handlers (only the roles sync is left)."""
    receivers = [entry[1]() for signal in (pre_migrate, post_migrate) for entry in signal.receivers]
    names = {
        f"{receiver.__module__}.{receiver.__qualname__}" for receiver in receivers if receiver is not None
    }

    assert {name for name in names if not name.startswith("django.")} == {
        "accounts.roles.sync_roles_after_migrate"
    }


@pytest.mark.django_db(transaction=True)
def test_the_triggers_come_and_go_with_their_migration():
    executor = MigrationExecutor(connection)
    executor.migrate([("progress", "0002_fundingline_updated_at_commitment_indicator_and_more")])
    assert "progress_indicator" not in data_version.tables_with_trigger()

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert "progress_indicator" in data_version.tables_with_trigger()


def test_without_a_data_version_nothing_is_cached(monkeypatch):
    monkeypatch.setattr(data_version, "current", lambda using="default": None)
    calls = []

    assert cached("test", lambda: calls.append(1) or len(calls)) == 1
    assert cached("test", lambda: calls.append(1) or len(calls)) == 2


@pytest.mark.django_db(transaction=True)
def test_a_page_read_between_a_write_and_its_commit_is_not_served_after_the_commit(client):
    organisation = OrganisationFactory(name="Oude Naam")
    url = f"/organisaties/{organisation.slug}/"
    assert "Oude Naam" in client.get(url).content.decode()
    written, committed = threading.Event(), threading.Event()

    def write():
        try:
            with transaction.atomic():
                Organisation.objects.filter(pk=organisation.pk).update(name="Nieuwe Naam")
                written.set()
                committed.wait(timeout=5)  # the rest of a long request, with the data version bumped already
        finally:
            connection.close()

    writer = threading.Thread(target=write)
    writer.start()
    written.wait(timeout=5)
    during = client.get(url).content.decode()  # cached with the old name under the bumped version
    committed.set()
    writer.join()

    assert "Oude Naam" in during
    assert "Nieuwe Naam" in client.get(url).content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_transaction_bumps_once_per_writing_statement_and_once_at_its_commit():
    before = data_version.current()
    with transaction.atomic():
        Organisation.objects.bulk_create(
            [Organisation(name=f"Bulk {n}", slug=f"bulk-{n}", kind="volunteer") for n in range(50)]
        )
        Organisation.objects.filter(name__startswith="Bulk").update(city="Heer")
        assert data_version.current() == before + 2  # the two statements, seen inside the transaction

    assert data_version.current() == before + 3  # and one more at the commit, not one per row

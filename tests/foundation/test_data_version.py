"""The data version: every kind of write to the data of the cached pages changes it, and nothing else does."""

import pytest
from django.db import connection

from initiatives.models import Organisation
from keypersons.models import AccessLog
from maastricht_inclusie import data_version
from maastricht_inclusie.caching import cached
from tests.factories import NeighbourhoodFactory, OrganisationFactory, ThemeFactory, UserFactory

pytestmark = pytest.mark.django_db


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


def test_installing_again_changes_nothing():
    assert data_version.install() == []

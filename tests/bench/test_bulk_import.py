"""The organisation import in bulk (issue 10): as strict as before, and a fixed number of queries."""

import pytest
import tablib
from django.db import connection
from django.test.utils import CaptureQueriesContext

from initiatives.models import Organisation
from initiatives.resources import OrganisationResource
from tests.factories import NeighbourhoodFactory, OrganisationFactory, ThemeFactory

pytestmark = pytest.mark.django_db

HEADERS = ["name", "kind", "kvk_number", "postcode", "neighbourhoods", "themes", "description"]


@pytest.fixture(autouse=True)
def reference():
    NeighbourhoodFactory(name="Malberg")
    NeighbourhoodFactory(name="Wyck")
    ThemeFactory(name="Ontmoeting en dialoog")


def run_import(*rows, dry_run=False):
    return OrganisationResource().import_data(
        tablib.Dataset(*rows, headers=HEADERS),
        dry_run=dry_run,
        use_transactions=True,
        rollback_on_validation_errors=True,
    )


def rows(count: int, start: int = 0):
    return [
        (
            f"Organisatie {n:04d}",
            "volunteer",
            f"{30000000 + n}",
            "6211ab",
            "Malberg;Wyck",
            "Ontmoeting en dialoog",
            "",
        )
        for n in range(start, start + count)
    ]


def test_an_import_does_not_run_a_query_per_row():
    with CaptureQueriesContext(connection) as small:
        assert not run_import(*rows(20)).has_validation_errors()
    with CaptureQueriesContext(connection) as large:
        assert not run_import(*rows(200, start=100)).has_validation_errors()

    # 180 more rows: the same queries on PostgreSQL; on SQLite a few more INSERT batches (few bind parameters).
    assert len(large) - len(small) < 10
    assert Organisation.objects.filter(neighbourhoods__name="Wyck").count() == 220


def test_an_update_replaces_the_links_and_marks_the_organisation_changed():
    existing = OrganisationFactory(name="Buurtnetwerk", kvk_number="44444444")
    existing.neighbourhoods.set([NeighbourhoodFactory(name="Caberg")])
    before = existing.updated_at

    result = run_import(("Buurtnetwerk", "association", "44444444", "", "Wyck", "", "Nieuw"))

    assert not result.has_errors() and not result.has_validation_errors()
    existing.refresh_from_db()
    assert [n.name for n in existing.neighbourhoods.all()] == ["Wyck"]
    assert existing.description == "Nieuw" and existing.kind == "association"
    assert existing.updated_at > before
    assert Organisation.objects.count() == 1


def test_a_kvk_number_that_repeats_only_after_normalising_is_refused_and_nothing_is_imported():
    result = run_import(
        ("Stichting Een", "foundation", "12345678", "", "", "", ""),
        ("Stichting Twee", "foundation", "12345678.0", "", "", "", ""),
    )

    assert [row.number for row in result.invalid_rows] == [2]
    assert "KvK" in str(result.invalid_rows[0].error_dict)
    assert not Organisation.objects.exists()


def test_new_organisations_get_free_slugs_next_to_existing_ones():
    OrganisationFactory(name="Wijkraad Wyck", slug="stichting-x")

    assert not run_import(("Stichting X", "foundation", "", "", "", "", ""),
                          ("Stichting X!", "foundation", "", "", "", "", "")).has_validation_errors()  # fmt: skip

    assert sorted(Organisation.objects.values_list("slug", flat=True)) == [
        "stichting-x", "stichting-x-2", "stichting-x-3",
    ]  # fmt: skip


def test_a_dry_run_writes_nothing():
    assert not run_import(*rows(5), dry_run=True).has_validation_errors()

    assert not Organisation.objects.exists()

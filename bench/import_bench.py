"""The import benchmark: 10,000 organisations through the admin's resource and through COPY (bench/run.py)."""

import sys
import time

IMPORT_ROWS = 10_000


def import_benchmark(rows: int = IMPORT_ROWS) -> dict:
    """10,000 organisations through the admin's resource (dry run and import), and through COPY."""
    import tablib
    from django.db import connection, transaction
    from django.utils import timezone
    from django.utils.text import slugify

    from initiatives.models import Neighbourhood, Organisation, Theme
    from initiatives.resources import OrganisationResource

    print(f"Import of {rows:,} organisations ...", flush=True)
    hoods = list(Neighbourhood.objects.order_by("pk")[:3])
    themes = list(Theme.objects.order_by("pk")[:2])
    headers = ["name", "kind", "kvk_number", "postcode", "neighbourhoods", "themes", "description"]
    data = [
        (f"Importorganisatie {n:05d}", "volunteer", f"{70000000 + n}", "6211 AB",
         ";".join(h.name for h in hoods[: 1 + n % 3]), themes[n % 2].name, "Geïmporteerd voor de benchmark.")
        for n in range(rows)
    ]  # fmt: skip
    imported = Organisation.objects.filter(name__startswith="Importorganisatie ")

    def timed_import(dry_run: bool) -> float:
        started = time.monotonic()
        result = OrganisationResource().import_data(
            tablib.Dataset(*data, headers=headers), dry_run=dry_run, use_transactions=True,
            rollback_on_validation_errors=True,
        )  # fmt: skip
        seconds = time.monotonic() - started
        if result.has_errors() or result.has_validation_errors():
            sys.exit(f"The import benchmark's file did not import cleanly: {result.invalid_rows[:1]}")
        return seconds

    dry_run = timed_import(dry_run=True)
    assert not imported.exists()
    resource_seconds = timed_import(dry_run=False)
    assert imported.count() == rows
    imported.delete()

    Through = {
        "neighbourhoods": Organisation.neighbourhoods.through,
        "themes": Organisation.themes.through,
    }
    by_name = {"neighbourhoods": {h.name: h.pk for h in hoods}, "themes": {t.name: t.pk for t in themes}}
    started = time.monotonic()
    with transaction.atomic(), connection.cursor() as cursor:
        now = timezone.now()
        columns = ("name", "slug", "kind", "kvk_number", "street", "house_number", "postcode", "city", "website",
                   "email", "phone", "description", "is_subsidised", "is_public", "status", "created_at",
                   "updated_at", "iban", "account_holder")  # fmt: skip
        with cursor.copy(f"COPY initiatives_organisation ({', '.join(columns)}) FROM STDIN") as copy:
            for name, kind, kvk, postcode, _hoods, _themes, description in data:
                copy.write_row((name, slugify(name), kind, kvk, "", "", postcode, "Maastricht", "", "", "",
                                description, False, True, "to_verify", now, now, "", ""))  # fmt: skip
        cursor.execute("SELECT name, id FROM initiatives_organisation WHERE name LIKE 'Importorganisatie %%'")
        ids = dict(cursor.fetchall())
        for column, field in (("neighbourhoods", "neighbourhood_id"), ("themes", "theme_id")):
            table = Through[column]._meta.db_table
            with cursor.copy(f"COPY {table} (organisation_id, {field}) FROM STDIN") as copy:
                for row in data:
                    for value in row[headers.index(column)].split(";"):
                        copy.write_row((ids[row[0]], by_name[column][value]))
    copy_seconds = time.monotonic() - started
    assert imported.count() == rows
    imported.delete()
    print(
        f"  resource {resource_seconds:.1f} s (dry run {dry_run:.1f} s), COPY {copy_seconds:.2f} s",
        flush=True,
    )
    return {
        "rows": rows,
        "resource_seconds": round(resource_seconds, 2),
        "resource_dry_run_seconds": round(dry_run, 2),
        "copy_seconds": round(copy_seconds, 2),
    }

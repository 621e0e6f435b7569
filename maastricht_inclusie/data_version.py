"""One number that changes with every write to the data the portal's cached pages show.

Cached pages (the public progress pages, the directory, the ranking) are keyed by it, so a change
shows at once, and a cache hit costs one trivial query instead of a fingerprint over many tables.

The database keeps the number itself: a trigger on every table of the registry, tenders, network and
progress apps bumps it after each INSERT, UPDATE, DELETE or TRUNCATE statement, whoever writes —
services, the admin, bulk loads, queryset ``update()`` and raw SQL alike.

- PostgreSQL: a sequence, bumped with ``nextval``. Sequences take no row lock, so concurrent writers
  never wait for each other here (a counter row would serialise them and could deadlock with the
  round locks of the ledger).
- SQLite (development): a one-row table, bumped by row triggers; SQLite has a single writer anyway.

The triggers are (re)installed after every ``migrate``, so a new table in one of those apps is covered
without a migration of its own; ``tests/foundation/test_data_version.py`` checks every table.

The bump happens with the write, not at commit: a page read between a transaction's last write and
its commit can be cached under the new number with the old figures. Writes come at the end of our
services' transactions, so that window is a moment; cached pages also expire (``PAGE_TIMEOUT``).
"""

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, connections

TRACKED_APPS = ("initiatives", "tenders", "keypersons", "progress")
# Written on every visit of the network's pages and shown on none of the cached ones.
UNTRACKED_TABLES = frozenset({"keypersons_accesslog"})

NAME = "data_version"
TRIGGER = "data_version_bump"


def current(using: str = DEFAULT_DB_ALIAS) -> int:
    """The data version now: one query on a single row."""
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SELECT last_value + CASE WHEN is_called THEN 0 ELSE -1 END FROM {NAME}")  # noqa: S608
        else:
            cursor.execute(f"SELECT value FROM {NAME} WHERE id = 1")  # noqa: S608
        row = cursor.fetchone()
    return row[0] if row else 0


def tracked_tables() -> list[str]:
    """Every table of the tracked apps, the automatic many-to-many tables included."""
    tables = set()
    for label in TRACKED_APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            if model._meta.managed and not model._meta.proxy:
                tables.add(model._meta.db_table)
    return sorted(tables - UNTRACKED_TABLES)


def tables_with_trigger(using: str = DEFAULT_DB_ALIAS) -> set[str]:
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE t.tgname = %s AND c.relnamespace = 'public'::regnamespace",
                [TRIGGER],
            )
            return {name for (name,) in cursor.fetchall()}
        cursor.execute(
            "SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s", [f"{TRIGGER}_%"]
        )
        found: dict[str, int] = {}
        for (table,) in cursor.fetchall():
            found[table] = found.get(table, 0) + 1
        return {table for table, count in found.items() if count == 3}  # insert, update and delete


def install(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """Create the counter and a trigger on every tracked table that lacks one; returns the tables done."""
    connection = connections[using]
    existing = set(connection.introspection.table_names())
    missing = [t for t in tracked_tables() if t in existing and t not in tables_with_trigger(using)]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"CREATE SEQUENCE IF NOT EXISTS {NAME}")
            cursor.execute(
                f"CREATE OR REPLACE FUNCTION {TRIGGER}() RETURNS trigger LANGUAGE plpgsql AS "
                f"$$ BEGIN PERFORM nextval('{NAME}'); RETURN NULL; END $$"
            )
            for table in missing:
                quoted = connection.ops.quote_name(table)
                cursor.execute(
                    f"CREATE OR REPLACE TRIGGER {TRIGGER} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
                    f"ON {quoted} FOR EACH STATEMENT EXECUTE FUNCTION {TRIGGER}()"
                )
        elif connection.vendor == "sqlite":
            cursor.execute(
                f"CREATE TABLE IF NOT EXISTS {NAME} (id integer PRIMARY KEY, value integer NOT NULL)"
            )
            cursor.execute(f"INSERT OR IGNORE INTO {NAME} (id, value) VALUES (1, 0)")  # noqa: S608
            for table in missing:
                quoted = connection.ops.quote_name(table)
                bump = f"UPDATE {NAME} SET value = value + 1 WHERE id = 1"  # noqa: S608 - a constant
                for event in ("INSERT", "UPDATE", "DELETE"):
                    name = f"{TRIGGER}_{event.lower()}_{table}"
                    cursor.execute(
                        f"CREATE TRIGGER IF NOT EXISTS {name} AFTER {event} ON {quoted} BEGIN {bump}; END"
                    )
        else:  # pragma: no cover - the portal runs on PostgreSQL, and SQLite in development
            raise NotImplementedError(f"No data version for {connection.vendor}.")
    return missing


def install_after_migrate(sender, app_config=None, using=DEFAULT_DB_ALIAS, **kwargs):
    # Once per migrate run, after the last app: every tracked table exists by then.
    if app_config is not None and app_config.label == "progress":
        install(using)

"""One number that changes with every write to the data the portal's cached pages show.

Cached pages (the public progress pages, the directory, the ranking) are keyed by it, so a change
shows at once, and a cache hit costs one trivial query instead of a fingerprint over many tables.

The database keeps the number itself: triggers on every table of the registry, tenders, network and
progress apps bump it on every INSERT, UPDATE, DELETE or TRUNCATE, whoever writes — services, the
admin, bulk loads, queryset ``update()`` and raw SQL alike.

- PostgreSQL: a sequence, bumped with ``nextval``. Sequences take no row lock, so concurrent writers
  never wait for each other here (a counter row would serialise them and could deadlock with the
  round locks of the ledger). It is bumped twice: after each writing statement, so that the writing
  transaction itself sees a new number, and once more when the transaction commits (a deferred
  trigger, once per transaction), so that a page read between a write and its commit — cached under
  the first new number with the old figures — is not served after the commit.
- SQLite (development): a one-row table, bumped by row triggers; SQLite has a single writer anyway.

The triggers are installed after every ``migrate``, so a new table in one of those apps is covered
without a migration of its own; ``tests/foundation/test_data_version.py`` checks every table.
What remains is the moment between the commit-time bump and the commit becoming visible (the commit's
own write to disk); cached values also expire (``caching.TIMEOUT``).
"""

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, connections

TRACKED_APPS = ("initiatives", "tenders", "keypersons", "progress")
# Written on every visit of the network's pages and shown on none of the cached ones.
UNTRACKED_TABLES = frozenset({"keypersons_accesslog"})

NAME = "data_version"
TRIGGER = "data_version_bump"
AT_COMMIT = "data_version_at_commit"  # PostgreSQL only

POSTGRESQL_FUNCTIONS = [
    f"CREATE SEQUENCE IF NOT EXISTS {NAME}",
    f"""CREATE OR REPLACE FUNCTION {TRIGGER}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM nextval('{NAME}');
    RETURN NULL;
END $$""",
    # Fired for every written row at commit, it bumps once: the setting lives until the transaction ends.
    f"""CREATE OR REPLACE FUNCTION {AT_COMMIT}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('{NAME}.bumped_at_commit', true) IS DISTINCT FROM 'yes' THEN
        PERFORM nextval('{NAME}');
        PERFORM set_config('{NAME}.bumped_at_commit', 'yes', true);
    END IF;
    RETURN NULL;
END $$""",
]


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
    """The tables that have every trigger of the data version."""
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE t.tgname IN (%s, %s) AND c.relnamespace = 'public'::regnamespace "
                "GROUP BY c.relname HAVING count(*) = 2",
                [TRIGGER, AT_COMMIT],
            )
            return {name for (name,) in cursor.fetchall()}
        cursor.execute(
            "SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s "
            "GROUP BY tbl_name HAVING count(*) = 3",  # insert, update and delete
            [f"{TRIGGER}_%"],
        )
        return {name for (name,) in cursor.fetchall()}


def install(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """Create the counter and the triggers on every tracked table that lacks them; returns the tables done."""
    connection = connections[using]
    existing = set(connection.introspection.table_names()) - tables_with_trigger(using)
    missing = [table for table in tracked_tables() if table in existing]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for statement in POSTGRESQL_FUNCTIONS:
                cursor.execute(statement)
            for table in missing:
                quoted = connection.ops.quote_name(table)
                cursor.execute(f"DROP TRIGGER IF EXISTS {AT_COMMIT} ON {quoted}")
                cursor.execute(
                    f"CREATE OR REPLACE TRIGGER {TRIGGER} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
                    f"ON {quoted} FOR EACH STATEMENT EXECUTE FUNCTION {TRIGGER}()"
                )
                cursor.execute(
                    f"CREATE CONSTRAINT TRIGGER {AT_COMMIT} AFTER INSERT OR UPDATE OR DELETE ON {quoted} "
                    f"DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION {AT_COMMIT}()"
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

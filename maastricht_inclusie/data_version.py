"""One number that changes with every write to the data the portal's cached pages show.

Cached pages (the public progress pages, the directory, the ranking) are keyed by it, so a change
shows at once, and a cache hit costs one trivial query instead of a fingerprint over many tables.

The database keeps the number itself: triggers on every table of the registry, tenders, network and
progress apps bump it on every INSERT, UPDATE, DELETE or TRUNCATE, whoever writes — services, the
admin, bulk loads, queryset ``update()`` and raw SQL alike.

It is a PostgreSQL sequence, bumped with ``nextval``. Sequences take no row lock, so concurrent writers
never wait for each other here (a counter row would serialise them and could deadlock with the round
locks of the ledger). It is bumped twice: after each writing statement, so that the writing transaction
itself sees a new number, and once more when the transaction commits (a deferred trigger, once per
transaction), so that a page read between a write and its commit — cached under the first new number
with the old figures — is not served after the commit.

The triggers are declared in each app's migrations with `InstallTriggers`, naming the app's tables; a
migration that adds a table adds it there too (``tests/foundation/test_data_version.py`` checks that
every table of those apps has them). On SQLite — the embedded development default — there is no data
version and the page cache is off: every page is computed fresh (`enabled()`).
What remains is the moment between the commit-time bump and the commit becoming visible (the commit's
own write to disk); cached values also expire (``caching.TIMEOUT``).
"""

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.operations.base import Operation

TRACKED_APPS = ("initiatives", "tenders", "keypersons", "progress")
# The access log and the key persons its rows showed: written on every visit of the network's pages and shown
# on none of the cached ones.
UNTRACKED_TABLES = frozenset({"keypersons_accesslog", "keypersons_shownperson"})

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


def enabled(using: str = DEFAULT_DB_ALIAS) -> bool:
    """Whether the database keeps a data version (PostgreSQL); without one nothing is cached."""
    return connections[using].vendor == "postgresql"


def current(using: str = DEFAULT_DB_ALIAS) -> int | None:
    """The data version now (one query on a single row), or None where there is none (SQLite)."""
    if not enabled(using):
        return None
    with connections[using].cursor() as cursor:
        cursor.execute(f"SELECT last_value + CASE WHEN is_called THEN 0 ELSE -1 END FROM {NAME}")  # noqa: S608
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
    """The tables that have both triggers of the data version."""
    with connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE t.tgname IN (%s, %s) AND c.relnamespace = 'public'::regnamespace "
            "GROUP BY c.relname HAVING count(*) = 2",
            [TRIGGER, AT_COMMIT],
        )
        return {name for (name,) in cursor.fetchall()}


def _trigger_statements(connection, table: str) -> list[str]:
    quoted = connection.ops.quote_name(table)
    return [
        f"DROP TRIGGER IF EXISTS {AT_COMMIT} ON {quoted}",
        f"CREATE OR REPLACE TRIGGER {TRIGGER} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
        f"ON {quoted} FOR EACH STATEMENT EXECUTE FUNCTION {TRIGGER}()",
        f"CREATE CONSTRAINT TRIGGER {AT_COMMIT} AFTER INSERT OR UPDATE OR DELETE ON {quoted} "
        f"DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION {AT_COMMIT}()",
    ]


class InstallTriggers(Operation):
    """A migration operation: the data version's sequence, functions and triggers on the named tables.

    Only on PostgreSQL; elsewhere it does nothing (there is no data version, see `enabled`). Running it
    again is harmless (every statement replaces what exists), so a table can be named in a later
    migration after a change to it.
    """

    reversible = True
    reduces_to_sql = False

    def __init__(self, tables: list[str]):
        self.tables = list(tables)

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        connection = schema_editor.connection
        if connection.vendor == "sqlite":
            # Development databases made before the triggers were declared here had SQLite twins of them.
            for table in self.tables:
                for event in ("insert", "update", "delete"):
                    schema_editor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER}_{event}_{table}")
            return
        if connection.vendor != "postgresql":
            return
        for statement in POSTGRESQL_FUNCTIONS:
            schema_editor.execute(statement)
        for table in self.tables:
            for statement in _trigger_statements(connection, table):
                schema_editor.execute(statement)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        connection = schema_editor.connection
        if connection.vendor != "postgresql":
            return
        for table in self.tables:
            quoted = connection.ops.quote_name(table)
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER} ON {quoted}")
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {AT_COMMIT} ON {quoted}")

    def describe(self):
        return f"Data-version triggers on {len(self.tables)} tables"

    def deconstruct(self):
        return ("maastricht_inclusie.data_version.InstallTriggers", [], {"tables": self.tables})

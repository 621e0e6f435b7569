"""One number that changes with every write to the data the portal's cached pages show.

Cached pages (the public progress pages, the directory, the ranking) are keyed by it, so a change
shows at once (on the public pages within seconds: `caching.cached_public_page`), and a cache hit costs one
trivial query instead of a fingerprint over many tables.

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

Besides the one number, each table group has a number of its own (`GROUPS`: the registry, the tenders, the
assessments, the key-person network and progress), bumped by the same triggers in the same way. A public page is
keyed on the groups it reads (`versions`), so that an officer's stream of writes empties only the pages that
show what was written: a contact moment in the network leaves the subsidy register and the directory cached.
"""

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.operations.base import Operation

TRACKED_APPS = ("initiatives", "tenders", "keypersons", "progress")
# The access log and the key persons its rows showed: written on every visit of the network's pages and shown
# on none of the cached ones.
UNTRACKED_TABLES = frozenset({"keypersons_accesslog", "keypersons_shownperson"})

# The number of each table group: an app's tables are in the app's group, except the tables named here.
GROUP_OF_APP = {
    "initiatives": "registry",
    "tenders": "tenders",
    "keypersons": "network",
    "progress": "progress",
}
# Assessments are written all day during a round and shown on no public page.
GROUP_OF_TABLE = {
    "tenders_assessment": "assessment",
    "tenders_score": "assessment",
    "tenders_consensusscore": "assessment",
    "tenders_scoretotal": "assessment",
}
GROUPS = ("registry", "tenders", "assessment", "network", "progress")

NAME = "data_version"
TRIGGER = "data_version_bump"
AT_COMMIT = "data_version_at_commit"  # PostgreSQL only


def sequence(group: str) -> str:
    """The name of a group's sequence."""
    return f"{NAME}_{group}"


# The triggers pass their table's group as their argument (TG_ARGV[0]); a trigger made before the groups
# existed has none and bumps the one number only.
POSTGRESQL_FUNCTIONS = [
    f"CREATE SEQUENCE IF NOT EXISTS {NAME}",
    *(f"CREATE SEQUENCE IF NOT EXISTS {sequence(group)}" for group in GROUPS),
    f"""CREATE OR REPLACE FUNCTION {TRIGGER}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM nextval('{NAME}');
    IF TG_NARGS > 0 THEN
        PERFORM nextval('{NAME}_' || TG_ARGV[0]);
    END IF;
    RETURN NULL;
END $$""",
    # Fired for every written row at commit, it bumps once per transaction and group: the settings live until
    # the transaction ends.
    f"""CREATE OR REPLACE FUNCTION {AT_COMMIT}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('{NAME}.bumped_at_commit', true) IS DISTINCT FROM 'yes' THEN
        PERFORM nextval('{NAME}');
        PERFORM set_config('{NAME}.bumped_at_commit', 'yes', true);
    END IF;
    IF TG_NARGS > 0 AND current_setting('{NAME}.bumped_' || TG_ARGV[0], true) IS DISTINCT FROM 'yes' THEN
        PERFORM nextval('{NAME}_' || TG_ARGV[0]);
        PERFORM set_config('{NAME}.bumped_' || TG_ARGV[0], 'yes', true);
    END IF;
    RETURN NULL;
END $$""",
]


def group_of(table: str) -> str:
    """The group whose number a write to `table` bumps (its app's, from the name Django gives the table)."""
    app_label = table.split("_", 1)[0]
    return GROUP_OF_TABLE.get(table, GROUP_OF_APP.get(app_label, app_label))


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


def _last_value(name: str) -> str:
    return f"(SELECT last_value + CASE WHEN is_called THEN 0 ELSE -1 END FROM {name})"  # noqa: S608 (names from GROUPS)


def versions(groups: tuple[str, ...], using: str = DEFAULT_DB_ALIAS) -> str | None:
    """The numbers of the named groups now, as one key (one query), or None where there are none (SQLite)."""
    if not enabled(using):
        return None
    unknown = set(groups) - set(GROUPS)
    if unknown:
        raise ValueError(f"Unknown data-version groups: {sorted(unknown)}")
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(_last_value(sequence(group)) for group in groups))
        row = cursor.fetchone()
    return ".".join(f"{group[0]}{number}" for group, number in zip(groups, row, strict=True))


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


def trigger_groups(using: str = DEFAULT_DB_ALIAS) -> dict[str, str]:
    """Each table with the data version's statement trigger, and the group its trigger bumps ('' for none)."""
    with connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, t.tgnargs, t.tgargs FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE t.tgname = %s AND c.relnamespace = 'public'::regnamespace",
            [TRIGGER],
        )
        return {
            name: bytes(args).split(b"\x00")[0].decode() if nargs else ""
            for name, nargs, args in cursor.fetchall()
        }


def _trigger_statements(connection, table: str, group: str | None) -> list[str]:
    """The triggers of `table`, bumping `group` besides the one number (None: the one number only)."""
    quoted = connection.ops.quote_name(table)
    if group is not None and group not in GROUPS:
        raise ValueError(f"Unknown data-version group: {group}")
    argument = "" if group is None else f"'{group}'"
    return [
        f"DROP TRIGGER IF EXISTS {AT_COMMIT} ON {quoted}",
        f"CREATE OR REPLACE TRIGGER {TRIGGER} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
        f"ON {quoted} FOR EACH STATEMENT EXECUTE FUNCTION {TRIGGER}({argument})",
        f"CREATE CONSTRAINT TRIGGER {AT_COMMIT} AFTER INSERT OR UPDATE OR DELETE ON {quoted} "
        f"DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION {AT_COMMIT}({argument})",
    ]


class InstallTriggers(Operation):
    """A migration operation: the data version's sequence, functions and triggers on the named tables.

    Only on PostgreSQL; elsewhere it does nothing (there is no data version, see `enabled`). Running it
    again is harmless (every statement replaces what exists), so a table can be named in a later
    migration after a change to it.

    With ``regroup=True`` it gives tables that already had triggers their group (migrations made before the
    groups); undone, such a migration leaves the tables with the triggers of the one number only.
    """

    reversible = True
    reduces_to_sql = False

    def __init__(self, tables: list[str], regroup: bool = False):
        self.tables = list(tables)
        self.regroup = regroup

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
            for statement in _trigger_statements(connection, table, group_of(table)):
                schema_editor.execute(statement)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        connection = schema_editor.connection
        if connection.vendor != "postgresql":
            return
        for table in self.tables:
            if self.regroup:
                for statement in _trigger_statements(connection, table, None):
                    schema_editor.execute(statement)
                continue
            quoted = connection.ops.quote_name(table)
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER} ON {quoted}")
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {AT_COMMIT} ON {quoted}")

    def describe(self):
        return f"Data-version triggers on {len(self.tables)} tables"

    def deconstruct(self):
        kwargs = {"tables": self.tables, **({"regroup": True} if self.regroup else {})}
        return ("maastricht_inclusie.data_version.InstallTriggers", [], kwargs)

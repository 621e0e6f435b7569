"""The mark that makes a database a bench database: the only kind the bench tools fill or empty.

`--yes-i-know` once let `generate_bench_data --flush` empty a database with production settings. So the tools now
ask the database itself: on PostgreSQL its comment (`COMMENT ON DATABASE`, which only the database's owner or a
superuser can set — never the portal's own role), on SQLite the file's application id. bench/run.py and
bench/exports.py mark the databases they create, and the test suite marks its test database; any other database
is refused. The access log's TRUNCATE guard (keypersons migration 0007) lets only a marked database be emptied.
To mark a scratch database by hand, as its owner:

    COMMENT ON DATABASE bench IS 'maastricht-inclusie bench database: its data may be deleted';
"""

from django.db import connection as default_connection

MARK = "maastricht-inclusie bench database: its data may be deleted"
SQLITE_APPLICATION_ID = 0x4D49424E  # "MIBN"


def is_bench_database(connection=default_connection) -> bool:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = current_database()"
            )
            return cursor.fetchone()[0] == MARK
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA application_id")
            return cursor.fetchone()[0] == SQLITE_APPLICATION_ID
    return False


def mark_bench_database(connection=default_connection, *, marked: bool = True) -> None:
    """Mark (or unmark) the database the connection is on; needs the rights of its owner."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            name = connection.ops.quote_name(connection.settings_dict["NAME"])
            comment = f"'{MARK}'" if marked else "NULL"
            cursor.execute(f"COMMENT ON DATABASE {name} IS {comment}")
        elif connection.vendor == "sqlite":
            cursor.execute(f"PRAGMA application_id = {SQLITE_APPLICATION_ID if marked else 0}")

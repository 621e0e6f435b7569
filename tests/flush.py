"""A quicker way to empty the test database after a transactional test (and a live-server test), on PostgreSQL.

Django's `flush` empties every table with one TRUNCATE of all of them. PostgreSQL gives each truncated table and
each of its indexes a new file, so that costs the same whether a table held rows or not: about two seconds for the
portal's hundred tables, after every transactional test. The tests leave rows in a few tables; this deletes those
rows and touches no other table. The end is the same as Django's: every table of the portal's models empty (the
post-migrate signal then brings back content types, permissions and roles, as after Django's flush), and the
data version moved on, as the TRUNCATE triggers of the tracked tables move it.

The DELETEs run with `session_replication_role = replica`, as a restore does: no trigger fires, so neither the
foreign keys (every table is emptied in one transaction anyway) nor the guards that refuse to delete an issued
letter's frozen content or a line of the append-only access log (which refuses a TRUNCATE only outside a scratch
database, and the test database is one). That needs a superuser, which the test database's owner is in CI and
in the README's setup; anywhere else, on SQLite, or when sequences are to be reset, Django's own flush runs.
"""

from django.core.management.sql import sql_flush

from maastricht_inclusie.data_version import NAME


def sql_flush_of_filled_tables(style, connection, reset_sequences=True, allow_cascade=False):
    """The statements that empty the tables that hold rows (the `sql_flush` of Django's flush command)."""
    if connection.vendor != "postgresql" or reset_sequences or not _superuser(connection):
        return sql_flush(style, connection, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        exists = (f"SELECT %s WHERE EXISTS (SELECT FROM {quote(table)})" for table in tables)  # noqa: S608 (quoted names)
        cursor.execute(" UNION ALL ".join(exists), tables)
        filled = [table for (table,) in cursor.fetchall()]
    # execute_sql_flush runs these in one transaction: SET LOCAL ends with it (and is undone before, to be sure).
    return [
        "SET LOCAL session_replication_role = replica",
        *(f"DELETE FROM {quote(table)}" for table in filled),  # noqa: S608 (the names of the tables, quoted)
        "SET LOCAL session_replication_role = DEFAULT",
        # What the TRUNCATE triggers of the tracked tables do: the data version and each group's number move on.
        f"SELECT nextval(oid::regclass) FROM pg_class WHERE relkind = 'S' AND relname ~ '^{NAME}(_|$)'"  # noqa: S608
        " AND relnamespace = current_schema()::regnamespace",
    ]


def _superuser(connection) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('is_superuser') = 'on'")
        return cursor.fetchone()[0]

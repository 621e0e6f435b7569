"""A cursor whose statements PostgreSQL prepares: planned once per connection instead of on every execution (issue 22).

Django's cursors bind their parameters on the client and are never prepared, so a statement that every request
runs is planned every time — for the signed-in user with their rights, half of its cost. This cursor binds on the
server, and the connection prepares what it runs (`prepare_threshold` in the settings; a deployment behind a
connection pooler in transaction mode turns it off with DATABASE_PREPARED_STATEMENTS=0, and the statements are then
simply planned each time). It is wrapped as Django wraps its own cursors, so its queries are counted and logged like
any other. For statements whose text is the same on every call (`%s` for every value, `= ANY(%s)` for a list).
"""

from contextlib import contextmanager

import psycopg
from django.db import connection
from django.db.backends.postgresql.base import CursorDebugWrapper
from django.db.backends.utils import CursorWrapper


class _Logged(CursorDebugWrapper):
    """Logs the statement as written: a prepared statement runs by its name, so the driver has no text of it to
    show (Django's own logging would record None)."""

    def execute(self, sql, params=None):
        with self.debug_sql(sql, params):
            return CursorWrapper.execute(
                self, sql, params
            )  # not the parent's: it would log the statement again


@contextmanager
def prepared_cursor():
    connection.ensure_connection()
    raw = psycopg.Cursor(connection.connection)
    with _Logged(raw, connection) if connection.queries_logged else connection.make_cursor(raw) as cursor:
        yield cursor

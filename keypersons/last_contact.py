"""Triggers that keep `LastContact` (each key person's latest contact date) in step with the contacts.

Contact moments and their links to key persons are written by the services, the benchmark's bulk
loader, the tests' factories and raw SQL alike, so the database keeps the summary itself, with
triggers on the two tables it is derived from:

- a link added: the person's date becomes the later of the two (never earlier, so two contacts
  logged at the same time cannot overwrite each other's date);
- a link removed or moved (erasure unlinks a person's contacts): the date is worked out again from
  the person's remaining contacts, and the row goes when none are left;
- a contact's date changed: the same, for everyone linked to it.

PostgreSQL gets statement triggers that see all rows of a bulk insert at once; SQLite (development and
the test suite) gets row triggers. They are installed after ``migrate`` (and the summary worked out from
the contacts when they were missing). On SQLite they are dropped before every ``migrate`` and come back
after it: SQLite rebuilds a table to alter it, and a trigger that names the table being swapped in
would stop the migration. ``tests/keypersons/test_last_contact.py`` checks every path against the
contacts themselves.
"""

from django.db import DEFAULT_DB_ALIAS, connections

# Spelled out rather than read from the models, so that the migrations that use this module keep
# meaning what they meant (the test suite checks these against the models).
NAMES = {
    "summary": "keypersons_lastcontact",
    "links": "keypersons_contactmoment_key_persons",
    "contacts": "keypersons_contactmoment",
    "prefix": "keypersons_last_contact",
}


POSTGRESQL_FUNCTIONS = [
    # The latest contact of the people in `people`, written over what the summary held for them.
    """
CREATE OR REPLACE FUNCTION {prefix}_refresh(people bigint[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM {summary} s WHERE s.key_person_id = ANY(people) AND NOT EXISTS (
        SELECT 1 FROM {links} l JOIN {contacts} c ON c.id = l.contactmoment_id WHERE l.keyperson_id = s.key_person_id
    );
    INSERT INTO {summary} (key_person_id, occurred_on)
        SELECT l.keyperson_id, max(c.occurred_on) FROM {links} l JOIN {contacts} c ON c.id = l.contactmoment_id
        WHERE l.keyperson_id = ANY(people) GROUP BY l.keyperson_id
    ON CONFLICT (key_person_id) DO UPDATE SET occurred_on = EXCLUDED.occurred_on;
END $$
""",
    """
CREATE OR REPLACE FUNCTION {prefix}_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO {summary} (key_person_id, occurred_on)
        SELECT a.keyperson_id, max(c.occurred_on) FROM added a JOIN {contacts} c ON c.id = a.contactmoment_id
        GROUP BY a.keyperson_id ORDER BY a.keyperson_id  -- rows locked in one order: no deadlock between two
    ON CONFLICT (key_person_id) DO UPDATE SET occurred_on = GREATEST({summary}.occurred_on, EXCLUDED.occurred_on);
    RETURN NULL;
END $$
""",
    """
CREATE OR REPLACE FUNCTION {prefix}_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM {prefix}_refresh(ARRAY(SELECT DISTINCT keyperson_id FROM removed));
    RETURN NULL;
END $$
""",
    """
CREATE OR REPLACE FUNCTION {prefix}_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM {prefix}_refresh(ARRAY(SELECT keyperson_id FROM before UNION SELECT keyperson_id FROM after));
    RETURN NULL;
END $$
""",
    """
CREATE OR REPLACE FUNCTION {prefix}_redated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM {prefix}_refresh(ARRAY(
        SELECT DISTINCT l.keyperson_id FROM after a JOIN before b ON b.id = a.id
        JOIN {links} l ON l.contactmoment_id = a.id
        WHERE a.occurred_on IS DISTINCT FROM b.occurred_on
    ));
    RETURN NULL;
END $$
""",
    """
CREATE OR REPLACE FUNCTION {prefix}_emptied() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM {summary};
    RETURN NULL;
END $$
""",
]

POSTGRESQL_TRIGGERS = [
    "CREATE OR REPLACE TRIGGER {prefix}_added AFTER INSERT ON {links} "
    "REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION {prefix}_added()",
    "CREATE OR REPLACE TRIGGER {prefix}_removed AFTER DELETE ON {links} "
    "REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION {prefix}_removed()",
    "CREATE OR REPLACE TRIGGER {prefix}_moved AFTER UPDATE ON {links} "
    "REFERENCING OLD TABLE AS before NEW TABLE AS after FOR EACH STATEMENT EXECUTE FUNCTION {prefix}_moved()",
    "CREATE OR REPLACE TRIGGER {prefix}_emptied AFTER TRUNCATE ON {links} "
    "FOR EACH STATEMENT EXECUTE FUNCTION {prefix}_emptied()",
    "CREATE OR REPLACE TRIGGER {prefix}_redated AFTER UPDATE ON {contacts} "
    "REFERENCING OLD TABLE AS before NEW TABLE AS after FOR EACH STATEMENT EXECUTE FUNCTION {prefix}_redated()",
]

POSTGRESQL = POSTGRESQL_FUNCTIONS + POSTGRESQL_TRIGGERS

POSTGRESQL_DROP = [
    "DROP TRIGGER IF EXISTS {prefix}_added ON {links}",
    "DROP TRIGGER IF EXISTS {prefix}_removed ON {links}",
    "DROP TRIGGER IF EXISTS {prefix}_moved ON {links}",
    "DROP TRIGGER IF EXISTS {prefix}_emptied ON {links}",
    "DROP TRIGGER IF EXISTS {prefix}_redated ON {contacts}",
    "DROP FUNCTION IF EXISTS {prefix}_added(), {prefix}_removed(), {prefix}_moved(), {prefix}_redated(), "
    "{prefix}_emptied(), {prefix}_refresh(bigint[])",
]

# SQLite: row triggers; a refresh deletes the people's rows and inserts them again from their contacts.
SQLITE = [
    # The WHERE clause is needed: without it SQLite would read ON CONFLICT as a join's ON.
    """
CREATE TRIGGER IF NOT EXISTS {prefix}_added AFTER INSERT ON {links} BEGIN
    INSERT INTO {summary} (key_person_id, occurred_on)
        SELECT NEW.keyperson_id, c.occurred_on FROM {contacts} c WHERE c.id = NEW.contactmoment_id
    ON CONFLICT (key_person_id) DO UPDATE SET occurred_on = max(occurred_on, excluded.occurred_on);
END
""",
    """
CREATE TRIGGER IF NOT EXISTS {prefix}_removed AFTER DELETE ON {links} BEGIN
    DELETE FROM {summary} WHERE key_person_id = OLD.keyperson_id;
    INSERT INTO {summary} (key_person_id, occurred_on)
        SELECT l.keyperson_id, max(c.occurred_on) FROM {links} l JOIN {contacts} c ON c.id = l.contactmoment_id
        WHERE l.keyperson_id = OLD.keyperson_id GROUP BY l.keyperson_id;
END
""",
    """
CREATE TRIGGER IF NOT EXISTS {prefix}_moved AFTER UPDATE ON {links} BEGIN
    DELETE FROM {summary} WHERE key_person_id IN (OLD.keyperson_id, NEW.keyperson_id);
    INSERT INTO {summary} (key_person_id, occurred_on)
        SELECT l.keyperson_id, max(c.occurred_on) FROM {links} l JOIN {contacts} c ON c.id = l.contactmoment_id
        WHERE l.keyperson_id IN (OLD.keyperson_id, NEW.keyperson_id) GROUP BY l.keyperson_id;
END
""",
    """
CREATE TRIGGER IF NOT EXISTS {prefix}_redated AFTER UPDATE OF occurred_on ON {contacts} BEGIN
    DELETE FROM {summary} WHERE key_person_id IN (SELECT keyperson_id FROM {links} WHERE contactmoment_id = NEW.id);
    INSERT INTO {summary} (key_person_id, occurred_on)
        SELECT l.keyperson_id, max(c.occurred_on) FROM {links} l JOIN {contacts} c ON c.id = l.contactmoment_id
        WHERE l.keyperson_id IN (SELECT keyperson_id FROM {links} WHERE contactmoment_id = NEW.id)
        GROUP BY l.keyperson_id;
END
""",
]

SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS {{prefix}}_{name}" for name in ("added", "removed", "moved", "redated")
]

REBUILD = [
    "DELETE FROM {summary}",
    "INSERT INTO {summary} (key_person_id, occurred_on) "
    "SELECT l.keyperson_id, max(c.occurred_on) FROM {links} l JOIN {contacts} c ON c.id = l.contactmoment_id "
    "GROUP BY l.keyperson_id",
]


def _execute(statements: list[str], using: str) -> None:
    with connections[using].cursor() as cursor:
        for statement in statements:
            cursor.execute(statement.format(**NAMES))


def _statements(using: str, postgresql: list[str], sqlite: list[str]) -> list[str]:
    vendor = connections[using].vendor
    if vendor == "postgresql":
        return postgresql
    if vendor == "sqlite":
        return sqlite
    raise NotImplementedError(f"No last-contact triggers for {vendor}.")  # pragma: no cover


def installed(using: str = DEFAULT_DB_ALIAS) -> bool:
    """Whether every trigger is in place."""
    connection = connections[using]
    pattern = [f"{NAMES['prefix']}_%"]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT count(*) FROM pg_trigger WHERE tgname LIKE %s AND NOT tgisinternal", pattern
            )
            return cursor.fetchone()[0] == len(POSTGRESQL_TRIGGERS)
        cursor.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s", pattern)
        return cursor.fetchone()[0] == len(SQLITE)


def install(using: str = DEFAULT_DB_ALIAS) -> bool:
    """Create the triggers where they are missing (idempotent); False when the tables are not there."""
    existing = set(connections[using].introspection.table_names())
    if not {NAMES["summary"], NAMES["links"], NAMES["contacts"]} <= existing:
        return False
    _execute(_statements(using, POSTGRESQL, SQLITE), using)
    return True


def uninstall(using: str = DEFAULT_DB_ALIAS) -> None:
    _execute(_statements(using, POSTGRESQL_DROP, SQLITE_DROP), using)


def rebuild(using: str = DEFAULT_DB_ALIAS) -> None:
    """Work the summary out again from all contacts (after installing the triggers on existing data)."""
    _execute(REBUILD, using)


def uninstall_before_migrate(sender, app_config=None, using=DEFAULT_DB_ALIAS, **kwargs):
    if app_config is not None and app_config.label == "keypersons" and connections[using].vendor == "sqlite":
        uninstall(using)


def install_after_migrate(sender, app_config=None, using=DEFAULT_DB_ALIAS, **kwargs):
    if app_config is None or app_config.label != "keypersons":
        return
    if not installed(using):
        if install(using):
            rebuild(using)  # what was written while they were missing
    elif connections[using].vendor == "postgresql":
        # The functions' code may be newer; replacing a function takes no lock on the tables, replacing a
        # trigger would, at every deploy.
        _execute(POSTGRESQL_FUNCTIONS, using)

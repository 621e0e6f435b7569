"""The portal connects to PostgreSQL as a role that may read and write rows but owns nothing
(ops/postgres-init/01-roles.sh): it cannot empty, change or drop a table, nor take the append-only trigger off
the key-person access log. The migrations run as the owner role."""

import os
import secrets
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from django.db import connection
from psycopg import errors, sql

from bench.marker import MARK

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "ops" / "postgres-init" / "01-roles.sh"
pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="the roles are PostgreSQL's")


def _url(database: str, user: str | None = None, password: str | None = None) -> str:
    s = connection.settings_dict
    user = user or s["USER"]
    password = password if password is not None else s.get("PASSWORD") or ""
    secret = f":{password}" if password else ""
    return f"postgres://{user}{secret}@{s['HOST'] or 'localhost'}:{s['PORT'] or 5432}/{database}"


def _manage(*args: str, database_url: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    environment.update(DEBUG="1", DATABASE_URL=database_url)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def portal_database():
    """A scratch database set up by the init script, as the postgres image does, with names of its own."""
    suffix = uuid.uuid4().hex[:8]
    names = {"database": f"roles_{suffix}", "owner": f"portal_owner_{suffix}", "app": f"portal_app_{suffix}"}
    passwords = {"owner": secrets.token_urlsafe(24), "app": secrets.token_urlsafe(24)}
    s = connection.settings_dict
    with psycopg.connect(_url("postgres"), autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(names["database"])))
    try:
        environment = {
            "PATH": "/usr/bin:/bin", "PGHOST": s["HOST"] or "localhost", "PGPORT": str(s["PORT"] or 5432),
            "PGPASSWORD": s.get("PASSWORD") or "", "POSTGRES_USER": s["USER"], "PORTAL_DATABASE": names["database"],
            "PORTAL_OWNER_ROLE": names["owner"], "PORTAL_APP_ROLE": names["app"],
            "PORTAL_OWNER_PASSWORD": passwords["owner"], "PORTAL_APP_PASSWORD": passwords["app"],
        }  # fmt: skip
        for _ in range(2):  # it may run again on the same database
            result = subprocess.run([SCRIPT], env=environment, capture_output=True, text=True)
            assert result.returncode == 0, result.stderr
        yield {
            "names": names,
            "owner_url": _url(names["database"], names["owner"], passwords["owner"]),
            "app_url": _url(names["database"], names["app"], passwords["app"]),
        }
    finally:
        with psycopg.connect(_url("postgres"), autocommit=True) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(names["database"]))
            )
            for role in (names["app"], names["owner"]):
                admin.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(role)))


def test_the_owner_migrates_and_the_app_role_writes_rows_but_cannot_change_the_tables(portal_database):
    migrated = _manage("migrate", "--noinput", database_url=portal_database["owner_url"])
    assert migrated.returncode == 0, migrated.stderr

    # The portal itself, as the app role: the migrations are seen as applied, and it writes through the ORM
    # (the data-version triggers use their sequence as the app role).
    assert _manage("migrate", "--check", database_url=portal_database["app_url"]).returncode == 0
    written = _manage(
        "shell", "-c",
        "from initiatives.models import Neighbourhood; from keypersons.models import AccessLog; "
        "from maastricht_inclusie import data_version; before = data_version.current(); "
        "Neighbourhood.objects.create(code='T1', name='Proefbuurt', district='Proef'); "
        "AccessLog.objects.create(what='view', object_type='keyperson', object_id=1); "
        "print(data_version.current() > before, AccessLog.objects.count())",
        database_url=portal_database["app_url"],
    )  # fmt: skip
    assert written.returncode == 0, written.stderr
    assert written.stdout.split()[-2:] == ["True", "1"]

    refused = {
        "TRUNCATE keypersons_accesslog": errors.InsufficientPrivilege,
        "DROP TABLE keypersons_accesslog": errors.InsufficientPrivilege,
        "ALTER TABLE keypersons_accesslog DISABLE TRIGGER keypersons_accesslog_append_only": errors.InsufficientPrivilege,
        "DROP TRIGGER keypersons_accesslog_append_only ON keypersons_accesslog": errors.InsufficientPrivilege,
        "DROP FUNCTION keypersons_accesslog_append_only()": errors.InsufficientPrivilege,
        "ALTER TABLE initiatives_neighbourhood ADD COLUMN note text": errors.InsufficientPrivilege,
        "TRUNCATE initiatives_neighbourhood": errors.InsufficientPrivilege,
        "CREATE TABLE stash (secret text)": errors.InsufficientPrivilege,
        "SET session_replication_role = replica": errors.InsufficientPrivilege,
        "DELETE FROM keypersons_accesslog": errors.RaiseException,  # the append-only trigger is still there
        # The purge's own setting does not open the door: the deleting must be done as the owner, by the purge.
        "SELECT set_config('keypersons.access_log_purge', 'on', false); DELETE FROM keypersons_accesslog": errors.RaiseException,
        "TRUNCATE keypersons_shownperson": errors.InsufficientPrivilege,
        "ALTER TABLE keypersons_shownperson DISABLE TRIGGER keypersons_shownperson_append_only": errors.InsufficientPrivilege,
        "ALTER TABLE keypersons_accesslog DISABLE TRIGGER keypersons_accesslog_no_truncate": errors.InsufficientPrivilege,
        "CREATE OR REPLACE FUNCTION keypersons_purge_access_log() RETURNS integer LANGUAGE sql AS 'SELECT 0'": errors.InsufficientPrivilege,
        # Nor can it mark its database as a bench database, which the TRUNCATE guard lets be emptied.
        f"COMMENT ON DATABASE {portal_database['names']['database']} IS '{MARK}'": errors.InsufficientPrivilege,
    }  # fmt: skip
    outcomes = {}
    with psycopg.connect(portal_database["app_url"], autocommit=True) as app:
        for statement in refused:
            try:
                app.execute(statement)
            except psycopg.Error as error:
                outcomes[statement] = type(error)
            else:
                outcomes[statement] = None
        app.execute(
            "INSERT INTO keypersons_accesslog (at, what, object_type, path) VALUES (now(), 'list', 'signal', '')"
        )
        # The retention purge is the one way rows leave: the app role may call it, and it logs itself.
        (purged,) = app.execute("SELECT keypersons_purge_access_log()").fetchone()
        (rows,) = app.execute("SELECT count(*) FROM keypersons_accesslog").fetchone()
        (owner,) = app.execute(
            "SELECT tableowner FROM pg_tables WHERE tablename = 'keypersons_accesslog'"
        ).fetchone()

    assert outcomes == refused
    assert purged == 0 and rows == 3
    assert owner == portal_database["names"]["owner"]

    # Even the owner, who runs the migrations, cannot empty the log of a database that is not a bench database.
    with (
        psycopg.connect(portal_database["owner_url"], autocommit=True) as owner_connection,
        pytest.raises(errors.RaiseException, match="append-only"),
    ):
        owner_connection.execute("TRUNCATE keypersons_accesslog, keypersons_shownperson")


def test_other_roles_cannot_even_connect_to_the_portal_database(portal_database):
    stranger = f"stranger_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(_url("postgres"), autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(stranger)))
    try:
        with pytest.raises(psycopg.OperationalError, match="permission denied"):
            psycopg.connect(_url(portal_database["names"]["database"], stranger, "")).close()
    finally:
        with psycopg.connect(_url("postgres"), autocommit=True) as admin:
            admin.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(stranger)))

"""The documented backup and restore (ops/backup, ops/restore): a dump restored into an empty database
holds the same records, and the private files come back."""

import subprocess
import tarfile
import uuid
from pathlib import Path

import psycopg
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from keypersons.models import AccessLog
from maastricht_inclusie import data_version
from tenders.models import Application, Attachment
from tests.factories import UserFactory, assessed_application, consented

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="backups are of PostgreSQL")


def _url(name: str) -> str:
    s = connection.settings_dict
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    return f"postgres://{s['USER']}{password}@{s['HOST'] or 'localhost'}:{s['PORT'] or 5432}/{name}"


def _counts(cursor, tables):
    result = {}
    for table in tables:
        cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 - table names from the models
        result[table] = cursor.fetchone()[0]
    return result


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_into_an_empty_database_with_the_same_records(settings, tmp_path, roles):
    media, restored_media, backup = tmp_path / "media", tmp_path / "restored-media", tmp_path / "backup"
    settings.PRIVATE_MEDIA_ROOT = media
    officer = UserFactory(roles=["beleidsmedewerker"])
    application = assessed_application(officer=officer)
    Attachment.objects.create(
        application=application, kind="report", original_name="plan.pdf", content_type="application/pdf", size=13,
        uploaded_by=officer, file=SimpleUploadedFile("plan.pdf", b"%PDF-1.4\n%%EOF"),
    )  # fmt: skip
    consented(name="Terug Gezet")
    AccessLog.objects.create(user=officer, what="view", object_type="keyperson", object_id=1)
    tables = [m._meta.db_table for m in (Application, Attachment, AccessLog)] + ["keypersons_keyperson", "tenders_budgetentry", "maastricht_inclusie_user"]  # fmt: skip
    with connection.cursor() as cursor:
        before = _counts(cursor, tables)

    source_env = {"DATABASE_URL": _url(connection.settings_dict["NAME"]), "PRIVATE_MEDIA_ROOT": str(media), "PATH": "/usr/bin:/bin"}  # fmt: skip
    subprocess.run([ROOT / "ops" / "backup", backup], env=source_env, check=True, capture_output=True)

    empty = f"restore_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(_url("postgres"), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{empty}"')
    try:
        target_env = {**source_env, "DATABASE_URL": _url(empty), "PRIVATE_MEDIA_ROOT": str(restored_media)}
        subprocess.run([ROOT / "ops" / "restore", backup], env=target_env, check=True, capture_output=True)
        with psycopg.connect(_url(empty)) as restored, restored.cursor() as cursor:
            after = _counts(cursor, tables)
            cursor.execute("SELECT reference FROM tenders_application WHERE id = %s", [application.pk])
            reference = cursor.fetchone()[0]
            cursor.execute("SELECT name FROM keypersons_keyperson")
            names = [row[0] for row in cursor.fetchall()]
            cursor.execute("SELECT last_value FROM data_version")
            restored_version = cursor.fetchone()[0]
            cursor.execute("SELECT last_value FROM data_version_registry")
            restored_registry = cursor.fetchone()[0]
        again = subprocess.run(
            [ROOT / "ops" / "restore", backup], env=target_env, capture_output=True, text=True
        )
    finally:
        with psycopg.connect(_url("postgres"), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{empty}" WITH (FORCE)')

    assert after == before
    assert before["tenders_application"] == before["keypersons_accesslog"] == 1
    assert reference == application.reference
    assert names == ["Terug Gezet"]
    assert restored_version > data_version.current() + 1000  # past every cache key made before the restore
    assert restored_registry > int(data_version.versions(("registry",))[1:]) + 1000  # and each group's number
    stored = Attachment.objects.get().file.name
    assert (restored_media / stored).read_bytes() == b"%PDF-1.4\n%%EOF"
    assert again.returncode != 0 and "not empty" in again.stderr  # never over an existing database


@pytest.mark.django_db
def test_with_object_storage_the_backup_says_that_the_files_are_in_the_bucket(tmp_path):
    media, backup = tmp_path / "media", tmp_path / "backup"
    media.mkdir()
    (media / "oud.pdf").write_bytes(
        b"%PDF-1.4\n%%EOF"
    )  # a folder left from before the bucket is not backed up
    environment = {"DATABASE_URL": _url(connection.settings_dict["NAME"]), "PRIVATE_MEDIA_ROOT": str(media),
                   "AWS_STORAGE_BUCKET_NAME": "portaal-bijlagen", "PATH": "/usr/bin:/bin"}  # fmt: skip

    result = subprocess.run(
        [ROOT / "ops" / "backup", backup], env=environment, capture_output=True, text=True
    )

    assert result.returncode == 0, result.stderr
    assert "portaal-bijlagen" in result.stderr and "database only" in result.stderr
    with tarfile.open(backup / "private-media.tar.gz") as archive:
        assert archive.getnames() == []
    assert (backup / "database.dump").read_bytes().startswith(b"PGDMP")

"""Backups hold sessions, two-factor secrets and key persons: only their owner may read them, and with an age
recipient they are encrypted (ops/backup, ops/restore)."""

import os
import shutil
import stat
import subprocess
import uuid
from pathlib import Path

import psycopg
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from tenders.models import Attachment
from tests.factories import UserFactory, assessed_application, consented

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="backups are of PostgreSQL")
needs_age = pytest.mark.skipif(
    shutil.which("age") is None or shutil.which("age-keygen") is None,
    reason="age is not installed (Debian package age; .ci/run installs it)",
)
PDF = b"%PDF-1.4\n%%EOF"


def _url(name: str) -> str:
    s = connection.settings_dict
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    return f"postgres://{s['USER']}{password}@{s['HOST'] or 'localhost'}:{s['PORT'] or 5432}/{name}"


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _backup(backup: Path, media: Path, **env: str) -> subprocess.CompletedProcess:
    environment = {"DATABASE_URL": _url(connection.settings_dict["NAME"]), "PRIVATE_MEDIA_ROOT": str(media),
                   "PATH": "/usr/bin:/bin", **env}  # fmt: skip
    return subprocess.run([ROOT / "ops" / "backup", backup], env=environment, capture_output=True, text=True)


def _key_pair(tmp_path: Path) -> tuple[str, Path]:
    identity = tmp_path / "keys" / "backup.key"
    identity.parent.mkdir()
    subprocess.run(["age-keygen", "-o", identity], check=True, capture_output=True)
    recipient = subprocess.run(["age-keygen", "-y", identity], check=True, capture_output=True, text=True)
    return recipient.stdout.strip(), identity


@pytest.mark.django_db
def test_a_backup_is_readable_by_its_owner_only(tmp_path):
    media, backup = tmp_path / "media", tmp_path / "backups" / "today"
    media.mkdir()
    (media / "plan.pdf").write_bytes(PDF)
    previous = os.umask(0o022)  # a usual umask: the script must not rely on the caller's
    try:
        result = _backup(backup, media)
    finally:
        os.umask(previous)

    assert result.returncode == 0, result.stderr
    assert _mode(backup) == 0o700
    files = sorted(p.name for p in backup.iterdir())
    assert files == ["SHA256SUMS", "database.dump", "private-media.tar.gz"]
    assert {name: _mode(backup / name) for name in files} == dict.fromkeys(files, 0o600)
    assert (backup / "database.dump").read_bytes().startswith(b"PGDMP")  # unencrypted without a recipient


@pytest.mark.django_db
def test_an_existing_backup_directory_is_closed_to_others(tmp_path):
    backup = tmp_path / "shared"
    backup.mkdir(mode=0o755)
    backup.chmod(0o755)

    assert _backup(backup, tmp_path / "no-media").returncode == 0
    assert _mode(backup) == 0o700


@needs_age
@pytest.mark.django_db(transaction=True)
def test_with_an_age_recipient_the_backup_is_encrypted_and_restores_with_the_identity(
    settings, tmp_path, roles
):
    media, restored_media, backup = tmp_path / "media", tmp_path / "restored-media", tmp_path / "backup"
    settings.PRIVATE_MEDIA_ROOT = media
    officer = UserFactory(roles=["beleidsmedewerker"])
    application = assessed_application(officer=officer)
    Attachment.objects.create(
        application=application, kind="report", original_name="plan.pdf", content_type="application/pdf", size=13,
        uploaded_by=officer, file=SimpleUploadedFile("plan.pdf", PDF),
    )  # fmt: skip
    consented(name="Versleuteld Bewaard")
    recipient, identity = _key_pair(tmp_path)

    result = _backup(backup, media, BACKUP_AGE_RECIPIENT=recipient)

    assert result.returncode == 0, result.stderr
    files = sorted(p.name for p in backup.iterdir())
    assert files == ["SHA256SUMS", "database.dump.age", "private-media.tar.gz.age"]
    assert {name: _mode(backup / name) for name in files} == dict.fromkeys(files, 0o600)
    for name in ("database.dump.age", "private-media.tar.gz.age"):
        content = (backup / name).read_bytes()
        assert content.startswith(b"age-encryption.org/v1")
        assert b"PGDMP" not in content and b"Versleuteld Bewaard" not in content and PDF not in content
    assert (backup / "SHA256SUMS").read_text().split()[1::2] == [
        "database.dump.age",
        "private-media.tar.gz.age",
    ]

    empty = f"restore_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(_url("postgres"), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{empty}"')
    try:
        target_env = {"DATABASE_URL": _url(empty), "PRIVATE_MEDIA_ROOT": str(restored_media), "PATH": "/usr/bin:/bin"}  # fmt: skip
        without_key = subprocess.run(
            [ROOT / "ops" / "restore", backup], env=target_env, capture_output=True, text=True
        )
        restored = subprocess.run(
            [ROOT / "ops" / "restore", backup], env={**target_env, "BACKUP_AGE_IDENTITY": str(identity)},
            capture_output=True, text=True,
        )  # fmt: skip
        with psycopg.connect(_url(empty)) as database, database.cursor() as cursor:
            cursor.execute("SELECT reference FROM tenders_application")
            references = [row[0] for row in cursor.fetchall()]
            cursor.execute("SELECT name FROM keypersons_keyperson")
            names = [row[0] for row in cursor.fetchall()]
    finally:
        with psycopg.connect(_url("postgres"), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{empty}" WITH (FORCE)')

    assert without_key.returncode != 0 and "BACKUP_AGE_IDENTITY" in without_key.stderr
    assert restored.returncode == 0, restored.stderr
    assert references == [application.reference]
    assert names == ["Versleuteld Bewaard"]
    assert (restored_media / Attachment.objects.get().file.name).read_bytes() == PDF


@needs_age
@pytest.mark.django_db
def test_a_tampered_encrypted_backup_is_refused_before_anything_is_restored(tmp_path):
    recipient, identity = _key_pair(tmp_path)
    backup = tmp_path / "backup"
    assert _backup(backup, tmp_path / "no-media", BACKUP_AGE_RECIPIENT=recipient).returncode == 0
    with (backup / "database.dump.age").open("ab") as dump:
        dump.write(b"x")

    result = subprocess.run(
        [ROOT / "ops" / "restore", backup],
        env={"DATABASE_URL": _url("postgres"), "BACKUP_AGE_IDENTITY": str(identity), "PATH": "/usr/bin:/bin",
             "PRIVATE_MEDIA_ROOT": str(tmp_path / "restored")},
        capture_output=True, text=True,
    )  # fmt: skip

    assert result.returncode != 0
    assert "FAILED" in result.stdout + result.stderr
    assert not (tmp_path / "restored").exists()

"""docker-compose.yml: gunicorn is reachable from this host only, and the portal's services connect to PostgreSQL
as the role that owns nothing; only the one-shot migrate service uses the owner role.

PyYAML is not among the portal's dependencies, so these read the file's blocks as text (top-level keys and
the services at two spaces); the file is kept in that plain shape."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = (ROOT / "docker-compose.yml").read_text()
PORTAL_SERVICES = ("web", "worker", "beat")


def _blocks(text: str, indent: str) -> dict[str, str]:
    """The text of each key at this indentation, with the more deeply indented lines under it."""
    blocks, name = {}, None
    for line in text.splitlines():
        key = re.match(rf"{indent}([\w-]+):", line)
        if key and not line[len(indent)].isspace():
            name = key.group(1)
            blocks[name] = []
        elif line.strip() and not line.startswith(indent + " ") and not line.lstrip().startswith("#"):
            name = None  # a key at a lower indentation ends the block
        if name:
            blocks[name].append(line)
    return {name: "\n".join(lines) + "\n" for name, lines in blocks.items()}


TOP = _blocks(COMPOSE, "")
SERVICES = _blocks(TOP["services"], "  ")


def _database_users(block: str) -> list[str]:
    return re.findall(r"DATABASE_URL:\s*postgres(?:ql)?://([^:@/\s]+)", block)


def test_gunicorn_is_published_on_the_loopback_address_only():
    published = re.findall(r"^\s*ports:(.*)$", COMPOSE, re.MULTILINE)

    assert [value.strip() for value in published] == ['["127.0.0.1:8000:8000"]']
    assert "ports:" in SERVICES["web"]


def test_the_portals_services_connect_as_the_app_role_and_never_as_the_superuser():
    superuser = re.search(r"POSTGRES_USER:\s*(\S+)", SERVICES["db"]).group(1)

    assert _database_users(TOP["x-portal-environment"]) == ["portal_app"]
    assert "environment: *portal-environment" in TOP["x-portal"]
    for name in PORTAL_SERVICES:
        assert "<<: *portal\n" in SERVICES[name], name
        assert "DATABASE_URL" not in SERVICES[name] and "environment:" not in SERVICES[name], name
    users = _database_users(COMPOSE)
    assert superuser not in users and "postgres" not in users
    assert "POSTGRES_PASSWORD" not in TOP["x-portal-environment"] + SERVICES["migrate"]


def test_migrations_run_once_as_the_owner_role_before_the_portal_starts():
    assert _database_users(SERVICES["migrate"]) == ["portal_owner"]
    assert 'manage.py", "migrate"' in SERVICES["migrate"]
    assert re.search(r"migrate:\s*\{\s*condition:\s*service_completed_successfully\s*\}", TOP["x-portal"])
    assert "migrate" not in SERVICES["web"]  # web no longer migrates as it starts


def test_the_database_creates_the_roles_on_first_start():
    assert "./ops/postgres-init:/docker-entrypoint-initdb.d:ro" in SERVICES["db"]
    assert (ROOT / "ops" / "postgres-init" / "01-roles.sh").stat().st_mode & 0o111  # the image runs it
    # While the init scripts run the server listens on its socket only; a TCP check waits for them.
    assert "pg_isready -h 127.0.0.1" in SERVICES["db"]


def test_web_and_the_image_start_gunicorn_with_the_portals_config_file():
    assert '["gunicorn", "--config", "gunicorn.conf.py"]' in SERVICES["web"]
    assert 'CMD ["gunicorn", "--config", "gunicorn.conf.py"]' in (ROOT / "Dockerfile").read_text()

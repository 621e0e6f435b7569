"""Production settings refuse a weak SECRET_KEY (Django's security.W009) instead of starting with it."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_check(secret_key: str, *, debug: str = "0") -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS"}}
    environment.update(DEBUG=debug, SECRET_KEY=secret_key, ALLOWED_HOSTS="inclusie.maastricht.nl")
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    "weak_key",
    [
        pytest.param("a-long-random-string", id="shorter than 50 characters"),
        pytest.param("ab" * 40, id="fewer than 5 different characters"),
        pytest.param("django-insecure-" + secrets.token_urlsafe(50), id="Django's insecure prefix"),
    ],
)
def test_a_weak_secret_key_refuses_to_start_with_debug_off(weak_key):
    result = run_check(weak_key)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY is too weak" in result.stderr
    assert weak_key not in result.stderr  # the message never repeats the key


def test_a_generated_secret_key_starts_and_passes_the_deployment_checks():
    result = run_check(secrets.token_urlsafe(50))

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_key_recipe_in_the_error_message_makes_a_key_that_is_accepted():
    message = run_check("too-short").stderr
    recipe = re.search(r"python -c '([^']+)'", message).group(1)
    key = subprocess.run(
        [sys.executable, "-c", recipe], capture_output=True, text=True, check=True
    ).stdout.strip()

    assert run_check(key).returncode == 0
    assert recipe in (ROOT / "README.md").read_text()  # the README gives the same recipe


@pytest.mark.parametrize(
    "development_key",
    [
        pytest.param(None, id="no key: the development default"),
        pytest.param("test-only-not-a-secret", id="short"),
    ],
)
def test_development_settings_still_start_with_any_key(development_key):
    environment = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    environment["DEBUG"] = "1"
    if development_key:
        environment["SECRET_KEY"] = development_key
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr


def test_the_readme_example_key_is_accepted():
    """Whoever copies the README's .env example gets a portal that starts (and is told to replace the key)."""
    example = re.search(r"^SECRET_KEY=(\S+)$", (ROOT / "README.md").read_text(), re.MULTILINE).group(1)

    assert run_check(example).returncode == 0

"""Settings come from the environment and production settings pass Django's deployment checks."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS"}}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_settings_refuse_to_start_without_secret_key_when_debug_is_off():
    result = run_manage("check", DEBUG="0")

    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_development_settings_start_without_secret_key():
    result = run_manage("check", DEBUG="1")

    assert result.returncode == 0, result.stderr


def test_production_settings_pass_check_deploy_without_warnings():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY="x7!Qm2#pL9@vR4$kT8^wZ1&nB6*cF3(hJ5)dG0_sY-not-used-anywhere-else",
        ALLOWED_HOSTS="inclusie.maastricht.nl",
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_time_zone_and_languages():
    assert settings.TIME_ZONE == "Europe/Amsterdam"
    assert settings.USE_TZ is True
    assert settings.LANGUAGE_CODE == "nl"
    assert [code for code, _ in settings.LANGUAGES] == ["nl", "en"]


def test_no_beat_schedule_falls_in_the_hour_the_clocks_change():
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        if isinstance(entry["schedule"], int | float):
            continue  # every few seconds or minutes (the export sweeper): idempotent, no time of day to miss
        hours = entry["schedule"].hour
        assert 2 not in hours, f"{name} runs between 02:00 and 03:00"

"""The lock files pin every dependency with hashes, at the versions pyproject.toml asks for (`make lock`)."""

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
PROJECT = PYPROJECT["project"]
PIN = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>[^\s;\\]+)")
HASH = re.compile(r"--hash=sha256:[0-9a-f]{64}")


def requirements_of(lock: str) -> list[tuple[str, str, list[str]]]:
    """Each requirement of a lock file as (name, version, hashes); a requirement runs on while lines end in `\\`."""
    entries, current = [], None
    for line in (ROOT / lock).read_text().splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            current = None
            continue
        if line[0].isspace() and current is not None:
            current[2].extend(HASH.findall(stripped))
            continue
        match = PIN.match(stripped)
        assert match, f"{lock}: not a pinned requirement: {line!r}"
        current = (canonicalize_name(match["name"]), match["version"], HASH.findall(stripped))
        entries.append(current)
    return entries


def direct_dependencies(*extras: str) -> dict[str, str]:
    """pyproject.toml's dependencies, those of the extras and the build group, as {name: pinned version}."""
    own_name = canonicalize_name(PROJECT["name"])
    lines = PROJECT["dependencies"] + PYPROJECT["dependency-groups"]["build"]
    lines += [line for extra in extras for line in PROJECT["optional-dependencies"][extra]]
    pins = {}
    for line in lines:
        requirement = Requirement(line)
        if canonicalize_name(requirement.name) == own_name:
            continue
        (specifier,) = requirement.specifier
        assert specifier.operator == "==", f"pyproject.toml pins every direct dependency exactly: {line}"
        pins[canonicalize_name(requirement.name)] = specifier.version
    return pins


LOCKS = [("requirements.lock", ()), ("requirements-test.lock", ("test",))]


@pytest.mark.parametrize(("lock", "extras"), LOCKS)
def test_every_requirement_of_the_lock_file_has_a_hash(lock, extras):
    entries = requirements_of(lock)

    assert len(entries) >= len(direct_dependencies(*extras))
    assert [name for name, _, hashes in entries if not hashes] == []
    assert len({name for name, _, _ in entries}) == len(entries), "a package is pinned twice"


@pytest.mark.parametrize(("lock", "extras"), LOCKS)
def test_the_lock_file_pins_every_direct_dependency_at_the_version_of_pyproject(lock, extras):
    locked = {name: version for name, version, _ in requirements_of(lock)}

    expected = direct_dependencies(*extras)
    assert {name: locked.get(name) for name in expected} == expected


def test_the_runtime_and_test_lock_files_pin_the_same_versions():
    runtime = {name: version for name, version, _ in requirements_of("requirements.lock")}
    test = {name: version for name, version, _ in requirements_of("requirements-test.lock")}

    assert {name: test.get(name) for name in runtime} == runtime


@pytest.mark.parametrize(("lock", "extras"), LOCKS)
def test_the_locked_build_backend_is_one_the_build_system_accepts(lock, extras):
    locked = {name: version for name, version, _ in requirements_of(lock)}

    for line in PYPROJECT["build-system"]["requires"]:
        requirement = Requirement(line)
        assert locked[canonicalize_name(requirement.name)] in requirement.specifier

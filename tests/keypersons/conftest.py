"""Fixtures of the key-person tests."""

import pytest


def _unscreened(*args, **kwargs) -> bool:
    return False


@pytest.fixture
def unscreened(monkeypatch):
    """Data as it was written before free text was screened (keypersons/services/screening.py): the erasure, the
    access copy and the retention review must still find and remove every mention in it."""
    from keypersons.services import contacts, networks, people, signals

    for module in (contacts, networks, people, signals):
        monkeypatch.setattr(module, "screen", _unscreened)

"""The reports that can be exported, registered by the apps that offer them (from their `AppConfig.ready`).

This app imports no other app: an app registers a *builder* (a function of the report's parameters that
returns an `Export`) and a check of who may ask for it.
"""

from collections.abc import Callable
from dataclasses import dataclass

from .writers import Export


@dataclass(frozen=True)
class Kind:
    label: object
    builder: Callable[..., Export]  # builder(**params) -> Export
    allowed: Callable[[object], bool]  # allowed(user) -> bool


KINDS: dict[str, Kind] = {}


def register(name: str, *, label, builder: Callable[..., Export], allowed: Callable[[object], bool]) -> None:
    """Offer a report under `name`. Registering the same name twice with another builder is an error."""
    existing = KINDS.get(name)
    if existing is not None and existing.builder is not builder:
        raise ValueError(f"Export kind {name!r} is registered twice.")
    KINDS[name] = Kind(label, builder, allowed)


def label(name: str):
    return KINDS[name].label if name in KINDS else name

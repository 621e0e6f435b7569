"""The kinds of letter, registered by the apps that issue them (from their `AppConfig.ready`).

A kind names its template (`letters/<kind>.html` unless given) and the remedy the letter offers: objection to
the college within six weeks (Awb 6:4, 6:7), or — after a decision on objection, which no objection lies against
(Awb 7:1(1)(a)) — appeal to the Rechtbank Limburg within six weeks (Awb 8:1, 8:7, 6:7); or none, for a letter
that is no decision. A new decision kind is one `register` call and one template.
"""

from dataclasses import dataclass

OBJECTION = "objection"
APPEAL = "appeal"
REMEDIES = (OBJECTION, APPEAL, None)


@dataclass(frozen=True)
class Kind:
    name: str
    label: object
    template: str
    remedy: str | None


KINDS: dict[str, Kind] = {}


def register(name: str, *, label, remedy: str | None, template: str = "") -> Kind:
    """Offer a kind of letter. Registering a name twice with another template or remedy is an error."""
    if remedy not in REMEDIES:
        raise ValueError(f"Unknown remedy {remedy!r} for letter kind {name!r}.")
    kind = Kind(name, label, template or f"letters/{name}.html", remedy)
    existing = KINDS.get(name)
    if existing is not None and (existing.template, existing.remedy) != (kind.template, kind.remedy):
        raise ValueError(f"Letter kind {name!r} is registered twice.")
    KINDS[name] = kind
    return kind


def get(name: str) -> Kind:
    try:
        return KINDS[name]
    except KeyError:
        raise ValueError(
            f"Unknown letter kind {name!r}: register it in the issuing app's AppConfig.ready."
        ) from None


def label(name: str):
    return KINDS[name].label if name in KINDS else name

"""The kinds of reminder, registered by the apps that send them (from their `AppConfig.ready`).

This app imports no other app: it stores and delivers what the apps hand it, and names each kind with
the label the app registered (the admin's filter, a person's list of reminders).
"""

KINDS: dict[str, object] = {}


def register(name: str, *, label) -> None:
    """Make `name` a kind of reminder; `label` is a (lazy) translation."""
    KINDS[name] = label


def label(name: str):
    return KINDS.get(name, name)

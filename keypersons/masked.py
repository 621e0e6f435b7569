"""A page body cached with holes where what may not be cached goes (issue 22).

The network's dashboard names key persons, and names never go into a cache (an erasure must take effect at once,
and a cache is no place for them). Most of the page is about no one, though, and rendering it costs ten times
reading it. So the body is rendered once per data version with a hole (`hole`) wherever a per-visit value goes —
a key person's name, an action's description or owner, the CSRF token, the page to return to — and every visit
fills the holes (`fill`) with what it has just read, escaped. A hole is a kind and an id between two characters of
Unicode's private use area, which nothing the portal writes contains; a hole left without a value is emptied.
"""

import html
import re

from django.utils.safestring import SafeString, mark_safe

OPEN, CLOSE = "\ue000", "\ue001"
HOLE = re.compile(f"{OPEN}([a-z]+)([0-9]*){CLOSE}")


def hole(kind: str, pk: int | str = "") -> SafeString:
    """Where a value of `kind` (for the row `pk`) goes; safe, so that the template leaves it as it is."""
    return mark_safe(f"{OPEN}{kind}{pk}{CLOSE}")


def fill(body: str, values: dict[str, str]) -> SafeString:
    """`body` with each hole replaced by its value (keyed by kind and id: "p12"), escaped unless it is safe HTML
    already; a hole without a value is left empty."""

    def value(match: re.Match) -> str:
        found = values.get(match[1] + match[2], "")
        # Python's own escape, which Django's `escape` wraps (lazy strings aside): called for every hole of a page.
        return found if isinstance(found, SafeString) else html.escape(str(found))

    return mark_safe(HOLE.sub(value, body))

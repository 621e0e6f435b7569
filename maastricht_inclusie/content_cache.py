"""The bodies of logged-in pages, rendered once and cached under the data versions they read (issue 22).

A logged-in page costs its queries and its template on every visit, though most visits see what the last one
saw. Here a view renders its body (the template of its content, without the page around it) through `body()`:
the HTML is kept under the numbers of the table groups the body reads (`data_version.versions`), so a committed
write to any of them shows on the next request, and a visit in between costs one query for the numbers and one
read of the cache.

The key says whose body it is. A personal body (a member's portal, an assessor's list) names its user; a body
that is the same for everyone allowed to see the page (the ranking) names none, and the view checks the visitor's
rights before it asks for the body, as it would without the cache. A body must hold no form with a CSRF token
(it is the session's, not the page's) and nothing read from tables outside the groups it names; keys are made of
numbers and names the portal chooses, never of text a visitor typed.
"""

from collections.abc import Callable
from typing import TypeVar

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from . import data_version
from .caching import cached

T = TypeVar("T")


def body(
    name: str,
    parts: tuple,
    reads: tuple[str, ...],
    template: str,
    context: Callable[[], dict],
    version: str | None = None,
) -> SafeString:
    """The rendered `template` with `context()`, cached per `name`, `parts` and language under `reads`' versions.

    `context` is called only when the body is rendered, so a visit that finds the body cached runs none of the
    queries behind it. The template is rendered without the request: it sees only what `context()` gives it,
    never the visitor, so nothing of one user's session can slip into a body shown to another. A view that reads
    the versions of `reads` itself (to cache more under them) passes them as `version`.
    """
    return mark_safe(
        rendered(name, parts, reads, lambda: str(render_to_string(template, context())), version=version)
    )


def rendered(
    name: str, parts: tuple, reads: tuple[str, ...], render: Callable[[], T], version: str | None = None
) -> T:
    """What `render()` returns (a body, or a body with what the page around it names, such as a title), cached
    as `body` caches: per `name`, `parts` and language under `reads`' versions. `render` may raise (Http404): then
    nothing is cached."""
    version = version or data_version.versions(reads)
    if version is None:  # no data versions (SQLite): nothing is cached
        return render()
    key = f"body:{name}:{':'.join(str(part) for part in parts)}:{get_language()}"
    return cached(key, render, version=version)
